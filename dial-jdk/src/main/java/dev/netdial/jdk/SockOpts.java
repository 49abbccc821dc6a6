package dev.netdial.jdk;

import dev.netdial.api.Errno;
import dev.netdial.api.SyscallError;
import dev.netdial.posix.RawConn;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.LibC;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;

/**
 * The socket options {@link NetdialSocket} supports, and their get and set on a live socket
 * through its {@link RawConn}, with the value rules of the JDK's own {@code Socket} (SO_LINGER
 * clamped to 0..65535 or -1 for off, IP_TOS in 0..255, buffer sizes not negative).
 *
 * <p>netdial's own: Go has no {@code java.net.Socket}; the option numbers are Linux's (the same
 * on x86-64 and aarch64), as in Go's {@code src/net/sockopt_linux.go} and
 * {@code src/net/tcpsockopt_unix.go}.
 */
final class SockOpts {
    private SockOpts() {
    }

    /** Linux's {@code IP_TOS} (level {@code IPPROTO_IP}). */
    static final int IP_TOS = 1;
    /** Linux's {@code IPV6_TCLASS} (level {@code IPPROTO_IPV6}). */
    static final int IPV6_TCLASS = 67;
    /** Linux's {@code SO_OOBINLINE} (level {@code SOL_SOCKET}). */
    static final int SO_OOBINLINE = 10;
    /** Linux's {@code FIONREAD} ioctl (asm-generic, x86-64 and aarch64 alike). */
    static final long FIONREAD = 0x541B;

    /** The options of a client socket, as the JDK's {@code NioSocketImpl} lists them, less SO_REUSEPORT and TCP_QUICKACK. */
    static final Set<SocketOption<?>> SUPPORTED = Set.of(
            StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE,
            StandardSocketOptions.SO_LINGER,
            StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_REUSEADDR,
            StandardSocketOptions.IP_TOS,
            ExtendedSocketOptions.TCP_KEEPIDLE,
            ExtendedSocketOptions.TCP_KEEPINTERVAL,
            ExtendedSocketOptions.TCP_KEEPCOUNT);

    /**
     * Checks {@code value} as the JDK's {@code Socket.setOption} does and returns the value to
     * store (SO_LINGER clamped, as the JDK clamps it).
     *
     * <p>netdial's own: the JDK's {@code sun.nio.ch.Net.setSocketOption} rules.
     */
    static Object check(SocketOption<?> name, Object value) {
        if (!SUPPORTED.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        if (value == null || !name.type().isInstance(value)) {
            throw new IllegalArgumentException("Invalid value '" + value + "'");
        }
        if (name == StandardSocketOptions.SO_RCVBUF || name == StandardSocketOptions.SO_SNDBUF) {
            if ((Integer) value < 0) {
                throw new IllegalArgumentException("Invalid send/receive buffer size");
            }
        } else if (name == StandardSocketOptions.SO_LINGER) {
            int i = (Integer) value;
            return i < 0 ? -1 : Math.min(i, 65535);
        } else if (name == StandardSocketOptions.IP_TOS) {
            int i = (Integer) value;
            if (i < 0 || i > 255) {
                throw new IllegalArgumentException("Invalid IP_TOS value");
            }
        }
        return value;
    }

    /**
     * Sets a checked option on the socket of {@code raw}; {@code ipv6} selects IPV6_TCLASS for
     * IP_TOS (as the JDK does for an IPv6 socket, setting IP_TOS too on a best-effort basis).
     * Failures are Go's "setsockopt" {@link SyscallError}s.
     *
     * <p>netdial's own: the JDK's {@code Net.setSocketOption} over Go's {@code setsockopt} wrappers.
     */
    static void set(RawConn raw, boolean ipv6, SocketOption<?> name, Object value) throws IOException {
        int[] r = new int[1];
        raw.control(fd -> {
            if (name == StandardSocketOptions.SO_LINGER) {
                int i = (Integer) value;
                r[0] = i < 0 ? LibC.setsockoptLinger(fd, 0, 0) : LibC.setsockoptLinger(fd, 1, i);
                return;
            }
            int v = value instanceof Boolean b ? (b ? 1 : 0) : (Integer) value;
            if (name == StandardSocketOptions.IP_TOS && ipv6) {
                r[0] = LibC.setsockoptInt(fd, Constants.IPPROTO_IPV6, IPV6_TCLASS, v);
                LibC.setsockoptInt(fd, Constants.IPPROTO_IP, IP_TOS, v); // best effort, as the JDK
                return;
            }
            int[] key = key(name);
            r[0] = LibC.setsockoptInt(fd, key[0], key[1], v);
        });
        if (r[0] < 0) {
            throw new SyscallError("setsockopt", Errno.of(-r[0]));
        }
    }

    /**
     * Reads an option from the socket of {@code raw}, in the JDK's form (SO_LINGER -1 when off).
     * Failures are Go's "getsockopt" {@link SyscallError}s.
     *
     * <p>netdial's own: the JDK's {@code Net.getSocketOption} over {@code getsockopt(2)}.
     */
    static Object get(RawConn raw, boolean ipv6, SocketOption<?> name) throws IOException {
        int[] r = new int[1];
        int[] v = new int[2];
        raw.control(fd -> {
            if (name == StandardSocketOptions.SO_LINGER) {
                r[0] = LibC.getsockoptLinger(fd, v);
            } else if (name == StandardSocketOptions.IP_TOS && ipv6) {
                r[0] = LibC.getsockoptInt(fd, Constants.IPPROTO_IPV6, IPV6_TCLASS, v);
            } else {
                int[] key = key(name);
                r[0] = LibC.getsockoptInt(fd, key[0], key[1], v);
            }
        });
        if (r[0] < 0) {
            throw new SyscallError("getsockopt", Errno.of(-r[0]));
        }
        if (name == StandardSocketOptions.SO_LINGER) {
            return v[0] == 0 ? -1 : v[1];
        }
        return name.type() == Boolean.class ? (Object) (v[0] != 0) : (Object) v[0];
    }

    /** Sets or reads SO_OOBINLINE, which the JDK's {@code Socket} has setters for but no {@link SocketOption}. */
    static void setOobInline(RawConn raw, boolean on) throws IOException {
        int[] r = new int[1];
        raw.control(fd -> r[0] = LibC.setsockoptInt(fd, Constants.SOL_SOCKET, SO_OOBINLINE, on ? 1 : 0));
        if (r[0] < 0) {
            throw new SyscallError("setsockopt", Errno.of(-r[0]));
        }
    }

    /** Reads SO_OOBINLINE. */
    static boolean getOobInline(RawConn raw) throws IOException {
        int[] r = new int[1];
        int[] v = new int[1];
        raw.control(fd -> r[0] = LibC.getsockoptInt(fd, Constants.SOL_SOCKET, SO_OOBINLINE, v));
        if (r[0] < 0) {
            throw new SyscallError("getsockopt", Errno.of(-r[0]));
        }
        return v[0] != 0;
    }

    /** The bytes waiting to be read ({@code ioctl(FIONREAD)}), as the JDK's {@code available()}. */
    static int available(RawConn raw) throws IOException {
        int[] r = new int[1];
        int[] v = new int[1];
        raw.control(fd -> r[0] = LibC.ioctlInt(fd, FIONREAD, v));
        if (r[0] < 0) {
            throw new SyscallError("ioctl", Errno.of(-r[0]));
        }
        return Math.max(v[0], 0);
    }

    /**
     * Reads an option as a fresh IPv4 TCP socket has it, for a {@link NetdialSocket} that has no
     * socket yet (the JDK's {@code Socket} creates its socket at once and reads it there).
     *
     * <p>netdial's own: a socket made, read and closed at once.
     */
    static Object getFresh(SocketOption<?> name) throws IOException {
        int fd = LibC.socket(Constants.AF_INET, Constants.SOCK_STREAM | Constants.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new SyscallError("socket", Errno.of(-fd));
        }
        try {
            return get(new FdRawConn(fd), false, name);
        } finally {
            LibC.close(fd);
        }
    }

    /** A {@link RawConn} over a bare fd this class owns for the length of one call. */
    private record FdRawConn(int fd) implements RawConn {
        @Override
        public void control(java.util.function.IntConsumer f) {
            f.accept(fd);
        }

        @Override
        public void read(java.util.function.IntPredicate f) {
            throw new UnsupportedOperationException("read");
        }

        @Override
        public void write(java.util.function.IntPredicate f) {
            throw new UnsupportedOperationException("write");
        }
    }

    /** Linux's {@code MSG_OOB}. */
    static final int MSG_OOB = 1;

    /**
     * Sends one byte of TCP urgent data ({@code send(fd, &b, 1, MSG_OOB)}), waiting for room in
     * the send buffer as a write does. Failures are Go's "send" {@link SyscallError}s.
     *
     * <p>netdial's own: the JDK's {@code Net.sendOOB}; Go has no urgent data.
     */
    static void sendUrgent(RawConn raw, int data) throws IOException {
        long[] r = new long[1];
        byte[] b = {(byte) data};
        raw.write(fd -> {
            long n = LibC.send(fd, b, 1, MSG_OOB);
            if (n == -Constants.EAGAIN) {
                return false;
            }
            r[0] = n;
            return true;
        });
        if (r[0] < 0) {
            throw new SyscallError("send", Errno.of((int) -r[0]));
        }
    }

    /** The level and name of an int or boolean option. */
    private static int[] key(SocketOption<?> name) {
        if (name == StandardSocketOptions.TCP_NODELAY) {
            return new int[] {Constants.IPPROTO_TCP, Constants.TCP_NODELAY};
        } else if (name == StandardSocketOptions.SO_KEEPALIVE) {
            return new int[] {Constants.SOL_SOCKET, Constants.SO_KEEPALIVE};
        } else if (name == StandardSocketOptions.SO_SNDBUF) {
            return new int[] {Constants.SOL_SOCKET, Constants.SO_SNDBUF};
        } else if (name == StandardSocketOptions.SO_RCVBUF) {
            return new int[] {Constants.SOL_SOCKET, Constants.SO_RCVBUF};
        } else if (name == StandardSocketOptions.SO_REUSEADDR) {
            return new int[] {Constants.SOL_SOCKET, Constants.SO_REUSEADDR};
        } else if (name == StandardSocketOptions.IP_TOS) {
            return new int[] {Constants.IPPROTO_IP, IP_TOS};
        } else if (name == ExtendedSocketOptions.TCP_KEEPIDLE) {
            return new int[] {Constants.IPPROTO_TCP, Constants.TCP_KEEPIDLE};
        } else if (name == ExtendedSocketOptions.TCP_KEEPINTERVAL) {
            return new int[] {Constants.IPPROTO_TCP, Constants.TCP_KEEPINTVL};
        } else if (name == ExtendedSocketOptions.TCP_KEEPCOUNT) {
            return new int[] {Constants.IPPROTO_TCP, Constants.TCP_KEEPCNT};
        }
        throw new UnsupportedOperationException("'" + name + "' not supported");
    }
}
