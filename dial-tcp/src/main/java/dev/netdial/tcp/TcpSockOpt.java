package dev.netdial.tcp;

import dev.netdial.api.KeepAliveConfig;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.SockOpt;
import java.io.IOException;
import java.time.Duration;

/**
 * TCP keep-alive timers on Linux, in whole seconds, and the user timeout, in milliseconds.
 *
 * <p>Go: {@code src/net/tcpsockopt_unix.go}, {@code src/net/tcpsock_unix.go}; the user timeout is
 * netdial's own.
 */
final class TcpSockOpt {
    private TcpSockOpt() {
    }

    /**
     * Applies a whole keep-alive configuration: on/off, then idle, interval and count (zero = Go's
     * default, negative = leave the socket's value).
     *
     * <p>Go: {@code src/net/tcpsock_unix.go} {@code (*TCPConn).SetKeepAliveConfig}.
     */
    static void setKeepAliveConfig(NetFD fd, KeepAliveConfig config) throws IOException {
        SockOpt.setKeepAlive(fd, config.enable());
        setKeepAliveIdle(fd, config.idle());
        setKeepAliveInterval(fd, config.interval());
        setKeepAliveCount(fd, config.count());
    }

    /**
     * Sets the keep-alive idle time before the first probe: zero (or null) means Go's default, negative leaves it unchanged.
     *
     * <p>Go: {@code src/net/tcpsockopt_unix.go} {@code setKeepAliveIdle}.
     */
    static void setKeepAliveIdle(NetFD fd, Duration d) throws IOException {
        if (d == null || d.isZero()) {
            d = KeepAliveConfig.DEFAULT_IDLE;
        } else if (d.isNegative()) {
            return;
        }
        SockOpt.setInt(fd, Constants.IPPROTO_TCP, Constants.TCP_KEEPIDLE, roundUpSeconds(d));
    }

    /**
     * Sets the keep-alive time between probes: zero (or null) means Go's default, negative leaves it unchanged.
     *
     * <p>Go: {@code src/net/tcpsockopt_unix.go} {@code setKeepAliveInterval}.
     */
    static void setKeepAliveInterval(NetFD fd, Duration d) throws IOException {
        if (d == null || d.isZero()) {
            d = KeepAliveConfig.DEFAULT_INTERVAL;
        } else if (d.isNegative()) {
            return;
        }
        SockOpt.setInt(fd, Constants.IPPROTO_TCP, Constants.TCP_KEEPINTVL, roundUpSeconds(d));
    }

    /**
     * Sets the keep-alive number of unanswered probes before the connection drops: zero (or null) means Go's default, negative leaves it unchanged.
     *
     * <p>Go: {@code src/net/tcpsockopt_unix.go} {@code setKeepAliveCount}.
     */
    static void setKeepAliveCount(NetFD fd, int n) throws IOException {
        if (n == 0) {
            n = KeepAliveConfig.DEFAULT_COUNT;
        } else if (n < 0) {
            return;
        }
        SockOpt.setInt(fd, Constants.IPPROTO_TCP, Constants.TCP_KEEPCNT, n);
    }

    /**
     * The kernel takes whole seconds: round up, and saturate to an int (the kernel then rejects
     * values beyond its own limit with EINVAL, as it does for Go).
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code roundDurationUp}.
     */
    static int roundUpSeconds(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 && d.getSeconds() < Long.MAX_VALUE ? 1 : 0);
        return (int) Math.min(s, Integer.MAX_VALUE);
    }

    /**
     * Sets {@code TCP_USER_TIMEOUT}: how long sent data may stay unacknowledged before the kernel
     * drops the connection with {@code ETIMEDOUT}. Zero restores the kernel's default (the
     * retransmission count of {@code net.ipv4.tcp_retries2}); the value is rounded up to whole
     * milliseconds and saturates at {@link Integer#MAX_VALUE} ms (about 24.8 days).
     *
     * <p>netdial's own: Go sets it through {@code RawConn.Control} with
     * {@code unix.TCP_USER_TIMEOUT}.
     *
     * @throws IllegalArgumentException if {@code d} is negative
     */
    static void setUserTimeout(NetFD fd, Duration d) throws IOException {
        SockOpt.setInt(fd, Constants.IPPROTO_TCP, Constants.TCP_USER_TIMEOUT, userTimeoutMillis(d));
    }

    /**
     * The socket's {@code TCP_USER_TIMEOUT} as the kernel holds it; zero = the kernel's default.
     *
     * <p>netdial's own.
     */
    static Duration userTimeout(NetFD fd) throws IOException {
        return Duration.ofMillis(Integer.toUnsignedLong(
                SockOpt.getInt(fd, Constants.IPPROTO_TCP, Constants.TCP_USER_TIMEOUT)));
    }

    /**
     * {@code d} as the kernel's milliseconds: a partial millisecond counts as a whole one (1 ns
     * becomes 1 ms, not the default that 0 would mean), and anything beyond
     * {@link Integer#MAX_VALUE} ms saturates there (the kernel rejects larger values with
     * {@code EINVAL}). Null is zero.
     *
     * <p>netdial's own (the rounding as Go's {@code roundDurationUp}, in milliseconds).
     *
     * @throws IllegalArgumentException if {@code d} is negative
     */
    static int userTimeoutMillis(Duration d) {
        checkUserTimeout(d);
        if (d == null) {
            return 0;
        }
        if (d.compareTo(MAX_USER_TIMEOUT) >= 0) {
            return Integer.MAX_VALUE;
        }
        long ms = d.toMillis();
        return (int) (d.minusMillis(ms).isZero() ? ms : ms + 1);
    }

    /** The largest user timeout the kernel takes. */
    private static final Duration MAX_USER_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    /**
     * Rejects a negative user timeout: unlike keep-alive's, it has no "off" or "unchanged"
     * meaning, so it is a caller's mistake.
     *
     * <p>netdial's own.
     *
     * @throws IllegalArgumentException if {@code d} is negative
     */
    static Duration checkUserTimeout(Duration d) {
        if (d != null && d.isNegative()) {
            throw new IllegalArgumentException("negative user timeout: " + d);
        }
        return d;
    }
}
