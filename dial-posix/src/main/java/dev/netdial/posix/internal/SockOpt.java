package dev.netdial.posix.internal;

import dev.netdial.api.Errno;
import dev.netdial.api.SyscallError;
import java.io.IOException;

/**
 * Socket options set on a live fd, each under a reference so the fd cannot be closed meanwhile.
 * Failures are Go's "setsockopt" SyscallErrors.
 *
 * <p>Go: {@code src/net/sockopt_posix.go}, {@code src/net/sockopt_linux.go}.
 */
public final class SockOpt {
    private SockOpt() {
    }

    /**
     * Sets an int option under a reference; a failure is a "setsockopt" SyscallError.
     *
     * <p>Go: {@code src/internal/poll/sockopt.go} {@code (*FD).SetsockoptInt}, wrapped as in
     * {@code src/net/sockopt_posix.go} ({@code wrapSyscallError("setsockopt", …)}).
     */
    public static void setInt(NetFD fd, int level, int name, int value) throws IOException {
        fd.pfd.incref();
        try {
            check(LibC.setsockoptInt(fd.pfd.sysfd, level, name, value));
        } finally {
            fd.pfd.decref();
        }
    }

    /**
     * Reads an int option under a reference; a failure is a "getsockopt" SyscallError.
     *
     * <p>Go: {@code src/internal/poll/sockopt.go} {@code (*FD).GetsockoptInt}.
     */
    public static int getInt(NetFD fd, int level, int name) throws IOException {
        fd.pfd.incref();
        try {
            int[] v = new int[1];
            int r = LibC.getsockoptInt(fd.pfd.sysfd, level, name, v);
            if (r < 0) {
                throw new SyscallError("getsockopt", Errno.of(-r));
            }
            return v[0];
        } finally {
            fd.pfd.decref();
        }
    }

    /** Turns a {@code -errno} result into Go's "setsockopt" SyscallError. Go: {@code src/net/error_posix.go} {@code wrapSyscallError}. */
    private static void check(int r) throws SyscallError {
        if (r < 0) {
            throw new SyscallError("setsockopt", Errno.of(-r));
        }
    }

    /** Go: {@code src/net/sockopt_posix.go} {@code setReadBuffer}. */
    public static void setReadBuffer(NetFD fd, int bytes) throws IOException {
        setInt(fd, Constants.SOL_SOCKET, Constants.SO_RCVBUF, bytes);
    }

    /** Go: {@code src/net/sockopt_posix.go} {@code setWriteBuffer}. */
    public static void setWriteBuffer(NetFD fd, int bytes) throws IOException {
        setInt(fd, Constants.SOL_SOCKET, Constants.SO_SNDBUF, bytes);
    }

    /** Go: {@code src/net/sockopt_posix.go} {@code setKeepAlive}. */
    public static void setKeepAlive(NetFD fd, boolean on) throws IOException {
        setInt(fd, Constants.SOL_SOCKET, Constants.SO_KEEPALIVE, on ? 1 : 0);
    }

    /**
     * Negative {@code sec} turns lingering off (the default); zero or more sets it.
     *
     * <p>Go: {@code src/net/sockopt_posix.go} {@code setLinger}.
     */
    public static void setLinger(NetFD fd, int sec) throws IOException {
        fd.pfd.incref();
        try {
            check(sec >= 0 ? LibC.setsockoptLinger(fd.pfd.sysfd, 1, sec) : LibC.setsockoptLinger(fd.pfd.sysfd, 0, 0));
        } finally {
            fd.pfd.decref();
        }
    }

    /** Go: {@code src/net/tcpsockopt_posix.go} {@code setNoDelay}. */
    public static void setNoDelay(NetFD fd, boolean on) throws IOException {
        setInt(fd, Constants.IPPROTO_TCP, Constants.TCP_NODELAY, on ? 1 : 0);
    }
}
