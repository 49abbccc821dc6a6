package dev.netdial.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Context;
import dev.netdial.api.Errors;
import dev.netdial.api.NetException;
import dev.netdial.api.OpError;
import dev.netdial.api.ReadFromResult;
import dev.netdial.api.ReadMsgResult;
import dev.netdial.api.SyscallError;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.UDPAddr;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.posix.internal.LibC;
import dev.netdial.testing.GoErrors;
import dev.netdial.testing.Loopback;
import dev.netdial.udp.internal.UdpSockPosix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link UDPConn} on loopback sockets opened as dial-tcp opens them ({@link UdpSockPosix}):
 * the conn-level cases of Go's udpsock_test.go and protoconn_test.go, out-of-band data, Go's
 * error texts, and the fds' flags.
 *
 * <p>Go: {@code src/net/udpsock_test.go}, {@code src/net/protoconn_test.go}
 * {@code TestUDPConnSpecificMethods}.
 */
@Timeout(60)
class UDPConnTest {
    /** Linux {@code IP_PKTINFO} and the size of the control message it adds ({@code CMSG_SPACE(sizeof(struct in_pktinfo))}). */
    private static final int IP_PKTINFO = 8;
    private static final int PKTINFO_SPACE = 32;

    static UDPConn listen(String network, UDPAddr laddr) throws IOException {
        return UdpSockPosix.listenUDP(IpSockPosix.system(), Context.background(), network, laddr, null);
    }

    static UDPConn dial(String network, UDPAddr laddr, UDPAddr raddr) throws IOException {
        return UdpSockPosix.dialUDP(IpSockPosix.system(), Context.background(), network, laddr, raddr, null);
    }

    static UDPConn listenLocal() throws IOException {
        return listen("udp4", new UDPAddr(Loopback.V4, 0));
    }

    /** Go: {@code src/net/protoconn_test.go} {@code TestUDPConnSpecificMethods}. */
    @Test
    void testUDPConnSpecificMethods() throws IOException {
        try (UDPConn c = listenLocal()) {
            UDPAddr la = assertInstanceOf(UDPAddr.class, c.localAddr());
            assertNotEquals(0, la.port());
            assertNull(c.remoteAddr());
            c.setDeadline(Instant.now().plusSeconds(30));
            c.setReadDeadline(Instant.now().plusSeconds(30));
            c.setWriteDeadline(Instant.now().plusSeconds(30));
            c.setReadBuffer(2048);
            c.setWriteBuffer(2048);
            byte[] wb = "UDPCONN TEST".getBytes();
            byte[] rb = new byte[128];
            assertEquals(wb.length, c.writeToUDP(wb, la));
            ReadFromResult<UDPAddr> r = c.readFromUDP(rb);
            assertEquals(wb.length, r.n());
            assertEquals(la, r.addr());
            assertEquals(wb.length, c.writeMsgUDP(wb, null, la));
            ReadMsgResult<UDPAddr> m = c.readMsgUDP(rb, null);
            assertEquals(wb.length, m.n());
            assertEquals(0, m.oobn());
            assertEquals(la, m.addr());
            assertArrayEquals(wb, Arrays.copyOf(rb, m.n()));
            // Go checks these do not panic; here they fail with Go's "missing address".
            OpError e1 = assertThrows(OpError.class, () -> c.writeToUDP(wb, null));
            assertEquals("write udp4 " + la + ": missing address", e1.getMessage());
            OpError e2 = assertThrows(OpError.class, () -> c.writeMsgUDP(wb, null, null));
            assertEquals("write udp4 " + la + ": missing address", e2.getMessage());
            GoErrors.checkWrite(e1);
        }
    }

    /** Go: {@code src/net/udpsock_test.go} {@code TestUDPZeroBytePayload}: an empty datagram reads as 0 bytes, no error. */
    @Test
    void testUDPZeroBytePayload() throws IOException {
        try (UDPConn c = listenLocal()) {
            for (boolean genericRead : new boolean[] {false, true}) {
                assertEquals(0, c.writeTo(new byte[0], c.localAddr()));
                c.setReadDeadline(Instant.now().plusSeconds(30));
                byte[] b = new byte[1];
                int n = genericRead ? c.read(b, 0, 1) : c.readFrom(b).n();
                assertEquals(0, n, genericRead ? "Read" : "ReadFrom");
            }
        }
    }

    /**
     * Go: {@code src/net/udpsock_test.go} {@code TestUDPZeroByteBuffer}: a read into an empty
     * buffer succeeds (readFrom takes the datagram; read returns at once, as Go's).
     */
    @Test
    void testUDPZeroByteBuffer() throws IOException {
        try (UDPConn c = listenLocal()) {
            byte[] b = "UDP ZERO BYTE BUFFER TEST".getBytes();
            for (boolean genericRead : new boolean[] {false, true}) {
                assertEquals(b.length, c.writeTo(b, c.localAddr()));
                c.setReadDeadline(Instant.now().plusMillis(100));
                if (genericRead) {
                    assertEquals(0, c.read(new byte[0], 0, 0));
                } else {
                    ReadFromResult<UDPAddr> r = c.readFrom(new byte[0]);
                    assertEquals(0, r.n());
                    assertEquals(c.localAddr(), r.addr());
                }
            }
        }
    }

    /** Go: {@code src/net/udpsock_test.go} {@code TestUDPReadSizeError}: a datagram one byte too long reads as the buffer's length, no error. */
    @Test
    void testUDPReadSizeError() throws IOException {
        try (UDPConn c1 = listenLocal(); UDPConn c2 = dial("udp", null, (UDPAddr) c1.localAddr())) {
            byte[] b1 = "READ SIZE ERROR TEST".getBytes();
            for (boolean genericRead : new boolean[] {false, true}) {
                assertEquals(b1.length, c2.write(b1, 0, b1.length));
                byte[] b2 = new byte[b1.length - 1];
                int n = genericRead ? c1.read(b2, 0, b2.length) : c1.readFrom(b2).n();
                assertEquals(b1.length - 1, n);
                assertArrayEquals(Arrays.copyOf(b1, b1.length - 1), b2);
            }
            // readMsgUDP says so: MSG_TRUNC.
            c2.write(b1, 0, b1.length);
            ReadMsgResult<UDPAddr> m = c1.readMsgUDP(new byte[4], null);
            assertEquals(4, m.n());
            assertEquals(ReadMsgResult.MSG_TRUNC, m.flags() & ReadMsgResult.MSG_TRUNC);
            assertEquals(c2.localAddr(), m.addr());
        }
    }

    /** Go: {@code src/net/udpsock_test.go} {@code TestUDPReadTimeout}: a past deadline fails readFromUDP with Go's deadline error. */
    @Test
    void testUDPReadTimeout() throws IOException {
        try (UDPConn c = listenLocal()) {
            c.setDeadline(Instant.now());
            OpError e = assertThrows(OpError.class, () -> c.readFromUDP(new byte[1]));
            assertTrue(Errors.isTimeout(e), e.toString());
            assertEquals("read udp4 " + c.localAddr() + ": i/o timeout", e.getMessage());
            GoErrors.checkRead(e);
        }
    }

    /** Control data comes back through readMsgUDP: IP_PKTINFO names the destination address; too small an oob sets MSG_CTRUNC. */
    @Test
    void readMsgUDPOutOfBand() throws IOException {
        try (UDPConn c = listenLocal(); UDPConn d = dial("udp4", null, (UDPAddr) listenLocalAddr(c))) {
            int[] r = {0};
            c.syscallConn().control(fd -> r[0] = LibC.setsockoptInt(fd, Constants.IPPROTO_IP, IP_PKTINFO, 1));
            assertEquals(0, r[0]);
            d.write("x".getBytes(), 0, 1);
            byte[] oob = new byte[128];
            ReadMsgResult<UDPAddr> m = c.readMsgUDP(new byte[8], oob);
            assertEquals(1, m.n());
            assertEquals(PKTINFO_SPACE, m.oobn());
            ByteBuffer cm = ByteBuffer.wrap(oob).order(ByteOrder.nativeOrder());
            assertEquals(28, cm.getLong(0), "cmsg_len");
            assertEquals(Constants.IPPROTO_IP, cm.getInt(8), "cmsg_level");
            assertEquals(IP_PKTINFO, cm.getInt(12), "cmsg_type");
            // struct in_pktinfo { int ifindex; in_addr spec_dst; in_addr addr; }: addr is 127.0.0.1.
            assertArrayEquals(new byte[] {127, 0, 0, 1}, Arrays.copyOfRange(oob, 24, 28));
            d.write("y".getBytes(), 0, 1);
            ReadMsgResult<UDPAddr> small = c.readMsgUDP(new byte[8], new byte[4]);
            assertEquals(ReadMsgResult.MSG_CTRUNC, small.flags() & ReadMsgResult.MSG_CTRUNC);
        }
    }

    private static UDPAddr listenLocalAddr(UDPConn c) {
        return (UDPAddr) c.localAddr();
    }

    /** Go's write errors byte for byte: pre-connected, not a UDPAddr, unconnected Write, closed. */
    @Test
    void writeErrorTexts() throws IOException {
        UDPConn c = listenLocal();
        UDPConn d = dial("udp", null, (UDPAddr) c.localAddr());
        try {
            UDPAddr ra = (UDPAddr) c.localAddr();
            String dl = d.localAddr().toString();
            byte[] b = "x".getBytes();
            OpError e = assertThrows(OpError.class, () -> d.writeToUDP(b, ra));
            assertEquals("write udp " + dl + "->" + ra + ": use of WriteTo with pre-connected connection", e.getMessage());
            assertEquals(Errors.WRITE_TO_CONNECTED, e.err().getMessage());
            e = assertThrows(OpError.class, () -> d.writeMsgUDP(b, null, ra));
            assertEquals(Errors.WRITE_TO_CONNECTED, e.err().getMessage());
            assertEquals(1, d.writeMsgUDP(b, null, null)); // Go: nil address on a connected conn is fine
            TCPAddr tcp = new TCPAddr(Loopback.V4, 1);
            e = assertThrows(OpError.class, () -> c.writeTo(b, tcp));
            assertEquals("write udp4 " + ra + "->127.0.0.1:1: invalid argument", e.getMessage());
            assertInstanceOf(NetException.class, e.err());
            e = assertThrows(OpError.class, () -> c.write(b, 0, 1));
            assertEquals("write udp4 " + ra + ": write: destination address required", e.getMessage());
            assertInstanceOf(SyscallError.class, e.err());
            c.close();
            e = assertThrows(OpError.class, () -> c.writeToUDP(b, ra));
            assertEquals("write udp4 " + ra + "->" + ra + ": use of closed network connection", e.getMessage());
            e = assertThrows(OpError.class, () -> c.readFrom(new byte[1]));
            assertEquals("read udp4 " + ra + ": use of closed network connection", e.getMessage());
            assertTrue(Errors.isClosed(e));
            d.close();
            e = assertThrows(OpError.class, () -> d.write(b, 0, 1));
            assertEquals("write udp " + dl + "->" + ra + ": use of closed network connection", e.getMessage());
            GoErrors.checkWrite(e);
        } finally {
            c.close();
            d.close();
        }
    }

    /** A close wakes a blocked readFrom with "use of closed network connection"; the conn is then not open. */
    @Test
    void closeWakesBlockedRead() throws Exception {
        UDPConn c = listenLocal();
        IOException[] got = new IOException[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                c.readFromUDP(new byte[16]);
            } catch (IOException e) {
                got[0] = e;
            }
        });
        Thread.sleep(50);
        c.close();
        c.close(); // idempotent
        t.join(10_000);
        assertTrue(Errors.isClosed(got[0]), String.valueOf(got[0]));
        assertTrue(!c.isOpen());
    }

    /** Every fd a UDP conn has is CLOEXEC and NONBLOCK, bound or connected. */
    @Test
    void fdsAreCloexecNonblock() throws IOException {
        try (UDPConn c = listenLocal(); UDPConn d = dial("udp4", null, (UDPAddr) c.localAddr())) {
            for (UDPConn u : new UDPConn[] {c, d}) {
                int[] flags = new int[2];
                u.syscallConn().control(fd -> {
                    flags[0] = LibC.fcntl(fd, Constants.F_GETFD, 0);
                    flags[1] = LibC.fcntl(fd, Constants.F_GETFL, 0);
                });
                assertEquals(Constants.FD_CLOEXEC, flags[0] & Constants.FD_CLOEXEC, u + " F_GETFD=" + flags[0]);
                assertEquals(Constants.O_NONBLOCK, flags[1] & Constants.O_NONBLOCK, u + " F_GETFL=" + flags[1]);
            }
        }
    }

    /** The stream views carry datagrams; an empty datagram is skipped by the InputStream; ByteBuffer reads and writes work. */
    @Test
    void streamsAndBuffers() throws IOException {
        try (UDPConn c = listenLocal(); UDPConn d = dial("udp", null, (UDPAddr) c.localAddr())) {
            d.outputStream().write(new byte[0]);
            d.outputStream().write("abc".getBytes());
            byte[] b = new byte[8];
            assertEquals(0, c.readFrom(b).n()); // the empty one
            assertEquals(3, c.readFrom(b).n());
            // d is connected to c: only c's datagrams reach it.
            UDPAddr da = (UDPAddr) d.localAddr();
            c.writeToUDP("hello".getBytes(), da);
            ByteBuffer dst = ByteBuffer.allocateDirect(16);
            assertEquals(5, d.read(dst));
            assertEquals(5, dst.position());
            c.writeToUDP(new byte[0], da);
            c.writeToUDP("z".getBytes(), da);
            assertEquals(1, d.inputStream().read(b, 0, 8)); // skipped the empty datagram
            assertEquals('z', b[0]);
            d.write(ByteBuffer.wrap("buf".getBytes()));
            assertEquals(3, c.readFrom(b).n());
        }
    }

    /** IPv6 loopback: bound and connected conns exchange a datagram with [::1] addresses. */
    @Test
    void udp6Loopback() throws IOException {
        dev.netdial.testing.Capabilities.require("IPv6 loopback (::1)", IpSockPosix.supportsIPv6());
        try (UDPConn c = listen("udp6", new UDPAddr(Loopback.V6, 0)); UDPConn d = dial("udp6", null, (UDPAddr) c.localAddr())) {
            assertTrue(c.localAddr().toString().startsWith("[::1]:"), c.localAddr().toString());
            d.write("six".getBytes(), 0, 3);
            ReadFromResult<UDPAddr> r = c.readFromUDP(new byte[8]);
            assertEquals(3, r.n());
            assertEquals(d.localAddr(), r.addr());
            assertSame(UDPAddr.class, r.addr().getClass());
        }
    }
}
