package dev.netdial.testing;

import static dev.netdial.posix.internal.Constants.AF_INET;
import static dev.netdial.posix.internal.Constants.IPPROTO_TCP;
import static dev.netdial.posix.internal.Constants.SOCK_CLOEXEC;
import static dev.netdial.posix.internal.Constants.SOCK_NONBLOCK;
import static dev.netdial.posix.internal.Constants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netdial.posix.internal.SocketCalls;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The gates end to end: fixture classes that leak a socket, a SocketSwitch entry or a netdial
 * thread are run through the JUnit launcher, configured only by this module's
 * {@code junit-platform.properties} and service file (as surefire runs every module), and must fail as classes, with the leak named; a clean class and an exempt leaky
 * class must pass. The fixtures are static nested classes, which surefire does not run by itself,
 * and they do nothing unless this test switches them on.
 */
class LeakGatesEndToEndTest {

    private static final String ARMED = "netdial.leakgate.selftest";

    static final class Fixtures {
        static volatile int leakedFd = -1;
        static volatile SocketSwitch leakedSwitch;
        static volatile CountDownLatch release;

        private Fixtures() {
        }
    }

    private static void armed() {
        Assumptions.assumeTrue(Boolean.getBoolean(ARMED), "only run by LeakGatesEndToEndTest");
    }

    static class LeaksSocket {
        @BeforeAll
        static void check() {
            armed();
        }

        @Test
        void leak() {
            Fixtures.leakedFd = SocketCalls.system().socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
            assertTrue(Fixtures.leakedFd >= 0);
        }
    }

    static class LeaksSwitchEntry {
        @BeforeAll
        static void check() {
            armed();
        }

        @Test
        void leak() {
            Fixtures.leakedSwitch = new SocketSwitch();
            assertTrue(Fixtures.leakedSwitch.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP) >= 0);
        }
    }

    static class LeaksThread {
        @BeforeAll
        static void check() {
            armed();
        }

        @Test
        void leak() {
            CountDownLatch l = Fixtures.release;
            Thread.ofVirtual().name("netdial-leaky-racer").start(() -> {
                try {
                    l.await();
                } catch (InterruptedException ignored) {
                    // exit
                }
            });
        }
    }

    static class Clean {
        @BeforeAll
        static void check() {
            armed();
        }

        @Test
        void noLeak() throws Exception {
            int fd = SocketCalls.system().socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
            assertTrue(fd >= 0);
            Thread t = Thread.ofPlatform().name("netdial-short-lived").start(() -> { });
            t.join();
            // Closed late, on another thread, within the grace period.
            Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ignored) {
                    // close anyway
                }
                SocketCalls.system().close(fd);
            });
        }
    }

    @LeakGateExempt(reason = "fixture: shows the opt-out works")
    static class ExemptLeaksSocket {
        @BeforeAll
        static void check() {
            armed();
        }

        @Test
        void leak() {
            Fixtures.leakedFd = SocketCalls.system().socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
            assertTrue(Fixtures.leakedFd >= 0);
        }
    }

    /** Runs one fixture class with the gates armed and a short grace period; returns the summary. */
    private static TestExecutionSummary run(Class<?> fixture) {
        String oldGrace = System.getProperty(LeakGates.GRACE_PROPERTY);
        System.setProperty(ARMED, "true");
        System.setProperty(LeakGates.GRACE_PROPERTY, "400");
        try {
            LauncherDiscoveryRequest req = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(fixture))
                    .build();
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(req, listener);
            return listener.getSummary();
        } finally {
            System.clearProperty(ARMED);
            if (oldGrace == null) {
                System.clearProperty(LeakGates.GRACE_PROPERTY);
            } else {
                System.setProperty(LeakGates.GRACE_PROPERTY, oldGrace);
            }
        }
    }

    private static String failures(TestExecutionSummary s) {
        return s.getFailures().stream()
                .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException().getMessage())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void testLeakedSocketFailsTheClass() {
        try {
            TestExecutionSummary s = run(LeaksSocket.class);
            assertEquals(1, s.getTestsSucceededCount(), "the test itself passed");
            String f = failures(s);
            assertEquals(1, s.getTotalFailureCount(), f);
            assertTrue(f.contains("fd leak gate") && f.contains("LeaksSocket") && f.contains("1 more socket")
                    && f.contains("fd " + Fixtures.leakedFd + " -> socket:["), f);
        } finally {
            SocketCalls.system().close(Fixtures.leakedFd);
        }
    }

    @Test
    void testLeakedSwitchEntryFailsTheClass() {
        try {
            String f = failures(run(LeaksSwitchEntry.class));
            assertTrue(f.contains("fd leak gate") && f.contains("SocketSwitch@") && f.contains("still holds 1 socket"), f);
        } finally {
            Fixtures.leakedSwitch.closeAll();
        }
    }

    @Test
    void testLeakedThreadFailsTheClass() {
        Fixtures.release = new CountDownLatch(1);
        try {
            String f = failures(run(LeaksThread.class));
            assertTrue(f.contains("thread leak gate") && f.contains("netdial-leaky-racer") && f.contains("virtual"), f);
        } finally {
            Fixtures.release.countDown();
        }
    }

    @Test
    void testCleanClassPasses() {
        TestExecutionSummary s = run(Clean.class);
        assertEquals(0, s.getTotalFailureCount(), failures(s));
        assertEquals(1, s.getTestsSucceededCount());
    }

    @Test
    void testExemptClassPasses() {
        try {
            TestExecutionSummary s = run(ExemptLeaksSocket.class);
            assertEquals(0, s.getTotalFailureCount(), failures(s));
            assertEquals(1, s.getTestsSucceededCount());
        } finally {
            SocketCalls.system().close(Fixtures.leakedFd);
        }
    }

    @Test
    void testFixturesAreInert() {
        // Run directly (as a stray discovery would), a fixture is skipped and leaks nothing.
        List<Class<?>> all = List.of(LeaksSocket.class, LeaksSwitchEntry.class, LeaksThread.class);
        for (Class<?> c : all) {
            LauncherDiscoveryRequest req = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(c)).build();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(req, listener);
            assertEquals(0, listener.getSummary().getTestsSucceededCount(), c.getName());
            assertEquals(0, listener.getSummary().getTotalFailureCount(), c.getName() + ": " + failures(listener.getSummary()));
        }
    }
}
