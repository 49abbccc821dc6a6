package dev.netdial.api;

/**
 * A failed name lookup: "lookup x.invalid on 127.0.0.53:53: no such host", or without a
 * server "lookup tcp/http2x: unknown port".
 *
 * <p>Go: {@code src/net/net.go} {@code DNSError}.
 */
public class DNSError extends NetException {

    private final String err;
    private final String name;
    private final String server;
    private final boolean isTimeout;
    private final boolean isTemporary;
    private final boolean isNotFound;

    /**
     * A lookup error without a wrapped error.
     *
     * <p>Go: {@code src/net/net.go} {@code DNSError}.
     *
     * @param err         the reason ("no such host", "server misbehaving")
     * @param name        the name looked up
     * @param server      the server asked ("127.0.0.53:53"), or ""/{@code null} when none
     * @param isTimeout   the lookup is known to have timed out
     * @param isTemporary the error is known to be temporary
     * @param isNotFound  the name does not exist or has no records of the type asked for
     */
    public DNSError(String err, String name, String server, boolean isTimeout, boolean isTemporary,
            boolean isNotFound) {
        this(null, err, name, server, isTimeout, isTemporary, isNotFound);
    }

    /**
     * A lookup error wrapping {@code unwrapErr} (Go's {@code UnwrapErr}: in Go only context
     * errors are wrapped, so that {@link Errors#isCanceled} and {@link Errors#isTimeout} see
     * them); {@code getCause()} returns it.
     *
     * <p>Go: {@code src/net/net.go} {@code DNSError}, {@code (*DNSError).Unwrap}.
     */
    public DNSError(Throwable unwrapErr, String err, String name, String server, boolean isTimeout,
            boolean isTemporary, boolean isNotFound) {
        super(format(err, name, server), unwrapErr);
        this.err = err == null ? "" : err;
        this.name = name == null ? "" : name;
        this.server = server == null ? "" : server;
        this.isTimeout = isTimeout;
        this.isTemporary = isTemporary;
        this.isNotFound = isNotFound;
    }

    /**
     * "lookup " + name, then " on " + server when there is one, then ": " + err.
     *
     * <p>Go: {@code src/net/net.go} {@code (*DNSError).Error}.
     */
    private static String format(String err, String name, String server) {
        StringBuilder s = new StringBuilder("lookup ").append(name == null ? "" : name);
        if (server != null && !server.isEmpty()) {
            s.append(" on ").append(server);
        }
        return s.append(": ").append(err == null ? "" : err).toString();
    }

    /**
     * The reason ("no such host").
     *
     * <p>Go: {@code src/net/net.go} {@code DNSError.Err}.
     */
    public String err() {
        return err;
    }

    /**
     * The name looked up.
     *
     * <p>Go: {@code src/net/net.go} {@code DNSError.Name}.
     */
    public String name() {
        return name;
    }

    /**
     * The server asked, "" when none.
     *
     * <p>Go: {@code src/net/net.go} {@code DNSError.Server}.
     */
    public String server() {
        return server;
    }

    /**
     * Whether the lookup is known to have timed out (not every timeout sets it).
     *
     * <p>Go: {@code src/net/net.go} {@code DNSError.IsTimeout}.
     */
    public boolean isTimeout() {
        return isTimeout;
    }

    /**
     * Whether the error is known to be temporary (not every temporary error sets it).
     *
     * <p>Go: {@code src/net/net.go} {@code DNSError.IsTemporary}.
     */
    public boolean isTemporary() {
        return isTemporary;
    }

    /**
     * Whether the name does not exist (NXDOMAIN) or has no records of the type asked for.
     *
     * <p>Go: {@code src/net/net.go} {@code DNSError.IsNotFound}.
     */
    public boolean isNotFound() {
        return isNotFound;
    }

    /**
     * {@link #isTimeout()}.
     *
     * <p>Go: {@code src/net/net.go} {@code (*DNSError).Timeout}.
     */
    @Override
    public boolean timeout() {
        return isTimeout;
    }

    /**
     * {@link #isTimeout()} or {@link #isTemporary()}.
     *
     * <p>Go: {@code src/net/net.go} {@code (*DNSError).Temporary}.
     */
    @Override
    public boolean temporary() {
        return isTimeout || isTemporary;
    }
}
