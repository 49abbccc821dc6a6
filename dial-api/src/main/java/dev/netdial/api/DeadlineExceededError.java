package dev.netdial.api;

/**
 * An I/O deadline passed: "i/o timeout", a timeout and temporary. Each occurrence is a fresh
 * instance; test with {@link Errors#isTimeout(Throwable)}.
 *
 * <p>Go: {@code src/internal/poll/fd.go} {@code DeadlineExceededError}
 * ({@code os.ErrDeadlineExceeded}); also stands for {@code src/net/net.go} {@code errTimeout}.
 *
 * <p>Differs: Go has two "i/o timeout" values, {@code os.ErrDeadlineExceeded} (I/O deadlines)
 * and {@code net.errTimeout} (a context's deadline, {@code Is(context.DeadlineExceeded)}); they
 * print the same and {@link Errors#isTimeout} answers yes for both, so one class serves for both,
 * and {@link Errors#isContextDeadlineExceeded} tells the second apart (as a DNS error's cause
 * needs).
 */
public final class DeadlineExceededError extends NetException {

    /** Whether this stands for {@code net.errTimeout} (a context's deadline), not an I/O deadline. */
    private final boolean fromContext;

    /**
     * A new "i/o timeout" error.
     *
     * <p>Go: {@code src/internal/poll/fd.go} {@code DeadlineExceededError}.
     */
    public DeadlineExceededError() {
        this(false);
    }

    /** Go: {@code src/net/net.go} {@code errTimeout} when {@code fromContext}. */
    DeadlineExceededError(boolean fromContext) {
        super(Errors.DEADLINE_EXCEEDED);
        this.fromContext = fromContext;
    }

    /**
     * Whether this is Go's {@code net.errTimeout} (made by {@link Errors#mapErr} from a context's
     * deadline, {@code Is(context.DeadlineExceeded)}) rather than {@code os.ErrDeadlineExceeded}
     * (an I/O deadline passed).
     *
     * <p>Go: {@code src/net/net.go} {@code (*timeoutError).Is}.
     */
    boolean fromContext() {
        return fromContext;
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
