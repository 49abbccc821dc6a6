package dev.netdial.api;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Go's error sentinels as message constants and factories, and Go's {@code errors.Is}
 * questions about them.
 *
 * <p>Go: {@code src/internal/poll/fd.go} {@code ErrNetClosing}, {@code ErrDeadlineExceeded};
 * {@code src/net/net.go} {@code errCanceled}, {@code errTimeout}, {@code ErrClosed}.
 *
 * <p>Differs: Go's sentinels are shared values compared by identity; here every error is a new
 * exception recognised by its class. Each records the stack where it was made, except
 * {@link SyscallError}, which records none (it always reaches a caller as the cause of an
 * {@link OpError}, whose trace shows the call).
 */
public final class Errors {

    /** Go's text for {@code net.ErrClosed} / {@code poll.ErrNetClosing}. */
    public static final String NET_CLOSING = "use of closed network connection";
    /** Go's text for {@code os.ErrDeadlineExceeded} and {@code net.errTimeout}. */
    public static final String DEADLINE_EXCEEDED = "i/o timeout";
    /** Go's text for {@code net.errCanceled}. */
    public static final String CANCELED = "operation was canceled";
    /** Go's text for {@code net.errMissingAddress}. */
    public static final String MISSING_ADDRESS = "missing address";
    /** Go's text for {@code net.ErrWriteToConnected}. */
    public static final String WRITE_TO_CONNECTED = "use of WriteTo with pre-connected connection";

    private Errors() {
    }

    /**
     * A new "use of closed network connection" error.
     *
     * <p>Go: {@code src/internal/poll/fd.go} {@code errClosing}.
     */
    public static NetException netClosing() {
        return new NetClosingError();
    }

    /**
     * A new "i/o timeout" error (timeout and temporary).
     *
     * <p>Go: {@code src/internal/poll/fd.go} {@code ErrDeadlineExceeded}.
     */
    public static NetException deadlineExceeded() {
        return new DeadlineExceededError();
    }

    /**
     * A new "i/o timeout" error standing for a context's deadline: Go's {@code net.errTimeout},
     * which is {@code Is(context.DeadlineExceeded)} where an I/O deadline's is not (see
     * {@link #isContextDeadlineExceeded}).
     *
     * <p>Go: {@code src/net/net.go} {@code errTimeout}.
     */
    public static NetException errTimeout() {
        return new DeadlineExceededError(true);
    }

    /**
     * A new "operation was canceled" error.
     *
     * <p>Go: {@code src/net/net.go} {@code errCanceled}.
     */
    public static NetException canceled() {
        return new CanceledError();
    }

    /**
     * A new "missing address" error.
     *
     * <p>Go: {@code src/net/net.go} {@code errMissingAddress}.
     */
    public static NetException missingAddress() {
        return new NetException(MISSING_ADDRESS);
    }

    /**
     * A new "use of WriteTo with pre-connected connection" error: a packet write naming an
     * address on a connected socket.
     *
     * <p>Go: {@code src/net/net.go} {@code ErrWriteToConnected}.
     */
    public static NetException writeToConnected() {
        return new NetException(WRITE_TO_CONNECTED);
    }

    /**
     * Go's {@code errors.Is(err, net.ErrClosed)}: whether {@code err} or any error it wraps
     * (through {@link Throwable#getCause()}, which for an {@link OpError} is its {@code err()})
     * is a {@link NetClosingError}.
     *
     * <p>Go: {@code src/net/net.go} {@code ErrClosed}.
     */
    public static boolean isClosed(Throwable err) {
        return find(err, NetClosingError.class, null);
    }

    /**
     * Go's {@code errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err,
     * context.DeadlineExceeded)}: whether {@code err} or any error it wraps is a
     * {@link DeadlineExceededError} or a {@link ContextDeadlineExceededError}.
     *
     * <p>Go: {@code src/internal/poll/fd.go} {@code ErrDeadlineExceeded}; {@code src/net/net.go}
     * {@code (*timeoutError).Is}.
     *
     * <p>Differs: an {@code ETIMEDOUT} errno is not a match, exactly as in Go (use
     * {@link NetException#timeout()} for the broader question).
     */
    public static boolean isTimeout(Throwable err) {
        return find(err, DeadlineExceededError.class, ContextDeadlineExceededError.class);
    }

    /**
     * Go's {@code errors.Is(err, context.DeadlineExceeded)} alone: whether {@code err} or any
     * error it wraps is a {@link ContextDeadlineExceededError} or the "i/o timeout" that
     * Go's {@code mapErr} made of one ({@link #errTimeout}); an I/O deadline's "i/o timeout" is not.
     *
     * <p>Go: {@code src/net/net.go} {@code (*timeoutError).Is}; {@code context.DeadlineExceeded}.
     */
    public static boolean isContextDeadlineExceeded(Throwable err) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable e = err; e != null && seen.put(e, Boolean.TRUE) == null; e = e.getCause()) {
            if (e instanceof ContextDeadlineExceededError
                    || e instanceof DeadlineExceededError d && d.fromContext()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Go's {@code errors.Is(err, context.Canceled)}: whether {@code err} or any error it wraps
     * is a {@link ContextCanceledError} or a {@link CanceledError} (which Go makes
     * {@code Is(context.Canceled)}).
     *
     * <p>Go: {@code src/net/net.go} {@code canceledError.Is}.
     */
    public static boolean isCanceled(Throwable err) {
        return find(err, CanceledError.class, ContextCanceledError.class);
    }

    /**
     * Walks the cause chain (guarding against cycles) looking for either class.
     *
     * <p>Go: {@code src/errors/wrap.go} {@code Is}.
     */
    private static boolean find(Throwable err, Class<?> a, Class<?> b) {
        Map<Throwable, Boolean> seen = null;
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (a.isInstance(t) || (b != null && b.isInstance(t))) {
                return true;
            }
            if (seen == null) {
                seen = new IdentityHashMap<>();
            }
            if (seen.put(t, Boolean.TRUE) != null) {
                return false;
            }
        }
        return false;
    }
}
