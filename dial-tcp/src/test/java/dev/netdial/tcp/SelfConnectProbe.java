package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Errno;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.EphemeralPorts;
import dev.netdial.testing.SocketSwitch;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The probe JVM of {@link SelfConnectTest#testSelfConnectNetns}: in its own network namespace
 * it narrows the ephemeral port range to "P P+1" before each trial and dials 127.0.0.1:P, where
 * nothing listens, so the kernel's first pick of a source port is the destination itself.
 *
 * <p>Three runs, each over its own ports (a self-connect leaves TIME_WAIT on P, so a port is
 * never reused): the JDK's {@link Socket} (which has no guard and shows the fixture works),
 * netdial's default Dialer ({@link SelfConnectPolicy#REFUSE}) on a kernel without
 * {@code IP_LOCAL_PORT_RANGE} (its SocketSwitch fails that setsockopt with {@code ENOPROTOOPT},
 * so only Go's loop guards) and a Dialer with {@link SelfConnectPolicy#GO}, both through a fresh
 * {@link SocketSwitch} per trial and a {@link DialTrace} per run. After each change of the range
 * the probe drops netdial's cached copy ({@link EphemeralPorts#invalidate}), as a second would.
 *
 * <p>Args: {@code trials jdkBase refuseBase goBase}. Keys: {@code portRangeBefore},
 * {@code jdk} ({@code trials}, {@code selfConnected}, {@code connectedElsewhere},
 * {@code refused}, {@code otherErrors}, {@code firstOther}), and per policy ({@code refuse},
 * {@code go}): {@code trials}, {@code conns}, {@code selfConns}, {@code exactRefused} (errors
 * whose text is exactly "dial tcp 127.0.0.1:P: connect: connection refused"), {@code shapeOk},
 * {@code firstConnected} (trials whose first connect succeeded, i.e. to itself),
 * {@code twoSocketTrials} (trials with exactly 2 sockets opened, 2 closed, 2 connect calls and
 * none left live), {@code totals} (with {@code setsockoptCalls}, {@code setsockoptFailed} of
 * {@code IP_LOCAL_PORT_RANGE}), {@code retryEvents} (the trace's {@code selfConnectRetry}),
 * {@code retryEventsOk} (those with retry 1, laddr "127.0.0.1:P" and no error),
 * {@code preventedEvents}, {@code firstMismatch}; {@code socketFdsBefore} and
 * {@code socketFdsAfter} (open socket fds around netdial's runs); {@code crash} on failure.
 */
public final class SelfConnectProbe {

    private SelfConnectProbe() {
    }

    public static void main(String[] args) {
        ProbeSupport.main(out -> {
            int trials = Integer.parseInt(args[0]);
            out.put("portRangeBefore", ProbeSupport.portRange());
            out.put("jdk", jdk(trials, Integer.parseInt(args[1])));
            // After the JDK's run: its socket layer keeps one socket of its own for good (the
            // pre-close socket pair's end), which is not netdial's to account for.
            out.put("socketFdsBefore", ProbeSupport.socketFds());
            out.put("refuse", netdial(trials, Integer.parseInt(args[2]), SelfConnectPolicy.REFUSE, true));
            out.put("go", netdial(trials, Integer.parseInt(args[3]), SelfConnectPolicy.GO, false));
            out.put("socketFdsAfter", ProbeSupport.socketFds());
        });
    }

    /** The JDK's Socket, which keeps whatever connect gives it. */
    private static Map<String, Object> jdk(int trials, int base) throws IOException {
        long self = 0, elsewhere = 0, refused = 0, other = 0;
        String firstOther = null;
        for (int i = 0; i < trials; i++) {
            int p = base + 2 * i;
            ProbeSupport.setPortRange(p, p + 1);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", p), 5000);
                if (s.getLocalPort() == p && s.getPort() == p) {
                    self++;
                } else {
                    elsewhere++;
                }
            } catch (ConnectException e) {
                refused++;
            } catch (IOException e) {
                other++;
                if (firstOther == null) {
                    firstOther = "port " + p + ": " + e;
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trials", (long) trials);
        m.put("selfConnected", self);
        m.put("connectedElsewhere", elsewhere);
        m.put("refused", refused);
        m.put("otherErrors", other);
        m.put("firstOther", firstOther);
        return m;
    }

    /** Records the trace's self-connect events of one trial. */
    static final class Events implements DialTrace {
        final List<String> retries = new CopyOnWriteArrayList<>();
        final AtomicLong prevented = new AtomicLong();

        @Override
        public void selfConnectRetry(String network, Addr raddr, Addr laddr, int retry, IOException err) {
            retries.add(network + " " + raddr + " retry " + retry + " from " + laddr + " err " + (err == null ? null : err.getMessage()));
        }

        @Override
        public void selfConnectPrevented(String network, Addr raddr, int portLow, int portHigh) {
            prevented.incrementAndGet();
        }
    }

    /**
     * netdial's Dialer under {@code policy}, each trial through its own SocketSwitch; with
     * {@code noRangeOption} the switch fails {@code IP_LOCAL_PORT_RANGE} as a kernel before 6.3.
     */
    private static Map<String, Object> netdial(int trials, int base, SelfConnectPolicy policy, boolean noRangeOption)
            throws IOException {
        long conns = 0, selfConns = 0, exact = 0, shapeOk = 0, firstConnected = 0, twoSockets = 0;
        long opened = 0, closed = 0, connectCalls = 0, live = 0, setCalls = 0, setFailed = 0;
        long retryEvents = 0, retryEventsOk = 0, preventedEvents = 0;
        String firstMismatch = null;
        for (int i = 0; i < trials; i++) {
            int p = base + 2 * i;
            ProbeSupport.setPortRange(p, p + 1);
            EphemeralPorts.system().invalidate();
            SocketSwitch sw = new SocketSwitch();
            if (noRangeOption) {
                sw.setFilter(SocketSwitch.FilterType.SETSOCKOPT, c -> c.name() == Constants.IP_LOCAL_PORT_RANGE
                        ? SocketSwitch.Action.fail(Errno.ENOPROTOOPT) : null);
            }
            Events ev = new Events();
            Dialer d = Dialer.builder().selfConnectPolicy(policy).trace(ev).hooks(Hooks.NONE.withCalls(sw)).build();
            String want = "dial tcp 127.0.0.1:" + p + ": connect: connection refused";
            String got;
            try (Conn c = d.dial("tcp", "127.0.0.1:" + p)) {
                conns++;
                TCPAddr l = (TCPAddr) c.localAddr();
                TCPAddr r = (TCPAddr) c.remoteAddr();
                if (l.port() == r.port() && l.ip().equals(r.ip())) {
                    selfConns++;
                }
                got = "conn " + l + " -> " + r;
            } catch (IOException e) {
                got = e.getMessage();
                if (want.equals(got)) {
                    exact++;
                }
                if ("ok".equals(ProbeSupport.shape(e))) {
                    shapeOk++;
                }
            }
            ProbeSupport.Totals t = ProbeSupport.Totals.of(sw);
            for (SocketSwitch.Stat st : sw.stats()) {
                setCalls += st.setsockoptCalls();
                setFailed += st.setsockoptFailed();
            }
            retryEvents += ev.retries.size();
            if (ev.retries.equals(List.of("tcp 127.0.0.1:" + p + " retry 1 from 127.0.0.1:" + p + " err null"))) {
                retryEventsOk++;
            }
            preventedEvents += ev.prevented.get();
            opened += t.opened();
            closed += t.closed();
            connectCalls += t.connectCalls();
            live += t.live();
            if (t.connected() >= 1) {
                firstConnected++;
            }
            boolean two = t.opened() == 2 && t.closed() == 2 && t.connectCalls() == 2 && t.live() == 0;
            if (two) {
                twoSockets++;
            }
            if ((!want.equals(got) || !two) && firstMismatch == null) {
                firstMismatch = "trial " + i + " port " + p + ": " + got + "; switch " + t + " " + sw.stats()
                        + "; trace " + ev.retries;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trials", (long) trials);
        m.put("conns", conns);
        m.put("selfConns", selfConns);
        m.put("exactRefused", exact);
        m.put("shapeOk", shapeOk);
        m.put("firstConnected", firstConnected);
        m.put("twoSocketTrials", twoSockets);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("opened", opened);
        totals.put("closed", closed);
        totals.put("connectCalls", connectCalls);
        totals.put("live", live);
        totals.put("setsockoptCalls", setCalls);
        totals.put("setsockoptFailed", setFailed);
        m.put("totals", totals);
        m.put("retryEvents", retryEvents);
        m.put("retryEventsOk", retryEventsOk);
        m.put("preventedEvents", preventedEvents);
        m.put("firstMismatch", firstMismatch);
        return m;
    }
}
