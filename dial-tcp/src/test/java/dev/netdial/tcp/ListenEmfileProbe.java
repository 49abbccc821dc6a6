package dev.netdial.tcp;

import dev.netdial.api.Listener;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The probe JVM of {@link ListenErrorAddrTest#emfileKeepsWildcardAddress}: under a small open-file
 * limit it fills its fds with /dev/null, then listens with a null address
 * ({@code Net.listenTCP("tcp", null)}) and on ":0" ({@code Net.listen}).
 *
 * <p>Keys: {@code filled} (fds opened), {@code listenTCP}, {@code listen}: each error's message
 * (or "no error").
 */
public final class ListenEmfileProbe {

    private ListenEmfileProbe() {
    }

    private interface Op {
        Listener run() throws IOException;
    }

    private static String attempt(Op op) {
        try (Listener l = op.run()) {
            return "no error: " + l.addr();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    public static void main(String[] args) {
        ProbeSupport.main(out -> {
            // Load every class the failing paths need while fds are still free.
            out.put("warmup", attempt(() -> Net.listenTCP("tcp", null)) + " / " + attempt(() -> Net.listen("tcp", ":0")));
            List<FileInputStream> held = new ArrayList<>();
            try {
                for (;;) {
                    try {
                        held.add(new FileInputStream("/dev/null"));
                    } catch (IOException full) {
                        break;
                    }
                }
                out.put("filled", held.size());
                out.put("listenTCP", attempt(() -> Net.listenTCP("tcp", null)));
                out.put("listen", attempt(() -> Net.listen("tcp", ":0")));
            } finally {
                for (FileInputStream f : held) {
                    f.close();
                }
            }
        });
    }
}
