package dev.netdial.api.internal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Time arithmetic that saturates instead of throwing: huge durations and far instants clamp to
 * the largest representable value, as Go's {@code time} package does for its own arithmetic.
 *
 * <p>Go: {@code src/time/time.go} {@code (Duration).Nanoseconds}, {@code Time.Add};
 * {@code src/internal/poll/fd_poll_runtime.go} {@code setDeadlineImpl}.
 */
public final class Durations {

    /**
     * How far from "now" {@link #deadlineToNanoTime} lets a deadline sit: 2^61 ns, about 73
     * years. Further deadlines clamp here, so {@code deadline - System.nanoTime()} never
     * overflows.
     */
    public static final long MAX_NANOS_FROM_NOW = 1L << 61;

    private Durations() {
    }

    /**
     * {@code d} in nanoseconds, clamped to {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE}
     * when it does not fit (about 292 years either way).
     *
     * <p>Go: {@code src/time/time.go} {@code (Duration).Nanoseconds}.
     *
     * <p>Differs: a Go {@code Duration} is an {@code int64} of nanoseconds and cannot overflow
     * here; a Java {@link Duration} can hold far more, so it is clamped.
     */
    public static long toNanosSaturated(Duration d) {
        Objects.requireNonNull(d, "d");
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * {@code t + d}, clamped to {@link Instant#MAX} / {@link Instant#MIN}.
     *
     * <p>Go: {@code src/time/time.go} {@code Time.Add}.
     */
    public static Instant plusSaturated(Instant t, Duration d) {
        Objects.requireNonNull(t, "t");
        Objects.requireNonNull(d, "d");
        try {
            return t.plus(d);
        } catch (DateTimeException | ArithmeticException e) {
            return d.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    /**
     * The {@link System#nanoTime()} value at which wall-clock instant {@code t} arrives, clamped
     * to within {@link #MAX_NANOS_FROM_NOW} of now. Compare results by subtraction:
     * {@code deadline - System.nanoTime() <= 0} means expired.
     *
     * <p>Go: {@code src/internal/poll/fd_poll_runtime.go} {@code setDeadlineImpl} (deadline to
     * runtime nanotime).
     */
    public static long deadlineToNanoTime(Instant t) {
        Objects.requireNonNull(t, "t");
        return deadlineToNanoTime(t, Instant.now(), System.nanoTime());
    }

    /**
     * {@link #deadlineToNanoTime(Instant)} against a given wall-clock and nanoTime "now".
     *
     * <p>Go: {@code src/internal/poll/fd_poll_runtime.go} {@code setDeadlineImpl}.
     */
    static long deadlineToNanoTime(Instant t, Instant wallNow, long nanoNow) {
        long delta;
        try {
            delta = toNanosSaturated(Duration.between(wallNow, t));
        } catch (ArithmeticException | DateTimeException e) {
            delta = t.isBefore(wallNow) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return nanoTimeAfter(nanoNow, delta);
    }

    /**
     * {@code nanoNow + delta} with {@code delta} clamped to within {@link #MAX_NANOS_FROM_NOW};
     * the sum may wrap like {@link System#nanoTime()} itself, which subtraction tolerates.
     *
     * <p>Go: {@code src/runtime/netpoll.go} {@code poll_runtime_pollSetDeadline} (deadline
     * saturation).
     */
    public static long nanoTimeAfter(long nanoNow, long delta) {
        long clamped = Math.max(-MAX_NANOS_FROM_NOW, Math.min(MAX_NANOS_FROM_NOW, delta));
        return nanoNow + clamped;
    }
}
