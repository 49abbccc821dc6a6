package dev.netdial.tcp;

import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.TCPAddr;
import dev.netdial.resolver.HostsFile;
import dev.netdial.resolver.Resolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe JVM of {@link FallbackDelayTest}, in a namespace that drops SYNs to [::1]:P: the
 * name {@code dual.test} is ::1 then 127.0.0.1, so the IPv6 primary hangs and the IPv4
 * fallback must take over after the Dialer's fallback delay.
 *
 * <p>Args: {@code port trials}. Keys: {@code cases}: per delay ("1ns", "200ms", "default"), the
 * elapsed milliseconds of each trial and the remote address reached; {@code crash} on failure.
 */
public final class FallbackDelayProbe {
    private FallbackDelayProbe() {
    }

    public static void main(String[] args) {
        ProbeSupport.main(out -> {
            int port = Integer.parseInt(args[0]);
            int trials = Integer.parseInt(args[1]);
            try (TCPListener ln4 = (TCPListener) new ListenConfig().listen(Context.background(), "tcp4", "127.0.0.1:" + port);
                    TCPListener ln6 = (TCPListener) new ListenConfig().listen(Context.background(), "tcp6", "[::1]:" + port)) {
                Thread server = Thread.ofVirtual().start(() -> DualStackServer.acceptAndClose(ln4));
                Resolver r = Resolver.builder().hosts(HostsFile.parse("::1 dual.test\n127.0.0.1 dual.test\n")).build();
                Map<String, Object> cases = new LinkedHashMap<>();
                // Go's table: 1 ns falls back at once; 200 ms; zero means the default 300 ms.
                for (Duration delay : List.of(Duration.ofNanos(1), Duration.ofMillis(200), Duration.ZERO)) {
                    Dialer d = Dialer.builder().fallbackDelay(delay).resolver(r).build();
                    d.dial("tcp", "dual.test:" + port).close(); // warm-up
                    List<Object> elapsed = new ArrayList<>();
                    String remote = null;
                    for (int i = 0; i < trials; i++) {
                        long t0 = System.nanoTime();
                        try (Conn c = d.dial("tcp", "dual.test:" + port)) {
                            elapsed.add((System.nanoTime() - t0) / 1_000_000.0);
                            remote = ((TCPAddr) c.remoteAddr()).toString();
                        }
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("elapsedMillis", elapsed);
                    m.put("remote", remote);
                    cases.put(delay.isZero() ? "default" : delay.toNanos() < 1_000_000 ? delay.toNanos() + "ns" : delay.toMillis() + "ms", m);
                }
                out.put("cases", cases);
                ln4.close();
                server.join();
            }
        });
    }
}
