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
 * still wakes for data, and for close, after the switch; write readiness stays out of an
 * edge-triggered fd's mask through a ping-pong over TCP and over UDP (where every datagram the
 * peer takes is a write-space edge on the sender) and joins it when a writer waits on a full
 * buffer. Both poller modes, the library's threshold. (Whether a ping-pong's fds stay
 * edge-triggered depends on scheduling: on two CPUs 5-15 % of its events find the reader not
 * yet waiting; {@code bench/io.sh pingpong} shows the one-CPU case.)
 *
 * <p>netdial's own (Go's fds stay edge-triggered); the readiness it keeps is Go's
 * {@code src/runtime/netpoll.go} {@code netpollready}.
 */
class PollerArmingTest {
    private static final long WAKE_BOUND_MS = 2_000;


    @ParameterizedTest
    @EnumSource(EpollPoller.Mode.class)
    void testWastedEventsSwitchToOneShot(EpollPoller.Mode mode) throws Exception {
        EpollPoller poller = new EpollPoller("netdial-poller-arming-" + mode, mode);
        PollFD[] p = PollerPair.open(poller);
        PollFD a = p[0];
        PollFD b = p[1];
        try {
            // One wait joins b to epoll, edge-triggered.
            joinByAWait(a, b);
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
                CompletableFuture<Integer> r = PollerPair.virtual(() -> b.read(buf, 0, buf.length));
                if (round % 4 == 0) {
                    Thread.sleep(20);
                }
                byte[] msg = {(byte) round, 7, 9};
                a.write(msg, 0, msg.length);
                assertEquals(3, r.get(WAKE_BOUND_MS, TimeUnit.MILLISECONDS));
                assertArrayEquals(msg, buf);
            }
            // And close still wakes a parked one-shot reader.
            CompletableFuture<Integer> parked = PollerPair.virtual(() -> b.read(new byte[1], 0, 1));
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

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"CARRIER, tcp", "CARRIER, udp", "THREAD, tcp", "THREAD, udp"})
    void testPingPongLeavesWriteReadinessOut(EpollPoller.Mode mode, String net) throws Exception {
        EpollPoller poller = new EpollPoller("netdial-poller-pingpong-" + mode, mode);
        PollFD[] p = net.equals("tcp") ? PollerPair.open(poller) : udpPair(poller);
        try {
            pingPong(p[0], p[1], 2_000);
            // No writer waited, so no write-space edge could reach the poller.
            assertFalse(p[0].pollDesc().watchesWrite(), "the client's fd watches write readiness");
            assertFalse(p[1].pollDesc().watchesWrite(), "the server's fd watches write readiness");
        } finally {
            PollerPair.closeAll(p);
            poller.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(EpollPoller.Mode.class)
    void testWaitingWriterAddsWriteReadiness(EpollPoller.Mode mode) throws Exception {
        EpollPoller poller = new EpollPoller("netdial-poller-writer-" + mode, mode);
        PollFD[] p = PollerPair.open(poller);
        PollFD a = p[0];
        PollFD b = p[1];
        try {
            joinByAWait(a, b);
            assertFalse(b.pollDesc().watchesWrite(), "write readiness watched before any writer waited");

            byte[] big = new byte[32 << 20]; // more than both socket buffers: the writer waits
            CompletableFuture<Integer> w = PollerPair.virtual(() -> b.write(big, 0, big.length));
            Thread.sleep(100);
            assertFalse(w.isDone(), "the writer should be waiting on a full buffer");
            byte[] sink = new byte[1 << 16];
            long got = 0;
            while (got < big.length) {
                got += a.read(sink, 0, sink.length);
            }
            assertEquals(big.length, w.get(WAKE_BOUND_MS, TimeUnit.MILLISECONDS));
            assertTrue(b.pollDesc().watchesWrite() || b.pollDesc().isOneShot(),
                    "the waiting writer did not add write readiness");
        } finally {
            PollerPair.closeAll(p);
            poller.shutdown();
        }
    }

    /**
     * A virtual thread reads one byte on {@code b} and is seen parked (so {@code b} joined the
     * poller) before {@code a} sends it.
     */
    private static void joinByAWait(PollFD a, PollFD b) throws Exception {
        CompletableFuture<Thread> who = new CompletableFuture<>();
        CompletableFuture<Integer> first = PollerPair.virtual(() -> {
            who.complete(Thread.currentThread());
            return b.read(new byte[1], 0, 1);
        });
        Thread t = who.get(WAKE_BOUND_MS, TimeUnit.MILLISECONDS);
        long end = System.nanoTime() + WAKE_BOUND_MS * 1_000_000L;
        while (t.getState() != Thread.State.WAITING && System.nanoTime() - end < 0) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.WAITING, t.getState(), "the first reader never parked");
        a.write(new byte[] {1}, 0, 1);
        assertEquals(1, first.get(WAKE_BOUND_MS, TimeUnit.MILLISECONDS));
    }

    /** {@code rounds} 1-byte round trips between two virtual threads, every byte checked. */
    private static void pingPong(PollFD a, PollFD b, int rounds) throws Exception {
        CompletableFuture<Integer> echo = PollerPair.virtual(() -> {
            byte[] one = new byte[1];
            for (int i = 0; i < rounds; i++) {
                if (b.read(one, 0, 1) != 1) {
                    throw new AssertionError("short read");
                }
                b.write(one, 0, 1);
            }
            return rounds;
        });
        CompletableFuture<Integer> client = PollerPair.virtual(() -> {
            byte[] one = new byte[1];
            for (int i = 0; i < rounds; i++) {
                one[0] = (byte) i;
                a.write(one, 0, 1);
                if (a.read(one, 0, 1) != 1 || one[0] != (byte) i) {
                    throw new AssertionError("round " + i + ": wrong echo");
                }
            }
            return rounds;
        });
        assertEquals(rounds, client.get(30, TimeUnit.SECONDS));
        assertEquals(rounds, echo.get(30, TimeUnit.SECONDS));
    }

    /** Two connected UDP sockets on 127.0.0.1 whose waits go through {@code poller}. */
    private static PollFD[] udpPair(EpollPoller poller) throws java.io.IOException {
        int flags = Constants.SOCK_DGRAM | Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC;
        int[] fds = {LibC.socket(Constants.AF_INET, flags, 0), LibC.socket(Constants.AF_INET, flags, 0)};
        try {
            for (int fd : fds) {
                assertTrue(fd >= 0, "socket: errno " + -fd);
                assertEquals(0, LibC.bind(fd, new SockaddrInet4(new byte[] {127, 0, 0, 1}, 0)), "bind");
            }
            assertEquals(0, LibC.connect(fds[0], LibC.getsockname(fds[1])), "connect");
            assertEquals(0, LibC.connect(fds[1], LibC.getsockname(fds[0])), "connect");
            PollFD a = new PollFD(fds[0], SocketCalls.system(), Constants.SOCK_DGRAM);
            a.init(poller);
            PollFD b = new PollFD(fds[1], SocketCalls.system(), Constants.SOCK_DGRAM);
            b.init(poller);
            fds[0] = -1;
            fds[1] = -1;
            return new PollFD[] {a, b};
        } finally {
            for (int fd : fds) {
                if (fd >= 0) {
                    LibC.close(fd);
                }
            }
        }
    }
}
