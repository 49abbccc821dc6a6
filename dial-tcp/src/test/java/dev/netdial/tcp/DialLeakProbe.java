package dev.netdial.tcp;

import dev.netdial.api.Conn;
import dev.netdial.testing.SocketSwitch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The probe JVM of {@link DialLeakTest}, run under a small open-files limit in its own network
 * namespace: it dials a port where nothing listens, many times over, from one thread. Each
 * refused dial must give back its socket; one leaked fd per dial would exhaust the limit within
 * a few hundred dials and turn the remaining errors into {@code EMFILE}.
 *
 * <p>Args: {@code port dials}. Keys: {@code nofile} ("soft hard" from /proc/self/limits),
 * {@code dials}, {@code conns}, {@code exactRefused} (errors whose text is exactly "dial tcp
 * 127.0.0.1:P: connect: connection refused"), {@code emfile} (errors mentioning "too many open
 * files"), {@code other}, {@code firstOther}, {@code shapeChecked}/{@code shapeOk} (GoErrors on
 * every 100th error, from the 1st), {@code elapsedMillis} (all dials), {@code switch} (totals of the
 * {@link SocketSwitch} every dial went through), {@code fdsBefore}/{@code fdsAfter} (all open
 * fds) and {@code socketFdsBefore}/{@code socketFdsAfter}; {@code crash} on failure.
 */
public final class DialLeakProbe {

    private DialLeakProbe() {
    }

    public static void main(String[] args) {
        ProbeSupport.main(out -> {
            int port = Integer.parseInt(args[0]);
            int dials = Integer.parseInt(args[1]);
            out.put("nofile", nofile());
            String addr = "127.0.0.1:" + port;
            String want = "dial tcp " + addr + ": connect: connection refused";
            SocketSwitch sw = new SocketSwitch();
            Dialer d = Dialer.builder().hooks(Hooks.NONE.withCalls(sw)).build();
            dialOnce(d, addr); // warm-up: classes loaded, poller started
            out.put("fdsBefore", ProbeSupport.openFds());
            out.put("socketFdsBefore", ProbeSupport.socketFds());
            long conns = 0, exact = 0, emfile = 0, other = 0, shapeChecked = 0, shapeOk = 0;
            String firstOther = null;
            long t0 = System.nanoTime();
            for (int i = 0; i < dials; i++) {
                IOException e = dialOnce(d, addr);
                String got = e == null ? null : e.getMessage();
                if (e == null) {
                    conns++;
                } else if (want.equals(got)) {
                    exact++;
                } else if (got != null && got.contains("too many open files")) {
                    emfile++;
                } else {
                    other++;
                    if (firstOther == null) {
                        firstOther = "dial " + i + ": " + got;
                    }
                }
                if (i % 100 == 0 && e != null) {
                    shapeChecked++;
                    if ("ok".equals(ProbeSupport.shape(e))) {
                        shapeOk++;
                    }
                }
            }
            out.put("elapsedMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            out.put("dials", (long) dials);
            out.put("conns", conns);
            out.put("exactRefused", exact);
            out.put("emfile", emfile);
            out.put("other", other);
            out.put("firstOther", firstOther);
            out.put("shapeChecked", shapeChecked);
            out.put("shapeOk", shapeOk);
            out.put("switch", ProbeSupport.Totals.of(sw).toJson());
            out.put("fdsAfter", ProbeSupport.openFds());
            out.put("socketFdsAfter", ProbeSupport.socketFds());
        });
    }

    /** One dial: null if it connected (the conn is closed again), else its error. */
    private static IOException dialOnce(Dialer d, String addr) {
        try (Conn c = d.dial("tcp", addr)) {
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** "soft hard" from the "Max open files" line of /proc/self/limits. */
    private static String nofile() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).strip().split("\\s+");
                return f[0] + " " + f[1];
            }
        }
        return "";
    }
}
