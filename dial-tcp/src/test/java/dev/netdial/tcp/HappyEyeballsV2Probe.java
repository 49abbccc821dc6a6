package dev.netdial.tcp;

import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.Errors;
import dev.netdial.resolver.FakeDnsResolvers;
import dev.netdial.resolver.Resolver;
import dev.netdial.testing.FakeDnsServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe JVM of {@link HappyEyeballsV2TimingTest}, in a namespace whose nft rules drop SYNs
 * (black holes): to [::1]:{@value #V6_HOLE}, to 127.0.0.1:{@value #V4_HOLE}, to both at
 * {@value #BOTH_HOLE}; {@value #OPEN} is open on both and nothing listens on {@value #REFUSED}.
 * lo also has fd00::2 (and 127.0.0.2, as all of 127/8). Names come from {@link FakeDnsServer}s
 * scripted by {@link LoopbackDns} (either family's answer delayed or never sent).
 *
 * <p>Args: {@code trials}. Keys: {@code cases}: per case, a list of trials, each with
 * {@code elapsedMillis}, {@code remote} or {@code error} (message, {@code suppressed} messages,
 * {@code isTimeout}, {@code isCanceled}), {@code events} ([label, millis since the dial started,
 * error message]) once every started lookup and connect has reported its end, and
 * {@code fdsBefore}/{@code fdsAfter} (the process's sockets before the dial and after the conn
 * was closed and the losers settled); {@code crash} on failure.
 */
public final class HappyEyeballsV2Probe {
    static final int V6_HOLE = 18451;
    static final int V4_HOLE = 18452;
    static final int BOTH_HOLE = 18453;
    static final int OPEN = 18454;
    static final int REFUSED = 18455;

    private HappyEyeballsV2Probe() {
    }

    /** What one case dials. */
    private record Case(Dialer.Builder dialer, String address, long cancelAfterMillis, int trials) {
    }

    public static void main(String[] args) {
        ProbeSupport.main(out -> {
            int trials = Integer.parseInt(args[0]);
            List<TCPListener> lns = new ArrayList<>();
            List<Thread> servers = new ArrayList<>();
            List<FakeDnsServer> dnss = new ArrayList<>();
            try {
                for (int port : new int[] {V6_HOLE, V4_HOLE, OPEN}) {
                    for (String a : List.of("tcp4 127.0.0.1:" + port, "tcp6 [::1]:" + port)) {
                        String[] na = a.split(" ");
                        TCPListener ln = (TCPListener) new ListenConfig().listen(Context.background(), na[0], na[1]);
                        lns.add(ln);
                        servers.add(Thread.ofVirtual().start(() -> DualStackServer.acceptAndClose(ln)));
                    }
                }
                Resolver now = dns(dnss, LoopbackDns.handler());
                Resolver aaaaLate = dns(dnss, LoopbackDns.handler(Duration.ZERO, Duration.ofMillis(300)));
                Resolver aaaaSoon = dns(dnss, LoopbackDns.handler(Duration.ZERO, Duration.ofMillis(10)));
                Resolver aLate = dns(dnss, LoopbackDns.handler(Duration.ofMillis(300), Duration.ZERO));
                Resolver stalled = dns(dnss, LoopbackDns.handler(null, null));

                Map<String, Case> cases = new LinkedHashMap<>();
                cases.put("v6hole", new Case(v2(now), "dual.test:" + V6_HOLE, -1, trials));
                cases.put("v6hole-100ms", new Case(v2(now).connectionAttemptDelay(Duration.ofMillis(100)),
                        "dual.test:" + V6_HOLE, -1, trials));
                cases.put("v6hole-1ms", new Case(v2(now).connectionAttemptDelay(Duration.ofMillis(1)),
                        "dual.test:" + V6_HOLE, -1, trials));
                cases.put("v6hole-5s", new Case(v2(now).connectionAttemptDelay(Duration.ofSeconds(5)),
                        "dual.test:" + V6_HOLE, -1, 1));
                cases.put("v4hole", new Case(v2(now), "dual.test:" + V4_HOLE, -1, trials));
                cases.put("aaaaLate", new Case(v2(aaaaLate), "dual.test:" + OPEN, -1, trials));
                cases.put("aaaaSoon", new Case(v2(aaaaSoon), "dual.test:" + OPEN, -1, trials));
                cases.put("aLate", new Case(v2(aLate), "dual.test:" + OPEN, -1, trials));
                cases.put("refused", new Case(v2(aaaaSoon), "multi.test:" + REFUSED, -1, trials));
                cases.put("deadline", new Case(v2(now).timeout(Duration.ofMillis(700)), "dual.test:" + BOTH_HOLE, -1, trials));
                cases.put("cancel", new Case(v2(now), "dual.test:" + BOTH_HOLE, 400, trials));
                cases.put("cancelLookups", new Case(v2(stalled), "stall.test:" + OPEN, 200, trials));
                cases.put("default-v6hole", new Case(Dialer.builder().resolver(now), "dual.test:" + V6_HOLE, -1, trials));

                // Warm-up: class loading and JIT out of the first timed dial.
                for (int i = 0; i < 3; i++) {
                    v2(now).build().dial("tcp", "dual.test:" + OPEN).close();
                    new Dialer().dial("tcp", "127.0.0.1:" + OPEN).close();
                }
                Map<String, Object> results = new LinkedHashMap<>();
                for (Map.Entry<String, Case> e : cases.entrySet()) {
                    List<Object> ts = new ArrayList<>();
                    for (int i = 0; i < e.getValue().trials(); i++) {
                        ts.add(trial(e.getValue()));
                    }
                    results.put(e.getKey(), ts);
                }
                out.put("cases", results);
            } finally {
                for (TCPListener ln : lns) {
                    ln.close();
                }
                for (Thread t : servers) {
                    t.join();
                }
                for (FakeDnsServer s : dnss) {
                    s.close();
                }
            }
        });
    }

    private static Dialer.Builder v2(Resolver r) {
        return Dialer.builder().happyEyeballs(HappyEyeballs.RFC8305).resolver(r);
    }

    private static Resolver dns(List<FakeDnsServer> all, FakeDnsServer.Handler h) throws IOException {
        FakeDnsServer s = FakeDnsServer.start(h);
        all.add(s);
        return FakeDnsResolvers.of(s);
    }

    /** One dial of {@code c}, with its events and the sockets left after it. */
    private static Map<String, Object> trial(Case c) throws Exception {
        RecordingTrace t = new RecordingTrace();
        Dialer d = c.dialer().trace(t).build();
        long fdsBefore = ProbeSupport.socketFds();
        Context ctx = Context.background().withCancel();
        Thread canceller = null;
        if (c.cancelAfterMillis() >= 0) {
            canceller = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(c.cancelAfterMillis());
                } catch (InterruptedException e) {
                    return;
                }
                ctx.cancel();
            });
        }
        Map<String, Object> m = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try (Conn conn = d.dialContext(ctx, "tcp", c.address())) {
            m.put("elapsedMillis", (System.nanoTime() - t0) / 1e6);
            m.put("remote", conn.remoteAddr().toString());
        } catch (IOException e) {
            m.put("elapsedMillis", (System.nanoTime() - t0) / 1e6);
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("message", e.getMessage());
            List<Object> sup = new ArrayList<>();
            for (Throwable s : e.getSuppressed()) {
                sup.add(s.getMessage());
            }
            err.put("suppressed", sup);
            err.put("isTimeout", Errors.isTimeout(e));
            err.put("isCanceled", Errors.isCanceled(e));
            m.put("error", err);
        } finally {
            ctx.cancel();
            if (canceller != null) {
                canceller.interrupt();
                canceller.join();
            }
        }
        // Every lookup and attempt still running was cancelled: wait for each to report its end.
        long until = System.nanoTime() + 3_000_000_000L;
        while (!settled(t) && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        m.put("settled", settled(t));
        long fdsAfter = ProbeSupport.socketFds();
        while (fdsAfter != fdsBefore && System.nanoTime() < until) {
            Thread.sleep(5);
            fdsAfter = ProbeSupport.socketFds();
        }
        m.put("fdsBefore", fdsBefore);
        m.put("fdsAfter", fdsAfter);
        List<Object> events = new ArrayList<>();
        for (RecordingTrace.Event e : t.events()) {
            List<Object> ev = new ArrayList<>();
            ev.add(e.label());
            ev.add((e.nanos() - t0) / 1e6);
            ev.add(e.err() == null ? null : e.err().getMessage());
            events.add(ev);
        }
        m.put("events", events);
        return m;
    }

    /** Whether every lookupStart and connectStart has its Done. */
    private static boolean settled(RecordingTrace t) {
        return t.count("lookupStart") == t.count("lookupDone") && t.count("connectStart") == t.count("connectDone");
    }
}
