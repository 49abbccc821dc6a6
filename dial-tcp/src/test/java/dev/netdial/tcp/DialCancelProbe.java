package dev.netdial.tcp;

import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.testing.SocketSwitch;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The probe JVM of {@link DialCancelTest}, run in a namespace that drops every SYN to
 * 127.0.0.1:P ({@link NftRules#dropSyn}): a connect there neither succeeds nor fails, so only
 * the caller can end it.
 *
 * <p>Part one cancels: each trial dials with a cancellable context and a separate thread
 * cancels it {@code cancelMillis} after the dial started. Part two times out: a Dialer with a
 * timeout dials the same black hole. All dials go through one {@link SocketSwitch}.
 *
 * <p>Args: {@code port trials cancelMillis timeoutTrials timeoutMillis}. Keys: {@code cancel}
 * ({@code trials}, {@code conns}, {@code exact} (errors whose text is exactly "dial tcp
 * 127.0.0.1:P: operation was canceled"), {@code isCanceled}, {@code shapeOk},
 * {@code afterCancelMillis} (per trial, from the cancel call to the dial's return),
 * {@code sinceStartMillis}, {@code stallMillis} (per trial, how long a {@link StallWatch} saw
 * the JVM unable to run a ready thread within that window), {@code firstMismatch}),
 * {@code timeout} ({@code trials}, {@code conns}, {@code exact} ("dial tcp 127.0.0.1:P: i/o
 * timeout"), {@code timeoutTrue}, {@code isTimeout}, {@code shapeOk}, {@code elapsedMillis},
 * {@code stallMillis}, {@code firstMismatch}),
 * {@code switch} (the switch's totals after both parts, warm-up not included), {@code socketFdsBefore},
 * {@code socketFdsAfter}; {@code crash} on failure.
 */
public final class DialCancelProbe {

    private DialCancelProbe() {
    }

    public static void main(String[] args) {
        ProbeSupport.main(out -> {
            int port = Integer.parseInt(args[0]);
            int trials = Integer.parseInt(args[1]);
            long cancelMillis = Long.parseLong(args[2]);
            int timeoutTrials = Integer.parseInt(args[3]);
            long timeoutMillis = Long.parseLong(args[4]);
            SocketSwitch sw = new SocketSwitch();
            String addr = "127.0.0.1:" + port;
            warmUp(addr);
            out.put("socketFdsBefore", ProbeSupport.socketFds());
            List<long[]> cancelWindows = new ArrayList<>();
            List<long[]> timeoutWindows = new ArrayList<>();
            Map<String, Object> c;
            Map<String, Object> t;
            try (StallWatch watch = new StallWatch()) {
                c = cancel(sw, addr, trials, cancelMillis, cancelWindows);
                t = timeout(sw, addr, timeoutTrials, timeoutMillis, timeoutWindows);
                Thread.sleep(50); // lets the watch record a stall still under way at the last trial's end
                c.put("stallMillis", stalls(watch, cancelWindows));
                t.put("stallMillis", stalls(watch, timeoutWindows));
            }
            out.put("cancel", c);
            out.put("timeout", t);
            out.put("switch", ProbeSupport.Totals.of(sw).toJson());
            out.put("socketFdsAfter", ProbeSupport.socketFds());
        });
    }

    /**
     * One cancelled and one timed-out dial, through a switch of their own, so that class
     * loading does not land in a measured trial.
     */
    private static void warmUp(String addr) throws InterruptedException {
        SocketSwitch sw = new SocketSwitch();
        cancel(sw, addr, 1, 20, new ArrayList<>());
        timeout(sw, addr, 1, 20, new ArrayList<>());
    }

    /** Per window, the stalled milliseconds {@code watch} saw in it. */
    private static List<Object> stalls(StallWatch watch, List<long[]> windows) {
        List<Object> l = new ArrayList<>();
        for (long[] w : windows) {
            l.add(watch.stalledMillis(w[0], w[1]));
        }
        return l;
    }

    /** Cancelled dials; each trial's window (cancel call to return) goes to {@code windows}. */
    private static Map<String, Object> cancel(SocketSwitch sw, String addr, int trials, long cancelMillis,
                                              List<long[]> windows) throws InterruptedException {
        Dialer d = Dialer.builder().hooks(Hooks.NONE.withCalls(sw)).build();
        String want = "dial tcp " + addr + ": operation was canceled";
        long conns = 0, exact = 0, canceled = 0, shapeOk = 0;
        List<Long> afterCancel = new ArrayList<>();
        List<Long> sinceStart = new ArrayList<>();
        String firstMismatch = null;
        for (int i = 0; i < trials; i++) {
            Context ctx = Context.background().withCancel();
            long[] cancelAt = new long[1];
            long t0 = System.nanoTime();
            Thread canceller = Thread.ofPlatform().name("probe-cancel").start(() -> {
                long until = t0 + TimeUnit.MILLISECONDS.toNanos(cancelMillis);
                for (long left; (left = until - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(left);
                }
                cancelAt[0] = System.nanoTime();
                ctx.cancel();
            });
            String got;
            try (Conn c = d.dialContext(ctx, "tcp", addr)) {
                conns++;
                got = "conn " + c.localAddr();
            } catch (IOException e) {
                got = e.getMessage();
                Map<String, Object> m = ProbeSupport.describe(e);
                if (want.equals(got)) {
                    exact++;
                }
                if (Boolean.TRUE.equals(m.get("isCanceled"))) {
                    canceled++;
                }
                if ("ok".equals(m.get("shape"))) {
                    shapeOk++;
                }
            }
            long end = System.nanoTime();
            canceller.join();
            windows.add(new long[] {cancelAt[0], end});
            afterCancel.add(TimeUnit.NANOSECONDS.toMillis(end - cancelAt[0]));
            sinceStart.add(TimeUnit.NANOSECONDS.toMillis(end - t0));
            if (!want.equals(got) && firstMismatch == null) {
                firstMismatch = "trial " + i + ": " + got;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trials", (long) trials);
        m.put("conns", conns);
        m.put("exact", exact);
        m.put("isCanceled", canceled);
        m.put("shapeOk", shapeOk);
        m.put("afterCancelMillis", new ArrayList<Object>(afterCancel));
        m.put("sinceStartMillis", new ArrayList<Object>(sinceStart));
        m.put("firstMismatch", firstMismatch);
        return m;
    }

    /** Timed-out dials; each trial's window (start to return) goes to {@code windows}. */
    private static Map<String, Object> timeout(SocketSwitch sw, String addr, int trials, long timeoutMillis,
                                               List<long[]> windows) {
        Dialer d = Dialer.builder().timeout(Duration.ofMillis(timeoutMillis)).hooks(Hooks.NONE.withCalls(sw)).build();
        String want = "dial tcp " + addr + ": i/o timeout";
        long conns = 0, exact = 0, timeoutTrue = 0, isTimeout = 0, shapeOk = 0;
        List<Object> elapsed = new ArrayList<>();
        String firstMismatch = null;
        for (int i = 0; i < trials; i++) {
            long t0 = System.nanoTime();
            String got;
            try (Conn c = d.dial("tcp", addr)) {
                conns++;
                got = "conn " + c.localAddr();
            } catch (IOException e) {
                got = e.getMessage();
                Map<String, Object> m = ProbeSupport.describe(e);
                if (want.equals(got)) {
                    exact++;
                }
                if (Boolean.TRUE.equals(m.get("timeout"))) {
                    timeoutTrue++;
                }
                if (Boolean.TRUE.equals(m.get("isTimeout"))) {
                    isTimeout++;
                }
                if ("ok".equals(m.get("shape"))) {
                    shapeOk++;
                }
            }
            long end = System.nanoTime();
            elapsed.add(TimeUnit.NANOSECONDS.toMillis(end - t0));
            windows.add(new long[] {t0, end});
            if (!want.equals(got) && firstMismatch == null) {
                firstMismatch = "trial " + i + ": " + got;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trials", (long) trials);
        m.put("conns", conns);
        m.put("exact", exact);
        m.put("timeoutTrue", timeoutTrue);
        m.put("isTimeout", isTimeout);
        m.put("shapeOk", shapeOk);
        m.put("elapsedMillis", elapsed);
        m.put("firstMismatch", firstMismatch);
        return m;
    }
}
