package dev.netdial.api;

import dev.netdial.api.internal.NetErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Go's {@code Error()} strings, byte for byte, and Go's {@code Timeout}/{@code Temporary} and
 * {@code errors.Is} answers, for every error type of dial-api.
 *
 * <p>Go: {@code src/net/error_test.go} (error shapes and texts), {@code src/net/net.go} (the
 * {@code Error} methods), {@code src/syscall/zerrors_linux_amd64.go} (errno texts).
 */
class ErrorStringTest {

    private static final TCPAddr LOCAL1 = new TCPAddr(IP.parse("127.0.0.1"), 1);
    private static final TCPAddr LOCAL2 = new TCPAddr(IP.parse("127.0.0.1"), 2);
    private static final TCPAddr V6_9 = new TCPAddr(IP.parse("::1"), 9);

    private record Golden(NetException err, String want) {
    }

    /**
     * The golden table: each error's {@code getMessage()} must equal Go's {@code Error()}.
     *
     * <p>Go: {@code src/net/net.go} {@code (*OpError).Error}, {@code (*AddrError).Error},
     * {@code (*DNSError).Error}, {@code (*ParseError).Error}, {@code UnknownNetworkError.Error},
     * {@code InvalidAddrError.Error}; {@code src/os/error.go} {@code (*SyscallError).Error}.
     */
    @Test
    void testErrorStrings() {
        List<Golden> table = List.of(
                new Golden(new OpError("dial", "tcp", null, LOCAL1, new SyscallError("connect", Errno.ECONNREFUSED)),
                        "dial tcp 127.0.0.1:1: connect: connection refused"),
                new Golden(new OpError("read", "tcp", LOCAL1, LOCAL2, Errors.deadlineExceeded()),
                        "read tcp 127.0.0.1:1->127.0.0.1:2: i/o timeout"),
                new Golden(new OpError("dial", "tcp", null, V6_9, new SyscallError("connect", Errno.ECONNREFUSED)),
                        "dial tcp [::1]:9: connect: connection refused"),
                new Golden(new OpError("dial", "foo", null, null, new UnknownNetworkError("foo")),
                        "dial foo: unknown network foo"),
                new Golden(new OpError("dial", "tcp", null, null, new AddrError("missing port in address", "127.0.0.1")),
                        "dial tcp: address 127.0.0.1: missing port in address"),
                new Golden(new OpError("dial", "tcp", null, null, new AddrError("invalid port", "70000")),
                        "dial tcp: address 70000: invalid port"),
                // No network, no addresses.
                new Golden(new OpError("accept", "", null, null, Errors.netClosing()),
                        "accept: use of closed network connection"),
                new Golden(new OpError("accept", null, null, null, Errors.netClosing()),
                        "accept: use of closed network connection"),
                // A source without an addr prints " source" alone.
                new Golden(new OpError("write", "tcp", LOCAL1, null, new SyscallError("write", Errno.EPIPE)),
                        "write tcp 127.0.0.1:1: write: broken pipe"),
                new Golden(new OpError("set", "tcp", null, LOCAL1, new SyscallError("setsockopt", Errno.EINVAL)),
                        "set tcp 127.0.0.1:1: setsockopt: invalid argument"),
                new Golden(new OpError("dial", "tcp", null, LOCAL1, Errors.canceled()),
                        "dial tcp 127.0.0.1:1: operation was canceled"),
                new Golden(new OpError("dial", "tcp", null, LOCAL1, Errors.deadlineExceeded()),
                        "dial tcp 127.0.0.1:1: i/o timeout"),
                // Nested: an OpError wrapping a DNSError, as a failed name lookup in Dial.
                new Golden(new OpError("dial", "tcp", null, null,
                        new DNSError("no such host", "x.invalid", "127.0.0.53:53", false, false, true)),
                        "dial tcp: lookup x.invalid on 127.0.0.53:53: no such host"),
                new Golden(new AddrError("missing port in address", "golang.org"),
                        "address golang.org: missing port in address"),
                new Golden(new AddrError("missing port in address", ""), "missing port in address"),
                new Golden(new AddrError("missing port in address", null), "missing port in address"),
                new Golden(new DNSError("no such host", "x.invalid", "127.0.0.53:53", false, false, true),
                        "lookup x.invalid on 127.0.0.53:53: no such host"),
                new Golden(new DNSError("unknown port", "tcp/http2x", "", false, false, true),
                        "lookup tcp/http2x: unknown port"),
                new Golden(new DNSError("unknown port", "tcp/http2x", null, false, false, true),
                        "lookup tcp/http2x: unknown port"),
                new Golden(new ParseError("IP address", "1.2.3"), "invalid IP address: 1.2.3"),
                new Golden(new ParseError("CIDR address", ""), "invalid CIDR address: "),
                new Golden(new UnknownNetworkError("foo"), "unknown network foo"),
                new Golden(new InvalidAddrError("mismatched local address type"), "mismatched local address type"),
                new Golden(new SyscallError("connect", Errno.ECONNREFUSED), "connect: connection refused"),
                new Golden(Errors.netClosing(), "use of closed network connection"),
                new Golden(Errors.deadlineExceeded(), "i/o timeout"),
                new Golden(Errors.canceled(), "operation was canceled"),
                new Golden(new ContextCanceledError(), "context canceled"),
                new Golden(new ContextDeadlineExceededError(), "context deadline exceeded"));
        for (int i = 0; i < table.size(); i++) {
            assertEquals(table.get(i).want(), table.get(i).err().getMessage(), "case " + i);
        }
    }

    /**
     * Accessors return what the constructors were given; {@link OpError#getCause()} is Go's
     * {@code Unwrap}.
     *
     * <p>Go: {@code src/net/net.go} {@code OpError}, {@code (*OpError).Unwrap}.
     */
    @Test
    void testOpErrorFields() {
        SyscallError se = new SyscallError("connect", Errno.ECONNREFUSED);
        OpError e = new OpError("dial", "tcp", LOCAL1, LOCAL2, se);
        assertEquals("dial", e.op());
        assertEquals("tcp", e.net());
        assertSame(LOCAL1, e.source());
        assertSame(LOCAL2, e.addr());
        assertSame(se, e.err());
        assertSame(se, e.getCause());
        assertEquals("connect", se.syscall());
        assertSame(Errno.ECONNREFUSED, se.errno());
        assertEquals("", new OpError("dial", null, null, null, se).net());
        assertThrows(NullPointerException.class, () -> new OpError("dial", "tcp", null, null, null));
        DNSError d = new DNSError("no such host", "x.invalid", "127.0.0.53:53", false, true, true);
        assertEquals("no such host", d.err());
        assertEquals("x.invalid", d.name());
        assertEquals("127.0.0.53:53", d.server());
        assertTrue(d.isNotFound());
        assertTrue(d.isTemporary());
        assertFalse(d.isTimeout());
        ParseError p = new ParseError("IP address", "x");
        assertEquals("IP address", p.type());
        assertEquals("x", p.text());
        assertEquals("missing port in address", new AddrError("missing port in address", "a").err());
        assertEquals("a", new AddrError("missing port in address", "a").addr());
    }

    /**
     * A SyscallError records no stack trace (Go's errors carry none, and it always travels as the
     * cause of an error that does); the OpError wrapping it records the caller's. The OpError's
     * text is built when first asked for, the same string every time, and {@code toString()}
     * and {@code getLocalizedMessage()} print it.
     *
     * <p>Go: {@code src/os/error.go} {@code SyscallError}; {@code src/net/net.go}
     * {@code (*OpError).Error}.
     */
    @Test
    void testStackTracesAndLazyText() {
        SyscallError se = new SyscallError("connect", Errno.ECONNREFUSED);
        assertEquals(0, se.getStackTrace().length);
        assertSame(se, se.fillInStackTrace());
        assertEquals(0, se.getStackTrace().length);
        OpError e = new OpError("dial", "tcp", null, LOCAL1, se);
        StackTraceElement[] trace = e.getStackTrace();
        assertTrue(trace.length > 0);
        assertEquals("testStackTracesAndLazyText", trace[0].getMethodName());
        String text = e.getMessage();
        assertEquals("dial tcp 127.0.0.1:1: connect: connection refused", text);
        assertSame(text, e.getMessage());
        assertEquals(text, e.getLocalizedMessage());
        assertEquals("dev.netdial.api.OpError: " + text, e.toString());
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        assertTrue(w.toString().startsWith("dev.netdial.api.OpError: " + text + "\n"), w::toString);
        assertTrue(w.toString().contains("Caused by: dev.netdial.api.SyscallError: connect: connection refused\n"),
                w::toString);
    }

    /**
     * Go's errno texts for the errors netdial meets, from Go's Linux table.
     *
     * <p>Go: {@code src/syscall/zerrors_linux_amd64.go} {@code errors};
     * {@code src/syscall/syscall_unix.go} {@code Errno.Error}.
     */
    @Test
    void testErrnoStrings() {
        assertEquals("connection refused", Errno.ECONNREFUSED.message());
        assertEquals("cannot assign requested address", Errno.EADDRNOTAVAIL.message());
        assertEquals("too many open files", Errno.EMFILE.message());
        assertEquals("too many open files in system", Errno.ENFILE.message());
        assertEquals("connection timed out", Errno.ETIMEDOUT.message());
        assertEquals("operation now in progress", Errno.EINPROGRESS.message());
        assertEquals("resource temporarily unavailable", Errno.EAGAIN.message());
        assertEquals("address already in use", Errno.EADDRINUSE.message());
        assertEquals("network is unreachable", Errno.ENETUNREACH.message());
        assertEquals("no route to host", Errno.EHOSTUNREACH.message());
        assertEquals("connection reset by peer", Errno.ECONNRESET.message());
        assertEquals("software caused connection abort", Errno.ECONNABORTED.message());
        assertEquals("interrupted system call", Errno.EINTR.message());
        assertEquals("bad file descriptor", Errno.EBADF.message());
        assertEquals("address family not supported by protocol", Errno.EAFNOSUPPORT.message());
        assertEquals("protocol not available", Errno.ENOPROTOOPT.message());
        assertEquals("operation not permitted", Errno.EPERM.message());
        assertEquals("permission denied", Errno.EACCES.message());
        assertEquals("too many references: cannot splice", Errno.ETOOMANYREFS.message());
        assertEquals("stale NFS file handle", Errno.ESTALE.message());
        assertEquals("operation not possible due to RF-kill", Errno.ERFKILL.message());
        assertEquals("transport endpoint is not connected", Errno.ENOTCONN.message());
        assertEquals("operation already in progress", Errno.EALREADY.message());
    }

    /**
     * Numbers map both ways; holes (41, 58) and out-of-range numbers are refused and print
     * "errno N"; the aliases are the same constants.
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code Errno.Error};
     * {@code src/syscall/zerrors_linux_amd64.go} (EWOULDBLOCK, EDEADLOCK, ENOTSUP).
     */
    @Test
    void testErrnoCodes() {
        Set<Integer> seen = new HashSet<>();
        for (Errno e : Errno.values()) {
            assertSame(e, Errno.of(e.code()), e.name());
            assertTrue(seen.add(e.code()), "duplicate code " + e.code());
            assertFalse(e.message().isEmpty(), e.name());
            assertEquals(e.message(), Errno.describe(e.code()));
        }
        assertEquals(131, Errno.values().length, "1..133 without 41 and 58");
        assertEquals(111, Errno.ECONNREFUSED.code());
        assertEquals(99, Errno.EADDRNOTAVAIL.code());
        assertEquals(115, Errno.EINPROGRESS.code());
        assertEquals(11, Errno.EAGAIN.code());
        assertEquals(4, Errno.EINTR.code());
        assertEquals(133, Errno.EHWPOISON.code());
        assertEquals("ECONNREFUSED", Errno.ECONNREFUSED.name());
        for (int bad : new int[] {0, -1, 41, 58, 134, 4095}) {
            assertThrows(IllegalArgumentException.class, () -> Errno.of(bad), "code " + bad);
            assertEquals("errno " + bad, Errno.describe(bad));
        }
        assertSame(Errno.EAGAIN, Errno.EWOULDBLOCK);
        assertSame(Errno.EDEADLK, Errno.EDEADLOCK);
        assertSame(Errno.EOPNOTSUPP, Errno.ENOTSUP);
        assertEquals(95, Errno.ENOTSUP.code());
    }

    /**
     * Errno's Timeout and Temporary: timeouts are EAGAIN and ETIMEDOUT; temporary adds EINTR,
     * EMFILE, ENFILE; current Go no longer counts ECONNRESET or ECONNABORTED.
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code Errno.Timeout}, {@code Errno.Temporary}.
     */
    @Test
    void testErrnoTimeoutTemporary() {
        Set<Errno> timeouts = Set.of(Errno.EAGAIN, Errno.ETIMEDOUT);
        Set<Errno> temporaries = Set.of(Errno.EAGAIN, Errno.ETIMEDOUT, Errno.EINTR, Errno.EMFILE, Errno.ENFILE);
        for (Errno e : Errno.values()) {
            assertEquals(timeouts.contains(e), e.timeout(), e.name());
            assertEquals(temporaries.contains(e), e.temporary(), e.name());
            SyscallError se = new SyscallError("x", e);
            assertEquals(e.timeout(), se.timeout(), e.name());
            assertEquals(e.temporary(), se.temporary(), e.name());
        }
    }

    /**
     * OpError's Timeout/Temporary look through one SyscallError to its errno, ask a wrapped
     * net error directly, and count a reset or aborted connection from accept as temporary.
     *
     * <p>Go: {@code src/net/net.go} {@code (*OpError).Timeout}, {@code (*OpError).Temporary};
     * {@code src/net/error_unix.go} {@code isConnError} (go.dev/issue/6163).
     */
    @Test
    void testOpErrorTimeoutTemporary() {
        OpError timedOut = new OpError("dial", "tcp", null, LOCAL1, new SyscallError("connect", Errno.ETIMEDOUT));
        assertTrue(timedOut.timeout());
        assertTrue(timedOut.temporary());
        OpError refused = new OpError("dial", "tcp", null, LOCAL1, new SyscallError("connect", Errno.ECONNREFUSED));
        assertFalse(refused.timeout());
        assertFalse(refused.temporary());
        OpError ioTimeout = new OpError("read", "tcp", LOCAL1, LOCAL2, Errors.deadlineExceeded());
        assertTrue(ioTimeout.timeout());
        assertTrue(ioTimeout.temporary());
        OpError ctxTimeout = new OpError("dial", "tcp", null, LOCAL1, new ContextDeadlineExceededError());
        assertTrue(ctxTimeout.timeout());
        assertTrue(ctxTimeout.temporary());
        OpError closed = new OpError("read", "tcp", LOCAL1, LOCAL2, Errors.netClosing());
        assertFalse(closed.timeout());
        assertFalse(closed.temporary());
        OpError canceled = new OpError("dial", "tcp", null, LOCAL1, Errors.canceled());
        assertFalse(canceled.timeout());
        assertFalse(canceled.temporary());
        OpError emfile = new OpError("accept", "tcp", null, LOCAL1, new SyscallError("accept4", Errno.EMFILE));
        assertTrue(emfile.temporary());
        assertFalse(emfile.timeout());
        // The accept rule.
        for (Errno e : List.of(Errno.ECONNRESET, Errno.ECONNABORTED)) {
            assertTrue(new OpError("accept", "tcp", null, LOCAL1, new SyscallError("accept4", e)).temporary(), e.name());
            assertFalse(new OpError("read", "tcp", LOCAL1, LOCAL2, new SyscallError("read", e)).temporary(), e.name());
            assertFalse(new OpError("accept", "tcp", null, LOCAL1, new SyscallError("accept4", e)).timeout(), e.name());
        }
        // A plain IOException is neither.
        OpError plain = new OpError("read", "tcp", LOCAL1, LOCAL2, new IOException("boom"));
        assertFalse(plain.timeout());
        assertFalse(plain.temporary());
        assertEquals("read tcp 127.0.0.1:1->127.0.0.1:2: boom", plain.getMessage());
        // Only one SyscallError level is unwrapped, as in Go: an OpError in an OpError asks the
        // inner OpError, which does its own unwrapping.
        OpError nested = new OpError("dial", "tcp", null, null, timedOut);
        assertTrue(nested.timeout());
    }

    /**
     * The flags of the other error types: AddrError, UnknownNetworkError, InvalidAddrError and
     * ParseError are never timeouts or temporary; DNSError's Temporary is IsTimeout or
     * IsTemporary; the sentinels answer as Go's.
     *
     * <p>Go: {@code src/net/net.go} {@code (*DNSError).Timeout}, {@code (*DNSError).Temporary},
     * {@code (*AddrError).Timeout}; {@code src/internal/poll/fd.go}
     * {@code (*DeadlineExceededError).Timeout}; {@code src/context/context.go}
     * {@code deadlineExceededError.Timeout}.
     */
    @Test
    void testErrorFlags() {
        for (NetException e : List.of(new AddrError("a", "b"), new UnknownNetworkError("x"),
                new InvalidAddrError("x"), new ParseError("IP address", "x"), Errors.netClosing(), Errors.canceled(),
                new ContextCanceledError(), new NetException("x"))) {
            assertFalse(e.timeout(), e.getClass().getSimpleName());
            assertFalse(e.temporary(), e.getClass().getSimpleName());
        }
        for (NetException e : List.of(Errors.deadlineExceeded(), new ContextDeadlineExceededError())) {
            assertTrue(e.timeout(), e.getClass().getSimpleName());
            assertTrue(e.temporary(), e.getClass().getSimpleName());
        }
        assertTrue(new DNSError("i/o timeout", "a", "s", true, false, false).timeout());
        assertTrue(new DNSError("i/o timeout", "a", "s", true, false, false).temporary());
        assertFalse(new DNSError("server misbehaving", "a", "s", false, true, false).timeout());
        assertTrue(new DNSError("server misbehaving", "a", "s", false, true, false).temporary());
        assertFalse(new DNSError("no such host", "a", "s", false, false, true).temporary());
    }

    /**
     * Go's {@code errors.Is} questions through wrapping: ErrClosed, os.ErrDeadlineExceeded or
     * context.DeadlineExceeded, context.Canceled — seen through OpError, nested OpErrors, a
     * DNSError's wrapped context error and plain Java causes, and not confused with each other.
     *
     * <p>Go: {@code src/net/error_test.go} ({@code errors.Is} checks of
     * {@code parseDialError}/{@code parseReadError}); {@code src/net/net.go}
     * {@code canceledError.Is}, {@code (*timeoutError).Is}, {@code ErrClosed}.
     */
    @Test
    void testErrorsIs() {
        OpError closed = new OpError("read", "tcp", LOCAL1, LOCAL2, Errors.netClosing());
        OpError timedOut = new OpError("read", "tcp", LOCAL1, LOCAL2, Errors.deadlineExceeded());
        OpError canceled = new OpError("dial", "tcp", null, LOCAL1, Errors.canceled());
        assertTrue(Errors.isClosed(closed));
        assertFalse(Errors.isTimeout(closed));
        assertFalse(Errors.isCanceled(closed));
        assertTrue(Errors.isTimeout(timedOut));
        assertFalse(Errors.isClosed(timedOut));
        assertFalse(Errors.isCanceled(timedOut));
        assertTrue(Errors.isCanceled(canceled));
        assertFalse(Errors.isTimeout(canceled));
        assertFalse(Errors.isClosed(canceled));
        // Nested OpErrors and a foreign wrapper.
        OpError outer = new OpError("dial", "tcp", null, null, closed);
        assertTrue(Errors.isClosed(outer));
        assertTrue(Errors.isClosed(new IOException("wrapper", outer)));
        assertTrue(Errors.isTimeout(new RuntimeException(timedOut)));
        // Context errors count too.
        assertTrue(Errors.isTimeout(new OpError("dial", "tcp", null, LOCAL1, new ContextDeadlineExceededError())));
        assertTrue(Errors.isCanceled(new OpError("dial", "tcp", null, LOCAL1, new ContextCanceledError())));
        // A DNSError wrapping its context error, as current Go's newDNSError does.
        DNSError dns = new DNSError(new ContextCanceledError(), "operation was canceled", "x.example", "", false, false,
                false);
        assertTrue(Errors.isCanceled(new OpError("dial", "tcp", null, null, dns)));
        assertFalse(Errors.isCanceled(new DNSError("no such host", "x", "", false, false, true)));
        // An ETIMEDOUT errno is a timeout() but not os.ErrDeadlineExceeded.
        OpError etimedout = new OpError("dial", "tcp", null, LOCAL1, new SyscallError("connect", Errno.ETIMEDOUT));
        assertTrue(etimedout.timeout());
        assertFalse(Errors.isTimeout(etimedout));
        assertFalse(Errors.isClosed(null));
        assertFalse(Errors.isTimeout(new IOException("x")));
        // A cause cycle ends the walk instead of looping.
        IOException a = new IOException("a");
        IOException b = new IOException("b", a);
        a.initCause(b);
        assertFalse(Errors.isClosed(a));
    }

    /**
     * The sentinels are new objects every time (never a shared exception with a stale stack
     * trace), of their own classes, with Go's texts as constants.
     *
     * <p>Go: {@code src/internal/poll/fd.go} {@code ErrNetClosing}, {@code ErrDeadlineExceeded};
     * {@code src/net/net.go} {@code errCanceled}.
     */
    @Test
    void testSentinelsAreFresh() {
        assertNotSame(Errors.netClosing(), Errors.netClosing());
        assertNotSame(Errors.deadlineExceeded(), Errors.deadlineExceeded());
        assertNotSame(Errors.canceled(), Errors.canceled());
        assertInstanceOf(NetClosingError.class, Errors.netClosing());
        assertInstanceOf(DeadlineExceededError.class, Errors.deadlineExceeded());
        assertInstanceOf(CanceledError.class, Errors.canceled());
        assertEquals("use of closed network connection", Errors.NET_CLOSING);
        assertEquals("i/o timeout", Errors.DEADLINE_EXCEEDED);
        assertEquals("operation was canceled", Errors.CANCELED);
    }

    /**
     * mapErr: context canceled becomes "operation was canceled", context deadline exceeded
     * becomes "i/o timeout", and both still answer the context questions; other errors pass
     * through.
     *
     * <p>Go: {@code src/net/net.go} {@code mapErr}.
     */
    @Test
    void testMapErr() {
        NetException c = NetErrors.mapErr(new ContextCanceledError());
        assertInstanceOf(CanceledError.class, c);
        assertEquals("operation was canceled", c.getMessage());
        assertTrue(Errors.isCanceled(c));
        NetException t = NetErrors.mapErr(new ContextDeadlineExceededError());
        assertInstanceOf(DeadlineExceededError.class, t);
        assertEquals("i/o timeout", t.getMessage());
        assertTrue(t.timeout());
        assertTrue(Errors.isTimeout(t));
        NetException other = new UnknownNetworkError("x");
        assertSame(other, NetErrors.mapErr(other));
        assertNull(NetErrors.mapErr(null));
        IOException plain = new IOException("plain");
        NetException wrapped = NetErrors.mapErr(plain);
        assertEquals("plain", wrapped.getMessage());
        assertSame(plain, wrapped.getCause());
        // A real context's error maps the same way.
        Context ctx = Context.background().withCancel();
        ctx.cancel();
        assertEquals("operation was canceled", NetErrors.mapErr(ctx.err()).getMessage());
    }

    /**
     * TCPAddr's Go form: IPv4, IPv6 in brackets, zones, no IP, IPv4-mapped printed as IPv4, and
     * a zone on an IPv4 address (no brackets, as Go).
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPAddr).String}; {@code src/net/ipsock.go}
     * {@code JoinHostPort}.
     */
    @Test
    void testTCPAddrString() throws Exception {
        assertEquals("1.2.3.4:80", new TCPAddr(IP.parse("1.2.3.4"), 80).toString());
        assertEquals("[::1]:80", new TCPAddr(IP.parse("::1"), 80).toString());
        assertEquals("[fe80::1%eth0]:80", new TCPAddr(IP.parse("fe80::1"), 80, "eth0").toString());
        assertEquals(":80", new TCPAddr(null, 80, null).toString());
        assertEquals(":0", new TCPAddr(null, 0).toString());
        assertEquals("1.2.3.4:80", new TCPAddr(IP.parse("::ffff:1.2.3.4"), 80).toString());
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4};
        assertEquals("1.2.3.4:80", new TCPAddr(InetAddress.getByAddress(mapped), 80).toString());
        assertEquals("1.2.3.4%eth0:80", new TCPAddr(IP.parse("1.2.3.4"), 80, "eth0").toString());
        assertEquals("%eth0:80", new TCPAddr(null, 80, "eth0").toString());
        assertEquals("[2001:db8::1]:65535", new TCPAddr(IP.parse("2001:db8::1"), 65535).toString());
        assertEquals("tcp", new TCPAddr(null, 0).network());
        assertEquals("", new TCPAddr(null, 0, null).zone());
        assertEquals(new TCPAddr(IP.parse("::1"), 80, ""), new TCPAddr(IP.parse("::1"), 80, null));
    }
}
