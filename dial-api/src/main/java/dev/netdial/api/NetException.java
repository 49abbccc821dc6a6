package dev.netdial.api;

import java.io.IOException;

/**
 * A network error: an {@link IOException} whose {@link #getMessage()} is Go's {@code Error()}
 * string, with Go's {@code Timeout()} and {@code Temporary()} questions.
 *
 * <p>Go: {@code src/net/net.go} {@code Error}.
 */
public class NetException extends IOException {

    /**
     * An error with Go's text and no cause.
     *
     * <p>Go: {@code src/net/net.go} {@code Error}.
     */
    public NetException(String message) {
        super(message);
    }

    /**
     * An error with Go's text wrapping {@code cause} (Go's {@code Unwrap}).
     *
     * <p>Go: {@code src/net/net.go} {@code Error}.
     */
    public NetException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the error is known to be a timeout; false unless a subclass says otherwise.
     *
     * <p>Go: {@code src/net/net.go} {@code Error.Timeout}.
     */
    public boolean timeout() {
        return false;
    }

    /**
     * Whether the error is known to be temporary; false unless a subclass says otherwise. Go
     * deprecates the question (most temporary errors are timeouts); it is kept for callers that
     * port Go code asking it.
     *
     * <p>Go: {@code src/net/net.go} {@code Error.Temporary}.
     */
    public boolean temporary() {
        return false;
    }
}
