package dev.netdial.testing;

import static dev.netdial.posix.internal.Constants.AF_INET;
import static dev.netdial.posix.internal.Constants.AF_INET6;
import static dev.netdial.posix.internal.Constants.IPPROTO_IP;
import static dev.netdial.posix.internal.Constants.IPPROTO_TCP;
import static dev.netdial.posix.internal.Constants.IP_BIND_ADDRESS_NO_PORT;
import static dev.netdial.posix.internal.Constants.IP_LOCAL_PORT_RANGE;
import static dev.netdial.posix.internal.Constants.SOCK_CLOEXEC;
import static dev.netdial.posix.internal.Constants.SOCK_NONBLOCK;
import static dev.netdial.posix.internal.Constants.SOCK_STREAM;
import static dev.netdial.posix.internal.Constants.SOL_SOCKET;
import static dev.netdial.posix.internal.Constants.SO_ERROR;
import static dev.netdial.posix.internal.Constants.SO_KEEPALIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Errno;
import dev.netdial.posix.internal.LibC;
import dev.netdial.posix.internal.Sockaddr;
import dev.netdial.posix.internal.SockaddrInet4;
import dev.netdial.posix.internal.SocketCalls;
import dev.netdial.testing.SocketSwitch.Action;
import dev.netdial.testing.SocketSwitch.Call;
import dev.netdial.testing.SocketSwitch.Cookie;
import dev.netdial.testing.SocketSwitch.FilterType;
import dev.netdial.testing.SocketSwitch.Stat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tests of {@link SocketSwitch} over the real system calls ({@link SocketCalls#system()}):
 * the live table, the counters, and the filters.
 *
 * <p>Go: {@code src/net/internal/socktest/main_test.go} {@code TestSocket}, and the way
 * {@code src/net} tests use {@code sw.Set}.
 */
class SocketSwitchTest {

    private static final int STREAM = SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC;
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    private SocketSwitch sw;

    @BeforeEach
    void setUp() {
        sw = new SocketSwitch();
    }

    @AfterEach
    void tearDown() {
        sw.clearFilters();
        sw.closeAll();
    }

    private static boolean isOpenSocket(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString().startsWith("socket:");
        } catch (Exception e) {
            return false;
        }
    }

    private static long socketFdCount() {
        return FdLeakExtension.openFds().values().stream().filter(t -> t.startsWith("socket:")).count();
    }

    /** A blocking TCP listener on 127.0.0.1 made through the switch; returns {fd, port}. */
    private int[] listener() {
        int ls = sw.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
        assertTrue(ls >= 0, "socket: " + ls);
        assertEquals(0, LibC.bind(ls, new SockaddrInet4(LOOPBACK, 0)), "bind");
        assertEquals(0, sw.listen(ls, 16), "listen");
        Sockaddr local = LibC.getsockname(ls);
        assertNotNull(local, "getsockname");
        return new int[] {ls, local.port()};
    }

    /** A port on 127.0.0.1 with nothing listening (bound then released). */
    private static int closedPort() {
        SocketCalls sys = SocketCalls.system();
        int s = sys.socket(AF_INET, STREAM, IPPROTO_TCP);
        assertTrue(s >= 0);
        assertEquals(0, LibC.bind(s, new SockaddrInet4(LOOPBACK, 0)));
        int port = LibC.getsockname(s).port();
        assertEquals(0, sys.close(s));
        return port;
    }

    /** A socket the switch opened is in its table, under its triple without flags, until closed. */
    @Test
    void testSocketTableAndStats() {
        int fd = sw.socket(AF_INET, STREAM, IPPROTO_TCP);
        assertTrue(fd >= 0, "socket: " + fd);
        assertTrue(isOpenSocket(fd));
        Map<Integer, SocketSwitch.Status> t = sw.sockets();
        assertEquals(1, t.size());
        assertEquals(new Cookie(AF_INET, SOCK_STREAM, IPPROTO_TCP), t.get(fd).cookie());
        assertEquals(0, t.get(fd).err());
        assertThrows(UnsupportedOperationException.class, () -> t.clear(), "sockets() is a copy, read-only");

        assertEquals(0, sw.close(fd));
        assertFalse(isOpenSocket(fd));
        assertTrue(sw.sockets().isEmpty());
        assertTrue(t.containsKey(fd), "an earlier snapshot does not change");
        Stat st = sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        assertEquals(1, st.opened());
        assertEquals(1, st.closed());
        assertEquals(0, st.openFailed());
        assertEquals(1, sw.stats().size());
    }

    /**
     * With a pass-through filter and with none, sockets of both families open and are counted.
     *
     * <p>Go: {@code src/net/internal/socktest/main_test.go} {@code TestSocket}.
     */
    @Test
    void testSocket() {
        AtomicInteger seen = new AtomicInteger();
        List<SocketSwitch.Filter> filters = new ArrayList<>();
        filters.add(call -> {
            seen.incrementAndGet();
            return null;
        });
        filters.add(null);
        List<Integer> fds = new ArrayList<>();
        for (SocketSwitch.Filter f : filters) {
            sw.setFilter(FilterType.SOCKET, f);
            for (int family : new int[] {AF_INET, AF_INET6}) {
                int fd = sw.socket(family, STREAM, IPPROTO_TCP);
                assertTrue(fd >= 0, "family " + family + ": " + fd);
                fds.add(fd);
            }
        }
        assertEquals(2, seen.get(), "the filter ran once per socket while installed");
        assertEquals(4, sw.sockets().size());
        assertEquals(2, sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP).opened());
        assertEquals(2, sw.stat(AF_INET6, SOCK_STREAM, IPPROTO_TCP).opened());
        for (int fd : fds) {
            assertEquals(0, sw.close(fd));
        }
        assertTrue(sw.sockets().isEmpty());
    }

    /** A socket filter's error is returned without making the system call, and is not counted. */
    @Test
    void testSocketFilterInjectsError() {
        long before = socketFdCount();
        sw.setFilter(FilterType.SOCKET, call -> {
            assertEquals(FilterType.SOCKET, call.type());
            assertEquals(new Cookie(AF_INET, SOCK_STREAM, IPPROTO_TCP), call.cookie());
            return Action.fail(Errno.EMFILE);
        });
        assertEquals(-Errno.EMFILE.code(), sw.socket(AF_INET, STREAM, IPPROTO_TCP));
        assertEquals(before, socketFdCount(), "no socket was created");
        assertTrue(sw.sockets().isEmpty());
        Stat st = sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        assertEquals(0, st.opened());
        assertEquals(0, st.openFailed(), "as in Go, a filter's error is not a kernel failure");
    }

    /** An after filter that fails a successful socket() gets the new fd closed. */
    @Test
    void testSocketAfterFilterClosesFd() {
        long before = socketFdCount();
        AtomicInteger created = new AtomicInteger(-1);
        sw.setFilter(FilterType.SOCKET, call -> Action.after(done -> {
            assertTrue(done.done());
            assertEquals(0, done.err());
            created.set(done.result());
            return Errno.EACCES.code();
        }));
        assertEquals(-Errno.EACCES.code(), sw.socket(AF_INET, STREAM, IPPROTO_TCP));
        assertTrue(created.get() >= 0, "the kernel made a socket: " + created.get());
        assertEquals(before, socketFdCount(), "and the switch closed it");
        assertTrue(sw.sockets().isEmpty());
    }

    /** A kernel failure of socket() is returned and counted as openFailed. */
    @Test
    void testSocketKernelFailureCounted() {
        int r = sw.socket(AF_INET, STREAM, 253); // an IP protocol no stream socket speaks
        assertTrue(r < 0, "socket: " + r);
        assertEquals(1, sw.stat(AF_INET, SOCK_STREAM, 253).openFailed());
        assertEquals(0, sw.stat(AF_INET, SOCK_STREAM, 253).opened());
        assertTrue(sw.sockets().isEmpty());
    }

    /**
     * listen, a non-blocking connect, accept4 and getsockopt(SO_ERROR) over loopback: each is
     * counted as Go counts it, and the accepted socket joins the table under the listener's triple.
     */
    @Test
    void testListenConnectAcceptCounted() {
        int[] l = listener();
        int ls = l[0];
        int c = sw.socket(AF_INET, STREAM, IPPROTO_TCP);
        assertTrue(c >= 0);
        int r = sw.connect(c, new SockaddrInet4(LOOPBACK, l[1]));
        assertTrue(r == 0 || r == -Errno.EINPROGRESS.code(), "connect: " + r);

        Sockaddr[] peer = new Sockaddr[1];
        int a = sw.accept4(ls, SOCK_CLOEXEC | SOCK_NONBLOCK, peer); // blocking listener: waits for c
        assertTrue(a >= 0, "accept4: " + a);
        assertNotNull(peer[0]);
        int[] v = {-1};
        assertEquals(0, sw.getsockoptInt(c, SOL_SOCKET, SO_ERROR, v));
        assertEquals(0, v[0]);

        Map<Integer, SocketSwitch.Status> t = sw.sockets();
        assertEquals(3, t.size(), "listener, client, accepted: " + t);
        assertEquals(t.get(ls).cookie(), t.get(a).cookie());
        Stat st = sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        assertEquals(2, st.opened());
        assertEquals(1, st.listened());
        assertEquals(1, st.accepted());
        assertEquals(1, st.connectCalls());
        // Go counts EINPROGRESS as a failed connect and SO_ERROR == 0 as the connection.
        assertEquals(r == 0 ? 2 : 1, st.connected());
        assertEquals(r == 0 ? 0 : 1, st.connectFailed());

        for (int fd : new int[] {a, c, ls}) {
            assertEquals(0, sw.close(fd));
        }
        assertEquals(3, sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP).closed());
        assertTrue(sw.sockets().isEmpty());
    }

    /** A connect filter can sleep and then fail the call with ETIMEDOUT without reaching the kernel. */
    @Test
    void testConnectFilterDelayAndError() {
        int c = sw.socket(AF_INET, STREAM, IPPROTO_TCP);
        AtomicReference<Sockaddr> target = new AtomicReference<>();
        sw.setFilter(FilterType.CONNECT, call -> {
            target.set(call.sockaddr());
            return Action.fail(Errno.ETIMEDOUT).withDelay(Duration.ofMillis(100));
        });
        SockaddrInet4 to = new SockaddrInet4(LOOPBACK, 9);
        long t0 = System.nanoTime();
        assertEquals(-Errno.ETIMEDOUT.code(), sw.connect(c, to));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 100, "the filter's delay ran: " + ms + " ms");
        assertEquals(to, target.get());
        assertEquals(0, sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP).connectCalls(), "the kernel was not called");
    }

    /** An after filter sees the kernel's error; the table records it as the socket's last error. */
    @Test
    void testConnectAfterFilterSeesKernelError() {
        int port = closedPort();
        int c = sw.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP); // blocking: refused at once
        AtomicInteger seenErr = new AtomicInteger(-1);
        sw.setFilter(FilterType.CONNECT, call -> Action.after(done -> {
            seenErr.set(done.err());
            return 0;
        }));
        int r = sw.connect(c, new SockaddrInet4(LOOPBACK, port));
        assertEquals(-Errno.ECONNREFUSED.code(), r);
        assertEquals(Errno.ECONNREFUSED.code(), seenErr.get());
        assertEquals(Errno.ECONNREFUSED.code(), sw.sockets().get(c).err());
        Stat st = sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        assertEquals(1, st.connectFailed());
        assertEquals(1, st.connectCalls());
        assertEquals(0, st.connected());
    }

    /** An after filter can replace a successful result with an error. */
    @Test
    void testListenAfterFilterReplacesResult() {
        int s = sw.socket(AF_INET, STREAM, IPPROTO_TCP);
        assertEquals(0, LibC.bind(s, new SockaddrInet4(LOOPBACK, 0)));
        sw.setFilter(FilterType.LISTEN, call -> Action.after(done -> done.err() == 0 ? Errno.EADDRINUSE.code() : 0));
        assertEquals(-Errno.EADDRINUSE.code(), sw.listen(s, 1));
        assertEquals(0, sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP).listened(), "a replaced result is not counted");
    }

    /** An accept after filter that fails a successful accept gets the accepted fd closed. */
    @Test
    void testAcceptAfterFilterClosesAcceptedFd() {
        int[] l = listener();
        int c = sw.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
        assertEquals(0, sw.connect(c, new SockaddrInet4(LOOPBACK, l[1])));
        long before = socketFdCount(); // listener + client + the pending connection is not an fd yet
        AtomicInteger accepted = new AtomicInteger(-1);
        sw.setFilter(FilterType.ACCEPT, call -> Action.after(done -> {
            accepted.set(done.result());
            return Errno.ECONNABORTED.code();
        }));
        Sockaddr[] peer = new Sockaddr[1];
        assertEquals(-Errno.ECONNABORTED.code(), sw.accept4(l[0], SOCK_CLOEXEC, peer));
        assertTrue(accepted.get() >= 0, "the kernel accepted: " + accepted.get());
        assertNull(peer[0], "no peer is reported for a failed accept");
        assertEquals(before, socketFdCount(), "the accepted fd was closed");
        assertEquals(2, sw.sockets().size());
        assertEquals(0, sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP).accepted());
    }

    /** A getsockopt filter sees the option; an injected errno is returned; SO_ERROR is recorded. */
    @Test
    void testGetsockoptFilter() {
        int s = sw.socket(AF_INET, STREAM, IPPROTO_TCP);
        AtomicReference<Call> seen = new AtomicReference<>();
        sw.setFilter(FilterType.GETSOCKOPT, call -> {
            seen.set(call);
            return Action.fail(Errno.EBADF);
        });
        int[] v = {-1};
        assertEquals(-Errno.EBADF.code(), sw.getsockoptInt(s, SOL_SOCKET, SO_ERROR, v));
        assertEquals(SOL_SOCKET, seen.get().level());
        assertEquals(SO_ERROR, seen.get().name());
        assertEquals(-1, v[0], "the kernel was not asked");

        AtomicInteger socketErr = new AtomicInteger(-1);
        sw.setFilter(FilterType.GETSOCKOPT, call -> Action.after(done -> {
            socketErr.set(done.socketErr());
            return 0;
        }));
        assertEquals(0, sw.getsockoptInt(s, SOL_SOCKET, SO_ERROR, v));
        assertEquals(0, v[0]);
        assertEquals(0, socketErr.get());
        assertEquals(1, sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP).connected(),
                "as in Go, SO_ERROR == 0 counts as connected");
    }

    /**
     * A setsockopt filter sees level, name and value; an injected errno ({@code ENOPROTOOPT}, a
     * kernel without the option) skips the kernel; every call counts, failures also as
     * setsockoptFailed; an fd the switch did not open passes through uncounted.
     */
    @Test
    void testSetsockoptFilter() {
        int s = sw.socket(AF_INET, STREAM, IPPROTO_TCP);
        List<Call> seen = new ArrayList<>();
        sw.setFilter(FilterType.SETSOCKOPT, call -> {
            seen.add(call);
            return call.name() == IP_LOCAL_PORT_RANGE ? Action.fail(Errno.ENOPROTOOPT) : null;
        });
        int range = 40001 | 40001 << 16;
        assertEquals(-Errno.ENOPROTOOPT.code(), sw.setsockoptInt(s, IPPROTO_IP, IP_LOCAL_PORT_RANGE, range));
        int[] v = {-1};
        assertEquals(0, sw.setsockoptInt(s, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1));
        assertEquals(0, SocketCalls.system().getsockoptInt(s, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, v));
        assertEquals(1, v[0], "the kernel set it");
        assertEquals(2, seen.size());
        assertEquals(FilterType.SETSOCKOPT, seen.get(0).type());
        assertEquals(IPPROTO_IP, seen.get(0).level());
        assertEquals(IP_LOCAL_PORT_RANGE, seen.get(0).name());
        assertEquals(range, seen.get(0).value());
        assertEquals(1, seen.get(1).value());

        sw.setFilter(FilterType.SETSOCKOPT, call -> Action.after(done -> Errno.EINVAL.code()));
        assertEquals(-Errno.EINVAL.code(), sw.setsockoptInt(s, SOL_SOCKET, SO_KEEPALIVE, 1));
        Stat st = sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        assertEquals(3, st.setsockoptCalls());
        assertEquals(2, st.setsockoptFailed());
        assertEquals(Errno.EINVAL.code(), sw.sockets().get(s).err());

        int other = SocketCalls.system().socket(AF_INET, STREAM, IPPROTO_TCP);
        try {
            assertEquals(0, sw.setsockoptInt(other, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1));
        } finally {
            SocketCalls.system().close(other);
        }
        assertEquals(3, sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP).setsockoptCalls(), "not the switch's socket");
    }

    /** A close filter's error leaves the fd open and in the table; without it, close proceeds. */
    @Test
    void testCloseFilterKeepsSocket() {
        int s = sw.socket(AF_INET, STREAM, IPPROTO_TCP);
        sw.setFilter(FilterType.CLOSE, call -> Action.fail(Errno.EINTR));
        assertEquals(-Errno.EINTR.code(), sw.close(s));
        assertTrue(isOpenSocket(s));
        assertTrue(sw.sockets().containsKey(s));
        assertEquals(0, sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP).closed());

        sw.setFilter(FilterType.CLOSE, null);
        assertEquals(0, sw.close(s));
        assertFalse(isOpenSocket(s));
        assertFalse(sw.sockets().containsKey(s));
        assertEquals(1, sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP).closed());
    }

    /**
     * A close(2) that reports an error (Linux has released the fd all the same) takes the socket
     * out of the table and counts as closeFailed.
     */
    @Test
    void testCloseFailureLeavesTable() {
        SocketCalls sys = SocketCalls.system();
        SocketSwitch eintr = new SocketSwitch(new SocketCalls() {
            @Override
            public int socket(int domain, int type, int protocol) {
                return sys.socket(domain, type, protocol);
            }

            @Override
            public int connect(int fd, Sockaddr sa) {
                return sys.connect(fd, sa);
            }

            @Override
            public int listen(int fd, int backlog) {
                return sys.listen(fd, backlog);
            }

            @Override
            public int accept4(int fd, int flags, Sockaddr[] peer) {
                return sys.accept4(fd, flags, peer);
            }

            @Override
            public int getsockoptInt(int fd, int level, int name, int[] value) {
                return sys.getsockoptInt(fd, level, name, value);
            }

            @Override
            public int setsockoptInt(int fd, int level, int name, int value) {
                return sys.setsockoptInt(fd, level, name, value);
            }

            @Override
            public int close(int fd) {
                int r = sys.close(fd);
                return r == 0 ? -Errno.EINTR.code() : r; // closed, but reported as interrupted
            }
        });
        int s = eintr.socket(AF_INET, STREAM, IPPROTO_TCP);
        assertTrue(s >= 0);
        assertEquals(-Errno.EINTR.code(), eintr.close(s));
        assertFalse(isOpenSocket(s));
        assertTrue(eintr.sockets().isEmpty());
        Stat st = eintr.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        assertEquals(1, st.closeFailed());
        assertEquals(0, st.closed());
    }

    /** Calls on fds the switch did not open go straight to the kernel: no filter, no counter. */
    @Test
    void testUnknownFdPassesThrough() {
        SocketCalls sys = SocketCalls.system();
        int s = sys.socket(AF_INET, STREAM, IPPROTO_TCP);
        assertTrue(s >= 0);
        AtomicInteger filtered = new AtomicInteger();
        for (FilterType t : FilterType.values()) {
            if (t != FilterType.SOCKET) {
                sw.setFilter(t, call -> {
                    filtered.incrementAndGet();
                    return Action.fail(Errno.EPERM);
                });
            }
        }
        int[] v = {-1};
        assertEquals(0, sw.getsockoptInt(s, SOL_SOCKET, SO_ERROR, v));
        assertEquals(0, sw.close(s));
        assertFalse(isOpenSocket(s));
        assertEquals(0, filtered.get());
        assertTrue(sw.stats().isEmpty());
    }

    /** Many threads opening and closing at once: every socket counted, none left, filter run each time. */
    @Test
    void testConcurrentUse() throws Exception {
        int threads = 8;
        int perThread = 200;
        AtomicInteger filtered = new AtomicInteger();
        sw.setFilter(FilterType.CLOSE, call -> {
            filtered.incrementAndGet();
            return Action.proceed();
        });
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            ts.add(Thread.ofPlatform().name("switch-test-" + i).start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = 0; j < perThread; j++) {
                    int fd = sw.socket(AF_INET, STREAM, IPPROTO_TCP);
                    if (fd < 0) {
                        errors.add("socket " + fd);
                        continue;
                    }
                    int r = sw.close(fd);
                    if (r != 0) {
                        errors.add("close " + r);
                    }
                }
            }));
        }
        start.countDown();
        for (Thread t : ts) {
            t.join(30_000);
            assertFalse(t.isAlive(), t.getName() + " finished");
        }
        assertTrue(errors.isEmpty(), errors.toString());
        Stat st = sw.stat(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        assertEquals(threads * perThread, st.opened());
        assertEquals(threads * perThread, st.closed());
        assertEquals(threads * perThread, filtered.get());
        assertTrue(sw.sockets().isEmpty());
    }

    /** closeAll closes every socket still in the table and reports them. */
    @Test
    void testCloseAll() {
        List<Integer> fds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fds.add(sw.socket(AF_INET, STREAM, IPPROTO_TCP));
        }
        sw.setFilter(FilterType.CLOSE, call -> Action.fail(Errno.EIO)); // closeAll bypasses filters
        assertEquals(fds, sw.closeAll());
        for (int fd : fds) {
            assertFalse(isOpenSocket(fd), "fd " + fd);
        }
        assertTrue(sw.sockets().isEmpty());
    }

    /** The leak gate sees sockets left in any switch's table. */
    @Test
    void testLiveSocketsRegistry() {
        int s = sw.socket(AF_INET, STREAM, IPPROTO_TCP);
        assertTrue(SocketSwitch.allLiveSockets().containsKey(sw));
        assertTrue(SocketSwitch.allLiveSockets().get(sw).containsKey(s));
        assertEquals(0, sw.close(s));
        assertFalse(SocketSwitch.allLiveSockets().containsKey(sw));
    }

    /** Actions refuse nonsense. */
    @Test
    void testActionValidation() {
        assertThrows(IllegalArgumentException.class, () -> Action.fail(0));
        assertThrows(IllegalArgumentException.class, () -> Action.fail(-5));
        assertThrows(IllegalArgumentException.class, () -> Action.delay(Duration.ofMillis(-1)));
        int s = sw.socket(AF_INET, STREAM, IPPROTO_TCP);
        sw.setFilter(FilterType.LISTEN, call -> Action.after(done -> -1));
        assertThrows(IllegalStateException.class, () -> sw.listen(s, 1), "an after filter must return errno >= 0");
    }
}
