package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Errno;
import dev.netdial.api.OpError;
import dev.netdial.testing.GoErrors;
import dev.netdial.testing.Loopback;
import dev.netdial.testing.SocketSwitch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link NetRawConn}: the fd handed to a callback is live and referenced, reads and writes wait
 * for readiness between calls, and use after close fails with Go's "raw-…" OpErrors. Plus the
 * accept loop's retry of a connection reset in the queue.
 *
 * <p>Go: {@code src/net/rawconn_test.go}, {@code src/net/rawconn_unix_test.go}.
 */
class RawConnTest {

    /**
     * Control sees the socket's own fd (SO_TYPE reads SOCK_STREAM); after close it fails with
     * "raw-control tcp ADDR: use of closed network connection".
     *
     * <p>Go: {@code src/net/rawconn_test.go} {@code TestRawConnControl}.
     */
    @Test
    void testRawConnControl() throws Exception {
        NetFD[] p = Loopback.pair();
        NetFD c = p[0];
        try {
            NetRawConn rc = c.rawConn();
            int[] type = new int[1];
            AtomicInteger seen = new AtomicInteger(-1);
            rc.control(fd -> {
                seen.set(fd);
                LibC.getsockoptInt(fd, Constants.SOL_SOCKET, Constants.SO_TYPE, type);
            });
            assertEquals(c.pfd().sysfd, seen.get());
            assertEquals(Constants.SOCK_STREAM, type[0]);
            c.close();
            OpError e = assertThrows(OpError.class, () -> rc.control(fd -> { }));
            assertEquals("raw-control tcp " + c.localAddr() + ": use of closed network connection", e.getMessage());
            GoErrors.checkCommon(e);
        } finally {
            p[1].close();
            try {
                c.close();
            } catch (java.io.IOException alreadyClosed) {
                // closed above
            }
        }
    }

    /**
     * Read calls the function until it reports done, waiting for readability in between (the
     * first call finds nothing and says so); Write likewise. Bytes cross intact.
     *
     * <p>Go: {@code src/net/rawconn_unix_test.go} {@code readRawConn}, {@code writeRawConn}
     * ({@code TestRawConnReadWrite}).
     */
    @Test
    void testRawConnReadWrite() throws Exception {
        NetFD[] p = Loopback.pair();
        try (Closer ignored = new Closer(p)) {
            NetRawConn rc = p[0].rawConn();
            ByteBuffer buf = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
            long addr = NativeBuffers.address(buf);
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger got = new AtomicInteger();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(50); // let the reader find the socket empty first
                    byte[] msg = "hello".getBytes(StandardCharsets.US_ASCII);
                    p[1].write(msg, 0, msg.length);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            rc.read(fd -> {
                calls.incrementAndGet();
                long n = LibC.read(fd, addr, 64);
                if (n == -Constants.EAGAIN) {
                    return false;
                }
                got.set((int) n);
                return true;
            });
            writer.join();
            assertEquals(5, got.get());
            assertTrue(calls.get() >= 2, "the first call found nothing and waited: " + calls.get());
            byte[] b = new byte[5];
            buf.get(0, b);
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), b);

            buf.put(0, "world".getBytes(StandardCharsets.US_ASCII));
            rc.write(fd -> LibC.write(fd, addr, 5) == 5);
            byte[] back = new byte[5];
            assertEquals(5, p[1].read(back, 0, 5));
            assertArrayEquals("world".getBytes(StandardCharsets.US_ASCII), back);

            p[0].close();
            OpError e = assertThrows(OpError.class, () -> rc.read(fd -> true));
            assertEquals("raw-read tcp " + p[0].localAddr() + "->" + p[0].remoteAddr()
                    + ": use of closed network connection", e.getMessage());
            GoErrors.checkCommon(e);
        }
    }

    /**
     * A connection reset while it waited in the accept queue (ECONNABORTED) is skipped and the
     * next one returned.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Accept} (the ECONNABORTED case).
     */
    @Test
    void testAcceptRetriesConnAborted() throws Exception {
        SocketSwitch sw = new SocketSwitch();
        AtomicInteger accepts = new AtomicInteger();
        NetFD ln = Loopback.listen(sw, Loopback.V4);
        try {
            sw.setFilter(SocketSwitch.FilterType.ACCEPT,
                    call -> accepts.incrementAndGet() == 1 ? SocketSwitch.Action.fail(Errno.ECONNABORTED) : null);
            NetFD c = Loopback.dial((dev.netdial.api.TCPAddr) ln.localAddr());
            try {
                NetFD s = ln.accept();
                try {
                    assertEquals(c.localAddr().toString(), s.remoteAddr().toString());
                    assertTrue(accepts.get() >= 2, "accept was retried: " + accepts.get());
                } finally {
                    s.close();
                }
            } finally {
                c.close();
            }
        } finally {
            ln.close();
        }
    }

    /** Closes both ends of a pair, tolerating an end already closed. */
    private record Closer(NetFD[] p) implements AutoCloseable {
        @Override
        public void close() {
            for (NetFD fd : p) {
                try {
                    fd.close();
                } catch (java.io.IOException alreadyClosed) {
                    // closed by the test
                }
            }
        }
    }
}
