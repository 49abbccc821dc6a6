package dev.netdial.tcp;

import dev.netdial.api.Conn;
import dev.netdial.api.Listener;
import dev.netdial.api.TCPAddr;
import dev.netdial.testing.SocketSwitch;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe JVM of {@link SelfConnectTest#testSpuriousENOTAVAILNetns}, run with the namespace's
 * ephemeral port range set to the single port "P P": a listener on 127.0.0.1:L (L outside the
 * range) and one live connection to it, whose source is necessarily P. Every further dial to
 * the listener then has no source port left: {@code connect} fails with {@code EADDRNOTAVAIL},
 * which Go's loop treats as spurious and retries twice.
 *
 * <p>Args: {@code listenerPort trials}. Keys: {@code portRange}, {@code listener},
 * {@code liveLocal} (the live connection's source), {@code trials}, {@code conns},
 * {@code exactNotAvail} (errors whose text is exactly "dial tcp 127.0.0.1:L: connect: cannot
 * assign requested address"), {@code errnoNotAvail}, {@code shapeOk}, {@code threeCallTrials}
 * (trials with exactly 3 connect calls, 3 sockets opened and closed, none live),
 * {@code traceOkTrials} (trials whose {@link DialTrace} saw exactly retries 1 and 2, each with no
 * local address and the {@code EADDRNOTAVAIL} error), {@code setsockoptCalls} (the listener's
 * port is outside the range: the guard sets nothing), {@code totals}, {@code firstMismatch}, {@code socketFdsBefore}/{@code socketFdsAfter} (around
 * the trials, with the listener and both ends of the live connection open),
 * {@code socketFdsEnd} (after closing everything), {@code liveStillWorks}; {@code crash} on
 * failure.
 */
public final class SpuriousENOTAVAILProbe {

    private SpuriousENOTAVAILProbe() {
    }

    public static void main(String[] args) {
        ProbeSupport.main(out -> run(out, Integer.parseInt(args[0]), Integer.parseInt(args[1])));
    }

    private static void run(Map<String, Object> out, int listenerPort, int trials) throws IOException {
        out.put("portRange", ProbeSupport.portRange());
        String addr = "127.0.0.1:" + listenerPort;
        try (Listener ln = Net.listen("tcp", addr);
             Conn live = new Dialer().dial("tcp", addr);
             Conn served = ln.accept()) {
            out.put("listener", ln.addr().toString());
            out.put("liveLocal", live.localAddr().toString());
            long before = ProbeSupport.socketFds();
            out.put("socketFdsBefore", before);
            String want = "dial tcp " + addr + ": connect: cannot assign requested address";
            long conns = 0, exact = 0, errno = 0, shapeOk = 0, three = 0, traceOk = 0, setCalls = 0;
            long opened = 0, closed = 0, calls = 0, liveSockets = 0;
            String firstMismatch = null;
            for (int i = 0; i < trials; i++) {
                SocketSwitch sw = new SocketSwitch();
                SelfConnectProbe.Events ev = new SelfConnectProbe.Events();
                Dialer d = Dialer.builder().trace(ev).hooks(Hooks.NONE.withCalls(sw)).build();
                String got;
                try (Conn c = d.dial("tcp", addr)) {
                    conns++;
                    got = "conn " + c.localAddr() + " -> " + c.remoteAddr();
                } catch (IOException e) {
                    got = e.getMessage();
                    Map<String, Object> m = ProbeSupport.describe(e);
                    if (want.equals(got)) {
                        exact++;
                    }
                    if ("EADDRNOTAVAIL".equals(m.get("errno")) && "connect".equals(m.get("syscall"))) {
                        errno++;
                    }
                    if ("ok".equals(m.get("shape"))) {
                        shapeOk++;
                    }
                }
                ProbeSupport.Totals t = ProbeSupport.Totals.of(sw);
                // The loop sees the socket layer's error, before dialSingle wraps it in an OpError.
                String notAvail = " err connect: cannot assign requested address";
                if (ev.retries.equals(List.of("tcp " + addr + " retry 1 from null" + notAvail,
                        "tcp " + addr + " retry 2 from null" + notAvail))) {
                    traceOk++;
                }
                setCalls += sw.stats().stream().mapToLong(SocketSwitch.Stat::setsockoptCalls).sum();
                opened += t.opened();
                closed += t.closed();
                calls += t.connectCalls();
                liveSockets += t.live();
                boolean ok3 = t.connectCalls() == 3 && t.opened() == 3 && t.closed() == 3 && t.live() == 0;
                if (ok3) {
                    three++;
                }
                if ((!ok3 || !want.equals(got) || ev.retries.size() != 2) && firstMismatch == null) {
                    firstMismatch = "trial " + i + ": " + got + "; switch " + t + " " + sw.stats() + "; trace " + ev.retries;
                }
            }
            out.put("socketFdsAfter", ProbeSupport.socketFds());
            // The live connection is untouched by the failed dials.
            live.write(new byte[] {'x'}, 0, 1);
            byte[] b = new byte[1];
            out.put("liveStillWorks", served.read(b, 0, 1) == 1 && b[0] == 'x');
            out.put("trials", (long) trials);
            out.put("conns", conns);
            out.put("exactNotAvail", exact);
            out.put("errnoNotAvail", errno);
            out.put("shapeOk", shapeOk);
            out.put("threeCallTrials", three);
            out.put("traceOkTrials", traceOk);
            out.put("setsockoptCalls", setCalls);
            Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("opened", opened);
            totals.put("closed", closed);
            totals.put("connectCalls", calls);
            totals.put("live", liveSockets);
            out.put("totals", totals);
            out.put("firstMismatch", firstMismatch);
            TCPAddr l = (TCPAddr) live.localAddr();
            out.put("livePort", (long) l.port());
        }
        out.put("socketFdsEnd", ProbeSupport.socketFds());
    }
}
