package dev.netdial.api;

import java.time.Duration;

/**
 * TCP keep-alive settings. For each of {@code idle}, {@code interval} and {@code count}: zero
 * (or a {@code null} duration) means Go's default (15 s, 15 s, 9 probes); a negative value
 * leaves the socket's current (system) value unchanged.
 *
 * <p>Go: {@code src/net/tcpsock.go} {@code KeepAliveConfig} (Go 1.23).
 *
 * <p>Differs: a {@code null} duration is taken as zero (Go's zero value), as everywhere in
 * netdial's API.
 *
 * @param enable   whether keep-alive probes are sent at all
 * @param idle     how long the connection must be idle before the first probe
 *                 ({@code TCP_KEEPIDLE}, whole seconds)
 * @param interval the time between probes ({@code TCP_KEEPINTVL}, whole seconds)
 * @param count    how many unanswered probes drop the connection ({@code TCP_KEEPCNT})
 */
public record KeepAliveConfig(boolean enable, Duration idle, Duration interval, int count) {

    /** Go's default idle time before the first probe. */
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(15);
    /** Go's default time between probes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    /** Go's default number of unanswered probes. */
    public static final int DEFAULT_COUNT = 9;

    /**
     * Takes a {@code null} duration as zero (the default).
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code KeepAliveConfig}.
     */
    public KeepAliveConfig {
        if (idle == null) {
            idle = Duration.ZERO;
        }
        if (interval == null) {
            interval = Duration.ZERO;
        }
    }
}
