package dev.netdial.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.netdial.api.DNSError;
import dev.netdial.api.Errno;
import dev.netdial.api.Errors;
import dev.netdial.api.IP;
import dev.netdial.api.OpError;
import dev.netdial.api.SyscallError;
import dev.netdial.api.TCPAddr;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * netdial's Go errors become the {@code java.net} types clients test for, keeping Go's text as the
 * message and the Go error as the cause; the errno classes are the JDK's own ({@code Net.c}
 * {@code handleSocketError}).
 *
 * <p>netdial's own: Go has no {@code java.net} exceptions.
 */
class JdkErrorsTest {
    private static final TCPAddr TARGET = new TCPAddr(IP.parse("192.0.2.1"), 80);

    private record Case(IOException err, Class<? extends IOException> want, String text) {
    }

    private static OpError dial(Errno e) {
        return new OpError("dial", "tcp", null, TARGET, new SyscallError("connect", e));
    }

    @Test
    void dialErrors() {
        List<Case> cases = List.of(
                new Case(dial(Errno.ECONNREFUSED), ConnectException.class,
                        "dial tcp 192.0.2.1:80: connect: connection refused"),
                new Case(dial(Errno.ETIMEDOUT), ConnectException.class,
                        "dial tcp 192.0.2.1:80: connect: connection timed out"),
                new Case(dial(Errno.EHOSTUNREACH), NoRouteToHostException.class,
                        "dial tcp 192.0.2.1:80: connect: no route to host"),
                new Case(new OpError("dial", "tcp", TARGET, TARGET, new SyscallError("bind", Errno.EADDRINUSE)),
                        BindException.class, "dial tcp 192.0.2.1:80->192.0.2.1:80: bind: address already in use"),
                new Case(dial(Errno.EADDRNOTAVAIL), BindException.class,
                        "dial tcp 192.0.2.1:80: connect: cannot assign requested address"),
                new Case(dial(Errno.ENETUNREACH), SocketException.class,
                        "dial tcp 192.0.2.1:80: connect: network is unreachable"),
                new Case(new OpError("dial", "tcp", null, TARGET, Errors.deadlineExceeded()), SocketTimeoutException.class,
                        "dial tcp 192.0.2.1:80: i/o timeout"),
                new Case(new OpError("dial", "tcp", null, null,
                        new DNSError("no such host", "nx.example", "127.0.0.53:53", false, false, true)),
                        UnknownHostException.class, "dial tcp: lookup nx.example on 127.0.0.53:53: no such host"));
        for (Case c : cases) {
            IOException got = JdkErrors.dialError(c.err());
            assertEquals(c.want(), got.getClass(), c.text());
            assertEquals(c.text(), got.getMessage());
            assertSame(c.err(), got.getCause(), c.text());
        }
    }

    @Test
    void ioErrors() {
        OpError reset = new OpError("read", "tcp", TARGET, TARGET, new SyscallError("read", Errno.ECONNRESET));
        IOException got = JdkErrors.ioError(reset);
        assertEquals(SocketException.class, got.getClass());
        assertEquals("read tcp 192.0.2.1:80->192.0.2.1:80: read: connection reset by peer", got.getMessage());
        assertSame(reset, got.getCause());
        OpError timeout = new OpError("read", "tcp", TARGET, TARGET, Errors.deadlineExceeded());
        assertEquals(SocketTimeoutException.class, JdkErrors.ioError(timeout).getClass());
        assertEquals("Socket closed", JdkErrors.closed(reset).getMessage());
    }
}
