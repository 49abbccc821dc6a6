package dev.netdial.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fd leak gate: a test class fails if it leaves more sockets, epoll instances or eventfds
 * open than it found, or leaves sockets in the live table of any {@link SocketSwitch}.
 *
 * <p>Before the class it reads {@code /proc/self/fd} (each link's target: {@code socket:[inode]},
 * {@code anon_inode:[eventpoll]}, {@code anon_inode:[eventfd]}) and the live tables of all
 * {@link SocketSwitch}es. After the class (after its own {@code @AfterAll} methods) it reads both
 * again, and fails when, for any of the three kinds, there are more fds than before, or when a
 * switch's table holds an fd it did not hold before. It retries for a grace period (2 s,
 * {@code -Dnetdial.leakgate.graceMillis}) because the real {@code close(2)} runs when the last
 * reference drops, possibly on another thread. The failure lists each new fd with its target.
 *
 * <p>netdial's own long-lived fds ({@code EpollPoller.retainedFds()}: the poller's epoll fd and
 * eventfd, in carrier mode its sub-pollers' epoll fds, the pooled wake-up eventfds of
 * platform-thread waits) are left out of every snapshot.
 * <p>The process-wide poller ({@code netdial-poller}) opens its epoll fds and eventfd lazily and
 * keeps them for the JVM's life. The first new epoll fd and the first new eventfd ever seen
 * after a class are therefore forgiven (once per JVM, remembered by fd number); any further one
 * counts. {@code -Dnetdial.leakgate.forgivenPollers=N} forgives N of each instead. The JDK's own
 * virtual-thread pollers (epoll fds it opens the first time a virtual thread blocks on a JDK
 * socket) are started before the first snapshot by {@link #warmUpJdkPollers()}, so a test that
 * uses JDK sockets from virtual threads is not blamed for them.
 *
 * <p>Registered on every test class through JUnit's extension auto-detection
 * ({@code META-INF/services}); {@link LeakGateExempt} opts a class out.
 *
 * <p>Go: {@code src/net/main_test.go} {@code printLeakedSockets} (the {@code socktest} table
 * after the run), made a per-class failing gate as Netty's {@code LeakPresenceExtension} does.
 */
public final class FdLeakExtension implements BeforeAllCallback, AfterAllCallback {

    /** System property: how many new epoll fds (and, separately, eventfds) to forgive per JVM. */
    static final String FORGIVEN_PROPERTY = "netdial.leakgate.forgivenPollers";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FdLeakExtension.class);
    private static final String KEY = "before";

    /** The kinds of fd the gate counts. */
    enum Kind {
        SOCKET, EPOLL, EVENTFD;

        static Kind of(String target) {
            if (target.startsWith("socket:")) {
                return SOCKET;
            }
            if (target.equals("anon_inode:[eventpoll]")) {
                return EPOLL;
            }
            if (target.equals("anon_inode:[eventfd]")) {
                return EVENTFD;
            }
            return null;
        }
    }

    /** Epoll fds and eventfds forgiven so far in this JVM (fd number → target), per kind. */
    private static final Map<Kind, Set<Integer>> FORGIVEN = new LinkedHashMap<>();

    /** What was open before a class. */
    record Snapshot(Map<Integer, String> fds, Map<SocketSwitch, Set<Integer>> switches) {
    }

    /** Whether the JDK's virtual-thread pollers have been started (once per JVM). */
    private static volatile boolean jdkPollersWarm;

    @Override
    public void beforeAll(ExtensionContext ctx) {
        if (LeakGates.exempt(ctx)) {
            return;
        }
        warmUpJdkPollers();
        ctx.getStore(NS).put(KEY, snapshot());
    }

    /**
     * Makes the JDK start its virtual-thread pollers now, before any snapshot. The first time a
     * virtual thread blocks on a JDK channel or socket, the JDK opens its pollers' epoll fds (2 to
     * 4 on Linux, depending on {@code jdk.pollerMode}) and keeps them for the JVM's life; without
     * this, the class that happened to do it first would be blamed for them. A virtual thread
     * blocking in a read on a {@link java.nio.channels.Pipe} is enough. Best effort.
     */
    static void warmUpJdkPollers() {
        if (jdkPollersWarm) {
            return;
        }
        synchronized (FdLeakExtension.class) {
            if (jdkPollersWarm) {
                return;
            }
            jdkPollersWarm = true;
            try {
                java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
                try {
                    Thread reader = Thread.ofVirtual().name("leakgate-warmup").start(() -> {
                        try {
                            pipe.source().read(java.nio.ByteBuffer.allocate(1));
                        } catch (IOException ignored) {
                            // The pipe was closed: the poller has been started anyway.
                        }
                    });
                    // Let the reader park on the poller; a fixed sleep lost the race on a loaded
                    // machine (the byte arrived first, no poller started, a later class was blamed).
                    long end = System.nanoTime() + 5_000_000_000L;
                    while (reader.getState() != Thread.State.WAITING && reader.isAlive() && System.nanoTime() < end) {
                        Thread.sleep(1);
                    }
                    pipe.sink().write(java.nio.ByteBuffer.wrap(new byte[] {1}));
                    reader.join(5000);
                } finally {
                    pipe.sink().close();
                    pipe.source().close();
                }
            } catch (IOException e) {
                // Without the warm-up a JDK poller may be reported; -Dnetdial.leakgate.forgivenPollers helps.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext ctx) {
        if (LeakGates.exempt(ctx)) {
            return;
        }
        Snapshot before = ctx.getStore(NS).remove(KEY, Snapshot.class);
        if (before == null) {
            return;
        }
        String failure = LeakGates.poll(LeakGates.grace(), () -> check(before, snapshot(), false));
        if (failure == null) {
            // Commit the forgiveness of a lazily created poller, if this class created it.
            check(before, snapshot(), true);
            return;
        }
        throw new AssertionError("fd leak gate: " + LeakGates.className(ctx) + " " + failure);
    }

    /** Reads the counted fds of this process and the live tables of every switch. */
    static Snapshot snapshot() {
        Map<SocketSwitch, Set<Integer>> sw = new LinkedHashMap<>();
        for (Map.Entry<SocketSwitch, Map<Integer, SocketSwitch.Status>> e : SocketSwitch.allLiveSockets().entrySet()) {
            sw.put(e.getKey(), new HashSet<>(e.getValue().keySet()));
        }
        return new Snapshot(openFds(), sw);
    }

    /** fd number → link target, for the fds of the kinds the gate counts. */
    static Map<Integer, String> openFds() {
        Map<Integer, String> m = new TreeMap<>();
        // netdial's own long-lived fds (poller, pooled wake-up eventfds) are not leaks.
        Set<Integer> retained = new HashSet<>();
        for (int fd : dev.netdial.posix.internal.EpollPoller.retainedFds()) {
            retained.add(fd);
        }
        Path dir = Paths.get("/proc/self/fd");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                int fd;
                try {
                    fd = Integer.parseInt(p.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (NoSuchFileException gone) {
                    continue; // closed meanwhile (or the directory stream's own fd)
                } catch (IOException e) {
                    continue;
                }
                if (Kind.of(target) != null && !retained.contains(fd)) {
                    m.put(fd, target);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("fd leak gate cannot read " + dir + " (Linux only)", e);
        }
        return m;
    }

    /**
     * Compares; returns null when nothing leaked, else the message. With {@code commit}, records
     * the poller fds it forgives.
     */
    static String check(Snapshot before, Snapshot after, boolean commit) {
        StringBuilder msg = new StringBuilder();
        int forgivable = forgivable();
        synchronized (FORGIVEN) {
            for (Kind k : Kind.values()) {
                Set<Integer> forgiven = FORGIVEN.computeIfAbsent(k, x -> new HashSet<>());
                Map<Integer, String> was = ofKind(before.fds(), k);
                Map<Integer, String> now = ofKind(after.fds(), k);
                Map<Integer, String> fresh = new TreeMap<>();
                for (Map.Entry<Integer, String> e : now.entrySet()) {
                    if (!e.getValue().equals(was.get(e.getKey()))) {
                        fresh.put(e.getKey(), e.getValue());
                    }
                }
                int delta = now.size() - was.size();
                if (k != Kind.SOCKET && delta > 0) {
                    List<Integer> pardon = new ArrayList<>();
                    for (Integer fd : fresh.keySet()) {
                        if (forgiven.size() + pardon.size() < forgivable && delta - pardon.size() > 0) {
                            pardon.add(fd);
                        }
                    }
                    delta -= pardon.size();
                    if (commit) {
                        forgiven.addAll(pardon);
                    }
                    pardon.forEach(fresh::remove);
                }
                if (delta > 0) {
                    msg.append("\n  ").append(delta).append(" more ").append(k.name().toLowerCase())
                            .append(" fd(s) than before (").append(was.size()).append(" -> ").append(now.size())
                            .append("); new since the class started:");
                    fresh.forEach((fd, t) -> msg.append("\n    fd ").append(fd).append(" -> ").append(t));
                }
            }
        }
        for (Map.Entry<SocketSwitch, Set<Integer>> e : after.switches().entrySet()) {
            Set<Integer> was = before.switches().getOrDefault(e.getKey(), Set.of());
            Map<Integer, SocketSwitch.Status> table = e.getKey().sockets();
            List<String> leaked = new ArrayList<>();
            for (Integer fd : new TreeMap<>(table).keySet()) {
                if (e.getValue().contains(fd) && !was.contains(fd)) {
                    leaked.add("fd " + fd + ": " + table.get(fd));
                }
            }
            if (!leaked.isEmpty()) {
                msg.append("\n  SocketSwitch@").append(Integer.toHexString(System.identityHashCode(e.getKey())))
                        .append(" still holds ").append(leaked.size()).append(" socket(s) opened by this class:");
                leaked.forEach(l -> msg.append("\n    ").append(l));
            }
        }
        return msg.length() == 0 ? null : "left open:" + msg;
    }

    private static Map<Integer, String> ofKind(Map<Integer, String> fds, Kind k) {
        Map<Integer, String> m = new TreeMap<>();
        fds.forEach((fd, t) -> {
            if (Kind.of(t) == k) {
                m.put(fd, t);
            }
        });
        return m;
    }

    private static int forgivable() {
        String s = System.getProperty(FORGIVEN_PROPERTY);
        if (s == null || s.isBlank()) {
            return 1;
        }
        try {
            return Math.max(0, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(FORGIVEN_PROPERTY + " is not a number: " + s, e);
        }
    }

    /**
     * For tests of the gate: replaces the record of forgiven poller fds with {@code replacement}
     * and returns the previous record, so a test can start clean and restore it afterwards.
     */
    static Map<Kind, Set<Integer>> swapForgivenForTest(Map<Kind, Set<Integer>> replacement) {
        synchronized (FORGIVEN) {
            Map<Kind, Set<Integer>> old = new LinkedHashMap<>();
            FORGIVEN.forEach((k, v) -> old.put(k, new HashSet<>(v)));
            FORGIVEN.clear();
            replacement.forEach((k, v) -> FORGIVEN.put(k, new HashSet<>(v)));
            return old;
        }
    }
}
