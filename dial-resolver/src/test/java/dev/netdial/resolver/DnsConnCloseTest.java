package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.OpError;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.testing.Loopback;
import java.net.InetAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The resolver's {@link DnsConn} is Go's {@code conn} written once ({@code NetConn}), the same as
 * {@code TCPConn}: a second close does nothing, and after close read, write and the deadline
 * setters fail with Go's {@code OpError}s. {@code TCPConn}'s twin is {@code TcpConnCloseTest} in
 * dial-tcp, asserting the same things.
 *
 * <p>Go: {@code src/net/net.go} {@code (*conn).Close}, {@code Read}, {@code Write}, {@code SetDeadline}.
 */
@Timeout(30)
class DnsConnCloseTest {

    private static final String CLOSED = ": use of closed network connection";

    @Test
    void udpSecondCloseIsANoOp() throws Exception {
        // A connected UDP socket needs no server.
        assertClosedTwice(DnsConn.dial(Context.background(), "udp", "127.0.0.1:53"), "udp");
    }

    @Test
    void tcpSecondCloseIsANoOp() throws Exception {
        NetFD ln = Loopback.listen(InetAddress.getByName("127.0.0.1"));
        try {
            assertClosedTwice(DnsConn.dial(Context.background(), "tcp", ln.localAddr().toString()), "tcp");
        } finally {
            ln.close();
        }
    }

    /** The assertions {@code TcpConnCloseTest} makes of a {@code TCPConn}, made here of a DnsConn. */
    static void assertClosedTwice(Conn c, String net) throws Exception {
        assertTrue(c.isOpen(), "open before close");
        String both = net + " " + c.localAddr() + "->" + c.remoteAddr() + CLOSED;
        String local = "set " + net + " " + c.localAddr() + CLOSED;
        c.close();
        assertFalse(c.isOpen(), "closed after close");
        c.close(); // no-op: no exception
        assertFalse(c.isOpen(), "closed after the second close");
        assertEquals("read " + both, assertThrows(OpError.class, () -> c.read(new byte[1], 0, 1)).getMessage());
        assertEquals("write " + both, assertThrows(OpError.class, () -> c.write(new byte[1], 0, 1)).getMessage());
        assertEquals(local, assertThrows(OpError.class, () -> c.setDeadline(Instant.now())).getMessage());
        assertEquals(local, assertThrows(OpError.class, () -> c.setReadDeadline(null)).getMessage());
        c.close(); // still a no-op after failed calls
    }
}
