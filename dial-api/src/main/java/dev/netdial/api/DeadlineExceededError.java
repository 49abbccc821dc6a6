package dev.netdial.api;

/**
 * An I/O deadline passed: "i/o timeout", a timeout and temporary. Each occurrence is a fresh
 * instance; test with {@link Errors#isTimeout(Throwable)}.
 *
 * <p>Go: {@code src/internal/poll/fd.go} {@code DeadlineExceededError}
 * ({@code os.ErrDeadlineExceeded}); also stands for {@code src/net/net.go} {@code errTimeout}.
 *
 * <p>Differs: Go has two "i/o timeout" values, {@code os.ErrDeadlineExceeded} (I/O deadlines)
 * and {@code net.errTimeout} (a dial's context deadline, {@code Is(context.DeadlineExceeded)});
 * they print the same and netdial answers both questions through {@link Errors#isTimeout}, so
 * one class serves for both.
 */
public final class DeadlineExceededError extends NetException {

    /**
     * A new "i/o timeout" error.
     *
     * <p>Go: {@code src/internal/poll/fd.go} {@code DeadlineExceededError}.
     */
    public DeadlineExceededError() {
        super(Errors.DEADLINE_EXCEEDED);
    }

    /**
     * Always true.
     *
     * <p>Go: {@code src/internal/poll/fd.go} {@code (*DeadlineExceededError).Timeout}.
     */
    @Override
    public boolean timeout() {
        return true;
    }

    /**
     * Always true.
     *
     * <p>Go: {@code src/internal/poll/fd.go} {@code (*DeadlineExceededError).Temporary}.
     */
    @Override
    public boolean temporary() {
        return true;
    }
}
