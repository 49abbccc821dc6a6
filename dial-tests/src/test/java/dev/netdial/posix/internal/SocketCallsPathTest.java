package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link LibC}'s socket calls as a dial, an accept and a close make them: through
 * {@link SocketDowncalls}' Foreign downcalls on Java 22+, through JNA on the Java 21 classes (the
 * surefire execution {@code java21-path} runs this class again with multi-release jars off), with
 * every structure passed by address from a {@link CallScratch} block. Each call's result, the
 * addresses the kernel writes back, and errno on failure must come out the same on both paths.
 *
 * <p>netdial's own test.
 */
class SocketCallsPathTest {
    private static final int STREAM = Constants.SOCK_STREAM | Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC;

    /**
     * A loopback connection made of bare calls: bind and listen, connect (EINPROGRESS or done),
     * SO_ERROR 0, accept4 with the peer's address, getsockname and getpeername on both ends
     * agreeing, then close; every address read back is the one the other end reported.
     */
    @Test
    void loopbackConnectionThroughEveryCall() {
        int ln = LibC.socket(Constants.AF_INET, STREAM, 0);
        assertTrue(ln >= 0, "socket: " + ln);
        int c = -1;
        int a = -1;
        try {
            assertEquals(0, LibC.bind(ln, new SockaddrInet4(new byte[] {127, 0, 0, 1}, 0)), "bind");
            assertEquals(0, LibC.listen(ln, 16), "listen");
            Sockaddr lsa = LibC.getsockname(ln);
            SockaddrInet4 l4 = assertInstanceOf(SockaddrInet4.class, lsa, "listener's address");
            assertArrayEquals(new byte[] {127, 0, 0, 1}, l4.addr());
            assertTrue(l4.port() > 0, "a port was chosen: " + l4);

            c = LibC.socket(Constants.AF_INET, STREAM, 0);
            int r = LibC.connect(c, l4);
            assertTrue(r == 0 || r == -Constants.EINPROGRESS, "connect: " + r);
            int[] soError = {-1};
            for (int i = 0; i < 1000 && (soError[0] != 0 || LibC.getpeername(c, new Sockaddr[1]) != 0); i++) {
                assertEquals(0, LibC.getsockoptInt(c, Constants.SOL_SOCKET, Constants.SO_ERROR, soError), "getsockopt");
                Thread.onSpinWait();
            }
            assertEquals(0, soError[0], "SO_ERROR after the handshake");

            Sockaddr[] peer = new Sockaddr[1];
            for (int i = 0; i < 1000 && a < 0; i++) {
                a = LibC.accept4(ln, Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC, peer);
                assertTrue(a >= 0 || a == -Constants.EAGAIN, "accept4: " + a);
            }
            assertTrue(a >= 0, "accepted");
            Sockaddr clientLocal = LibC.getsockname(c);
            assertEquals(clientLocal, peer[0], "accept4's peer is the client's local address");
            Sockaddr[] clientPeer = new Sockaddr[1];
            assertEquals(0, LibC.getpeername(c, clientPeer));
            assertEquals(l4, clientPeer[0], "the client's peer is the listener's address");
            assertEquals(l4, LibC.getsockname(a), "the accepted end's local address");
            Sockaddr[] acceptedPeer = new Sockaddr[1];
            assertEquals(0, LibC.getpeername(a, acceptedPeer));
            assertEquals(clientLocal, acceptedPeer[0]);
        } finally {
            for (int fd : new int[] {a, c, ln}) {
                if (fd >= 0) {
                    assertEquals(0, LibC.close(fd), "close " + fd);
                }
            }
        }
    }

    /**
     * Option values go out and come back through the scratch block: int options (set, then read
     * back) and {@code struct linger}'s two ints.
     */
    @Test
    void optionValuesRoundTrip() {
        int s = LibC.socket(Constants.AF_INET, STREAM, 0);
        try {
            int[] v = {-1};
            assertEquals(0, LibC.setsockoptInt(s, Constants.IPPROTO_TCP, Constants.TCP_NODELAY, 1));
            assertEquals(0, LibC.getsockoptInt(s, Constants.IPPROTO_TCP, Constants.TCP_NODELAY, v));
            assertEquals(1, v[0], "TCP_NODELAY read back");
            assertEquals(0, LibC.setsockoptInt(s, Constants.IPPROTO_TCP, Constants.TCP_KEEPIDLE, 4321));
            assertEquals(0, LibC.getsockoptInt(s, Constants.IPPROTO_TCP, Constants.TCP_KEEPIDLE, v));
            assertEquals(4321, v[0], "TCP_KEEPIDLE read back");
            assertEquals(0, LibC.setsockoptLinger(s, 1, 7));
            int[] linger = {-1, -1};
            assertEquals(0, LibC.getsockoptLinger(s, linger));
            assertArrayEquals(new int[] {1, 7}, linger, "struct linger read back");
            assertEquals(0, LibC.setsockoptLinger(s, 0, 0));
        } finally {
            LibC.close(s);
        }
    }

    /**
     * errno comes back as {@code -errno} from every routed call: a bad fd (EBADF), an unconnected
     * socket's peer (ENOTCONN), an unknown option (ENOPROTOOPT), a refused loopback connect
     * (ECONNREFUSED in connect or in SO_ERROR), a port out of range (EINVAL before any call); and
     * getsockname of a bad fd is null.
     */
    @Test
    void errnoFromEveryCall() {
        int ebadf = -9;
        assertEquals(ebadf, LibC.close(-1));
        assertEquals(ebadf, LibC.connect(-1, new SockaddrInet4(new byte[] {127, 0, 0, 1}, 9)));
        assertEquals(ebadf, LibC.bind(-1, new SockaddrInet4(new byte[4], 0)));
        assertEquals(ebadf, LibC.accept4(-1, 0, new Sockaddr[1]));
        assertEquals(ebadf, LibC.getsockoptInt(-1, Constants.SOL_SOCKET, Constants.SO_ERROR, new int[1]));
        assertEquals(ebadf, LibC.setsockoptInt(-1, Constants.SOL_SOCKET, Constants.SO_KEEPALIVE, 1));
        assertEquals(ebadf, LibC.getpeername(-1, new Sockaddr[1]));
        assertNull(LibC.getsockname(-1));
        assertEquals(-Constants.EAFNOSUPPORT, LibC.socket(12345, Constants.SOCK_STREAM, 0));
        assertEquals(-Constants.EINVAL, LibC.connect(-1, new SockaddrInet4(new byte[4], 70000)), "port out of range");

        int s = LibC.socket(Constants.AF_INET, STREAM, 0);
        try {
            Sockaddr[] peer = {new SockaddrInet4(new byte[4], 1)};
            assertEquals(-Constants.ENOTCONN, LibC.getpeername(s, peer));
            assertNotNull(peer[0], "untouched on failure");
            assertEquals(-92, LibC.setsockoptInt(s, Constants.SOL_SOCKET, 0x7FFF, 1), "ENOPROTOOPT");
            // A refused loopback dial: a free port (bound, never listened on, then closed).
            int probe = LibC.socket(Constants.AF_INET, STREAM, 0);
            LibC.bind(probe, new SockaddrInet4(new byte[] {127, 0, 0, 1}, 0));
            Sockaddr free = LibC.getsockname(probe);
            LibC.close(probe);
            int r = LibC.connect(s, free);
            if (r == -Constants.EINPROGRESS) {
                int[] soError = {0};
                for (int i = 0; i < 1000 && soError[0] == 0; i++) {
                    LibC.getsockoptInt(s, Constants.SOL_SOCKET, Constants.SO_ERROR, soError);
                    Thread.onSpinWait();
                }
                assertEquals(111, soError[0], "SO_ERROR of a refused connect");
            } else {
                assertEquals(-111, r, "connect (ECONNREFUSED)");
            }
        } finally {
            LibC.close(s);
        }
    }

    /**
     * The poller's calls on the same paths: epoll_ctl adds an fd and reports EEXIST for a second
     * add and EBADF for a bad fd; epoll_wait returns the added fd's event with its data word and
     * EBADF for a bad epoll fd; poll reports a readable eventfd, 0 when none is ready, and EINVAL
     * for more fds than the process may open; errno captured in the caller's own memory.
     */
    @Test
    void pollerCalls() {
        java.nio.ByteBuffer mem = java.nio.ByteBuffer.allocateDirect(256).order(java.nio.ByteOrder.nativeOrder());
        long base = NativeBuffers.address(mem);
        long state = base + 224;
        int ep = LibC.epollCreate1(Constants.EPOLL_CLOEXEC);
        int ev = LibC.eventfd(1, Constants.EFD_CLOEXEC | Constants.EFD_NONBLOCK); // readable: counter 1
        try {
            assertTrue(ep >= 0 && ev >= 0);
            assertEquals(0, LibC.epollCtl(ep, Constants.EPOLL_CTL_ADD, ev, Constants.EPOLLIN, 0x1234_5678_9ABCL));
            assertEquals(-17, LibC.epollCtl(ep, Constants.EPOLL_CTL_ADD, ev, Constants.EPOLLIN, 0), "EEXIST");
            assertEquals(-9, LibC.epollCtl(-1, Constants.EPOLL_CTL_ADD, ev, Constants.EPOLLIN, 0), "EBADF");
            assertEquals(1, LibC.epollWait(ep, base, 4, 1_000, state));
            assertEquals(Constants.EPOLLIN, mem.getInt(0) & Constants.EPOLLIN);
            assertEquals(0x1234_5678_9ABCL, mem.getLong(LibC.EPOLL_DATA_OFFSET));
            assertEquals(-9, LibC.epollWait(-1, base, 4, 0, state), "EBADF");

            mem.putInt(0, ev).putShort(4, Constants.POLLIN).putShort(6, (short) 0);
            assertEquals(1, LibC.poll(base, 1, 1_000, state));
            assertEquals(Constants.POLLIN, mem.getShort(6) & Constants.POLLIN);
            mem.putInt(0, ep).putShort(4, Constants.POLLIN).putShort(6, (short) 0);
            LibC.epollCtl(ep, Constants.EPOLL_CTL_DEL, ev, 0, 0);
            assertEquals(0, LibC.poll(base, 1, 0, state), "an empty epoll set is not readable");
            assertEquals(-Constants.EINVAL, LibC.poll(base, Integer.MAX_VALUE, 0, state), "EINVAL");
            assertEquals(-Constants.EINVAL, LibC.poll(base, Integer.MAX_VALUE, 0), "EINVAL (pooled capture)");
        } finally {
            LibC.close(ev);
            LibC.close(ep);
        }
    }

    /**
     * IPv6 (when the host has it) and Unix addresses go through the same scratch block: ::1 reads
     * back as ::1 with scope 0, an abstract Unix name reads back as "@name".
     */
    @Test
    void otherFamiliesRoundTrip() {
        if (IpSockPosix.supportsIPv6()) {
            int s = LibC.socket(Constants.AF_INET6, STREAM, 0);
            try {
                byte[] loop6 = new byte[16];
                loop6[15] = 1;
                assertEquals(0, LibC.bind(s, new SockaddrInet6(loop6, 0, 0)));
                SockaddrInet6 got = assertInstanceOf(SockaddrInet6.class, LibC.getsockname(s));
                assertArrayEquals(loop6, got.addr());
                assertEquals(0, got.scopeId());
                assertTrue(got.port() > 0);
            } finally {
                LibC.close(s);
            }
        }
        int u = LibC.socket(Constants.AF_UNIX, STREAM, 0);
        try {
            String name = "@netdial-scratch-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            assertEquals(0, LibC.bind(u, new SockaddrUnix(name)));
            assertEquals(new SockaddrUnix(name), LibC.getsockname(u));
        } finally {
            LibC.close(u);
        }
    }

    /**
     * A scratch block belongs to one call at a time: 16 threads (half virtual), more than the
     * pool's slots, each set and read back their own TCP_KEEPIDLE value on their own socket 2,000
     * times; every value read back is the one that thread wrote.
     */
    @Test
    void concurrentCallsNeverShareABlock() throws Exception {
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<String> wrong = new AtomicReference<>();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Runnable work = () -> {
                int s = LibC.socket(Constants.AF_INET, STREAM, 0);
                try {
                    start.await();
                    int[] v = new int[1];
                    for (int i = 0; i < 2000 && wrong.get() == null; i++) {
                        int want = 1 + id * 2000 + i; // distinct per thread and call, <= 32767
                        int r = LibC.setsockoptInt(s, Constants.IPPROTO_TCP, Constants.TCP_KEEPIDLE, want);
                        int g = LibC.getsockoptInt(s, Constants.IPPROTO_TCP, Constants.TCP_KEEPIDLE, v);
                        if (r != 0 || g != 0 || v[0] != want) {
                            wrong.compareAndSet(null, "thread " + id + " call " + i + ": set " + r + ", get " + g
                                    + ", wanted " + want + ", read " + v[0]);
                        }
                    }
                } catch (InterruptedException e) {
                    wrong.compareAndSet(null, "interrupted");
                } finally {
                    LibC.close(s);
                }
            };
            all.add(id % 2 == 0 ? Thread.ofPlatform().start(work) : Thread.ofVirtual().start(work));
        }
        start.countDown();
        for (Thread t : all) {
            t.join();
        }
        assertNull(wrong.get());
    }
}
