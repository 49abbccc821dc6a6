package dev.netdial.testing;

import static dev.netdial.posix.internal.Constants.AF_INET;
import static dev.netdial.posix.internal.Constants.IPPROTO_TCP;
import static dev.netdial.posix.internal.Constants.SOCK_CLOEXEC;
import static dev.netdial.posix.internal.Constants.SOCK_NONBLOCK;
import static dev.netdial.posix.internal.Constants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.LibC;
import dev.netdial.posix.internal.SocketCalls;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tests of the leak gates themselves: {@link FdLeakExtension}'s comparison (sockets, the
 * one-time poller pardon, SocketSwitch tables) and {@link ThreadLeakExtension}'s thread scan,
 * platform and virtual.
 */
class LeakGatesTest {

    private Map<FdLeakExtension.Kind, Set<Integer>> savedPardons;

    @BeforeEach
    void cleanPardons() {
        savedPardons = FdLeakExtension.swapForgivenForTest(Map.of());
    }

    @AfterEach
    void restorePardons() {
        FdLeakExtension.swapForgivenForTest(savedPardons);
    }

    private static FdLeakExtension.Snapshot snap(Map<Integer, String> fds) {
        return new FdLeakExtension.Snapshot(new TreeMap<>(fds), Map.of());
    }

    @Test
    void testNoChangeIsNoLeak() {
        Map<Integer, String> fds = Map.of(5, "socket:[100]", 6, "anon_inode:[eventpoll]");
        assertNull(FdLeakExtension.check(snap(fds), snap(fds), false));
    }

    @Test
    void testClosedAndReopenedIsNoLeak() {
        // One socket closed and another opened: the count is unchanged.
        assertNull(FdLeakExtension.check(snap(Map.of(5, "socket:[100]")), snap(Map.of(7, "socket:[200]")), false));
    }

    @Test
    void testNewSocketIsALeakAndIsListed() {
        String m = FdLeakExtension.check(snap(Map.of(5, "socket:[100]")),
                snap(Map.of(5, "socket:[100]", 9, "socket:[321]")), false);
        assertNotNull(m);
        assertTrue(m.contains("1 more socket"), m);
        assertTrue(m.contains("fd 9 -> socket:[321]"), m);
        assertFalse(m.contains("fd 5"), m);
    }

    @Test
    void testReusedFdNumberWithNewInodeIsListed() {
        String m = FdLeakExtension.check(snap(Map.of(5, "socket:[100]")),
                snap(Map.of(5, "socket:[101]", 6, "socket:[102]")), false);
        assertNotNull(m);
        assertTrue(m.contains("fd 5 -> socket:[101]") && m.contains("fd 6 -> socket:[102]"), m);
    }

    /** The poller's epoll fd and eventfd are forgiven once per JVM; a second one is a leak. */
    @Test
    void testPollerFdsForgivenOnce() {
        Map<Integer, String> none = Map.of();
        Map<Integer, String> poller = Map.of(10, "anon_inode:[eventpoll]", 11, "anon_inode:[eventfd]");
        assertNull(FdLeakExtension.check(snap(none), snap(poller), false), "the first poller is forgiven");
        assertNull(FdLeakExtension.check(snap(none), snap(poller), true), "and the pardon is committed");

        Map<Integer, String> more = new TreeMap<>(poller);
        more.put(12, "anon_inode:[eventpoll]");
        String m = FdLeakExtension.check(snap(poller), snap(more), false);
        assertNotNull(m, "a second epoll fd is a leak");
        assertTrue(m.contains("1 more epoll") && m.contains("fd 12 -> anon_inode:[eventpoll]"), m);

        Map<Integer, String> two = Map.of(20, "anon_inode:[eventpoll]", 21, "anon_inode:[eventpoll]");
        FdLeakExtension.swapForgivenForTest(Map.of());
        String m2 = FdLeakExtension.check(snap(none), snap(two), false);
        assertNotNull(m2, "two new epoll fds in one class: only one is forgiven");
        assertTrue(m2.contains("1 more epoll"), m2);
    }

    /** Without a commit nothing is remembered: a check that found a leak forgives nothing for later. */
    @Test
    void testUncommittedPardonIsNotRemembered() {
        Map<Integer, String> poller = Map.of(10, "anon_inode:[eventpoll]");
        assertNull(FdLeakExtension.check(snap(Map.of()), snap(poller), false));
        assertNull(FdLeakExtension.check(snap(Map.of()), snap(Map.of(30, "anon_inode:[eventpoll]")), false),
                "still forgivable, since nothing was committed");
    }

    @Test
    void testOtherFdsAreIgnored() {
        assertNull(FdLeakExtension.check(snap(Map.of()), snap(Map.of()), false));
        assertEquals(null, FdLeakExtension.Kind.of("/tmp/x"));
        assertEquals(null, FdLeakExtension.Kind.of("pipe:[5]"));
        assertEquals(FdLeakExtension.Kind.SOCKET, FdLeakExtension.Kind.of("socket:[5]"));
    }

    /** The real /proc/self/fd scan sees a socket this test opens, and stops seeing it once closed. */
    @Test
    void testOpenFdsSeesRealSocket() {
        SocketCalls sys = SocketCalls.system();
        int fd = sys.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
        assertTrue(fd >= 0);
        FdLeakExtension.Snapshot during;
        try {
            during = FdLeakExtension.snapshot();
            assertTrue(during.fds().get(fd).startsWith("socket:["), "fd " + fd + ": " + during.fds().get(fd));
        } finally {
            assertEquals(0, sys.close(fd));
        }
        FdLeakExtension.Snapshot after = FdLeakExtension.snapshot();
        assertFalse(after.fds().containsKey(fd) && after.fds().get(fd).equals(during.fds().get(fd)));
        assertNull(FdLeakExtension.check(during, after, false));
    }

    /** The real eventfd and epoll kinds are recognised by their /proc link targets. */
    @Test
    void testOpenFdsSeesEpollAndEventfd() {
        int ep = LibC.epollCreate1(Constants.EPOLL_CLOEXEC);
        int ev = LibC.eventfd(0, Constants.EFD_CLOEXEC | Constants.EFD_NONBLOCK);
        try {
            assertTrue(ep >= 0 && ev >= 0, ep + " " + ev);
            Map<Integer, String> fds = FdLeakExtension.openFds();
            assertEquals(FdLeakExtension.Kind.EPOLL, FdLeakExtension.Kind.of(fds.get(ep)));
            assertEquals(FdLeakExtension.Kind.EVENTFD, FdLeakExtension.Kind.of(fds.get(ev)));
        } finally {
            LibC.close(ep);
            LibC.close(ev);
        }
    }

    /**
     * After the warm-up, a virtual thread blocking on a JDK socket opens no new epoll fd, so a
     * test using JDK sockets from virtual threads is not blamed for the JDK's pollers.
     */
    @Test
    void testJdkPollersWarmedUp() throws Exception {
        FdLeakExtension.warmUpJdkPollers();
        Map<Integer, String> before = FdLeakExtension.openFds();
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread v = Thread.ofVirtual().start(() -> {
                try (java.net.Socket s = ss.accept()) {
                    s.getInputStream().read();
                } catch (java.io.IOException ignored) {
                    // the test fails on counts below
                }
            });
            Thread.sleep(50);
            try (java.net.Socket c = new java.net.Socket(ss.getInetAddress(), ss.getLocalPort())) {
                c.getOutputStream().write(1);
            }
            v.join(5000);
        }
        Map<Integer, String> after = FdLeakExtension.openFds();
        long epollBefore = before.values().stream().filter(t -> t.equals("anon_inode:[eventpoll]")).count();
        long epollAfter = after.values().stream().filter(t -> t.equals("anon_inode:[eventpoll]")).count();
        assertEquals(epollBefore, epollAfter, "before " + before + " after " + after);
    }

    /** A socket left in a SocketSwitch table is a leak, even if the fd number is accounted for elsewhere. */
    @Test
    void testSocketSwitchTableLeak() {
        SocketSwitch sw = new SocketSwitch();
        FdLeakExtension.Snapshot before = FdLeakExtension.snapshot();
        int fd = sw.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
        try {
            // Compare only the switch tables: same fds on both sides.
            FdLeakExtension.Snapshot after = FdLeakExtension.snapshot();
            String m = FdLeakExtension.check(new FdLeakExtension.Snapshot(after.fds(), before.switches()), after, false);
            assertNotNull(m);
            assertTrue(m.contains("SocketSwitch@") && m.contains("fd " + fd + ":"), m);
        } finally {
            sw.closeAll();
        }
        assertNull(FdLeakExtension.check(before, FdLeakExtension.snapshot(), false));
    }

    /** The grace poll waits for a close that completes late, and gives up after the grace period. */
    @Test
    void testGracePoll() {
        AtomicInteger calls = new AtomicInteger();
        assertNull(LeakGates.poll(Duration.ofSeconds(2), () -> calls.incrementAndGet() < 3 ? "leak" : null));
        assertEquals(3, calls.get());
        long t0 = System.nanoTime();
        assertEquals("leak", LeakGates.poll(Duration.ofMillis(200), () -> "leak"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 200 && ms < 2000, ms + " ms");
    }

    /** netdial-* threads, platform and virtual, are found; the poller and other names are not. */
    @Test
    void testThreadScanFindsPlatformAndVirtual() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Runnable park = () -> {
            try {
                release.await();
            } catch (InterruptedException ignored) {
                // exit
            }
        };
        Thread p = Thread.ofPlatform().name("netdial-test-platform").start(park);
        Thread v = Thread.ofVirtual().name("netdial-test-virtual").start(park);
        Thread poller = Thread.ofPlatform().name("netdial-poller").start(park);
        Thread other = Thread.ofPlatform().name("somebody-else").start(park);
        try {
            Map<Long, String> found = ThreadLeakExtension.netdialThreads();
            assertTrue(found.containsKey(p.threadId()), found.toString());
            assertTrue(found.containsKey(v.threadId()), "virtual thread found through the thread dump: " + found);
            assertTrue(found.get(v.threadId()).contains("virtual"), found.get(v.threadId()));
            assertFalse(found.containsKey(poller.threadId()), "the poller is allowed");
            assertFalse(found.containsKey(other.threadId()));
            String m = ThreadLeakExtension.check(Set.of(), found);
            assertNotNull(m);
            assertTrue(m.contains("netdial-test-platform") && m.contains("netdial-test-virtual"), m);
            assertNull(ThreadLeakExtension.check(found.keySet(), found), "threads present before are not this class's");
        } finally {
            release.countDown();
            for (Thread t : new Thread[] {p, v, poller, other}) {
                t.join(5000);
            }
        }
        Map<Long, String> afterwards = ThreadLeakExtension.netdialThreads();
        assertFalse(afterwards.containsKey(p.threadId()) || afterwards.containsKey(v.threadId()), afterwards.toString());
    }

    @LeakGateExempt(reason = "fixture of testExemptAnnotation")
    static final class Exempt {
        static final class Inner {
        }
    }

    @LeakGateExempt(reason = " ")
    static final class BlankReason {
    }

    /** The opt-out covers nested classes and insists on a reason. */
    @Test
    void testExemptAnnotation() {
        assertTrue(LeakGates.exempt(context(Exempt.class)));
        assertTrue(LeakGates.exempt(context(Exempt.Inner.class)));
        assertFalse(LeakGates.exempt(context(LeakGatesTest.class)));
        assertThrows(AssertionError.class, () -> LeakGates.exempt(context(BlankReason.class)));
    }

    /** A minimal ExtensionContext answering only getTestClass(). */
    private static ExtensionContext context(Class<?> c) {
        return (ExtensionContext) java.lang.reflect.Proxy.newProxyInstance(LeakGatesTest.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getTestClass")) {
                        return java.util.Optional.of(c);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Both gates are registered for auto-detection, and auto-detection is switched on. */
    @Test
    void testAutodetectionRegistration() throws Exception {
        ClassLoader cl = LeakGatesTest.class.getClassLoader();
        try (var in = cl.getResourceAsStream("META-INF/services/org.junit.jupiter.api.extension.Extension")) {
            assertNotNull(in);
            String s = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(s.contains(FdLeakExtension.class.getName()) && s.contains(ThreadLeakExtension.class.getName()), s);
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = cl.getResourceAsStream("junit-platform.properties")) {
            assertNotNull(in);
            p.load(in);
        }
        assertEquals("true", p.getProperty("junit.jupiter.extensions.autodetection.enabled"));
        Map<String, Boolean> loaded = new LinkedHashMap<>();
        for (var e : java.util.ServiceLoader.load(org.junit.jupiter.api.extension.Extension.class, cl)) {
            loaded.put(e.getClass().getName(), true);
        }
        assertTrue(loaded.containsKey(FdLeakExtension.class.getName()), loaded.toString());
        assertTrue(loaded.containsKey(ThreadLeakExtension.class.getName()), loaded.toString());
    }
}
