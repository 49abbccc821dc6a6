package dev.netdial.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link Durations}: saturating time arithmetic.
 *
 * <p>Go: {@code src/time/time_test.go} (saturating {@code Add}/{@code Sub}),
 * {@code src/internal/poll/fd_poll_runtime.go} {@code setDeadlineImpl}.
 */
class DurationsTest {

    /**
     * Durations beyond ±292 years clamp to Long.MAX_VALUE / Long.MIN_VALUE nanoseconds; others
     * are exact.
     *
     * <p>Go: {@code src/time/time.go} {@code (Duration).Nanoseconds}.
     */
    @Test
    void testToNanosSaturated() {
        assertEquals(1_500_000_000L, Durations.toNanosSaturated(Duration.ofMillis(1500)));
        assertEquals(-7L, Durations.toNanosSaturated(Duration.ofNanos(-7)));
        assertEquals(0L, Durations.toNanosSaturated(Duration.ZERO));
        assertEquals(Long.MAX_VALUE, Durations.toNanosSaturated(Duration.ofNanos(Long.MAX_VALUE)));
        assertEquals(Long.MIN_VALUE, Durations.toNanosSaturated(Duration.ofNanos(Long.MIN_VALUE)));
        assertEquals(Long.MAX_VALUE, Durations.toNanosSaturated(Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(Long.MAX_VALUE, Durations.toNanosSaturated(Duration.ofNanos(Long.MAX_VALUE).plusNanos(1)));
        assertEquals(Long.MIN_VALUE, Durations.toNanosSaturated(Duration.ofSeconds(Long.MIN_VALUE)));
        assertEquals(Long.MIN_VALUE, Durations.toNanosSaturated(Duration.ofNanos(Long.MIN_VALUE).minusNanos(1)));
    }

    /**
     * Adding clamps to Instant.MAX / Instant.MIN instead of throwing.
     *
     * <p>Go: {@code src/time/time.go} {@code Time.Add}.
     */
    @Test
    void testPlusSaturated() {
        Instant now = Instant.parse("2024-01-02T03:04:05Z");
        assertEquals(now.plusSeconds(5), Durations.plusSaturated(now, Duration.ofSeconds(5)));
        assertEquals(now.minusSeconds(5), Durations.plusSaturated(now, Duration.ofSeconds(-5)));
        assertEquals(Instant.MAX, Durations.plusSaturated(now, Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(Instant.MIN, Durations.plusSaturated(now, Duration.ofSeconds(Long.MIN_VALUE)));
        assertEquals(Instant.MAX, Durations.plusSaturated(Instant.MAX, Duration.ofNanos(1)));
        assertEquals(Instant.MIN, Durations.plusSaturated(Instant.MIN, Duration.ofNanos(-1)));
        assertEquals(Instant.MAX, Durations.plusSaturated(Instant.MAX, Duration.ZERO));
    }

    /**
     * Instants map onto the nanoTime scale relative to "now", clamped to within 2^61 ns so that
     * subtraction never overflows, for any nanoTime origin (including near the wrap).
     *
     * <p>Go: {@code src/internal/poll/fd_poll_runtime.go} {@code setDeadlineImpl};
     * {@code src/runtime/netpoll.go} {@code poll_runtime_pollSetDeadline}.
     */
    @Test
    void testDeadlineToNanoTime() {
        Instant wall = Instant.parse("2024-01-02T03:04:05Z");
        long[] origins = {0L, 123_456_789L, -5_000_000_000L, Long.MAX_VALUE - 10, Long.MIN_VALUE + 10};
        for (long nano : origins) {
            assertEquals(nano + 2_000_000_000L, Durations.deadlineToNanoTime(wall.plusSeconds(2), wall, nano));
            assertEquals(nano - 1_000L, Durations.deadlineToNanoTime(wall.minusNanos(1_000), wall, nano));
            assertEquals(nano, Durations.deadlineToNanoTime(wall, wall, nano));
            long far = Durations.deadlineToNanoTime(Instant.MAX, wall, nano);
            assertEquals(Durations.MAX_NANOS_FROM_NOW, far - nano, "origin " + nano);
            assertTrue(far - nano > 0, "far future must compare as future, origin " + nano);
            long past = Durations.deadlineToNanoTime(Instant.MIN, wall, nano);
            assertEquals(-Durations.MAX_NANOS_FROM_NOW, past - nano, "origin " + nano);
            assertTrue(past - nano < 0, "far past must compare as past, origin " + nano);
        }
        // The real clock: a deadline one hour ahead is about an hour of nanoTime ahead.
        long d = Durations.deadlineToNanoTime(Instant.now().plusSeconds(3600)) - System.nanoTime();
        assertTrue(d > 3_590_000_000_000L && d <= 3_600_000_000_000L, "got " + d);
        assertTrue(Durations.deadlineToNanoTime(Instant.now().minusSeconds(1)) - System.nanoTime() < 0);
    }
}
