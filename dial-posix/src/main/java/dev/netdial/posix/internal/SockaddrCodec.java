package dev.netdial.posix.internal;

import java.util.Arrays;

/**
 * Encodes and decodes {@code struct sockaddr_in} (16 bytes) and {@code struct sockaddr_in6}
 * (28 bytes) at their Linux offsets: family in host order, port in network order, then the
 * address; sockaddr_in6 carries flowinfo (always 0 here) and the scope id (host order). A
 * {@code struct sockaddr_un} is the family and the name, as long as Go makes it (see
 * {@link #encodeUnix}).
 *
 * <p>Go: {@code src/syscall/syscall_linux.go} {@code (*SockaddrInet4).sockaddr},
 * {@code (*SockaddrInet6).sockaddr}, {@code anyToSockaddr}.
 */
public final class SockaddrCodec {
    private SockaddrCodec() {
    }

    /** {@code sizeof(struct sockaddr_in)}. */
    public static final int SIZEOF_SOCKADDR_INET4 = 16;
    /** {@code sizeof(struct sockaddr_in6)}. */
    public static final int SIZEOF_SOCKADDR_INET6 = 28;
    /** A buffer large enough for any address netdial decodes ({@code sizeof(struct sockaddr_storage)}). */
    public static final int MAX_LEN = 128;

    /**
     * The kernel's bytes for {@code sa}: a {@code sockaddr_in} or {@code sockaddr_in6}.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code (*SockaddrInet4).sockaddr},
     * {@code (*SockaddrInet6).sockaddr}.
     */
    public static byte[] encode(Sockaddr sa) {
        if (!sa.portInRange()) {
            throw new IllegalArgumentException("port out of range: " + sa.port());
        }
        return switch (sa) {
            case SockaddrInet4 s -> {
                byte[] b = new byte[SIZEOF_SOCKADDR_INET4];
                b[0] = (byte) Constants.AF_INET; // sin_family, host order (little-endian)
                b[2] = (byte) (s.port() >>> 8); // sin_port, network order
                b[3] = (byte) s.port();
                System.arraycopy(s.addr(), 0, b, 4, 4);
                yield b;
            }
            case SockaddrUnix s -> encodeUnix(s);
            case SockaddrInet6 s -> {
                byte[] b = new byte[SIZEOF_SOCKADDR_INET6];
                b[0] = (byte) Constants.AF_INET6;
                b[2] = (byte) (s.port() >>> 8);
                b[3] = (byte) s.port();
                // b[4..8) sin6_flowinfo = 0
                System.arraycopy(s.addr(), 0, b, 8, 16);
                LibC.putInt(b, 24, s.scopeId());
                yield b;
            }
        };
    }

    /**
     * The bytes of a {@code sockaddr_un}, exactly as long as the address length Go passes: the
     * family alone (2 bytes) for an unnamed address (which asks Linux to autobind); family, name
     * and NUL for a path; family and name for an abstract name, whose leading '@' (or NUL)
     * becomes NUL. The caller has checked that the name fits ({@link SockaddrUnix#portInRange}).
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code (*SockaddrUnix).sockaddr}.
     */
    static byte[] encodeUnix(SockaddrUnix s) {
        byte[] name = s.nameBytes();
        int n = name.length;
        boolean isAbstract = s.isAbstract();
        int sl = SockaddrUnix.PATH_OFFSET + n;
        if (!isAbstract && n > 0) {
            sl++; // a path's terminating NUL
        }
        byte[] b = new byte[sl];
        b[0] = (byte) Constants.AF_UNIX; // sun_family, host order
        System.arraycopy(name, 0, b, SockaddrUnix.PATH_OFFSET, n);
        if (isAbstract) {
            b[SockaddrUnix.PATH_OFFSET] = 0;
        }
        return b;
    }

    /**
     * The name of a {@code sockaddr_un} the kernel wrote ({@code len} bytes of {@code b}): a
     * leading NUL reads as '@' (an abstract name, or an unnamed socket, which reads as "@" alone),
     * and the name ends at the first NUL.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code anyToSockaddr}, its {@code AF_UNIX} case.
     * <p>Differs: Go reads its whole zeroed {@code RawSockaddrAny}; here only the {@code len}
     * bytes the kernel wrote count, the rest read as zero, which is the same result.
     */
    static SockaddrUnix decodeUnix(byte[] b, int len) {
        byte[] path = new byte[SockaddrUnix.PATH_MAX];
        int have = Math.max(0, Math.min(len - SockaddrUnix.PATH_OFFSET, SockaddrUnix.PATH_MAX));
        System.arraycopy(b, SockaddrUnix.PATH_OFFSET, path, 0, have);
        if (path[0] == 0) {
            path[0] = '@';
        }
        int n = 0;
        while (n < path.length && path[n] != 0) {
            n++;
        }
        return new SockaddrUnix(new String(path, 0, n, SockaddrUnix.fileNameCharset()));
    }

    /**
     * Decodes what the kernel wrote; null for a family netdial does not speak or a length too
     * short for its family.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code anyToSockaddr}.
     * <p>Differs: Go answers EAFNOSUPPORT for another family; here null, which callers treat as
     * "no address".
     */
    public static Sockaddr decode(byte[] b, int len) {
        if (len < 2) {
            return null;
        }
        int family = (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
        if (family == Constants.AF_UNIX) {
            return decodeUnix(b, len);
        }
        if (len < 4) {
            return null;
        }
        int port = (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
        if (family == Constants.AF_INET && len >= SIZEOF_SOCKADDR_INET4) {
            return new SockaddrInet4(Arrays.copyOfRange(b, 4, 8), port);
        }
        if (family == Constants.AF_INET6 && len >= SIZEOF_SOCKADDR_INET6) {
            int scope = (b[24] & 0xFF) | (b[25] & 0xFF) << 8 | (b[26] & 0xFF) << 16 | (b[27] & 0xFF) << 24;
            return new SockaddrInet6(Arrays.copyOfRange(b, 8, 24), port, scope);
        }
        return null;
    }
}
