package dev.netdial.api;

/**
 * A network operation stopped because its {@link Context} was cancelled: "operation was
 * canceled". It counts as {@code context.Canceled} for {@link Errors#isCanceled(Throwable)}.
 *
 * <p>Go: {@code src/net/net.go} {@code canceledError} ({@code errCanceled}).
 */
public final class CanceledError extends NetException {

    /**
     * A new "operation was canceled" error.
     *
     * <p>Go: {@code src/net/net.go} {@code canceledError}.
     */
    public CanceledError() {
        super(Errors.CANCELED);
    }
}
