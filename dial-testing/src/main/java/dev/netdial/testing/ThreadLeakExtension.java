package dev.netdial.testing;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The thread leak gate: a test class fails if, after it, a live thread named {@code netdial-*}
 * remains that was not there before it, other than the process-wide {@code netdial-poller} and
 * {@code netdial-cleaner}.
 *
 * <p>Platform threads come from {@link Thread#getAllStackTraces()}; virtual threads (which that
 * method omits — {@code dialParallel}'s racers are virtual) from a JSON thread dump
 * ({@link HotSpotDiagnosticMXBean#dumpThreads}), which lists every thread container. A thread
 * that ends within the grace period (2 s, {@code -Dnetdial.leakgate.graceMillis}) is not a leak.
 * Threads already present before the class are left to the class that started them, so a leak
 * fails the class that caused it and no other.
 *
 * <p>Go: {@code src/net/main_test.go} {@code printLeakedGoroutines} / {@code leakedGoroutines}
 * (goroutines "created by net" still running after the tests).
 */
public final class ThreadLeakExtension implements BeforeAllCallback, AfterAllCallback {

    /** The prefix of every thread netdial starts. */
    public static final String PREFIX = "netdial-";
    /** The one netdial thread that lives as long as the JVM. */
    public static final String POLLER = "netdial-poller";
    /** The cleaner that closes collected unclosed fds; it too lives as long as the JVM. */
    public static final String CLEANER = "netdial-cleaner";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ThreadLeakExtension.class);
    private static final String KEY = "before";

    @Override
    public void beforeAll(ExtensionContext ctx) {
        if (LeakGates.exempt(ctx)) {
            return;
        }
        ctx.getStore(NS).put(KEY, netdialThreads().keySet());
    }

    @Override
    public void afterAll(ExtensionContext ctx) {
        if (LeakGates.exempt(ctx)) {
            return;
        }
        @SuppressWarnings("unchecked")
        Set<Long> before = ctx.getStore(NS).remove(KEY, Set.class);
        if (before == null) {
            return;
        }
        String failure = LeakGates.poll(LeakGates.grace(), () -> check(before, netdialThreads()));
        if (failure != null) {
            throw new AssertionError("thread leak gate: " + LeakGates.className(ctx) + " " + failure);
        }
    }

    /** Null if {@code now} has no thread that is not in {@code before}, else the message. */
    static String check(Set<Long> before, Map<Long, String> now) {
        Map<Long, String> leaked = new TreeMap<>();
        now.forEach((tid, desc) -> {
            if (!before.contains(tid)) {
                leaked.put(tid, desc);
            }
        });
        if (leaked.isEmpty()) {
            return null;
        }
        return "left " + leaked.size() + " netdial thread(s) running (only " + POLLER + " may outlive a class):"
                + leaked.entrySet().stream().map(e -> "\n    tid " + e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining());
    }

    /**
     * Thread id → description ("name (virtual|platform, STATE) at top frame") of every live
     * thread named {@code netdial-*} other than the poller, platform and virtual.
     */
    static Map<Long, String> netdialThreads() {
        Map<Long, String> m = new TreeMap<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (counts(t.getName()) && t.isAlive()) {
                StackTraceElement[] st = e.getValue();
                m.put(t.threadId(), t.getName() + " (platform, " + t.getState() + ")"
                        + (st.length > 0 ? " at " + st[0] : ""));
            }
        }
        virtualThreads(m);
        return m;
    }

    static boolean counts(String name) {
        return name != null && name.startsWith(PREFIX) && !name.equals(POLLER) && !name.equals(CLEANER);
    }

    /** Adds the virtual threads named netdial-* found in a JSON thread dump; best effort. */
    private static void virtualThreads(Map<Long, String> m) {
        Path dir = null;
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (bean == null) {
                return;
            }
            dir = Files.createTempDirectory("netdial-threads");
            Path file = dir.resolve("dump.json");
            bean.dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            Object root = Json.parseFile(file);
            collect(root, m);
        } catch (IOException | RuntimeException | LinkageError e) {
            // Without a dump only platform threads are checked.
        } finally {
            if (dir != null) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException ignored) {
                    // Temporary directory; nothing else to do.
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, Map<Long, String> m) {
        if (node instanceof Map<?, ?> map) {
            Object threads = map.get("threads");
            if (threads instanceof List<?> list) {
                String container = String.valueOf(map.get("container"));
                for (Object o : list) {
                    if (o instanceof Map<?, ?> t) {
                        Object name = t.get("name");
                        Object tid = t.get("tid");
                        if (name instanceof String n && counts(n) && tid != null) {
                            long id;
                            try {
                                id = Long.parseLong(String.valueOf(tid));
                            } catch (NumberFormatException e) {
                                continue;
                            }
                            if (!m.containsKey(id)) {
                                Object stack = t.get("stack");
                                String top = stack instanceof List<?> s && !s.isEmpty() ? " at " + s.get(0) : "";
                                m.put(id, n + " (virtual, " + t.get("state") + ", container " + container + ")" + top);
                            }
                        }
                    }
                }
            }
            for (Object v : ((Map<String, Object>) map).values()) {
                if (v instanceof Map || v instanceof List) {
                    collect(v, m);
                }
            }
        } else if (node instanceof List<?> list) {
            for (Object v : list) {
                collect(v, m);
            }
        }
    }
}
