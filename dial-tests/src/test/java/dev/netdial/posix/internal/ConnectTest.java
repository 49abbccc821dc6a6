package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.netdial.api.CanceledError;
import dev.netdial.api.Context;
import dev.netdial.api.DeadlineExceededError;
import dev.netdial.api.Errno;
import dev.netdial.api.Errors;
import dev.netdial.api.NetClosingError;
import dev.netdial.api.OpError;
import dev.netdial.api.SyscallError;
import dev.netdial.api.TCPAddr;
import dev.netdial.testing.GoErrors;
import dev.netdial.testing.Loopback;
import dev.netdial.testing.SocketSwitch;
import dev.netdial.testing.SocketSwitch.Action;
import dev.netdial.testing.SocketSwitch.FilterType;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tests of the non-blocking connect in {@link NetFD#connect}, reached through
 * {@link IpSockPosix#internetSocket} as the dialer reaches it: cancellation at every point of
 * the wait, the context's deadline, thread interruption, refusal, and that every failed dial
 * closes its socket.
 *
 * <p>Go: {@code src/net/dial_unix_test.go}, {@code src/net/dial_test.go} (the tests named on
 * each method).
 *
 * <p><b>The blocking connect.</b> Connects that must stay pending go to a {@link FullBacklog}
 * listener on 127.0.0.1: a listener whose accept backlog is set to 0 and already holds one
 * connection nobody accepts. Linux drops every further SYN to a listener whose accept queue is
 * full ({@code tcp_conn_request}: {@code sk_acceptq_is_full} → drop, before and regardless of
 * SYN cookies), so the client sits in {@code SYN_SENT}, its SYN retransmitted from 1 s on —
 * a deterministic, in-process blackhole that needs no root, no {@code nft} (not installed on
 * this machine) and no network namespace. The fixture waits until the listener is readable
 * (the filler connection is in the accept queue) before any test dials, so the first SYN
 * already meets the full queue; every test here finishes long before the first retransmit.
 * The obvious alternative, a CONNECT filter that reports {@code EINPROGRESS} without calling
 * {@code connect(2)}, is not a blocking connect: {@code poll(2)} reports a never-connected TCP
 * socket as {@code POLLOUT|POLLHUP} at once (measured here: {@code revents=0x14}), so a
 * platform thread would find it "writable", read {@code SO_ERROR} 0, fail
 * {@code getpeername} and loop.
 *
 * <p>Errors from this layer are bare ({@link SyscallError}, {@link CanceledError}, ...); each is
 * wrapped as Go's {@code sysDialer.dialSingle} wraps it ({@code OpError{Op: "dial", Net:
 * "tcp", Addr: raddr}}) and passed to {@link GoErrors#checkDial}, and the full text is
 * compared.
 */
class ConnectTest {

    /** How long a dial may take to return after its cancel or interrupt (docs/TESTING.md, row "cancel"). */
    private static final long RETURN_LIMIT_MILLIS = 100;

    private SocketSwitch sw;
    private long socketsBefore;

    @BeforeEach
    void setUp() throws IOException {
        sw = new SocketSwitch();
        socketsBefore = socketFds();
    }

    @AfterEach
    void tearDown() throws Exception {
        sw.clearFilters();
        List<Integer> leaked = sw.closeAll();
        assertEquals(List.of(), leaked, "sockets the dials left open in the SocketSwitch table");
        // Every socket a test opened (dialed, accepted, listening) is closed again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long now = socketFds();
        while (now > socketsBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
            now = socketFds();
        }
        assertEquals(socketsBefore, now, "socket fds open in /proc/self/fd before and after the test");
    }

    /**
     * A connect that succeeds at the very moment its context is cancelled still fails, with
     * "operation was canceled", and its socket is closed: the interrupter has already poisoned
     * the write deadline, so the connection must not be handed out (go.dev/issue/16523).
     *
     * <p>As in Go, the CONNECT filter makes the real {@code connect(2)} and turns an immediate
     * success into {@code EINPROGRESS}, so the dial always waits for writability; the GETSOCKOPT
     * filter, once the real {@code getsockopt(SO_ERROR)} has read 0 (connected), cancels the
     * context and waits for {@code testHookCanceledDial} (run by the interrupter after it
     * expired the write deadline) before letting that success return. That is exactly the
     * window of the issue: the wait is over and the connect has succeeded, but the interrupter
     * has fired.
     *
     * <p>Go: {@code src/net/dial_unix_test.go} {@code TestDialContextCancelRace}.
     * <p>Differs: 100 iterations instead of Go's one, each counted.
     */
    @Test
    @Timeout(60)
    void testDialContextCancelRace() throws Exception {
        final int iterations = 100;
        NetFD ln = Loopback.listen(Loopback.V4);
        TCPAddr addr = (TCPAddr) ln.localAddr();
        ConcurrentLinkedQueue<Throwable> serverErrors = new ConcurrentLinkedQueue<>();
        Thread acceptor = acceptLoop(ln, serverErrors, fd -> { });
        AtomicInteger forcedInProgress = new AtomicInteger();
        AtomicInteger raced = new AtomicInteger();
        AtomicInteger hookMissed = new AtomicInteger();
        int canceled = 0;
        int returned = 0;
        List<String> other = new ArrayList<>();
        try {
            sw.setFilter(FilterType.CONNECT, call -> Action.after(c -> {
                if (c.err() == 0) {
                    forcedInProgress.incrementAndGet();
                    return Constants.EINPROGRESS;
                }
                return 0;
            }));
            for (int i = 0; i < iterations; i++) {
                Context ctx = Context.background().withCancel();
                CountDownLatch sawCancel = new CountDownLatch(1);
                sw.setFilter(FilterType.GETSOCKOPT, call -> {
                    if (call.level() != Constants.SOL_SOCKET || call.name() != Constants.SO_ERROR) {
                        return Action.proceed();
                    }
                    return Action.after(c -> {
                        if (c.err() == 0 && c.socketErr() == 0) {
                            // Cancel at the moment of go.dev/issue/16523, then wait for the
                            // interrupter to expire the write deadline before returning success.
                            ctx.cancel();
                            if (await(sawCancel, Duration.ofSeconds(5))) {
                                raced.incrementAndGet();
                            } else {
                                hookMissed.incrementAndGet();
                            }
                        }
                        return 0;
                    });
                });
                try {
                    NetFD fd = IpSockPosix.withHooks(sw, sawCancel::countDown).internetSocket(ctx, "tcp", null, addr,
                            Constants.SOCK_STREAM, 0, "dial", null);
                    returned++;
                    fd.close();
                } catch (IOException e) {
                    OpError oe = dialError(addr, e);
                    if (e instanceof CanceledError) {
                        assertEquals("dial tcp " + addr + ": operation was canceled", oe.getMessage(), "iteration " + i);
                        assertTrue(Errors.isCanceled(oe), "iteration " + i);
                        canceled++;
                    } else {
                        other.add("iteration " + i + ": " + e);
                    }
                } finally {
                    ctx.cancel();
                }
                assertTrue(ctx.isDone(), "iteration " + i + ": the context was cancelled");
                assertEquals(Collections.emptyMap(), sw.sockets(), "iteration " + i + ": the dialed socket was closed");
            }
        } finally {
            sw.clearFilters();
            ln.close();
            acceptor.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertFalse(acceptor.isAlive(), "the acceptor ended");
        assertEquals(List.of(), other, "errors other than \"operation was canceled\"");
        assertEquals(0, hookMissed.get(), "iterations where testHookCanceledDial did not run within 5 s");
        assertEquals(iterations, raced.get(), "iterations that reached the race window (SO_ERROR read 0, then cancel); "
                + forcedInProgress + " immediate connects turned into EINPROGRESS");
        assertEquals(0, returned, "connections returned despite the cancel");
        assertEquals(iterations, canceled, "dials failing with \"operation was canceled\"");
        SocketSwitch.Stat st = sw.stat(Constants.AF_INET, Constants.SOCK_STREAM, 0);
        assertEquals(iterations, st.opened(), st.toString());
        assertEquals(iterations, st.closed(), "every dialed socket closed: " + st);
        assertEquals(List.of(), List.copyOf(serverErrors), "acceptor errors");
    }

    /**
     * A dial blocked in connect returns "operation was canceled" promptly when its context is
     * cancelled, and closes its socket; on platform and virtual threads.
     *
     * <p>Each trial dials the {@link FullBacklog} blackhole, cancels 50 ms after the start and
     * requires the error within {@value #RETURN_LIMIT_MILLIS} ms of the cancel; the median
     * over all trials must be at most 20 ms (docs/TESTING.md, row "cancel"). The CONNECT after
     * filter records that the real {@code connect(2)} did report {@code EINPROGRESS}, so the
     * dial was really waiting.
     *
     * <p>Go: {@code src/net/dial_test.go} {@code TestDialCancel}.
     * <p>Differs: Go dials an external blackhole address (and skips when it fails fast); here
     * the blackhole is a full accept queue on loopback. 20 trials per kind of thread instead of one.
     */
    @Test
    @Timeout(60)
    void testDialCancel() throws Exception {
        final int trialsPerKind = 20;
        AtomicInteger inProgress = new AtomicInteger();
        sw.setFilter(FilterType.CONNECT, call -> Action.after(c -> {
            if (c.err() == Constants.EINPROGRESS) {
                inProgress.incrementAndGet();
            }
            return 0;
        }));
        List<Long> latencies = new ArrayList<>();
        try (FullBacklog bh = new FullBacklog(Loopback.V4)) {
            for (boolean virtual : new boolean[] {false, true}) {
                for (int i = 0; i < trialsPerKind; i++) {
                    String trial = (virtual ? "virtual" : "platform") + " trial " + i;
                    Context ctx = Context.background().withCancel();
                    DialOutcome o = DialOutcome.start(virtual, () -> IpSockPosix.withHooks(sw, null).internetSocket(ctx, "tcp", null,
                            bh.addr, Constants.SOCK_STREAM, 0, "dial", null));
                    Thread.sleep(50);
                    long cancelAt = System.nanoTime();
                    boolean early = o.isDone();
                    ctx.cancel();
                    o.await(Duration.ofSeconds(5));
                    assertFalse(early, trial + ": the dial returned before the cancel: " + o);
                    long latency = TimeUnit.NANOSECONDS.toMillis(o.endNanos - cancelAt);
                    latencies.add(latency);
                    assertCanceled(trial, bh.addr, o);
                    assertTrue(latency <= RETURN_LIMIT_MILLIS, trial + ": returned " + latency + " ms after the cancel");
                    assertEquals(Collections.emptyMap(), sw.sockets(), trial + ": the dialed socket was closed");
                }
            }
        }
        assertEquals(2 * trialsPerKind, inProgress.get(), "connects that really blocked (EINPROGRESS)");
        Collections.sort(latencies);
        long p50 = latencies.get(latencies.size() / 2);
        assertTrue(p50 <= 20, "median return after cancel " + p50 + " ms; all: " + latencies);
        SocketSwitch.Stat st = sw.stat(Constants.AF_INET, Constants.SOCK_STREAM, 0);
        assertEquals(2 * trialsPerKind, st.opened(), st.toString());
        assertEquals(2 * trialsPerKind, st.closed(), "every dialed socket closed: " + st);
    }

    /**
     * The context's deadline ends a blocked connect with "i/o timeout" (a timeout, as Go's
     * {@code mapErr(context.DeadlineExceeded)}), no earlier than the deadline and within
     * 150 ms after it; the socket is closed. On platform and virtual threads.
     *
     * <p>Go: {@code src/net/timeout_test.go} {@code TestDialTimeout} (its deadline half: a dial
     * that cannot finish before the deadline), {@code src/net/fd_unix.go}
     * {@code (*netFD).connect} (the context deadline becomes the write deadline).
     */
    @Test
    @Timeout(60)
    void testDialTimeout() throws Exception {
        final int trialsPerKind = 5;
        final long timeoutMillis = 100;
        try (FullBacklog bh = new FullBacklog(Loopback.V4)) {
            for (boolean virtual : new boolean[] {false, true}) {
                for (int i = 0; i < trialsPerKind; i++) {
                    String trial = (virtual ? "virtual" : "platform") + " trial " + i;
                    AtomicReference<Context> ctxRef = new AtomicReference<>();
                    long start = System.nanoTime();
                    DialOutcome o = DialOutcome.start(virtual, () -> {
                        Context ctx = Context.background().withTimeout(Duration.ofMillis(timeoutMillis));
                        ctxRef.set(ctx);
                        try {
                            return IpSockPosix.withHooks(sw, null).internetSocket(ctx, "tcp", null, bh.addr, Constants.SOCK_STREAM, 0,
                                    "dial", null);
                        } finally {
                            ctx.cancel();
                        }
                    });
                    o.await(Duration.ofSeconds(5));
                    long elapsed = TimeUnit.NANOSECONDS.toMillis(o.endNanos - start);
                    assertNotNull(o.error, trial + ": dial to the blackhole succeeded: " + o);
                    OpError oe = dialError(bh.addr, o.error);
                    assertInstanceOf(DeadlineExceededError.class, o.error, trial + ": " + o.error);
                    assertEquals("dial tcp " + bh.addr + ": i/o timeout", oe.getMessage(), trial);
                    assertTrue(oe.timeout(), trial + ": timeout()");
                    assertTrue(Errors.isTimeout(oe), trial + ": Errors.isTimeout");
                    assertTrue(elapsed >= timeoutMillis - 1, trial + ": returned after " + elapsed + " ms, before the deadline");
                    assertTrue(elapsed <= timeoutMillis + 150, trial + ": returned after " + elapsed + " ms");
                    assertEquals(Collections.emptyMap(), sw.sockets(), trial + ": the dialed socket was closed");
                }
            }
        }
        SocketSwitch.Stat st = sw.stat(Constants.AF_INET, Constants.SOCK_STREAM, 0);
        assertEquals(2 * trialsPerKind, st.closed(), "every dialed socket closed: " + st);
    }

    /**
     * Cancelling the context right after a successful dial leaves the connection working: a
     * line written comes back intact from the echo server, then end of stream (-1). Before
     * go.dev/issue/15078 was fixed, a late interrupter poisoned the deadline of about half of
     * such connections. The CONNECT filter forces the {@code EINPROGRESS} path so that the
     * interrupter is armed on every dial (checked through the {@code SO_ERROR} reads). Ten
     * tries on a platform thread and ten on a virtual thread.
     *
     * <p>Go: {@code src/net/dial_test.go} {@code TestCancelAfterDial}.
     */
    @Test
    @Timeout(60)
    void testCancelAfterDial() throws Exception {
        final int tries = 10;
        NetFD ln = Loopback.listen(Loopback.V4);
        TCPAddr addr = (TCPAddr) ln.localAddr();
        ConcurrentLinkedQueue<Throwable> serverErrors = new ConcurrentLinkedQueue<>();
        Thread server = acceptLoop(ln, serverErrors, ConnectTest::echoOneLine);
        AtomicInteger soErrorReads = new AtomicInteger();
        sw.setFilter(FilterType.CONNECT, call -> Action.after(c -> c.err() == 0 ? Constants.EINPROGRESS : 0));
        sw.setFilter(FilterType.GETSOCKOPT, call -> {
            if (call.level() == Constants.SOL_SOCKET && call.name() == Constants.SO_ERROR) {
                soErrorReads.incrementAndGet();
            }
            return Action.proceed();
        });
        AtomicInteger ok = new AtomicInteger();
        try {
            for (boolean virtual : new boolean[] {false, true}) {
                for (int i = 0; i < tries; i++) {
                    String attempt = (virtual ? "virtual" : "platform") + " try " + i;
                    DialOutcome o = DialOutcome.start(virtual, () -> {
                        tryCancelAfterDial(attempt, addr);
                        ok.incrementAndGet();
                        return null;
                    });
                    o.await(Duration.ofSeconds(10));
                    if (o.error != null) {
                        throw new AssertionError(attempt + ": " + o.error, o.error);
                    }
                }
            }
        } finally {
            sw.clearFilters();
            ln.close();
            server.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertFalse(server.isAlive(), "the echo server ended");
        assertEquals(2 * tries, ok.get(), "tries whose connection echoed the line and then reached EOF");
        assertTrue(soErrorReads.get() >= 2 * tries, "dials that waited with the interrupter armed: " + soErrorReads);
        assertEquals(List.of(), List.copyOf(serverErrors), "echo server errors");
    }

    /** One try of {@link #testCancelAfterDial}: dial, cancel, sleep 10 ms, echo a line, expect EOF. */
    private void tryCancelAfterDial(String attempt, TCPAddr addr) throws Exception {
        Context ctx = Context.background().withCancel();
        NetFD c = IpSockPosix.withHooks(sw, null).internetSocket(ctx, "tcp", null, addr, Constants.SOCK_STREAM, 0, "dial", null);
        try {
            // Cancel at once, then give a late interrupter time to do harm.
            ctx.cancel();
            Thread.sleep(10);
            byte[] message = "echo!\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(message.length, c.write(message, 0, message.length), attempt + ": write");
            String line = readLine(c);
            assertEquals("echo!\n", line, attempt + ": the echoed line");
            byte[] one = new byte[1];
            assertEquals(-1, c.read(one, 0, 1), attempt + ": EOF after the line");
        } finally {
            c.close();
        }
    }

    /**
     * {@link Thread#interrupt()} ends a connect blocked on the {@link FullBacklog} blackhole with
     * "operation was canceled" ({@link CanceledError}); the thread keeps its interrupt status and
     * the socket is closed. Three trials each on a platform and a virtual thread; the interrupt
     * is sent 20 ms after the real {@code connect(2)} returned {@code EINPROGRESS}.
     *
     * <p>No Go counterpart (goroutines cannot be interrupted); netdial treats an interrupt as
     * the cancellation of the blocked call (docs/ARCHITECTURE.md §3).
     */
    @Test
    @Timeout(60)
    void testInterruptConnect() throws Exception {
        final int trialsPerKind = 3;
        try (FullBacklog bh = new FullBacklog(Loopback.V4)) {
            for (boolean virtual : new boolean[] {false, true}) {
                for (int i = 0; i < trialsPerKind; i++) {
                    String trial = (virtual ? "virtual" : "platform") + " trial " + i;
                    CountDownLatch inConnect = new CountDownLatch(1);
                    AtomicInteger connectErr = new AtomicInteger(-1);
                    sw.setFilter(FilterType.CONNECT, call -> Action.after(c -> {
                        connectErr.set(c.err());
                        inConnect.countDown();
                        return 0;
                    }));
                    DialOutcome o = DialOutcome.start(virtual, () -> IpSockPosix.withHooks(sw, null).internetSocket(Context.background(),
                            "tcp", null, bh.addr, Constants.SOCK_STREAM, 0, "dial", null));
                    assertTrue(inConnect.await(5, TimeUnit.SECONDS), trial + ": connect(2) was called");
                    assertEquals(Constants.EINPROGRESS, connectErr.get(), trial + ": connect(2) blocked");
                    Thread.sleep(20);
                    long interruptAt = System.nanoTime();
                    boolean early = o.isDone();
                    o.thread.interrupt();
                    o.await(Duration.ofSeconds(5));
                    assertFalse(early, trial + ": the dial returned before the interrupt: " + o);
                    long latency = TimeUnit.NANOSECONDS.toMillis(o.endNanos - interruptAt);
                    assertCanceled(trial, bh.addr, o);
                    assertTrue(o.interruptedAfter, trial + ": the thread kept its interrupt status");
                    assertTrue(latency <= RETURN_LIMIT_MILLIS, trial + ": returned " + latency + " ms after the interrupt");
                    assertEquals(Collections.emptyMap(), sw.sockets(), trial + ": the dialed socket was closed");
                }
            }
        }
        SocketSwitch.Stat st = sw.stat(Constants.AF_INET, Constants.SOCK_STREAM, 0);
        assertEquals(2 * trialsPerKind, st.opened(), st.toString());
        assertEquals(2 * trialsPerKind, st.closed(), "every dialed socket closed: " + st);
    }

    /**
     * A dial to a closed port on 127.0.0.1 and on ::1 fails with "connect: connection refused"
     * ({@link SyscallError} over {@link Errno#ECONNREFUSED}), printed by the dialer as
     * "dial tcp 127.0.0.1:P: connect: connection refused", and closes its socket. Both places
     * the refusal can surface are covered: the real dial (on loopback the kernel answers the
     * SYN with RST; connect reports it either at once or through {@code SO_ERROR}), and a
     * CONNECT filter that makes {@code connect(2)} itself return {@code ECONNREFUSED}.
     *
     * <p>Go: {@code src/net/dial_test.go} {@code dialClosedPort} (the dial to a port nobody
     * listens on), {@code src/net/fd_unix.go} {@code (*netFD).connect} (both error returns),
     * {@code src/net/error_test.go} {@code parseDialError}.
     */
    @Test
    @Timeout(60)
    void testDialClosedPort() throws Exception {
        List<InetAddress> ips = new ArrayList<>(List.of(Loopback.V4));
        if (IpSockPosix.supportsIPv6()) {
            ips.add(Loopback.V6);
        }
        for (InetAddress ip : ips) {
            int family = IpSockPosix.family(new TCPAddr(ip, 0, null));
            NetFD ln = Loopback.listen(ip);
            TCPAddr addr = (TCPAddr) ln.localAddr();
            ln.close(); // the port is closed now
            for (boolean injected : new boolean[] {false, true}) {
                String kase = addr + (injected ? " (connect(2) filtered to ECONNREFUSED)" : " (real)");
                AtomicInteger connectErr = new AtomicInteger(-1);
                sw.setFilter(FilterType.CONNECT, call -> injected ? Action.fail(Errno.ECONNREFUSED)
                        : Action.after(c -> {
                            connectErr.set(c.err());
                            return 0;
                        }));
                long closedBefore = sw.stat(family, Constants.SOCK_STREAM, 0).closed();
                try {
                    NetFD fd = IpSockPosix.withHooks(sw, null).internetSocket(Context.background(), "tcp", null, addr,
                            Constants.SOCK_STREAM, 0, "dial", null);
                    fd.close();
                    fail(kase + ": dial to a closed port succeeded");
                } catch (IOException e) {
                    OpError oe = dialError(addr, e);
                    SyscallError se = assertInstanceOf(SyscallError.class, e, kase);
                    assertEquals("connect", se.syscall(), kase);
                    assertSame(Errno.ECONNREFUSED, se.errno(), kase);
                    assertEquals("connect: connection refused", se.getMessage(), kase);
                    assertEquals("dial tcp " + addr + ": connect: connection refused", oe.getMessage(), kase);
                    assertFalse(oe.timeout() || oe.temporary(), kase + ": neither timeout nor temporary");
                }
                if (!injected) {
                    int r = connectErr.get();
                    assertTrue(r == Constants.EINPROGRESS || r == Errno.ECONNREFUSED.code(),
                            kase + ": connect(2) returned errno " + r);
                }
                assertEquals(Collections.emptyMap(), sw.sockets(), kase + ": the dialed socket was closed");
                assertEquals(closedBefore + 1, sw.stat(family, Constants.SOCK_STREAM, 0).closed(), kase + ": closed once");
            }
        }
    }

    // ---- fixtures and helpers ----

    /**
     * A blackhole on loopback: a listener with accept backlog 0 whose queue already holds one
     * connection that is never accepted, so Linux drops every further SYN to it and a dial
     * stays in {@code SYN_SENT} (see the class comment).
     */
    private static final class FullBacklog implements AutoCloseable {
        final NetFD ln;
        final NetFD filler;
        final TCPAddr addr;

        FullBacklog(InetAddress ip) throws IOException {
            ln = Loopback.listen(ip);
            NetFD f = null;
            try {
                // listen(2) on a listening socket only changes its backlog: now the queue holds one.
                assertEquals(0, LibC.listen(ln.pfd.sysfd, 0), "listen(fd, 0) again");
                addr = (TCPAddr) ln.localAddr();
                f = Loopback.dial(addr);
                // Only once the filler is in the accept queue is the queue full for the next SYN.
                assertTrue(pollReadable(ln.pfd.sysfd, 2000), "the filler connection reached the accept queue");
            } catch (IOException | RuntimeException | Error e) {
                if (f != null) {
                    f.close();
                }
                ln.close();
                throw e;
            }
            filler = f;
        }

        @Override
        public void close() throws IOException {
            filler.close();
            ln.close();
        }
    }

    /** Waits up to {@code millis} for {@code fd} to be readable with {@code poll(2)}. */
    private static boolean pollReadable(int fd, int millis) {
        try (Memory m = new Memory(8)) {
            m.setInt(0, fd);
            m.setShort(4, Constants.POLLIN);
            m.setShort(6, (short) 0);
            return LibC.poll(Pointer.nativeValue(m), 1, millis) == 1 && (m.getShort(6) & Constants.POLLIN) != 0;
        }
    }

    /** What a dial run on its own thread did. */
    private static final class DialOutcome {
        /** A dial body. */
        interface Body {
            NetFD dial() throws Exception;
        }

        final CountDownLatch done = new CountDownLatch(1);
        volatile Thread thread;
        volatile NetFD fd;
        volatile Throwable error;
        volatile long endNanos;
        volatile boolean interruptedAfter;

        static DialOutcome start(boolean virtual, Body body) {
            DialOutcome o = new DialOutcome();
            Thread.Builder b = virtual ? Thread.ofVirtual().name("test-dial-virtual")
                    : Thread.ofPlatform().name("test-dial-platform").daemon();
            o.thread = b.start(() -> {
                try {
                    o.fd = body.dial();
                } catch (Throwable t) {
                    o.error = t;
                } finally {
                    o.endNanos = System.nanoTime();
                    o.interruptedAfter = Thread.currentThread().isInterrupted();
                    o.done.countDown();
                }
            });
            return o;
        }

        boolean isDone() {
            return done.getCount() == 0;
        }

        /** Waits for the dial to end; closes a connection it returned. */
        void await(Duration max) throws Exception {
            if (!done.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
                // Let the dial end (and close its socket) itself before the test fails.
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(5));
                fail("the dial did not return within " + max + " (then interrupted: " + this + ")");
            }
            thread.join();
            NetFD c = fd;
            if (c != null) {
                c.close();
            }
        }

        @Override
        public String toString() {
            return "DialOutcome(fd=" + fd + ", error=" + error + ")";
        }
    }

    /** The dial failed with Go's "operation was canceled" ({@code errCanceled}, exactly). */
    private static void assertCanceled(String trial, TCPAddr addr, DialOutcome o) {
        assertNotNull(o.error, trial + ": the dial succeeded: " + o);
        if (o.fd != null) {
            fail(trial + ": a connection was returned");
        }
        OpError oe = dialError(addr, o.error);
        assertInstanceOf(CanceledError.class, o.error, trial + ": " + o.error);
        assertEquals("dial tcp " + addr + ": operation was canceled", oe.getMessage(), trial);
        assertTrue(Errors.isCanceled(oe), trial + ": Errors.isCanceled");
        assertFalse(oe.timeout(), trial + ": not a timeout");
    }

    /**
     * Wraps an error of this layer as Go's {@code sysDialer.dialSingle} does and checks its shape
     * with {@link GoErrors#checkDial}; a non-IOException fails the test with it as the cause.
     */
    private static OpError dialError(TCPAddr raddr, Throwable e) {
        if (!(e instanceof IOException)) {
            throw new AssertionError("dial threw a non-IOException: " + e, e);
        }
        OpError oe = new OpError("dial", "tcp", null, raddr, e);
        GoErrors.checkDial(oe);
        return oe;
    }

    /** Accepts on {@code ln} until it is closed, handing each connection to {@code handler} and then closing it. */
    private static Thread acceptLoop(NetFD ln, ConcurrentLinkedQueue<Throwable> errors, ConnHandler handler) {
        return Thread.ofPlatform().name("test-acceptor").daemon().start(() -> {
            for (;;) {
                NetFD c;
                try {
                    c = ln.accept();
                } catch (NetClosingError closed) {
                    return;
                } catch (Throwable t) {
                    errors.add(t);
                    return;
                }
                try {
                    handler.handle(c);
                } catch (Throwable t) {
                    errors.add(t);
                } finally {
                    try {
                        c.close();
                    } catch (IOException e) {
                        errors.add(e);
                    }
                }
            }
        });
    }

    /** What an accept loop does with a connection (it is closed afterwards). */
    private interface ConnHandler {
        void handle(NetFD c) throws Exception;
    }

    /** The echo server of Go's {@code TestCancelAfterDial}: echo the first line, then close. */
    private static void echoOneLine(NetFD c) throws IOException {
        byte[] line = readLine(c).getBytes(StandardCharsets.US_ASCII);
        c.write(line, 0, line.length);
    }

    /** Reads up to and including the first '\n' (or to EOF), one byte at a time. */
    private static String readLine(NetFD c) throws IOException {
        StringBuilder sb = new StringBuilder();
        byte[] b = new byte[1];
        while (c.read(b, 0, 1) == 1) {
            sb.append((char) (b[0] & 0xff));
            if (b[0] == '\n') {
                break;
            }
        }
        return sb.toString();
    }

    private static boolean await(CountDownLatch latch, Duration max) {
        try {
            return latch.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** How many of this process's fds are sockets. */
    static long socketFds() throws IOException {
        long n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : ds) {
                try {
                    if (Files.readSymbolicLink(p).toString().startsWith("socket:")) {
                        n++;
                    }
                } catch (NoSuchFileException gone) {
                    // closed meanwhile (or the directory stream's own fd)
                }
            }
        }
        return n;
    }
}
