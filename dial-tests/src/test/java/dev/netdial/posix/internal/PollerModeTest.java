package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A virtual thread parked in the poller wakes at once for data, close, a deadline (set before or
 * changed while parked), a Context cancel (its write-deadline expiry) and Thread.interrupt, under
 * both poller modes and both ways of arming (each test makes a private poller in the case: {@link
 * PollerCase}), and nothing spins while 1,000
 * connections sit idle.
 *
 * <p>Go: {@code src/net/timeout_test.go} ({@code TestReadTimeout}, {@code TestVariousDeadlines}),
 * {@code src/net/net_test.go} ({@code TestCloseUnblocksRead}), {@code src/runtime/netpoll.go}
 * (the wake-ups under test). Thread.interrupt is Java's own.
 */
class PollerModeTest {
    /** How long a wake-up may take here (loose, as Go's; it only proves the wait ended). */
    private static final long WAKE_BOUND_MS = 2_000;

    private interface Body {
        void run(EpollPoller poller, PollFD a, PollFD b) throws Exception;
    }

    private static void withPair(PollerCase c, Body body) throws Exception {
        EpollPoller poller = c.newPoller("netdial-poller-test-");
        try {
            PollFD[] p = PollerPair.open(poller);
            try {
                body.run(poller, p[0], p[1]);
            } finally {
                PollerPair.closeAll(p);
            }
        } finally {
            poller.shutdown();
        }
    }


    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            Object v = f.get(WAKE_BOUND_MS, TimeUnit.MILLISECONDS);
            throw new AssertionError("expected an error, got " + v);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    /** Lets the virtual thread reach its park (a wake-up before it would prove nothing). */
    private static void settle() throws InterruptedException {
        Thread.sleep(50);
    }

    @ParameterizedTest
    @MethodSource("dev.netdial.posix.internal.PollerCase#all")
    void testDataWakesParkedReader(PollerCase c) throws Exception {
        withPair(c, (poller, a, b) -> {
            for (int round = 0; round < 20; round++) {
                byte[] got = new byte[3];
                CompletableFuture<Integer> r = PollerPair.virtual(() -> b.read(got, 0, got.length));
                if (round % 5 == 0) {
                    settle();
                }
                byte[] msg = {(byte) round, 2, 3};
                a.write(msg, 0, msg.length);
                assertEquals(3, r.get(WAKE_BOUND_MS, TimeUnit.MILLISECONDS));
                assertArrayEquals(msg, got);
            }
            // The wake-ups came through the mode under test.
            if (c.mode() == EpollPoller.Mode.CARRIER) {
                assertTrue(poller.subPolls() > 0, "no sub-poller polled");
            } else {
                assertTrue(poller.masterWakeups() > 0, "the poller thread never woke");
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dev.netdial.posix.internal.PollerCase#all")
    void testCloseWakesParkedReader(PollerCase c) throws Exception {
        withPair(c, (poller, a, b) -> {
            CompletableFuture<Integer> r = PollerPair.virtual(() -> b.read(new byte[8], 0, 8));
            settle();
            b.close();
            assertEquals("use of closed network connection", failure(r).getMessage());
        });
    }

    @ParameterizedTest
    @MethodSource("dev.netdial.posix.internal.PollerCase#all")
    void testDeadlineEndsParkedRead(PollerCase c) throws Exception {
        withPair(c, (poller, a, b) -> {
            b.setDeadline(Instant.now().plusMillis(100), true, false);
            long t0 = System.nanoTime();
            CompletableFuture<Integer> r = PollerPair.virtual(() -> b.read(new byte[8], 0, 8));
            assertEquals("i/o timeout", failure(r).getMessage());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 90, "returned after " + ms + " ms, before its deadline");
        });
    }

    @ParameterizedTest
    @MethodSource("dev.netdial.posix.internal.PollerCase#all")
    void testDeadlineChangedWhileParked(PollerCase c) throws Exception {
        withPair(c, (poller, a, b) -> {
            b.setDeadline(Instant.now().plusSeconds(3600), true, false);
            CompletableFuture<Integer> r = PollerPair.virtual(() -> b.read(new byte[8], 0, 8));
            settle();
            b.setDeadline(Instant.now().minusSeconds(1), true, false); // in the past: at once
            assertEquals("i/o timeout", failure(r).getMessage());
        });
    }

    /** Context cancel of a dial expires the write deadline (NetFD.connect); a parked writer wakes. */
    @ParameterizedTest
    @MethodSource("dev.netdial.posix.internal.PollerCase#all")
    void testCancelWakesParkedWriter(PollerCase c) throws Exception {
        withPair(c, (poller, a, b) -> {
            byte[] big = new byte[64 << 20]; // more than both socket buffers: the writer parks
            CompletableFuture<Integer> w = PollerPair.virtual(() -> a.write(big, 0, big.length));
            Thread.sleep(200);
            assertTrue(!w.isDone(), "the writer should be parked on a full buffer");
            a.expireWriteDeadline();
            assertEquals("i/o timeout", failure(w).getMessage());
        });
    }

    @ParameterizedTest
    @MethodSource("dev.netdial.posix.internal.PollerCase#all")
    void testInterruptWakesParkedReader(PollerCase c) throws Exception {
        withPair(c, (poller, a, b) -> {
            CompletableFuture<Thread> who = new CompletableFuture<>();
            CompletableFuture<Integer> r = PollerPair.virtual(() -> {
                who.complete(Thread.currentThread());
                return b.read(new byte[8], 0, 8);
            });
            Thread t = who.get(WAKE_BOUND_MS, TimeUnit.MILLISECONDS);
            settle();
            t.interrupt();
            assertEquals("operation was canceled", failure(r).getMessage());
        });
    }

    /**
     * With 1,000 connections open and a virtual thread parked on each, the poller's threads do
     * not wake: the master's loop count and the sub-pollers' poll count stay put over half a
     * second (a couple of wake-ups are allowed for the last arrivals settling).
     */
    @ParameterizedTest
    @MethodSource("dev.netdial.posix.internal.PollerCase#all")
    void testIdleConnectionsWakeNothing(PollerCase c) throws Exception {
        EpollPoller poller = c.newPoller("netdial-poller-idle-");
        List<PollFD> fds = new ArrayList<>();
        List<CompletableFuture<Integer>> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                PollFD[] p = PollerPair.open(poller);
                fds.add(p[0]);
                fds.add(p[1]);
            }
            for (PollFD f : fds) {
                readers.add(PollerPair.virtual(() -> f.read(new byte[1], 0, 1)));
            }
            Thread.sleep(300);
            long m0 = poller.masterWakeups();
            long s0 = poller.subPolls();
            Thread.sleep(500);
            long dm = poller.masterWakeups() - m0;
            long ds = poller.subPolls() - s0;
            assertTrue(dm <= 2 && ds <= 2, "idle poller woke: master " + dm + ", sub-pollers " + ds + " in 500 ms");
            for (CompletableFuture<Integer> r : readers) {
                assertTrue(!r.isDone(), "an idle reader returned");
            }
        } finally {
            PollerPair.closeAll(fds.toArray(new PollFD[0]));
            for (CompletableFuture<Integer> r : readers) {
                try {
                    r.get(WAKE_BOUND_MS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertEquals("use of closed network connection", e.getCause().getMessage());
                }
            }
            poller.shutdown();
        }
    }
}
