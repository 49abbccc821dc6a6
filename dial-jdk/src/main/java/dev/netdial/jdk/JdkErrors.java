package dev.netdial.jdk;

import dev.netdial.api.DNSError;
import dev.netdial.api.Errno;
import dev.netdial.api.Errors;
import dev.netdial.api.SyscallError;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * netdial's Go errors as the {@code java.net} exception types clients catch: each keeps Go's
 * text as its message and the netdial error as its cause, so a log still shows
 * "dial tcp 127.0.0.1:9: connect: connection refused" and code that tests
 * {@code instanceof ConnectException} still works.
 *
 * <p>The errno classes follow the JDK's own mapping ({@code Net.c handleSocketError}):
 * ECONNREFUSED and ETIMEDOUT are {@link ConnectException}, EHOSTUNREACH is
 * {@link NoRouteToHostException}, EADDRINUSE, EADDRNOTAVAIL and EACCES are {@link BindException}
 * (a {@code bind} before connect fails at the dial here); a failed name lookup ({@link DNSError}) is
 * {@link UnknownHostException}; an expired deadline is {@link SocketTimeoutException}; the rest is
 * {@link SocketException}.
 *
 * <p>netdial's own: Go has no {@code java.net} exceptions; the texts are Go's
 * ({@code src/net/net.go} {@code (*OpError).Error}).
 */
final class JdkErrors {
    private JdkErrors() {
    }

    /** The JDK's text for an operation on a socket closed meanwhile. */
    static final String SOCKET_CLOSED = "Socket closed";

    /**
     * The {@code java.net} exception for a failed dial.
     *
     * <p>netdial's own: see the class comment.
     */
    static IOException dialError(IOException e) {
        if (Errors.isTimeout(e)) {
            return with(new SocketTimeoutException(e.getMessage()), e);
        }
        if (find(e, DNSError.class) != null) {
            return with(new UnknownHostException(e.getMessage()), e);
        }
        return ioError(e);
    }

    /**
     * The {@code java.net} exception for a failed read, write or option call.
     *
     * <p>netdial's own: see the class comment.
     */
    static IOException ioError(IOException e) {
        if (Errors.isTimeout(e)) {
            return with(new SocketTimeoutException(e.getMessage()), e);
        }
        SyscallError se = find(e, SyscallError.class);
        if (se != null) {
            Errno n = se.errno();
            if (n == Errno.ECONNREFUSED || n == Errno.ETIMEDOUT) {
                return with(new ConnectException(e.getMessage()), e);
            }
            if (n == Errno.EHOSTUNREACH) {
                return with(new NoRouteToHostException(e.getMessage()), e);
            }
            if (n == Errno.EADDRINUSE || n == Errno.EADDRNOTAVAIL || n == Errno.EACCES) {
                return with(new BindException(e.getMessage()), e);
            }
        }
        if (e instanceof SocketException s && e.getClass() == SocketException.class) {
            return s;
        }
        return with(new SocketException(e.getMessage()), e);
    }

    /** "Socket closed", the JDK's text, with netdial's error as the cause. */
    static SocketException closed(Throwable cause) {
        return with(new SocketException(SOCKET_CLOSED), cause);
    }

    /** {@code e} as a {@link SocketException} (the JDK's option setters throw no other type). */
    static SocketException closedOr(IOException e) {
        if (e instanceof SocketException s) {
            return s;
        }
        return with(new SocketException(e.getMessage()), e);
    }

    private static <T extends IOException> T with(T ex, Throwable cause) {
        if (cause != null) {
            ex.initCause(cause);
        }
        return ex;
    }

    /** The first error of type {@code c} along the cause chain (guarding against cycles). */
    private static <T> T find(Throwable err, Class<T> c) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = err; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (c.isInstance(t)) {
                return c.cast(t);
            }
        }
        return null;
    }
}
