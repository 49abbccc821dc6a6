package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Context;
import dev.netdial.api.Errors;
import dev.netdial.api.SyscallError;
import dev.netdial.api.UDPAddr;
import dev.netdial.testing.Loopback;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The datagram half of dial-posix: SOCK_DGRAM through {@code internetSocket} (bound as Go's
 * {@code listenDatagram}, or connected), and NetFD's {@code readFrom}, {@code writeTo},
 * {@code readMsg}, {@code writeMsg}, with Go's rules for empty and truncated datagrams.
 *
 * <p>Go: {@code src/net/sock_posix.go} {@code listenDatagram}; {@code src/internal/poll/fd_unix.go}
 * {@code ReadFrom}, {@code ReadMsg}, {@code WriteTo}, {@code WriteMsg}, {@code eofError}.
 */
class DatagramFDTest {
    /** {@code MSG_TRUNC} from {@code <sys/socket.h>}. */
    private static final int MSG_TRUNC = 0x20;

    private static NetFD bound() throws IOException {
        return IpSockPosix.system().internetSocket(Context.background(), "udp", new UDPAddr(Loopback.V4, 0), null,
                Constants.SOCK_DGRAM, 0, "listen", null);
    }

    private static NetFD connected(UDPAddr raddr) throws IOException {
        return IpSockPosix.system().internetSocket(Context.background(), "udp", null, raddr, Constants.SOCK_DGRAM, 0,
                "dial", null);
    }

    /** A bound datagram socket has a UDPAddr with the kernel's port and no remote address; a connected one has both. */
    @Test
    void addressesAreUDPAddrs() throws IOException {
        try (Closer c = new Closer()) {
            NetFD s = c.add(bound());
            UDPAddr la = assertInstanceOf(UDPAddr.class, s.localAddr());
            assertEquals(Loopback.V4, la.ip());
            assertNotEquals(0, la.port());
            assertNull(s.remoteAddr());
            assertTrue(!s.isConnected());
            NetFD d = c.add(connected(la));
            assertEquals(la, d.remoteAddr());
            assertInstanceOf(UDPAddr.class, d.localAddr());
            assertTrue(d.isConnected());
            assertEquals("udp4", d.ctrlNetwork());
        }
    }

    /** writeTo/readFrom carry the bytes and the sender; a connected socket's write reaches readFrom with its address. */
    @Test
    void writeToReadFrom() throws IOException {
        try (Closer c = new Closer()) {
            NetFD s = c.add(bound());
            NetFD d = c.add(connected((UDPAddr) s.localAddr()));
            byte[] msg = "hello, datagram".getBytes();
            assertEquals(msg.length, d.write(msg, 0, msg.length));
            byte[] b = new byte[100];
            Sockaddr[] from = new Sockaddr[1];
            int n = s.readFrom(b, 0, b.length, from);
            assertArrayEquals(msg, Arrays.copyOf(b, n));
            assertEquals(d.localAddr(), IpSockPosix.sockaddrToUDP(from[0]));
            Sockaddr back = IpSockPosix.sockaddr(d.localAddr(), Constants.AF_INET);
            assertEquals(3, s.writeTo("abc".getBytes(), 0, 3, back));
            assertEquals(3, d.read(b, 0, b.length));
            assertEquals("abc", new String(b, 0, 3));
        }
    }

    /** An empty datagram reads as 0 bytes, not end of stream, through read, readFrom and readMsg. */
    @Test
    void zeroByteDatagram() throws IOException {
        try (Closer c = new Closer()) {
            NetFD s = c.add(bound());
            NetFD d = c.add(connected((UDPAddr) s.localAddr()));
            s.setReadDeadline(Instant.now().plusSeconds(30));
            byte[] b = new byte[8];
            assertEquals(0, d.write(new byte[0], 0, 0));
            assertEquals(0, s.read(b, 0, b.length));
            assertEquals(0, d.write(new byte[0], 0, 0));
            Sockaddr[] from = new Sockaddr[1];
            assertEquals(0, s.readFrom(b, 0, b.length, from));
            assertEquals(d.localAddr(), IpSockPosix.sockaddrToUDP(from[0]));
            assertEquals(0, d.writeMsg(new byte[0], 0, 0, null, 0, 0, null));
            PollFD.Msg m = s.readMsg(b, 0, b.length, null, 0, 0, 0);
            assertEquals(0, m.n());
            assertEquals(0, m.flags());
        }
    }

    /** A datagram longer than the buffer is cut to it: n is the buffer's length; readMsg reports MSG_TRUNC. */
    @Test
    void truncation() throws IOException {
        try (Closer c = new Closer()) {
            NetFD s = c.add(bound());
            NetFD d = c.add(connected((UDPAddr) s.localAddr()));
            byte[] msg = "0123456789".getBytes();
            d.write(msg, 0, msg.length);
            byte[] b = new byte[4];
            Sockaddr[] from = new Sockaddr[1];
            assertEquals(4, s.readFrom(b, 0, 4, from));
            assertEquals("0123", new String(b));
            d.write(msg, 0, msg.length);
            PollFD.Msg m = s.readMsg(b, 0, 4, new byte[64], 0, 64, 0);
            assertEquals(4, m.n());
            assertEquals(MSG_TRUNC, m.flags() & MSG_TRUNC);
            assertEquals(0, m.oobn());
            assertEquals(d.localAddr(), IpSockPosix.sockaddrToUDP(m.from()));
        }
    }

    /** writeMsg to an address and readMsg with control room; a payload larger than the pooled buffer goes in one call. */
    @Test
    void writeMsgReadMsgAndLarge() throws IOException {
        try (Closer c = new Closer()) {
            NetFD s = c.add(bound());
            NetFD d = c.add(bound());
            Sockaddr to = IpSockPosix.sockaddr(s.localAddr(), Constants.AF_INET);
            byte[] msg = new byte[1200];
            new java.util.Random(7).nextBytes(msg);
            assertEquals(msg.length, d.writeMsg(msg, 0, msg.length, null, 0, 0, to));
            byte[] b = new byte[2000];
            PollFD.Msg m = s.readMsg(b, 0, b.length, new byte[2048], 0, 2048, 0);
            assertEquals(msg.length, m.n());
            assertArrayEquals(msg, Arrays.copyOf(b, m.n()));
            assertEquals(d.localAddr(), IpSockPosix.sockaddrToUDP(m.from()));
            // 70,000 bytes exceed the 64 KiB pooled buffer and UDP's limit: one sendto, EMSGSIZE as Go's.
            SyscallError e = assertThrows(SyscallError.class, () -> d.writeTo(new byte[70_000], 0, 70_000, to));
            assertEquals("sendto: message too long", e.getMessage());
        }
    }

    /** A read deadline ends a readFrom with "i/o timeout"; a close wakes a blocked one with "use of closed network connection". */
    @Test
    void deadlineAndClose() throws Exception {
        NetFD s = bound();
        try {
            s.setReadDeadline(Instant.now().plusMillis(50));
            IOException t = assertThrows(IOException.class, () -> s.readFrom(new byte[1], 0, 1, new Sockaddr[1]));
            assertTrue(Errors.isTimeout(t), t.toString());
            s.setReadDeadline(null);
            IOException[] got = new IOException[1];
            Thread r = Thread.ofVirtual().start(() -> {
                try {
                    s.readMsg(new byte[1], 0, 1, null, 0, 0, 0);
                } catch (IOException e) {
                    got[0] = e;
                }
            });
            Thread.sleep(50);
            s.close();
            r.join(10_000);
            assertTrue(Errors.isClosed(got[0]), String.valueOf(got[0]));
        } finally {
            try {
                s.close();
            } catch (IOException alreadyClosed) {
                // closed above
            }
        }
    }

    /** Closes what a test opened. */
    private static final class Closer implements AutoCloseable {
        private final java.util.List<NetFD> fds = new java.util.ArrayList<>();

        NetFD add(NetFD fd) {
            fds.add(fd);
            return fd;
        }

        @Override
        public void close() throws IOException {
            for (NetFD fd : fds) {
                fd.close();
            }
        }
    }
}
