package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Conn;
import dev.netdial.api.IP;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TCPConn} is Go's {@code conn} written once ({@code NetConn}), the same as the resolver's
 * {@code DnsConn}: a second close does nothing, and after close read, write and the deadline
 * setters fail with Go's {@code OpError}s. The assertions are those of dial-resolver's
 * {@code DnsConnCloseTest.assertClosedTwice}, so the two conns are held to one behaviour.
 *
 * <p>Go: {@code src/net/net.go} {@code (*conn).Close}, {@code Read}, {@code Write}, {@code SetDeadline}.
 */
@Timeout(30)
class TcpConnCloseTest {

    private static final String CLOSED = ": use of closed network connection";

    @Test
    void secondCloseIsANoOp() throws Exception {
        try (TCPListener ln = Net.listenTCP("tcp", new TCPAddr(IP.parse("127.0.0.1"), 0, ""))) {
            Conn c = Net.dial("tcp", ln.addr().toString());
            ln.accept().close();
            assertTrue(c.isOpen(), "open before close");
            String both = "tcp " + c.localAddr() + "->" + c.remoteAddr() + CLOSED;
            String local = "set tcp " + c.localAddr() + CLOSED;
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
}
