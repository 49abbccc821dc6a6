package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How the poller arms an fd ({@link PollDesc#fired}): an fd whose events keep finding nobody
 * waiting leaves edge-triggered registration for one-shot arming per wait, and a parked reader
 * still wakes for data, and for close, after the switch. Both poller modes, the library's
 * threshold. (That a ping-pong keeps its fds edge-triggered shows in {@code bench/io.sh pingpong}:
 * the kernel also reports write-space edges nobody waits for, a few in a hundred events here,
 * so a test could not promise it.)
 *
 * <p>netdial's own (Go's fds stay edge-triggered); the readiness it keeps is Go's
 * {@code src/runtime/netpoll.go} {@code netpollready}.
 */
class PollerArmingTest {
    private static final long WAKE_BOUND_MS = 2_000;

    private static <T> CompletableFuture<T> virtual(java.util.concurrent.Callable<T> r) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(r.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    @ParameterizedTest
    @EnumSource(EpollPoller.Mode.class)
    void testWastedEventsSwitchToOneShot(EpollPoller.Mode mode) throws Exception {
        EpollPoller poller = new EpollPoller("netdial-poller-arming-" + mode, mode);
        PollFD[] p = PollerPair.open(poller);
        PollFD a = p[0];
        PollFD b = p[1];
        try {
            // One wait joins b to epoll, edge-triggered.
            CompletableFuture<Integer> first = virtual(() -> b.read(new byte[1], 0, 1));
            Thread.sleep(50);
            a.write(new byte[] {1}, 0, 1);
            assertEquals(1, first.get(WAKE_BOUND_MS, TimeUnit.MILLISECONDS));
            assertFalse(b.pollDesc().isOneShot(), "one-shot before any wasted event");

            // Bytes nobody waits for: each is an edge the poller posts to no one.
            int sent = 0;
            long end = System.nanoTime() + 5_000_000_000L;
            while (!b.pollDesc().isOneShot() && System.nanoTime() - end < 0) {
                a.write(new byte[] {(byte) sent}, 0, 1);
                sent++;
                Thread.sleep(2);
            }
            assertTrue(b.pollDesc().isOneShot(), "still edge-triggered after " + sent + " unread writes");
            assertTrue(sent >= PollDesc.ONE_SHOT_AFTER / PollDesc.IDLE_WEIGHT,
                    "switched after " + sent + " wasted events");

            // Drain what was sent, then a parked reader must still wake for each new message.
            byte[] drain = new byte[sent];
            int got = 0;
            while (got < sent) {
                got += b.read(drain, got, sent - got);
            }
            for (int round = 0; round < 20; round++) {
                byte[] buf = new byte[3];
                CompletableFuture<Integer> r = virtual(() -> b.read(buf, 0, buf.length));
                if (round % 4 == 0) {
                    Thread.sleep(20);
                }
                byte[] msg = {(byte) round, 7, 9};
                a.write(msg, 0, msg.length);
                assertEquals(3, r.get(WAKE_BOUND_MS, TimeUnit.MILLISECONDS));
                assertArrayEquals(msg, buf);
            }
            // And close still wakes a parked one-shot reader.
            CompletableFuture<Integer> parked = virtual(() -> b.read(new byte[1], 0, 1));
            Thread.sleep(50);
            b.close();
            try {
                parked.get(WAKE_BOUND_MS, TimeUnit.MILLISECONDS);
                throw new AssertionError("the read returned after close");
            } catch (java.util.concurrent.ExecutionException e) {
                assertEquals("use of closed network connection", e.getCause().getMessage());
            }
        } finally {
            PollerPair.closeAll(p);
            poller.shutdown();
        }
    }
}
