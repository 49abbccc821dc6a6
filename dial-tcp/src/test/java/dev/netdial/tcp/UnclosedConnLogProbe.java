package dev.netdial.tcp;

import dev.netdial.api.Conn;
import dev.netdial.api.Listener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The probe JVM of {@link UnclosedConnCleanerTest#collectedConnIsLoggedOnce}, run with NetFD's
 * logger at DEBUG: 50 conns and their peers dropped unclosed, then collected until the socket
 * fds are back. Keys: {@code before}, {@code after} (socket fds).
 */
public final class UnclosedConnLogProbe {

    private UnclosedConnLogProbe() {
    }

    private static void openAndDrop(Listener ln) throws IOException {
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            conns.add(new Dialer().dial("tcp", ln.addr().toString()));
            conns.add(ln.accept());
        }
        conns.clear();
    }

    public static void main(String[] args) {
        ProbeSupport.main(out -> {
            try (Listener ln = Net.listen("tcp", "127.0.0.1:0")) {
                long before = ProbeSupport.socketFds();
                openAndDrop(ln);
                long end = System.nanoTime() + 30_000_000_000L;
                long n = ProbeSupport.socketFds();
                while (n > before && System.nanoTime() < end) {
                    System.gc();
                    Thread.sleep(50);
                    n = ProbeSupport.socketFds();
                }
                out.put("before", before);
                out.put("after", n);
            }
        });
    }
}
