package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netdial.api.KeepAliveConfig;
import dev.netdial.api.OpError;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Every setter of a closed TCPConn or TCPListener fails with Go's {@code OpError}: op "set",
 * naming the local address alone for deadlines and buffer sizes (Go's {@code conn} methods) and
 * both ends for the TCP options (issue 16: {@code TCPListener.setDeadline} threw the bare
 * "use of closed network connection").
 *
 * <p>Go: {@code src/net/net.go} {@code (*conn).SetDeadline} … {@code SetWriteBuffer};
 * {@code src/net/tcpsock.go} {@code (*TCPConn).SetLinger}, {@code SetKeepAlive},
 * {@code SetKeepAlivePeriod}, {@code SetNoDelay}, {@code (*TCPListener).SetDeadline};
 * {@code src/net/tcpsock_unix.go} {@code (*TCPConn).SetKeepAliveConfig}; netdial's own
 * {@code TCPConn.setUserTimeout} and its getter ("get") in the same format.
 */
@Timeout(30)
class SetAfterCloseTest {

    private static final String CLOSED = ": use of closed network connection";

    @Test
    void tcpConnSettersAfterClose() throws Exception {
        try (TCPListener ln = Net.listenTCP("tcp", new dev.netdial.api.TCPAddr(dev.netdial.api.IP.parse("127.0.0.1"), 0, ""))) {
            TCPConn c = (TCPConn) Net.dial("tcp", ln.addr().toString());
            ln.accept().close();
            String local = "set tcp " + c.localAddr() + CLOSED;
            String both = "set tcp " + c.localAddr() + "->" + c.remoteAddr() + CLOSED;
            c.close();
            Map<String, Executable> localOnly = new LinkedHashMap<>();
            localOnly.put("setDeadline", () -> c.setDeadline(Instant.now()));
            localOnly.put("setReadDeadline", () -> c.setReadDeadline(null));
            localOnly.put("setWriteDeadline", () -> c.setWriteDeadline(Instant.MAX));
            localOnly.put("setReadBuffer", () -> c.setReadBuffer(4096));
            localOnly.put("setWriteBuffer", () -> c.setWriteBuffer(4096));
            Map<String, Executable> bothEnds = new LinkedHashMap<>();
            bothEnds.put("setNoDelay", () -> c.setNoDelay(false));
            bothEnds.put("setKeepAlive", () -> c.setKeepAlive(true));
            bothEnds.put("setKeepAlivePeriod", () -> c.setKeepAlivePeriod(Duration.ofSeconds(30)));
            bothEnds.put("setKeepAliveConfig", () -> c.setKeepAliveConfig(new KeepAliveConfig(true, null, null, 0)));
            bothEnds.put("setLinger", () -> c.setLinger(1));
            bothEnds.put("setUserTimeout", () -> c.setUserTimeout(Duration.ofSeconds(1)));
            localOnly.forEach((name, call) ->
                    assertEquals(local, assertThrows(OpError.class, call, name).getMessage(), name));
            bothEnds.forEach((name, call) ->
                    assertEquals(both, assertThrows(OpError.class, call, name).getMessage(), name));
            assertEquals("get tcp " + c.localAddr() + "->" + c.remoteAddr() + CLOSED,
                    assertThrows(OpError.class, c::userTimeout).getMessage(), "userTimeout");
            // Go's setKeepAliveIdle returns at once for a negative period: no error, even closed.
            c.setKeepAlivePeriod(Duration.ofSeconds(-1));
            assertEquals("close tcp " + c.localAddr() + "->" + c.remoteAddr() + CLOSED,
                    assertThrows(OpError.class, c::closeWrite).getMessage());
        }
    }

    @Test
    void tcpListenerSetDeadlineAfterClose() throws Exception {
        TCPListener ln = Net.listenTCP("tcp", new dev.netdial.api.TCPAddr(dev.netdial.api.IP.parse("127.0.0.1"), 0, ""));
        ln.close();
        OpError e = assertThrows(OpError.class, () -> ln.setDeadline(Instant.now()));
        assertEquals("set tcp " + ln.addr() + CLOSED, e.getMessage());
    }
}
