package dev.netdial.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.AddrError;
import dev.netdial.api.CanceledError;
import dev.netdial.api.ContextCanceledError;
import dev.netdial.api.ContextDeadlineExceededError;
import dev.netdial.api.DNSError;
import dev.netdial.api.Errno;
import dev.netdial.api.Errors;
import dev.netdial.api.InvalidAddrError;
import dev.netdial.api.NetException;
import dev.netdial.api.OpError;
import dev.netdial.api.ParseError;
import dev.netdial.api.SyscallError;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.UnknownNetworkError;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Tests of {@link GoErrors}: shapes Go accepts pass with Go's exact text; every way of breaking
 * the shape or the text fails, naming the level.
 *
 * <p>Go: {@code src/net/error_test.go} (the parsers; Go has no test of them).
 */
class GoErrorsTest {

    private static final TCPAddr LOCAL = addr(new byte[] {127, 0, 0, 1}, 40000);
    private static final TCPAddr REMOTE = addr(new byte[] {127, 0, 0, 1}, 1);
    private static final TCPAddr V6 = addr(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 80);

    private static TCPAddr addr(byte[] ip, int port) {
        try {
            return new TCPAddr(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private record Good(String name, Consumer<Throwable> check, Throwable err, String goText) {
    }

    /** Errors Go's parsers accept, with the text Go prints for them. */
    private static List<Good> goodCases() {
        return List.of(
                new Good("dial refused", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, REMOTE, new SyscallError("connect", Errno.ECONNREFUSED)),
                        "dial tcp 127.0.0.1:1: connect: connection refused"),
                new Good("dial with source", GoErrors::checkDial,
                        new OpError("dial", "tcp", LOCAL, REMOTE, new SyscallError("connect", Errno.EADDRNOTAVAIL)),
                        "dial tcp 127.0.0.1:40000->127.0.0.1:1: connect: cannot assign requested address"),
                new Good("dial ipv6 timeout", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, V6, Errors.deadlineExceeded()),
                        "dial tcp [::1]:80: i/o timeout"),
                new Good("dial canceled", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, REMOTE, Errors.canceled()),
                        "dial tcp 127.0.0.1:1: operation was canceled"),
                new Good("dial EMFILE", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, REMOTE, new SyscallError("socket", Errno.EMFILE)),
                        "dial tcp 127.0.0.1:1: socket: too many open files"),
                new Good("dial unknown network", GoErrors::checkDial,
                        new OpError("dial", "foo", null, null, new UnknownNetworkError("foo")),
                        "dial foo: unknown network foo"),
                new Good("dial addr error", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, null, new AddrError("missing port in address", "127.0.0.1")),
                        "dial tcp: address 127.0.0.1: missing port in address"),
                new Good("dial addr error without addr", GoErrors::checkDial,
                        new OpError("dial", "tcp4", null, null, new AddrError("no suitable address", "")),
                        "dial tcp4: no suitable address"),
                new Good("dial dns", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, null,
                                new DNSError("no such host", "x.invalid", "127.0.0.53:53", false, false, true)),
                        "dial tcp: lookup x.invalid on 127.0.0.53:53: no such host"),
                new Good("dial dns timeout", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, null,
                                new DNSError("i/o timeout", "a.test", "", true, false, false)),
                        "dial tcp: lookup a.test: i/o timeout"),
                new Good("dial parse", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, null, new ParseError("IP address", "300.1.1.1")),
                        "dial tcp: invalid IP address: 300.1.1.1"),
                new Good("dial invalid addr", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, null, new InvalidAddrError("invalid address")),
                        "dial tcp: invalid address"),
                new Good("dial missing address", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, null, new NetException("missing address")),
                        "dial tcp: missing address"),
                new Good("dial context canceled", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, REMOTE, new ContextCanceledError()),
                        "dial tcp 127.0.0.1:1: context canceled"),
                new Good("dial context deadline", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, REMOTE, new ContextDeadlineExceededError()),
                        "dial tcp 127.0.0.1:1: context deadline exceeded"),
                new Good("listen in use", GoErrors::checkDial,
                        new OpError("listen", "tcp", null, LOCAL, new SyscallError("bind", Errno.EADDRINUSE)),
                        "listen tcp 127.0.0.1:40000: bind: address already in use"),
                new Good("read timeout", GoErrors::checkRead,
                        new OpError("read", "tcp", LOCAL, REMOTE, Errors.deadlineExceeded()),
                        "read tcp 127.0.0.1:40000->127.0.0.1:1: i/o timeout"),
                new Good("read closed", GoErrors::checkRead,
                        new OpError("read", "tcp", LOCAL, REMOTE, Errors.netClosing()),
                        "read tcp 127.0.0.1:40000->127.0.0.1:1: use of closed network connection"),
                new Good("read reset", GoErrors::checkRead,
                        new OpError("read", "tcp", LOCAL, REMOTE, new SyscallError("read", Errno.ECONNRESET)),
                        "read tcp 127.0.0.1:40000->127.0.0.1:1: read: connection reset by peer"),
                new Good("write pipe", GoErrors::checkWrite,
                        new OpError("write", "tcp", LOCAL, REMOTE, new SyscallError("write", Errno.EPIPE)),
                        "write tcp 127.0.0.1:40000->127.0.0.1:1: write: broken pipe"),
                new Good("write unexpected EOF", GoErrors::checkWrite,
                        new OpError("write", "tcp", LOCAL, REMOTE, new NetException("unexpected EOF")),
                        "write tcp 127.0.0.1:40000->127.0.0.1:1: unexpected EOF"),
                new Good("close closed", GoErrors::checkClose,
                        new OpError("close", "tcp", LOCAL, REMOTE, Errors.netClosing()),
                        "close tcp 127.0.0.1:40000->127.0.0.1:1: use of closed network connection"),
                new Good("accept aborted", GoErrors::checkAccept,
                        new OpError("accept", "tcp", null, LOCAL, new SyscallError("accept4", Errno.ECONNABORTED)),
                        "accept tcp 127.0.0.1:40000: accept4: software caused connection abort"),
                new Good("accept timeout", GoErrors::checkAccept,
                        new OpError("accept", "tcp", null, LOCAL, Errors.deadlineExceeded()),
                        "accept tcp 127.0.0.1:40000: i/o timeout"),
                new Good("common setsockopt", GoErrors::checkCommon,
                        new OpError("set", "tcp", LOCAL, REMOTE, new SyscallError("setsockopt", Errno.EINVAL)),
                        "set tcp 127.0.0.1:40000->127.0.0.1:1: setsockopt: invalid argument"),
                new Good("common closed", GoErrors::checkCommon,
                        new OpError("raw-control", "tcp", LOCAL, REMOTE, Errors.netClosing()),
                        "raw-control tcp 127.0.0.1:40000->127.0.0.1:1: use of closed network connection"));
    }

    /** Each good error passes its check and prints exactly Go's text. */
    @Test
    void goodShapesPass() {
        List<Good> cases = goodCases();
        for (int i = 0; i < cases.size(); i++) {
            Good c = cases.get(i);
            String label = "#" + i + " " + c.name();
            assertEquals(c.goText(), c.err().getMessage(), label + ": text");
            assertDoesNotThrow(() -> c.check().accept(c.err()), label);
        }
    }

    /** Go's parsers return nil for a nil error. */
    @Test
    void nullPasses() {
        assertDoesNotThrow(() -> GoErrors.checkDial(null));
        assertDoesNotThrow(() -> GoErrors.checkRead(null));
        assertDoesNotThrow(() -> GoErrors.checkWrite(null));
        assertDoesNotThrow(() -> GoErrors.checkClose(null));
        assertDoesNotThrow(() -> GoErrors.checkAccept(null));
        assertDoesNotThrow(() -> GoErrors.checkCommon(null));
    }

    private record Bad(String name, Consumer<Throwable> check, Throwable err, String expect) {
    }

    /** Errors each check must refuse, and a fragment its message must contain. */
    private static List<Bad> badCases() {
        OpError wrongText = new OpError("dial", "tcp", null, REMOTE, new SyscallError("connect", Errno.ECONNREFUSED)) {
            @Override
            public String getMessage() {
                return "dial tcp 127.0.0.1:1: connection refused";
            }
        };
        SyscallError wrongSyscallText = new SyscallError("connect", Errno.ECONNREFUSED) {
            @Override
            public String getMessage() {
                return "connect: Connection refused";
            }
        };
        OpError wrongTimeout = new OpError("read", "tcp", LOCAL, REMOTE, Errors.deadlineExceeded()) {
            @Override
            public boolean timeout() {
                return false;
            }
        };
        OpError wrongTemporary = new OpError("accept", "tcp", null, LOCAL, new SyscallError("accept4", Errno.ECONNRESET)) {
            @Override
            public boolean temporary() {
                return false;
            }
        };
        OpError wrongCause = new OpError("dial", "tcp", null, REMOTE, Errors.canceled()) {
            @Override
            public synchronized Throwable getCause() {
                return null;
            }
        };
        return List.of(
                new Bad("bare syscall error", GoErrors::checkDial, new SyscallError("connect", Errno.ECONNREFUSED),
                        "1st nested level"),
                new Bad("plain IOException", GoErrors::checkDial, new IOException("boom"), "1st nested level"),
                new Bad("java EOF on read", GoErrors::checkRead, new java.io.EOFException(), "1st nested level"),
                new Bad("empty op", GoErrors::checkDial,
                        new OpError("", "tcp", null, REMOTE, Errors.canceled()), "op is empty"),
                new Bad("empty net", GoErrors::checkDial,
                        new OpError("dial", null, null, REMOTE, Errors.canceled()), "net is empty"),
                new Bad("foreign 2nd level", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, REMOTE, new IOException("boom")), "2nd nested level"),
                new Bad("bare NetException with other text", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, REMOTE, new NetException("something else")), "2nd nested level"),
                new Bad("dns error on read", GoErrors::checkRead,
                        new OpError("read", "tcp", LOCAL, REMOTE,
                                new DNSError("no such host", "x", "", false, false, true)), "2nd nested level"),
                new Bad("canceled on accept", GoErrors::checkAccept,
                        new OpError("accept", "tcp", null, LOCAL, new CanceledError()), "2nd nested level"),
                new Bad("context error on write", GoErrors::checkWrite,
                        new OpError("write", "tcp", LOCAL, REMOTE, new ContextCanceledError()), "2nd nested level"),
                new Bad("timeout on close", GoErrors::checkCommon,
                        new OpError("set", "tcp", LOCAL, REMOTE, Errors.deadlineExceeded()), "2nd nested level"),
                new Bad("close without closed text", GoErrors::checkClose,
                        new OpError("close", "tcp", LOCAL, REMOTE, new SyscallError("close", Errno.EBADF)),
                        "does not contain \"use of closed network connection\""),
                new Bad("wrong OpError text", GoErrors::checkDial, wrongText, "Go's Error() would print"),
                new Bad("wrong SyscallError text", GoErrors::checkDial,
                        new OpError("dial", "tcp", null, REMOTE, wrongSyscallText), "Go's Error() would print"),
                new Bad("wrong timeout()", GoErrors::checkRead, wrongTimeout, "timeout()"),
                new Bad("wrong temporary() for accept reset", GoErrors::checkAccept, wrongTemporary, "temporary()"),
                new Bad("getCause is not err", GoErrors::checkDial, wrongCause, "getCause()"));
    }

    /** Each bad error fails its check with an AssertionError saying what is wrong. */
    @Test
    void badShapesFail() {
        List<Bad> cases = badCases();
        for (int i = 0; i < cases.size(); i++) {
            Bad c = cases.get(i);
            String label = "#" + i + " " + c.name();
            AssertionError e = assertThrows(AssertionError.class, () -> c.check().accept(c.err()), label);
            assertTrue(e.getMessage().contains(c.expect()), label + ": message lacks \"" + c.expect() + "\": "
                    + e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(c.err().getMessage())),
                    label + ": message lacks the error's text: " + e.getMessage());
        }
    }

    /** A shutdown (closeRead/closeWrite) may fail with any errno; a close may not. */
    @Test
    void closeErrorShutdownAllowsErrno() {
        OpError notConnected = new OpError("close", "tcp", LOCAL, REMOTE, new SyscallError("shutdown", Errno.ENOTCONN));
        assertDoesNotThrow(() -> GoErrors.checkClose(notConnected, true));
        assertThrows(AssertionError.class, () -> GoErrors.checkClose(notConnected, false));
        assertThrows(AssertionError.class, () -> GoErrors.checkClose(notConnected));
    }

    /** The sentinel sets differ per operation exactly as Go's lists do. */
    @Test
    void sentinelsPerOperation() {
        OpError missing = new OpError("dial", "tcp", null, null, new NetException("missing address"));
        OpError noSuitable = new OpError("dial", "tcp", null, null, new NetException("no suitable address found"));
        OpError writeTo = new OpError("write", "udp", null, null,
                new NetException("use of WriteTo with pre-connected connection"));
        assertDoesNotThrow(() -> GoErrors.checkDial(missing));
        assertDoesNotThrow(() -> GoErrors.checkDial(noSuitable));
        assertDoesNotThrow(() -> GoErrors.checkWrite(missing));
        assertThrows(AssertionError.class, () -> GoErrors.checkWrite(noSuitable));
        assertDoesNotThrow(() -> GoErrors.checkWrite(writeTo));
        assertThrows(AssertionError.class, () -> GoErrors.checkDial(writeTo));
        assertThrows(AssertionError.class, () -> GoErrors.checkRead(missing));
    }

    /** Go's Errno.Timeout/Temporary tables, which the OpError flags are checked against. */
    @Test
    void goErrnoFlags() {
        assertTrue(GoErrors.goErrnoTimeout(Errno.EAGAIN));
        assertTrue(GoErrors.goErrnoTimeout(Errno.ETIMEDOUT));
        assertEquals(false, GoErrors.goErrnoTimeout(Errno.ECONNREFUSED));
        assertTrue(GoErrors.goErrnoTemporary(Errno.EMFILE));
        assertTrue(GoErrors.goErrnoTemporary(Errno.ENFILE));
        assertTrue(GoErrors.goErrnoTemporary(Errno.EINTR));
        assertEquals(false, GoErrors.goErrnoTemporary(Errno.ECONNRESET));
        assertEquals(true, GoErrors.goTemporary("accept", new SyscallError("accept4", Errno.ECONNRESET)));
        assertEquals(false, GoErrors.goTemporary("read", new SyscallError("read", Errno.ECONNRESET)));
    }
}
