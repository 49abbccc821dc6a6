package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netdial.api.Addr;
import dev.netdial.api.CanceledError;
import dev.netdial.api.Errno;
import dev.netdial.api.Errors;
import dev.netdial.api.NetClosingError;
import dev.netdial.api.OpError;
import dev.netdial.api.SyscallError;
import dev.netdial.api.TCPAddr;
import dev.netdial.testing.GoErrors;
import dev.netdial.testing.Loopback;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Close semantics of network fds at the {@link NetFD} level: what a closed connection or
 * listener answers, how a close (local or by the peer) and a thread interrupt end blocked
 * reads, writes and accepts, on platform and on virtual threads.
 *
 * <p>Errors are checked with {@link GoErrors} after wrapping them in the {@link OpError} Go's
 * {@code conn}/{@code TCPListener} methods would add ({@code src/net/net.go}), since at this
 * level they are still bare.
 *
 * <p>Go: {@code src/net/net_test.go}. {@code -Dnetdial.short=true} trims
 * {@link #testAsyncCloseRace} as Go's {@code testing.Short()} would.
 */
class NetTest {

    /** How long a local close may take to end a blocked call (docs/TESTING.md §5). */
    static final Duration LOCAL_CLOSE_LIMIT = Duration.ofMillis(100);
    /** How long a blocked read may take to see the peer's close (docs/TESTING.md §5). */
    static final Duration PEER_CLOSE_LIMIT = Duration.ofSeconds(1);
    /** How long an interrupted call may take to return (platform waiters look every 50 ms). */
    static final Duration INTERRUPT_LIMIT = Duration.ofSeconds(1);
    /** How long any one helper waits before declaring a hang. */
    static final Duration HANG = Duration.ofSeconds(10);

    static final boolean SHORT = Boolean.getBoolean("netdial.short");


    // ---- tests ----

    /**
     * After close, read and write fail with "use of closed network connection", a second close
     * fails the same way (Go's close is not idempotent: it reports {@code ErrClosed}), and the
     * fd number is really released.
     *
     * <p>Go: {@code src/net/net_test.go} {@code TestConnClose}.
     */
    @Test
    void testConnClose() throws Exception {
        NetFD[] p = Loopback.pair();
        try {
            NetFD c = p[0];
            int sysfd = c.pfd().sysfd;
            String target = PosixTest.fdTarget(sysfd);
            assertNotNull(target, "fd " + sysfd + " is open before close");

            c.close();
            assertNotEquals(target, PosixTest.fdTarget(sysfd), "close returned but fd " + sysfd + " still is " + target);

            IOException re = assertThrows(IOException.class, () -> c.read(new byte[1], 0, 1), "read after close");
            assertClosed(re, "read after close");
            GoErrors.checkRead(readError(c, re));

            IOException we = assertThrows(IOException.class, () -> c.write(new byte[1], 0, 1), "write after close");
            assertClosed(we, "write after close");
            GoErrors.checkWrite(writeError(c, we));

            IOException ce = assertThrows(IOException.class, c::close, "second close");
            assertClosed(ce, "second close");
            GoErrors.checkClose(closeError(c, ce));
            IOException ce3 = assertThrows(IOException.class, c::close, "third close");
            assertClosed(ce3, "third close");
        } finally {
            closeAll(p);
        }
    }

    /**
     * After {@code closeRead} (shutdown SHUT_RD) a read returns end of stream at once.
     *
     * <p>Go: {@code src/net/net_test.go} {@code TestCloseRead}.
     */
    @Test
    void testCloseRead() throws Exception {
        NetFD[] p = Loopback.pair();
        try {
            p[0].closeRead();
            Call<Integer> r = call(Kind.PLATFORM, "nettest-closeread", () -> p[0].read(new byte[1], 0, 1));
            assertEquals(-1, r.get(), "read after closeRead");
        } finally {
            closeAll(p);
        }
    }

    /**
     * After {@code closeWrite} (shutdown SHUT_WR) the peer reads end of stream, and a write
     * fails with EPIPE.
     *
     * <p>Go: {@code src/net/net_test.go} {@code TestCloseWrite}.
     */
    @Test
    void testCloseWrite() throws Exception {
        NetFD[] p = Loopback.pair();
        try {
            NetFD c = p[0];
            NetFD s = p[1];
            c.closeWrite();
            Call<Integer> r = call(Kind.PLATFORM, "nettest-closewrite", () -> s.read(new byte[1], 0, 1));
            assertEquals(-1, r.get(), "peer's read after closeWrite");
            IOException e = assertThrows(IOException.class, () -> c.write(new byte[1], 0, 1), "write after closeWrite");
            SyscallError se = assertInstanceOf(SyscallError.class, e, "write after closeWrite");
            assertEquals(Errno.EPIPE, se.errno(), se.getMessage());
            assertEquals("write: broken pipe", se.getMessage());
            GoErrors.checkWrite(writeError(c, e));
        } finally {
            closeAll(p);
        }
    }

    /**
     * After a listener closes, accept fails with "use of closed network connection", a second
     * close fails the same way, and a dial to its port is refused ("connect: connection
     * refused"), for IPv4 and IPv6.
     *
     * <p>Go: {@code src/net/net_test.go} {@code TestListenerClose}.
     * <p>Differs: Go no longer checks the dial (a port may be reused at once); here the port is
     * one the kernel just chose, and nothing else in this class listens meanwhile.
     */
    @Test
    void testListenerClose() throws Exception {
        for (InetAddress ip : loopbacks()) {
            NetFD ln = Loopback.listen(ip);
            TCPAddr addr = (TCPAddr) ln.localAddr();
            ln.close();

            IOException ae = assertThrows(IOException.class, () -> ln.accept(), "accept after close");
            assertClosed(ae, "accept after close on " + addr);
            GoErrors.checkAccept(acceptError(ln, ae));

            IOException ce = assertThrows(IOException.class, ln::close, "second close of " + addr);
            assertClosed(ce, "second listener close");
            GoErrors.checkClose(new OpError("close", ln.net(), null, ln.localAddr(), ce));

            IOException de = assertThrows(IOException.class, () -> {
                NetFD c = Loopback.dial(addr);
                c.close(); // only reached when the dial wrongly succeeded
            }, "dial to closed listener " + addr);
            SyscallError se = assertInstanceOf(SyscallError.class, de, "dial to closed listener " + addr);
            assertEquals(Errno.ECONNREFUSED, se.errno(), se.getMessage());
            OpError op = new OpError("dial", "tcp", null, addr, de);
            assertEquals("dial tcp " + addr + ": connect: connection refused", op.getMessage());
            GoErrors.checkDial(op);
        }
    }

    /**
     * A blocked read ends: with end of stream (-1) within {@link #PEER_CLOSE_LIMIT} when the
     * peer closes (Go's test), and with "use of closed network connection" within
     * {@link #LOCAL_CLOSE_LIMIT} when the reading fd itself is closed; on platform and virtual
     * threads.
     *
     * <p>Go: {@code src/net/net_test.go} {@code TestCloseUnblocksRead} (issue 17695: the peer
     * closes); the local close is the JDK's {@code AsyncCloseAndInterrupt} case.
     */
    @Test
    void testCloseUnblocksRead() throws Exception {
        Map<String, Long> measured = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            // The peer closes.
            NetFD[] p = Loopback.pair();
            try {
                Call<Integer> r = call(kind, "nettest-peerclose-" + kind, () -> p[0].read(new byte[1], 0, 1));
                awaitBlockedInPoll(r.thread);
                long t0 = System.nanoTime();
                p[1].close();
                assertEquals(-1, r.get(), kind + ": read after the peer closed");
                long ms = r.millisSince(t0);
                measured.put(kind + " peer close -> EOF", ms);
                assertTrue(ms <= PEER_CLOSE_LIMIT.toMillis(), kind + ": EOF came " + ms + " ms after the peer's close");
            } finally {
                closeAll(p);
            }
            // The reader's own fd is closed.
            NetFD[] q = Loopback.pair();
            try {
                Call<Integer> r = call(kind, "nettest-localclose-r-" + kind, () -> q[0].read(new byte[1], 0, 1));
                awaitBlockedInPoll(r.thread);
                long t0 = System.nanoTime();
                q[0].close();
                Throwable e = r.failure();
                long ms = r.millisSince(t0);
                measured.put(kind + " local close -> read error", ms);
                assertClosed(e, kind + ": blocked read after local close");
                GoErrors.checkRead(readError(q[0], e));
                assertTrue(ms <= LOCAL_CLOSE_LIMIT.toMillis(), kind + ": read returned " + ms + " ms after close");
            } finally {
                closeAll(q);
            }
        }
        System.out.println("testCloseUnblocksRead: " + measured + " (ms)");
    }

    /**
     * Closing an fd ends a write blocked on a full socket buffer within
     * {@link #LOCAL_CLOSE_LIMIT}, with "use of closed network connection"; on platform and
     * virtual threads.
     *
     * <p>Go: {@code src/net/net_test.go} {@code TestCloseUnblocksRead} (the same for writes);
     * JDK {@code AsyncCloseAndInterrupt}.
     */
    @Test
    void testCloseUnblocksWrite() throws Exception {
        Map<String, Long> measured = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            NetFD[] p = Loopback.pair();
            try {
                shrinkBuffers(p);
                Writer w = startWriter(kind, p[0], (byte) 0);
                awaitBlockedInPoll(w.call.thread);
                long t0 = System.nanoTime();
                p[0].close();
                Throwable e = w.call.failure();
                long ms = w.call.millisSince(t0);
                measured.put(kind + " (after " + w.written() + " whole chunks)", ms);
                assertClosed(e, kind + ": blocked write after local close");
                GoErrors.checkWrite(writeError(p[0], e));
                assertTrue(ms <= LOCAL_CLOSE_LIMIT.toMillis(), kind + ": write returned " + ms + " ms after close");
            } finally {
                closeAll(p);
            }
        }
        System.out.println("testCloseUnblocksWrite: " + measured + " (ms)");
    }

    /**
     * Closing a listener ends a blocked accept within {@link #LOCAL_CLOSE_LIMIT}, with "use of
     * closed network connection"; on platform and virtual threads.
     *
     * <p>Go: {@code src/net/net_test.go} {@code TestCloseUnblocksRead} (the same for accept),
     * {@code TestListenerClose}.
     */
    @Test
    void testCloseUnblocksAccept() throws Exception {
        Map<String, Long> measured = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            NetFD ln = Loopback.listen(Loopback.V4);
            Call<NetFD> a = null;
            try {
                a = call(kind, "nettest-closeaccept-" + kind, () -> ln.accept());
                awaitBlockedInPoll(a.thread);
                long t0 = System.nanoTime();
                ln.close();
                Throwable e = a.failure();
                long ms = a.millisSince(t0);
                measured.put(kind.toString(), ms);
                assertClosed(e, kind + ": blocked accept after close");
                GoErrors.checkAccept(acceptError(ln, e));
                assertTrue(ms <= LOCAL_CLOSE_LIMIT.toMillis(), kind + ": accept returned " + ms + " ms after close");
            } finally {
                closeAll(ln);
                closeAccepted(a);
            }
        }
        System.out.println("testCloseUnblocksAccept: " + measured + " (ms)");
    }

    /**
     * 100 threads read one fd at once (one waits for data, the rest queue for its read lock),
     * then another thread closes it: every one of them ends with "use of closed network
     * connection" (end of stream would be wrong: the peer is still open), the fd number is
     * released, and nothing leaks. 100 rounds (10 short), alternating platform and virtual
     * threads, closing both after all have blocked and while they are still arriving.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex.go} (readers serialize on the read lock; close
     * evicts them); JDK {@code java/net/Socket/asyncClose/Race.java}.
     */
    @Test
    void testAsyncCloseRace() throws Exception {
        int rounds = SHORT ? 10 : 100;
        int n = 100;
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            Kind kind = round % 2 == 0 ? Kind.PLATFORM : Kind.VIRTUAL;
            boolean waitForAll = round % 4 < 2;
            NetFD[] p = Loopback.pair();
            NetFD c = p[0];
            List<Call<Integer>> readers = new ArrayList<>(n);
            try {
                int sysfd = c.pfd().sysfd;
                String target = PosixTest.fdTarget(sysfd);
                CountDownLatch started = new CountDownLatch(n);
                for (int i = 0; i < n; i++) {
                    readers.add(call(kind, "nettest-race-" + round + "-" + i, () -> {
                        started.countDown();
                        return c.read(new byte[1], 0, 1);
                    }));
                }
                assertTrue(started.await(HANG.toSeconds(), TimeUnit.SECONDS), "round " + round + ": readers did not start");
                if (waitForAll) {
                    awaitWaiting(readers, n - 1); // n-1 queued on the lock (or parked), 1 in poll(2) or parked
                }
                c.close();
                assertNotEquals(target, PosixTest.fdTarget(sysfd), "round " + round + ": fd " + sysfd + " still open after close");
                for (int i = 0; i < n; i++) {
                    Call<Integer> r = readers.get(i);
                    String key;
                    try {
                        Integer v = r.result.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
                        key = "returned " + v;
                    } catch (ExecutionException ee) {
                        Throwable e = ee.getCause();
                        key = e.getClass().getSimpleName() + ": " + e.getMessage();
                        if (e instanceof NetClosingError) {
                            GoErrors.checkRead(readError(c, e));
                        }
                    } catch (TimeoutException te) {
                        key = "hung";
                        wrong.add("round " + round + " " + kind + " reader " + i + " hung:\n" + stack(r.thread));
                    }
                    outcomes.merge(key, 1, Integer::sum);
                    if (!key.startsWith("NetClosingError") && !key.equals("hung")) {
                        wrong.add("round " + round + " " + kind + " reader " + i + ": " + key);
                    }
                }
            } finally {
                closeAll(p);
                for (Call<Integer> r : readers) {
                    r.thread.join(HANG.toMillis());
                }
            }
            if (wrong.size() > 20) {
                break;
            }
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String summary = rounds + " rounds x " + n + " readers in " + ms + " ms: " + outcomes;
        System.out.println("testAsyncCloseRace: " + summary);
        assertTrue(wrong.isEmpty(), summary + "\n" + String.join("\n", wrong.subList(0, Math.min(20, wrong.size()))));
        assertEquals(Map.of("NetClosingError: " + Errors.NET_CLOSING, rounds * n), outcomes, summary);
    }

    /**
     * Interrupting a thread blocked in read makes the read throw "operation was canceled" with
     * the thread's interrupt status still set; the fd stays open and usable: a new read by
     * another thread gets what the peer writes next. Platform and virtual threads.
     *
     * <p>No Go counterpart (goroutines cannot be interrupted); the JDK's
     * {@code AsyncCloseAndInterrupt} covers the same ground for its sockets (which it closes).
     */
    @Test
    void testInterruptBlockedRead() throws Exception {
        for (Kind kind : Kind.values()) {
            NetFD[] p = Loopback.pair();
            try {
                NetFD c = p[0];
                Call<Integer> r = call(kind, "nettest-intr-read-" + kind, () -> c.read(new byte[16], 0, 16));
                awaitBlockedInPoll(r.thread);
                long t0 = System.nanoTime();
                r.thread.interrupt();
                Throwable e = r.failure();
                long ms = r.millisSince(t0);
                assertCanceled(e, kind + ": interrupted read");
                assertCanceledShape(readError(c, e), "read");
                assertTrue(r.interruptedAtEnd, kind + ": the reader's interrupt status was cleared");
                assertTrue(ms <= INTERRUPT_LIMIT.toMillis(), kind + ": read returned " + ms + " ms after the interrupt");
                assertFalse(c.pfd().isClosing(), kind + ": the interrupt closed the fd");

                byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
                Call<byte[]> again = call(kind, "nettest-intr-read-again-" + kind, () -> readFully(c, hello.length));
                awaitBlockedInPoll(again.thread);
                p[1].write(hello, 0, hello.length);
                assertArrayEquals(hello, again.get(), kind + ": the read after the interrupt");
            } finally {
                closeAll(p);
            }
        }
    }

    /**
     * Interrupting a thread blocked in write (full socket buffer) makes the write throw
     * "operation was canceled" with the interrupt status still set; the fd stays usable: once
     * the peer drains, a new write by another thread arrives intact. Platform and virtual threads.
     *
     * <p>No Go counterpart (goroutines cannot be interrupted).
     */
    @Test
    void testInterruptBlockedWrite() throws Exception {
        for (Kind kind : Kind.values()) {
            NetFD[] p = Loopback.pair();
            try {
                shrinkBuffers(p);
                NetFD c = p[0];
                Writer w = startWriter(kind, c, (byte) 0);
                awaitBlockedInPoll(w.call.thread);
                long t0 = System.nanoTime();
                w.call.thread.interrupt();
                Throwable e = w.call.failure();
                long ms = w.call.millisSince(t0);
                assertCanceled(e, kind + ": interrupted write");
                GoErrors.checkWrite(writeError(c, e));
                assertCanceledShape(writeError(c, e), "write");
                assertTrue(w.call.interruptedAtEnd, kind + ": the writer's interrupt status was cleared");
                assertTrue(ms <= INTERRUPT_LIMIT.toMillis(), kind + ": write returned " + ms + " ms after the interrupt");
                assertFalse(c.pfd().isClosing(), kind + ": the interrupt closed the fd");

                byte[] mark = "MARK".getBytes(StandardCharsets.US_ASCII);
                Call<Integer> again = call(kind, "nettest-intr-write-again-" + kind, () -> c.write(mark, 0, mark.length));
                // Drain the peer until the mark arrives (everything before it is the zero fill).
                p[1].setReadDeadline(Instant.now().plus(HANG));
                byte[] buf = new byte[64 * 1024];
                byte[] tail = new byte[mark.length];
                long total = 0;
                long nonZero = 0;
                for (;;) {
                    int n = p[1].read(buf, 0, buf.length);
                    assertTrue(n > 0, kind + ": peer saw end of stream before the mark");
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(tail, 1, tail, 0, tail.length - 1);
                        tail[tail.length - 1] = buf[i];
                        nonZero += buf[i] != 0 ? 1 : 0;
                    }
                    total += n;
                    if (Arrays.equals(tail, mark)) {
                        break;
                    }
                }
                // The zero fill (all of it, or cut where the interrupt came), then exactly the mark.
                assertEquals(mark.length, nonZero, kind + ": bytes other than the fill and the mark reached the peer");
                assertEquals(mark.length, again.get(), kind + ": the write after the interrupt");
                assertTrue(total >= w.written() + mark.length, kind + ": the peer got " + total + " bytes, the writer wrote "
                        + w.written() + " + the mark");
            } finally {
                closeAll(p);
            }
        }
    }

    /**
     * Interrupting a thread blocked in accept makes it throw "operation was canceled" with the
     * interrupt status still set; the listener stays usable: a new accept by another thread
     * takes the next connection. Platform and virtual threads.
     *
     * <p>No Go counterpart (goroutines cannot be interrupted).
     */
    @Test
    void testInterruptBlockedAccept() throws Exception {
        for (Kind kind : Kind.values()) {
            NetFD ln = Loopback.listen(Loopback.V4);
            Call<NetFD> a = null;
            Call<NetFD> again = null;
            NetFD c = null;
            try {
                a = call(kind, "nettest-intr-accept-" + kind, () -> ln.accept());
                awaitBlockedInPoll(a.thread);
                long t0 = System.nanoTime();
                a.thread.interrupt();
                Throwable e = a.failure();
                long ms = a.millisSince(t0);
                assertCanceled(e, kind + ": interrupted accept");
                assertCanceledShape(acceptError(ln, e), "accept");
                assertTrue(a.interruptedAtEnd, kind + ": the acceptor's interrupt status was cleared");
                assertTrue(ms <= INTERRUPT_LIMIT.toMillis(), kind + ": accept returned " + ms + " ms after the interrupt");

                again = call(kind, "nettest-intr-accept-again-" + kind, () -> ln.accept());
                awaitBlockedInPoll(again.thread);
                c = Loopback.dial((TCPAddr) ln.localAddr());
                NetFD s = again.get();
                assertEquals(c.localAddr(), s.remoteAddr(), kind + ": the accepted connection is the dialed one");
            } finally {
                closeAll(c, ln);
                closeAccepted(a);
                closeAccepted(again);
            }
        }
    }

    // ---- helpers (shared with FdReuseTest and TcpSockTest) ----

    /** Which kind of thread runs a blocking call. */
    enum Kind {
        PLATFORM, VIRTUAL;

        Thread start(String name, Runnable r) {
            return this == PLATFORM
                    ? Thread.ofPlatform().daemon(true).name(name).start(r)
                    : Thread.ofVirtual().name(name).start(r);
        }
    }

    @FunctionalInterface
    interface IOCallable<T> {
        T call() throws Exception;
    }

    /** A call running on its own thread: its outcome, when it ended, and its interrupt status then. */
    static final class Call<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        volatile long endNanos;
        volatile boolean interruptedAtEnd;
        Thread thread;

        /** The value, or the call's exception rethrown; fails after {@link #HANG}. */
        T get() throws Exception {
            try {
                return result.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception x) {
                    throw x;
                }
                throw e;
            } catch (TimeoutException e) {
                throw new AssertionError(thread + " did not return within " + HANG + ":\n" + stack(thread));
            }
        }

        /** The exception the call threw; fails if it returned or hung. */
        Throwable failure() throws InterruptedException {
            try {
                T v = result.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError(thread + " returned " + v + ", want an exception");
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                throw new AssertionError(thread + " did not return within " + HANG + ":\n" + stack(thread));
            }
        }

        long millisSince(long t0) {
            return TimeUnit.NANOSECONDS.toMillis(endNanos - t0);
        }
    }

    static <T> Call<T> call(Kind kind, String name, IOCallable<T> body) {
        Call<T> c = new Call<>();
        c.thread = kind.start(name, () -> {
            T v = null;
            Throwable err = null;
            try {
                v = body.call();
            } catch (Throwable e) {
                err = e;
            }
            c.endNanos = System.nanoTime();
            c.interruptedAtEnd = Thread.currentThread().isInterrupted();
            if (err != null) {
                c.result.completeExceptionally(err);
            } else {
                c.result.complete(v);
            }
        });
        return c;
    }

    /** Waits until {@code t} is inside the poller wait ({@code PollDesc.waitFor}/{@code waitPolling}). */
    static void awaitBlockedInPoll(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + HANG.toNanos();
        for (;;) {
            for (StackTraceElement f : t.getStackTrace()) {
                if (f.getClassName().equals(PollDesc.class.getName()) && f.getMethodName().startsWith("wait")) {
                    Thread.sleep(10); // let it settle into park/poll, as Go's tests sleep
                    return;
                }
            }
            if (!t.isAlive()) {
                fail(t + " ended before blocking in the poller");
            }
            if (System.nanoTime() - deadline > 0) {
                fail(t + " did not block in the poller within " + HANG + ":\n" + stack(t));
            }
            Thread.sleep(1);
        }
    }

    /** Waits until at least {@code atLeast} of the calls' threads are WAITING (parked or queued). */
    static void awaitWaiting(List<? extends Call<?>> calls, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + HANG.toNanos();
        for (;;) {
            int waiting = 0;
            for (Call<?> c : calls) {
                if (c.thread.getState() == Thread.State.WAITING) {
                    waiting++;
                }
            }
            if (waiting >= atLeast) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("only " + waiting + " of " + calls.size() + " threads are waiting, want " + atLeast);
            }
            Thread.sleep(1);
        }
    }

    static String stack(Thread t) {
        return Arrays.stream(t.getStackTrace()).map(f -> "    at " + f).collect(Collectors.joining("\n"));
    }

    /** A thread writing 64 KiB chunks of {@code fill} until its write fails. */
    static final class Writer {
        final Call<Void> call;
        private final long[] written;

        Writer(Call<Void> call, long[] written) {
            this.call = call;
            this.written = written;
        }

        long written() {
            synchronized (written) {
                return written[0];
            }
        }
    }

    static Writer startWriter(Kind kind, NetFD fd, byte fill) {
        long[] written = new long[1];
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, fill);
        Call<Void> c = call(kind, "nettest-writer-" + kind, () -> {
            for (;;) {
                fd.write(chunk, 0, chunk.length);
                synchronized (written) {
                    written[0] += chunk.length;
                }
            }
        });
        return new Writer(c, written);
    }

    /** Small send and receive buffers, so a writer whose peer does not read blocks soon. */
    static void shrinkBuffers(NetFD[] pair) throws IOException {
        SockOpt.setWriteBuffer(pair[0], 4096);
        SockOpt.setReadBuffer(pair[1], 4096);
    }

    static byte[] readFully(NetFD fd, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = fd.read(b, off, n - off);
            if (r < 0) {
                throw new java.io.EOFException("end of stream after " + off + " of " + n + " bytes");
            }
            off += r;
        }
        return b;
    }

    static List<InetAddress> loopbacks() {
        return IpSockPosix.supportsIPv6() ? List.of(Loopback.V4, Loopback.V6) : List.of(Loopback.V4);
    }

    /** Closes each fd that is not closed yet; an fd already closed is fine. */
    static void closeAll(NetFD... fds) throws IOException {
        IOException first = null;
        for (NetFD fd : fds) {
            if (fd == null) {
                continue;
            }
            try {
                fd.close();
            } catch (NetClosingError e) {
                // closed by the test already
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Closes the fd an accept call returned, if it returned one; waits for the call's thread. */
    static void closeAccepted(Call<NetFD> a) throws Exception {
        if (a == null) {
            return;
        }
        a.thread.join(HANG.toMillis());
        if (a.result.isDone() && !a.result.isCompletedExceptionally()) {
            closeAll(a.result.getNow(null));
        }
    }

    // ---- Go's wrapping (src/net/net.go conn.Read/Write/Close, TCPListener.Accept) ----

    static OpError readError(NetFD fd, Throwable e) {
        return new OpError("read", fd.net(), fd.localAddr(), fd.remoteAddr(), e);
    }

    static OpError writeError(NetFD fd, Throwable e) {
        return new OpError("write", fd.net(), fd.localAddr(), fd.remoteAddr(), e);
    }

    static OpError closeError(NetFD fd, Throwable e) {
        return new OpError("close", fd.net(), fd.localAddr(), fd.remoteAddr(), e);
    }

    static OpError acceptError(NetFD ln, Throwable e) {
        return new OpError("accept", ln.net(), null, ln.localAddr(), e);
    }

    static void assertClosed(Throwable e, String what) {
        assertInstanceOf(NetClosingError.class, e, what + ": " + e);
        assertEquals(Errors.NET_CLOSING, e.getMessage(), what);
        assertTrue(Errors.isClosed(e), what);
    }

    static void assertCanceled(Throwable e, String what) {
        assertInstanceOf(CanceledError.class, e, what + ": " + e);
        assertEquals(Errors.CANCELED, e.getMessage(), what);
        assertTrue(Errors.isCanceled(e), what);
    }

    /**
     * What {@link GoErrors} would check for a canceled read or accept if it knew of them
     * (Go's {@code parseReadError}/{@code parseAcceptError} have no such case: a goroutine
     * cannot be interrupted): Go's text, and neither timeout nor temporary.
     */
    static void assertCanceledShape(OpError op, String verb) {
        Addr src = op.source();
        String want = verb + " " + op.net() + (src != null ? " " + src + "->" : " ") + op.addr() + ": " + Errors.CANCELED;
        assertEquals(want, op.getMessage());
        assertFalse(op.timeout(), op.getMessage() + ": timeout()");
        assertFalse(op.temporary(), op.getMessage() + ": temporary()");
        assertTrue(Errors.isCanceled(op), op.getMessage() + ": Errors.isCanceled");
    }
}
