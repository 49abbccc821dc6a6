package dev.netdial.unix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Errors;
import dev.netdial.api.OpError;
import dev.netdial.api.ReadFromResult;
import dev.netdial.api.UnixAddr;
import dev.netdial.testing.GoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "unixgram" cases of Go's unixsock_test.go: an unnamed sender, zero-byte payloads and
 * buffers, WriteTo on connected and unconnected sockets, local and remote names, autobind.
 *
 * <p>Go: {@code src/net/unixsock_test.go}.
 */
@Timeout(60)
class UnixgramTest {
    @TempDir
    Path dir;

    /** Go: {@code src/net/mockserver_test.go} {@code testUnixAddr}. */
    private String testUnixAddr() {
        return dir.resolve("gram" + ThreadLocalRandom.current().nextInt(1_000_000)).toString();
    }

    /** Go: {@code src/net/mockserver_test.go} {@code newLocalPacketListener("unixgram")}. */
    private UnixConn newLocalPacketListener() throws IOException {
        return UnixNet.listenUnixgram("unixgram", new UnixAddr(testUnixAddr(), "unixgram"));
    }

    /**
     * Go: {@code src/net/unixsock_test.go} {@code TestReadUnixgramWithUnnamedSocket}: a datagram
     * from a socket with no name reads with no sender. (Go sends from a raw, unbound socket; here
     * from an unbound netdial dial, which is the same kernel object.)
     */
    @Test
    void readUnixgramWithUnnamedSocket() throws IOException {
        String addr = testUnixAddr();
        UnixAddr la = UnixNet.resolveUnixAddr("unixgram", addr);
        try (UnixConn c = UnixNet.listenUnixgram("unixgram", la)) {
            byte[] data = {1, 2, 3, 4, 5};
            try (UnixConn s = UnixNet.dialUnix("unixgram", null, la)) {
                assertEquals(5, s.write(data, 0, data.length));
            }
            byte[] b = new byte[64];
            c.setReadDeadline(Instant.now().plusMillis(100));
            ReadFromResult<UnixAddr> r = c.readFrom(b, 0, b.length);
            assertNull(r.addr(), "unexpected peer address");
            assertArrayEquals(data, java.util.Arrays.copyOf(b, r.n()));
        }
    }

    /** Go: {@code src/net/unixsock_test.go} {@code TestUnixgramZeroBytePayload}. */
    @Test
    void unixgramZeroBytePayload() throws IOException {
        try (UnixConn c1 = newLocalPacketListener();
                UnixConn c2 = UnixNet.dialUnix("unixgram", null, (UnixAddr) c1.localAddr())) {
            for (boolean genericRead : new boolean[] {false, true}) {
                assertEquals(0, c2.write(new byte[0], 0, 0));
                c1.setReadDeadline(Instant.now().plusMillis(100));
                byte[] b = new byte[1];
                try {
                    if (genericRead) {
                        assertEquals(0, c1.read(b, 0, 1), "an empty datagram reads as 0 bytes, not end of stream");
                    } else {
                        ReadFromResult<UnixAddr> r = c1.readFrom(b, 0, 1);
                        assertEquals(0, r.n());
                        assertNull(r.addr(), "peer is connected-mode");
                    }
                } catch (OpError e) {
                    assertTrue(e.timeout(), "a read may time out, depending on the platform: " + e);
                    GoErrors.checkRead(e);
                }
            }
        }
    }

    /** Go: {@code src/net/unixsock_test.go} {@code TestUnixgramZeroByteBuffer} (go.dev/issue/4352). */
    @Test
    void unixgramZeroByteBuffer() throws IOException {
        try (UnixConn c1 = newLocalPacketListener();
                UnixConn c2 = UnixNet.dialUnix("unixgram", null, (UnixAddr) c1.localAddr())) {
            byte[] b = "UNIXGRAM ZERO BYTE BUFFER TEST".getBytes(StandardCharsets.US_ASCII);
            for (boolean genericRead : new boolean[] {false, true}) {
                assertEquals(b.length, c2.write(b, 0, b.length));
                c1.setReadDeadline(Instant.now().plusMillis(100));
                try {
                    if (genericRead) {
                        assertEquals(0, c1.read(new byte[0], 0, 0));
                        // Read(nil) returns at once without taking the datagram: drain it.
                        c1.readFrom(new byte[0], 0, 0);
                    } else {
                        ReadFromResult<UnixAddr> r = c1.readFrom(new byte[0], 0, 0);
                        assertEquals(0, r.n());
                        assertNull(r.addr(), "peer is connected-mode");
                    }
                } catch (OpError e) {
                    assertTrue(e.timeout(), "a read may time out, depending on the platform: " + e);
                }
            }
        }
    }

    /** Go: {@code src/net/unixsock_test.go} {@code TestUnixgramAutobind}. */
    @Test
    void unixgramAutobind() throws IOException {
        try (UnixConn c1 = UnixNet.listenUnixgram("unixgram", new UnixAddr("", "unixgram"))) {
            UnixAddr autoAddr = (UnixAddr) c1.localAddr();
            assertTrue(autoAddr.name().length() > 1 && autoAddr.name().charAt(0) == '@', "invalid autobind address: " + autoAddr);
            try (UnixConn c2 = UnixNet.dialUnix("unixgram", null, autoAddr)) {
                assertEquals(c1.localAddr(), c2.remoteAddr());
                byte[] m = {7, 8, 9};
                c2.write(m, 0, 3);
                byte[] b = new byte[8];
                c1.setReadDeadline(Instant.now().plusSeconds(5));
                assertEquals(3, c1.readFrom(b, 0, b.length).n());
            }
        }
    }

    /** Go: {@code src/net/unixsock_test.go} {@code TestUnixgramWrite}, {@code testUnixgramWriteConn}, {@code testUnixgramWritePacketConn}. */
    @Test
    void unixgramWrite() throws IOException {
        String addr = testUnixAddr();
        UnixAddr raddr = UnixNet.resolveUnixAddr("unixgram", addr);
        try (UnixConn server = UnixNet.listenUnixgram("unixgram", raddr)) {
            // testUnixgramWriteConn: a connected socket refuses an explicit destination.
            try (UnixConn c = UnixNet.dialUnix("unixgram", null, raddr)) {
                byte[] b = "CONNECTED-MODE SOCKET".getBytes(StandardCharsets.US_ASCII);
                String want = "write unixgram @->" + addr + ": " + Errors.writeToConnected().getMessage();
                assertEquals(want, assertThrows(OpError.class, () -> c.writeToUnix(b, raddr)).getMessage());
                assertEquals(want, assertThrows(OpError.class, () -> c.writeTo(b, raddr)).getMessage());
                assertEquals(want, assertThrows(OpError.class, () -> c.writeMsgUnix(b, null, raddr)).getMessage());
                assertEquals(b.length, c.write(b, 0, b.length));
            }
            // testUnixgramWritePacketConn: an unconnected one needs it.
            String addr2 = testUnixAddr();
            try (UnixConn c = UnixNet.listenUnixgram("unixgram", new UnixAddr(addr2, "unixgram"))) {
                byte[] b = "UNCONNECTED-MODE SOCKET".getBytes(StandardCharsets.US_ASCII);
                assertEquals(b.length, c.writeToUnix(b, raddr));
                assertEquals(b.length, c.writeTo(b, raddr));
                assertEquals(b.length, c.writeMsgUnix(b, null, raddr));
                OpError e = assertThrows(OpError.class, () -> c.write(b, 0, b.length));
                assertEquals("write unixgram " + addr2 + ": write: transport endpoint is not connected", e.getMessage());
                GoErrors.checkWrite(e);
                // Go: a destination of another Unix network is EAFNOSUPPORT; of another type, EINVAL.
                assertEquals("write unixgram " + addr2 + "->" + addr + ": address family not supported by protocol",
                        assertThrows(OpError.class, () -> c.writeToUnix(b, new UnixAddr(addr, "unix"))).getMessage());
                assertEquals("write unixgram " + addr2 + ": missing address",
                        assertThrows(OpError.class, () -> c.writeToUnix(b, null)).getMessage());
                assertEquals("write unixgram " + addr2 + ": invalid argument",
                        assertThrows(OpError.class, () -> c.writeTo(b, null)).getMessage());
                // The three datagrams arrived, each whole, each from addr2.
                byte[] in = new byte[64];
                server.setReadDeadline(Instant.now().plus(Duration.ofSeconds(5)));
                assertEquals("CONNECTED-MODE SOCKET".length(), server.readFrom(in).n());
                for (int i = 0; i < 3; i++) {
                    ReadFromResult<UnixAddr> r = server.readFromUnix(in);
                    assertEquals(b.length, r.n());
                    assertEquals(new UnixAddr(addr2, "unixgram"), r.addr());
                }
            }
        }
    }

    /** Go: {@code src/net/unixsock_test.go} {@code TestUnixgramConnLocalAndRemoteNames}. */
    @Test
    void unixgramConnLocalAndRemoteNames() throws IOException {
        for (String laddr : new String[] {"", testUnixAddr()}) {
            String taddr = testUnixAddr();
            UnixAddr ta = UnixNet.resolveUnixAddr("unixgram", taddr);
            try (UnixConn c1 = UnixNet.listenUnixgram("unixgram", ta)) {
                UnixAddr la = laddr.isEmpty() ? null : UnixNet.resolveUnixAddr("unixgram", laddr);
                try (UnixConn c2 = UnixNet.dialUnix("unixgram", la, ta)) {
                    String want = laddr.isEmpty() ? "@" : laddr; // Linux: an unnamed socket reads as "@"
                    assertEquals(ta, c1.localAddr());
                    assertNull(c1.remoteAddr());
                    assertEquals(new UnixAddr(want, "unixgram"), c2.localAddr());
                    assertEquals(ta, c2.remoteAddr());
                }
            }
        }
    }

    /** A datagram longer than the buffer is truncated; the next read gets the next datagram. */
    @Test
    void longDatagramTruncated() throws IOException {
        try (UnixConn c1 = newLocalPacketListener();
                UnixConn c2 = UnixNet.dialUnix("unixgram", null, (UnixAddr) c1.localAddr())) {
            byte[] big = new byte[100_000]; // over the pooled 64 KiB buffer: one datagram still
            ThreadLocalRandom.current().nextBytes(big);
            c2.write(big, 0, big.length);
            c2.write(new byte[] {1, 2}, 0, 2);
            byte[] b = new byte[10];
            c1.setReadDeadline(Instant.now().plusSeconds(5));
            assertEquals(10, c1.readFrom(b).n());
            assertArrayEquals(java.util.Arrays.copyOf(big, 10), b);
            assertEquals(2, c1.readFrom(b).n());
        }
    }
}
