package dev.netdial.api;

import dev.netdial.api.internal.NetErrors;
/**
 * A {@link Context} was cancelled: "context canceled". {@code NetErrors.mapErr} (Go's {@code mapErr}) turns it into
 * the network layer's {@link CanceledError}.
 *
 * <p>Go: {@code src/context/context.go} {@code Canceled}.
 */
public final class ContextCanceledError extends NetException {

    /** Go's text for {@code context.Canceled}. */
    public static final String MESSAGE = "context canceled";

    /**
     * A new "context canceled" error.
     *
     * <p>Go: {@code src/context/context.go} {@code Canceled}.
     */
    public ContextCanceledError() {
        super(MESSAGE);
    }
}
