package dev.netdial.api;

/**
 * Use of a network connection that is closed, or was closed while the call was blocked:
 * "use of closed network connection". Each occurrence is a fresh instance; test with
 * {@link Errors#isClosed(Throwable)}.
 *
 * <p>Go: {@code src/internal/poll/fd.go} {@code errNetClosing} ({@code ErrNetClosing},
 * exported as {@code net.ErrClosed}).
 *
 * <p>Differs: Go shares one value and compares identity; Java exceptions carry stack traces,
 * so each error is a new object recognised by its class.
 */
public final class NetClosingError extends NetException {

    /**
     * A new "use of closed network connection" error.
     *
     * <p>Go: {@code src/internal/poll/fd.go} {@code errNetClosing}.
     */
    public NetClosingError() {
        super(Errors.NET_CLOSING);
    }
}
