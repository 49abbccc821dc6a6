package dev.netdial.posix.internal;

import dev.netdial.api.Errno;
import dev.netdial.api.OpError;
import dev.netdial.api.SyscallError;
import dev.netdial.api.TCPAddr;
import dev.netdial.testing.GoErrors;
import dev.netdial.testing.Json;
import dev.netdial.testing.Loopback;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The probe JVM of {@link ResourceLimitTest}, run under {@code prlimit --nofile=N:N}: it dials
 * a loopback listener until the fd table is full, accepts while it is full, closes ten
 * connections and dials again, and prints what happened as one JSON line.
 *
 * <p>Once the table is full nothing may open a file, and loading a class from a directory of
 * the class path opens one. So every code path used after that point (netdial's dial and
 * accept, the error classes, {@link GoErrors}, {@link Json}, the management beans, thread
 * creation) runs once in {@link #warmUp()} first, and this class has no nested classes.
 *
 * <p>Keys: {@code nofile} (the limit from /proc/self/limits), {@code listener}, the open fds
 * below the limit at four points ({@code fdsAtStart}, {@code fdsBeforeDials} with the listener
 * open, {@code fdsWhenFull} right after the failed dial, {@code fdsAtEnd} after closing
 * everything), {@code dials} (successful dials before the failure), and per phase
 * ({@code dial}, {@code acceptPlatform}, {@code acceptVirtual}, {@code dialAfterClose},
 * {@code acceptAfterClose}) a map with {@code ok}, {@code message}, {@code class},
 * {@code syscall}, {@code errno}, {@code temporary}, {@code timeout}, {@code shape} (the
 * {@link GoErrors} verdict on the error wrapped in Go's OpError, "ok" or the failure),
 * {@code elapsedMillis}, {@code returned}, {@code cpuMillis} (process CPU over the 1 s window)
 * and {@code threadCpuMillis}. {@code crash} holds a stack trace if the probe itself failed.
 */
public final class ResourceLimitProbe {

    /** The window over which an accept under EMFILE is watched, as the row of docs/TESTING.md says. */
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The soft open-files limit (set from /proc/self/limits at start). */
    private static int softLimit = 1024;

    private ResourceLimitProbe() {
    }

    public static void main(String[] args) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            run(out);
        } catch (Throwable t) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            out.put("crash", sw.toString());
        }
        System.out.println(Json.stringify(out));
        System.out.flush();
    }

    private static void run(Map<String, Object> out) throws Exception {
        String nofile = nofileLimit();
        String soft = nofile.split(" ")[0];
        softLimit = soft.matches("\\d+") ? Math.min(Integer.parseInt(soft), 1 << 16) : 1 << 16;
        out.put("nofile", nofile);
        out.put("fdsAtStart", openFds());
        warmUp();

        NetFD ln = Loopback.listen(Loopback.V4);
        TCPAddr addr = (TCPAddr) ln.localAddr();
        out.put("listener", addr.toString());
        List<NetFD> conns = new ArrayList<>();
        List<NetFD> accepted = new ArrayList<>();
        try {
            out.put("fdsBeforeDials", openFds());
            // Dial until the fd table is full. Each connection waits, unaccepted, in the listener's queue.
            Map<String, Object> dial = null;
            for (int i = 0; i < 10_000 && dial == null; i++) {
                try {
                    conns.add(Loopback.dial(addr));
                } catch (IOException e) {
                    dial = describe(e, new OpError("dial", "tcp", null, addr, e), true);
                }
            }
            out.put("dials", conns.size());
            out.put("dial", dial);
            out.put("fdsWhenFull", openFds());

            // Accept while the table is full: the queue holds connections, accept4 has no fd to give.
            out.put("acceptPlatform", acceptWatched(ln, addr, false, accepted));
            out.put("acceptVirtual", acceptWatched(ln, addr, true, accepted));

            // Free ten fds: the next dial and the next accept succeed again.
            for (int i = 0; i < 10 && !conns.isEmpty(); i++) {
                conns.remove(conns.size() - 1).close();
            }
            Map<String, Object> again = new LinkedHashMap<>();
            try {
                NetFD c = Loopback.dial(addr);
                conns.add(c);
                again.put("ok", true);
                again.put("local", String.valueOf(c.localAddr()));
            } catch (IOException e) {
                again = describe(e, new OpError("dial", "tcp", null, addr, e), true);
            }
            out.put("dialAfterClose", again);
            Map<String, Object> acc = new LinkedHashMap<>();
            try {
                accepted.add(ln.accept());
                acc.put("ok", true);
            } catch (IOException e) {
                acc = describe(e, new OpError("accept", "tcp", null, addr, e), false);
            }
            out.put("acceptAfterClose", acc);
        } finally {
            for (NetFD c : conns) {
                c.close();
            }
            for (NetFD c : accepted) {
                c.close();
            }
            ln.close();
        }
        out.put("fdsAtEnd", openFds());
    }

    /**
     * Accepts on {@code ln} on a new platform or virtual thread and watches it for one second:
     * whether and when it returned, what it returned, the process's CPU time over the whole
     * second and (for a platform thread) the accepting thread's own CPU time. If it has not
     * returned after the second, the listener is not touched; the caller's close ends it.
     */
    private static Map<String, Object> acceptWatched(NetFD ln, TCPAddr addr, boolean virtual, List<NetFD> accepted)
            throws InterruptedException {
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        Object[] result = new Object[1];
        long[] ends = new long[2]; // end nanoTime, thread CPU nanos
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        Runnable body = () -> {
            long c0 = virtual ? 0 : tmx.getCurrentThreadCpuTime();
            try {
                result[0] = ln.accept();
            } catch (Throwable e) {
                result[0] = e;
            }
            ends[1] = virtual ? -1 : tmx.getCurrentThreadCpuTime() - c0;
            ends[0] = System.nanoTime();
        };
        Thread t = virtual ? Thread.ofVirtual().name("probe-accept").start(body)
                : Thread.ofPlatform().name("probe-accept").daemon().start(body);
        t.join(TimeUnit.NANOSECONDS.toMillis(WINDOW_NANOS));
        boolean returned = !t.isAlive();
        long left = t0 + WINDOW_NANOS - System.nanoTime();
        if (left > 0) {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
        long cpu1 = processCpuNanos();
        long window = System.nanoTime() - t0;
        Map<String, Object> m;
        Object r = returned ? result[0] : null;
        if (r instanceof IOException e) {
            m = describe(e, new OpError("accept", "tcp", null, addr, e), false);
        } else {
            m = new LinkedHashMap<>();
            m.put("ok", r instanceof NetFD);
            if (r instanceof NetFD fd) {
                accepted.add(fd);
            } else if (r != null) {
                m.put("message", String.valueOf(r));
            }
        }
        m.put("returned", returned);
        m.put("elapsedMillis", returned ? TimeUnit.NANOSECONDS.toMillis(ends[0] - t0) : -1L);
        m.put("windowMillis", TimeUnit.NANOSECONDS.toMillis(window));
        m.put("cpuMillis", TimeUnit.NANOSECONDS.toMillis(cpu1 - cpu0));
        m.put("threadCpuMillis", returned && ends[1] >= 0 ? TimeUnit.NANOSECONDS.toMillis(ends[1]) : -1L);
        return m;
    }

    /** An error's fields, and {@link GoErrors}' verdict on it wrapped as Go's dialer or listener wraps it. */
    private static Map<String, Object> describe(IOException e, OpError wrapped, boolean dial) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", false);
        m.put("message", wrapped.getMessage());
        m.put("class", e.getClass().getSimpleName());
        if (e instanceof SyscallError se) {
            m.put("syscall", se.syscall());
            m.put("errno", se.errno().name());
        }
        m.put("temporary", wrapped.temporary());
        m.put("timeout", wrapped.timeout());
        try {
            if (dial) {
                GoErrors.checkDial(wrapped);
            } else {
                GoErrors.checkAccept(wrapped);
            }
            m.put("shape", "ok");
        } catch (AssertionError a) {
            m.put("shape", a.getMessage());
        }
        return m;
    }

    /**
     * Runs, with fds to spare, every path the probe takes once the table is full, so that no
     * class needs loading later: a dial, a refused dial, accepts on both kinds of thread, the
     * error descriptions for both shapes, the CPU clocks, JSON output.
     */
    private static void warmUp() throws Exception {
        NetFD ln = Loopback.listen(Loopback.V4);
        TCPAddr addr = (TCPAddr) ln.localAddr();
        List<NetFD> fds = new ArrayList<>();
        try {
            fds.add(Loopback.dial(addr));
            fds.add(Loopback.dial(addr));
            acceptWarm(ln, addr, false, fds);
            acceptWarm(ln, addr, true, fds);
        } finally {
            for (NetFD c : fds) {
                c.close();
            }
            ln.close();
        }
        SyscallError emfile = new SyscallError("socket", Errno.EMFILE);
        describe(emfile, new OpError("dial", "tcp", null, addr, emfile), true);
        SyscallError emfile4 = new SyscallError("accept4", Errno.EMFILE);
        describe(emfile4, new OpError("accept", "tcp", null, addr, emfile4), false);
        // An error the validator rejects, so its failure path is loaded too.
        describe(new IOException("warm-up"), new OpError("dial", "", null, addr, new IOException("warm-up")), true);
        processCpuNanos();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warm", List.of(1L, "x", true, Map.of("k", -1L)));
        Json.stringify(m);
        new StringWriter().append("x");
        new PrintWriter(new StringWriter()).println();
        openFds();
    }

    /** {@link #acceptWatched} with a short window, for {@link #warmUp()}. */
    private static void acceptWarm(NetFD ln, TCPAddr addr, boolean virtual, List<NetFD> fds) throws Exception {
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        tmx.getCurrentThreadCpuTime();
        Object[] result = new Object[1];
        Runnable body = () -> {
            try {
                result[0] = ln.accept();
            } catch (Throwable e) {
                result[0] = e;
            }
        };
        Thread t = virtual ? Thread.ofVirtual().name("probe-accept").start(body)
                : Thread.ofPlatform().name("probe-accept").daemon().start(body);
        t.join(5000);
        if (result[0] instanceof NetFD fd) {
            fds.add(fd);
        } else {
            throw new IllegalStateException("warm-up accept: " + result[0]);
        }
        Thread.sleep(1);
    }

    /** The process's CPU time (all threads), nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * How many of the fd numbers below the soft open-files limit are open: the slots the limit
     * governs (an fd inherited above it takes none). Probed with {@code fcntl(F_GETFD)}, which
     * needs no fd of its own and so works when the table is full.
     */
    private static long openFds() throws IOException {
        long n = 0;
        for (int fd = 0; fd < softLimit; fd++) {
            if (LibC.fcntl(fd, Constants.F_GETFD, 0) >= 0) {
                n++;
            }
        }
        return n;
    }

    /** "soft hard" from the "Max open files" line of /proc/self/limits. */
    private static String nofileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).strip().split("\\s+");
                return f[0] + " " + f[1];
            }
        }
        return "";
    }
}
