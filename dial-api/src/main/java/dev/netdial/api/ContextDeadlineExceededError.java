package dev.netdial.api;

import dev.netdial.api.internal.NetErrors;
/**
 * A {@link Context}'s deadline passed: "context deadline exceeded", a timeout and temporary.
 * {@code NetErrors.mapErr} (Go's {@code mapErr}) turns it into the network layer's "i/o timeout".
 *
 * <p>Go: {@code src/context/context.go} {@code deadlineExceededError} ({@code DeadlineExceeded}).
 */
public final class ContextDeadlineExceededError extends NetException {

    /** Go's text for {@code context.DeadlineExceeded}. */
    public static final String MESSAGE = "context deadline exceeded";

    /**
     * A new "context deadline exceeded" error.
     *
     * <p>Go: {@code src/context/context.go} {@code deadlineExceededError}.
     */
    public ContextDeadlineExceededError() {
        super(MESSAGE);
    }

    /**
     * Always true.
     *
     * <p>Go: {@code src/context/context.go} {@code deadlineExceededError.Timeout}.
     */
    @Override
    public boolean timeout() {
        return true;
    }

    /**
     * Always true.
     *
     * <p>Go: {@code src/context/context.go} {@code deadlineExceededError.Temporary}.
     */
    @Override
    public boolean temporary() {
        return true;
    }
}
