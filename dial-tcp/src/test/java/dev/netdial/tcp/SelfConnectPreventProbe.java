package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.testing.SocketSwitch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The probe JVM of {@link SelfConnectTest#testSelfConnectPreventedNetns}, run in a namespace
 * whose ephemeral range is "P P+1": the default Dialer ({@link SelfConnectPolicy#REFUSE}) dials
 * 127.0.0.1:P, where nothing listens, {@code trials} times (and [::1]:P a tenth as often when
 * the namespace has IPv6), each dial through its own {@link SocketSwitch} and all under one
 * {@link DialTrace}. The guard narrows each socket's range to "P+1 P+1" before connect, so the
 * kernel never tries P.
 *
 * <p>Args: {@code port trials}. Keys: {@code portRange}, and per family ({@code v4}, {@code v6},
 * the latter {@code null} without IPv6): {@code trials}, {@code conns}, {@code selfConns},
 * {@code exactRefused}, {@code shapeOk}, {@code oneConnectTrials} (exactly 1 socket opened and
 * closed, 1 connect call, none live), {@code rangeSetTrials} (exactly one setsockopt of
 * {@code IP_LOCAL_PORT_RANGE} to "P+1 P+1", none failed), {@code maxConnects}, {@code totals},
 * {@code prevented} (trace events), {@code preventedRanges} (their distinct "lo-hi"),
 * {@code retries} (trace events), {@code firstMismatch}; {@code socketFdsBefore},
 * {@code socketFdsAfter}; {@code crash} on failure.
 */
public final class SelfConnectPreventProbe {

    private SelfConnectPreventProbe() {
    }

    public static void main(String[] args) {
        ProbeSupport.main(out -> {
            int port = Integer.parseInt(args[0]);
            int trials = Integer.parseInt(args[1]);
            out.put("portRange", ProbeSupport.portRange());
            out.put("socketFdsBefore", ProbeSupport.socketFds());
            out.put("v4", run("127.0.0.1", port, trials));
            out.put("v6", IpSockPosix.supportsIPv6() ? run("::1", port, Math.max(1, trials / 10)) : null);
            out.put("socketFdsAfter", ProbeSupport.socketFds());
        });
    }

    /** Counts the trace's self-connect events. */
    static final class Counter implements DialTrace {
        final AtomicLong prevented = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
        final Map<String, Long> ranges = new LinkedHashMap<>();

        @Override
        public void selfConnectPrevented(String network, Addr raddr, int portLow, int portHigh) {
            prevented.incrementAndGet();
            synchronized (ranges) {
                ranges.merge(portLow + "-" + portHigh, 1L, Long::sum);
            }
        }

        @Override
        public void selfConnectRetry(String network, Addr raddr, Addr laddr, int retry, IOException err) {
            retries.incrementAndGet();
        }
    }

    private static Map<String, Object> run(String host, int p, int trials) {
        Counter trace = new Counter();
        String addr = (host.contains(":") ? "[" + host + "]" : host) + ":" + p;
        String want = "dial tcp " + addr + ": connect: connection refused";
        int wantRange = (p + 1) | (p + 1) << 16;
        long conns = 0, selfConns = 0, exact = 0, shapeOk = 0, one = 0, rangeSet = 0, maxConnects = 0;
        long opened = 0, closed = 0, connectCalls = 0, live = 0;
        String firstMismatch = null;
        for (int i = 0; i < trials; i++) {
            SocketSwitch sw = new SocketSwitch();
            List<Integer> ranges = new ArrayList<>();
            sw.setFilter(SocketSwitch.FilterType.SETSOCKOPT, c -> {
                if (c.level() == Constants.IPPROTO_IP && c.name() == Constants.IP_LOCAL_PORT_RANGE) {
                    synchronized (ranges) {
                        ranges.add(c.value());
                    }
                }
                return null;
            });
            Dialer d = Dialer.builder().trace(trace).hooks(Hooks.NONE.withCalls(sw)).build();
            String got;
            try (Conn c = d.dial("tcp", addr)) {
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
            opened += t.opened();
            closed += t.closed();
            connectCalls += t.connectCalls();
            live += t.live();
            maxConnects = Math.max(maxConnects, t.connectCalls());
            boolean ok1 = t.opened() == 1 && t.closed() == 1 && t.connectCalls() == 1 && t.live() == 0;
            if (ok1) {
                one++;
            }
            long failedSets = sw.stats().stream().mapToLong(SocketSwitch.Stat::setsockoptFailed).sum();
            boolean okRange = ranges.equals(List.of(wantRange)) && failedSets == 0;
            if (okRange) {
                rangeSet++;
            }
            if ((!want.equals(got) || !ok1 || !okRange) && firstMismatch == null) {
                firstMismatch = "trial " + i + ": " + got + "; ranges set " + ranges + "; switch " + t + " " + sw.stats();
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trials", (long) trials);
        m.put("conns", conns);
        m.put("selfConns", selfConns);
        m.put("exactRefused", exact);
        m.put("shapeOk", shapeOk);
        m.put("oneConnectTrials", one);
        m.put("rangeSetTrials", rangeSet);
        m.put("maxConnects", maxConnects);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("opened", opened);
        totals.put("closed", closed);
        totals.put("connectCalls", connectCalls);
        totals.put("live", live);
        m.put("totals", totals);
        m.put("prevented", trace.prevented.get());
        synchronized (trace.ranges) {
            m.put("preventedRanges", new ArrayList<>(trace.ranges.keySet()));
        }
        m.put("retries", trace.retries.get());
        m.put("firstMismatch", firstMismatch);
        return m;
    }
}
