package dev.netdial.api;

import java.util.Objects;

/**
 * The usual error of a network operation: which operation, on which network, between which
 * addresses, and what went wrong, printed as Go prints it
 * ({@code "dial tcp 127.0.0.1:1: connect: connection refused"},
 * {@code "read tcp 127.0.0.1:1->127.0.0.1:2: i/o timeout"}).
 *
 * <p>Go: {@code src/net/net.go} {@code OpError}.
 */
public class OpError extends NetException {

    private final String op;
    private final String net;
    private final Addr source;
    private final Addr addr;
    private final Throwable err;
    private final long bytesTransferred;
    /** Go's text, built on first use; racy but idempotent, as {@code String.hash}. */
    private String message;

    /**
     * An operation error; {@code getCause()} is {@code err} (Go's {@code Unwrap}).
     *
     * <p>Go: {@code src/net/net.go} {@code OpError}.
     *
     * <p>Differs: Go's {@code Error} panics on a nil {@code Err}; here the constructor refuses it.
     *
     * @param op     the operation ("dial", "read", "write", "accept", "listen", "set", "close")
     * @param net    the network ("tcp", "tcp6"), or {@code null}/empty when unknown
     * @param source the local address of a connection, or {@code null}
     * @param addr   the remote address (or, for local operations, the local one), or {@code null}
     * @param err    what went wrong; never {@code null}
     */
    public OpError(String op, String net, Addr source, Addr addr, Throwable err) {
        this(op, net, source, addr, err, 0);
    }

    /**
     * An operation error that moved {@code bytesTransferred} bytes before it failed: a write
     * whose deadline passed, or whose peer went away, part-way (Go returns that count as the
     * {@code n} beside the error).
     *
     * <p>Go: {@code src/net/net.go} {@code OpError}; {@code (*conn).Write}'s {@code (n, err)}.
     *
     * @param bytesTransferred bytes moved before the failure; 0 or more
     * @throws IllegalArgumentException if {@code bytesTransferred} is negative
     */
    public OpError(String op, String net, Addr source, Addr addr, Throwable err, long bytesTransferred) {
        super(null, Objects.requireNonNull(err, "err"));
        if (bytesTransferred < 0) {
            throw new IllegalArgumentException("bytesTransferred < 0: " + bytesTransferred);
        }
        this.op = op == null ? "" : op;
        this.net = net == null ? "" : net;
        this.source = source;
        this.addr = addr;
        this.err = err;
        this.bytesTransferred = bytesTransferred;
    }

    /**
     * Go's text: op, then " net", then " source", then "->addr" (with a source) or " addr"
     * (without), then ": " and the wrapped error's text. Built when first asked for, as Go builds
     * it in {@code Error()}: a caller that only inspects the fields (a refused dial retried in a
     * loop) never pays for the string.
     *
     * <p>Go: {@code src/net/net.go} {@code (*OpError).Error}.
     */
    @Override
    public String getMessage() {
        String m = message;
        if (m == null) {
            m = format(op, net, source, addr, err);
            message = m;
        }
        return m;
    }

    /**
     * Builds Go's text: op, network, source{@code ->}addr, then the cause's text.
     *
     * <p>Go: {@code src/net/net.go} {@code (*OpError).Error}.
     */
    private static String format(String op, String net, Addr source, Addr addr, Throwable err) {
        StringBuilder s = new StringBuilder(op);
        if (!net.isEmpty()) {
            s.append(' ').append(net);
        }
        if (source != null) {
            s.append(' ').append(source);
        }
        if (addr != null) {
            s.append(source != null ? "->" : " ").append(addr);
        }
        return s.append(": ").append(err.getMessage()).toString();
    }

    /**
     * The operation ("dial", "read", ...).
     *
     * <p>Go: {@code src/net/net.go} {@code OpError.Op}.
     */
    public String op() {
        return op;
    }

    /**
     * The network ("tcp", "tcp4", ...), empty when unknown.
     *
     * <p>Go: {@code src/net/net.go} {@code OpError.Net}.
     */
    public String net() {
        return net;
    }

    /**
     * The local address of the connection, or {@code null}.
     *
     * <p>Go: {@code src/net/net.go} {@code OpError.Source}.
     */
    public Addr source() {
        return source;
    }

    /**
     * The address the error is about, or {@code null}.
     *
     * <p>Go: {@code src/net/net.go} {@code OpError.Addr}.
     */
    public Addr addr() {
        return addr;
    }

    /**
     * The wrapped error (also {@link #getCause()}).
     *
     * <p>Go: {@code src/net/net.go} {@code OpError.Err}.
     */
    public Throwable err() {
        return err;
    }

    /**
     * How many bytes the operation moved before it failed: for a {@code "write"}, the bytes
     * the kernel accepted (they will reach the peer as any sent bytes do, the connection
     * permitting), so a caller can resume after them; for a {@code "readfrom"} or
     * {@code "writeto"} copy, the bytes it delivered; 0 for operations that move no data and for
     * one that failed before its first byte. The message does not show it.
     *
     * <p>Go: the {@code n} that {@code (*conn).Write} returns beside its {@code *OpError}, and the
     * {@code written} of {@code (*TCPConn).ReadFrom} and {@code WriteTo}.
     * <p>Differs: Java returns a value or throws, never both, so the count rides on the error.
     */
    public long bytesTransferred() {
        return bytesTransferred;
    }

    /**
     * Whether the wrapped error is a timeout, looking through one {@link SyscallError} to its
     * errno.
     *
     * <p>Go: {@code src/net/net.go} {@code (*OpError).Timeout}.
     */
    @Override
    public boolean timeout() {
        if (err instanceof SyscallError se) {
            return se.errno().timeout();
        }
        return err instanceof NetException ne && ne.timeout();
    }

    /**
     * Whether the wrapped error is temporary, looking through one {@link SyscallError} to its
     * errno; a reset or aborted connection reported by {@code accept} counts as temporary
     * (go.dev/issue/6163: the listener itself is fine, only that one peer went away).
     *
     * <p>Go: {@code src/net/net.go} {@code (*OpError).Temporary}.
     */
    @Override
    public boolean temporary() {
        if ("accept".equals(op) && isConnError(err)) {
            return true;
        }
        if (err instanceof SyscallError se) {
            return se.errno().temporary();
        }
        return err instanceof NetException ne && ne.temporary();
    }

    /**
     * Whether {@code err} reports a connection reset ({@code ECONNRESET}) or aborted
     * ({@code ECONNABORTED}).
     *
     * <p>Go: {@code src/net/error_unix.go} {@code isConnError}.
     *
     * <p>Differs: Go tests for a bare {@code syscall.Errno}; a Java {@link Errno} is not a
     * {@link Throwable} and so can never be an {@code OpError}'s error, and netdial always wraps
     * errnos in a {@link SyscallError}, so the errno inside one is tested instead. (In Go the
     * accept path also wraps its errno, so there the rule rarely fires.)
     */
    static boolean isConnError(Throwable err) {
        return err instanceof SyscallError se
                && (se.errno() == Errno.ECONNRESET || se.errno() == Errno.ECONNABORTED);
    }
}
