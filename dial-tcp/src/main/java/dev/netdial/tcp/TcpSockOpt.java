package dev.netdial.tcp;

import dev.netdial.api.KeepAliveConfig;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.SockOpt;
import java.io.IOException;
import java.time.Duration;

/**
 * TCP keep-alive timers on Linux, in whole seconds.
 *
 * <p>Go: {@code src/net/tcpsockopt_unix.go}, {@code src/net/tcpsock_unix.go}.
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
}
