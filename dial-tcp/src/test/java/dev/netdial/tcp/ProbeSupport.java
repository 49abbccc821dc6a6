package dev.netdial.tcp;

import dev.netdial.api.Errors;
import dev.netdial.api.NetException;
import dev.netdial.api.OpError;
import dev.netdial.api.SyscallError;
import dev.netdial.testing.GoErrors;
import dev.netdial.testing.Json;
import dev.netdial.testing.SocketSwitch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the probe JVMs of this package share: the one-JSON-line protocol of
 * {@link dev.netdial.testing.Netns}, fd counts from {@code /proc/self/fd}, the namespace's
 * ephemeral port range, error descriptions with the {@link GoErrors} verdict, and the totals of
 * a {@link SocketSwitch}; and, for the JUnit side, typed reads of that line.
 */
final class ProbeSupport {

    /** The ephemeral port range of the probe's namespace (writable there: the namespace is its own). */
    static final Path PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** A probe's work: fills {@code out}. */
    @FunctionalInterface
    interface Body {
        void run(Map<String, Object> out) throws Exception;
    }

    private ProbeSupport() {
    }

    /**
     * Runs {@code body} and prints {@code out} as the probe's JSON line; a throwable from the
     * body is reported under {@code crash} with its stack trace.
     */
    static void main(Body body) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            body.run(out);
        } catch (Throwable t) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            out.put("crash", sw.toString());
        }
        System.out.println(Json.stringify(out));
        System.out.flush();
    }

    /** The open fds of this process whose target is a socket. */
    static long socketFds() throws IOException {
        long n = 0;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    if (Files.readSymbolicLink(p).toString().startsWith("socket:")) {
                        n++;
                    }
                } catch (IOException gone) {
                    // closed while listing (the listing's own directory fd, for one)
                }
            }
        }
        return n;
    }

    /** All open fds of this process (the listing's own directory fd not counted). */
    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count() - 1;
        }
    }

    /** Sets the namespace's ephemeral port range to {@code [lo, hi]} and checks that it took. */
    static void setPortRange(int lo, int hi) throws IOException {
        Files.writeString(PORT_RANGE, lo + " " + hi + "\n", StandardCharsets.US_ASCII);
        String now = portRange();
        if (!now.equals(lo + " " + hi)) {
            throw new IllegalStateException("ip_local_port_range is '" + now + "' after writing '" + lo + " " + hi + "'");
        }
    }

    /** The namespace's ephemeral port range as "lo hi". */
    static String portRange() throws IOException {
        // Not Files.readString: on /proc/sys files it returns only the first byte.
        return String.join(" ", Files.readAllLines(PORT_RANGE).get(0).strip().split("\\s+"));
    }

    /**
     * An error's text, class, errno, timeout and cancel flags, and whether it passes
     * {@link GoErrors#checkDial} ("ok", or the validator's complaint).
     */
    static Map<String, Object> describe(Throwable e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", e.getMessage());
        m.put("class", e.getClass().getSimpleName());
        Throwable inner = e instanceof OpError op ? op.err() : e;
        m.put("innerClass", inner == null ? null : inner.getClass().getSimpleName());
        if (inner instanceof SyscallError se) {
            m.put("syscall", se.syscall());
            m.put("errno", se.errno().name());
        }
        m.put("timeout", e instanceof NetException ne && ne.timeout());
        m.put("isTimeout", Errors.isTimeout(e));
        m.put("isCanceled", Errors.isCanceled(e));
        m.put("shape", shape(e));
        return m;
    }

    /** {@link GoErrors#checkDial}'s verdict: "ok" or its message. */
    static String shape(Throwable e) {
        try {
            GoErrors.checkDial(e);
            return "ok";
        } catch (AssertionError a) {
            return a.getMessage();
        }
    }

    /** A switch's counters summed over every (family, type, protocol), and its live sockets. */
    record Totals(long opened, long closed, long connectCalls, long connected, long connectFailed, int live) {
        static Totals of(SocketSwitch sw) {
            long o = 0, c = 0, cc = 0, ok = 0, f = 0;
            for (SocketSwitch.Stat s : sw.stats()) {
                o += s.opened() + s.accepted();
                c += s.closed();
                cc += s.connectCalls();
                ok += s.connected();
                f += s.connectFailed();
            }
            return new Totals(o, c, cc, ok, f, sw.sockets().size());
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("opened", opened);
            m.put("closed", closed);
            m.put("connectCalls", connectCalls);
            m.put("connected", connected);
            m.put("connectFailed", connectFailed);
            m.put("live", (long) live);
            return m;
        }
    }

    /** The {@code q}-quantile (0..1, nearest rank) of {@code values}; -1 when empty. */
    static long quantile(List<Long> values, double q) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> s = new ArrayList<>(values);
        Collections.sort(s);
        int i = (int) Math.ceil(q * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i)));
    }

    /** The JSON object under {@code key}, failing if there is none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (!(o instanceof Map)) {
            throw new AssertionError("no object " + key + " in " + m);
        }
        return (Map<String, Object>) o;
    }

    /** The JSON number under {@code key} as a long, failing if there is none. */
    static long n(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Number x)) {
            throw new AssertionError("no number " + key + " in " + m);
        }
        return x.longValue();
    }

    /** The JSON list of numbers under {@code key}, failing if there is none. */
    static List<Long> longs(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) {
            throw new AssertionError("no list " + key + " in " + m);
        }
        List<Long> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(((Number) o).longValue());
        }
        return out;
    }
}
