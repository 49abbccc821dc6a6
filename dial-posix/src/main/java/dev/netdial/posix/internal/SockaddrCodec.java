package dev.netdial.posix.internal;

import java.nio.ByteBuffer;

/**
 * Encodes and decodes {@code struct sockaddr_in} (16 bytes) and {@code struct sockaddr_in6}
 * (28 bytes) at their Linux offsets: family in host order, port in network order, then the
 * address; sockaddr_in6 carries flowinfo (always 0 here) and the scope id (host order). A
 * {@code struct sockaddr_un} is the family and the name, as long as Go makes it (see
 * {@link #putUnix}).
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
        byte[] b = new byte[length(sa)];
        put(ByteBuffer.wrap(b), 0, sa);
        return b;
    }

    /**
     * How many bytes {@link #put} writes for {@code sa}.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} the {@code _Socklen} each {@code sockaddr()} method returns.
     */
    static int length(Sockaddr sa) {
        return switch (sa) {
            case SockaddrInet4 s -> SIZEOF_SOCKADDR_INET4;
            case SockaddrInet6 s -> SIZEOF_SOCKADDR_INET6;
            case SockaddrUnix s -> unixLength(s, s.nameBytes().length);
        };
    }

    /**
     * Writes the kernel's form of {@code sa} into {@code b} at index {@code off} (absolute, byte
     * by byte, so {@code b}'s byte order does not matter) and returns its length; native memory
     * (a {@link CallScratch} block) or a heap array alike. The caller has checked
     * {@link Sockaddr#portInRange}.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code (*SockaddrInet4).sockaddr},
     * {@code (*SockaddrInet6).sockaddr}, {@code (*SockaddrUnix).sockaddr}.
     * <p>Differs: writes into memory the caller owns instead of a struct on the stack.
     */
    static int put(ByteBuffer b, int off, Sockaddr sa) {
        switch (sa) {
            case SockaddrInet4 s -> {
                b.put(off, (byte) Constants.AF_INET); // sin_family, host order (little-endian)
                b.put(off + 1, (byte) 0);
                b.put(off + 2, (byte) (s.port() >>> 8)); // sin_port, network order
                b.put(off + 3, (byte) s.port());
                b.put(off + 4, s.addrShared());
                b.putLong(off + 8, 0L); // sin_zero
                return SIZEOF_SOCKADDR_INET4;
            }
            case SockaddrInet6 s -> {
                b.put(off, (byte) Constants.AF_INET6);
                b.put(off + 1, (byte) 0);
                b.put(off + 2, (byte) (s.port() >>> 8));
                b.put(off + 3, (byte) s.port());
                b.putInt(off + 4, 0); // sin6_flowinfo
                b.put(off + 8, s.addrShared());
                int scope = s.scopeId(); // sin6_scope_id, host order
                b.put(off + 24, (byte) scope);
                b.put(off + 25, (byte) (scope >>> 8));
                b.put(off + 26, (byte) (scope >>> 16));
                b.put(off + 27, (byte) (scope >>> 24));
                return SIZEOF_SOCKADDR_INET6;
            }
            case SockaddrUnix s -> {
                return putUnix(b, off, s);
            }
        }
    }

    /**
     * A {@code sockaddr_un}, exactly as long as the address length Go passes: the family alone (2
     * bytes) for an unnamed address (which asks Linux to autobind); family, name and NUL for a
     * path; family and name for an abstract name, whose leading '@' (or NUL) becomes NUL. The
     * caller has checked that the name fits ({@link SockaddrUnix#portInRange}).
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code (*SockaddrUnix).sockaddr}.
     */
    static int putUnix(ByteBuffer b, int off, SockaddrUnix s) {
        byte[] name = s.nameBytes();
        int sl = unixLength(s, name.length);
        b.put(off, (byte) Constants.AF_UNIX); // sun_family, host order
        b.put(off + 1, (byte) 0);
        b.put(off + SockaddrUnix.PATH_OFFSET, name);
        if (sl > SockaddrUnix.PATH_OFFSET + name.length) {
            b.put(off + sl - 1, (byte) 0); // a path's terminating NUL
        }
        if (s.isAbstract()) {
            b.put(off + SockaddrUnix.PATH_OFFSET, (byte) 0);
        }
        return sl;
    }

    /** The length Go passes for a {@code sockaddr_un} whose name has {@code n} bytes. Go: as {@link #putUnix}. */
    private static int unixLength(SockaddrUnix s, int n) {
        return SockaddrUnix.PATH_OFFSET + n + (!s.isAbstract() && n > 0 ? 1 : 0);
    }

    /**
     * The name of a {@code sockaddr_un} the kernel wrote ({@code len} bytes of {@code b} from
     * {@code off}): a leading NUL reads as '@' (an abstract name, or an unnamed socket, which reads
     * as "@" alone), and the name ends at the first NUL.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code anyToSockaddr}, its {@code AF_UNIX} case.
     * <p>Differs: Go reads its whole zeroed {@code RawSockaddrAny}; here only the {@code len}
     * bytes the kernel wrote count, the rest read as zero, which is the same result.
     */
    static SockaddrUnix decodeUnix(ByteBuffer b, int off, int len) {
        byte[] path = new byte[SockaddrUnix.PATH_MAX];
        int have = Math.max(0, Math.min(len - SockaddrUnix.PATH_OFFSET, SockaddrUnix.PATH_MAX));
        b.get(off + SockaddrUnix.PATH_OFFSET, path, 0, have);
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
        return decode(ByteBuffer.wrap(b), 0, Math.min(len, b.length));
    }

    /**
     * Decodes the {@code len} bytes the kernel wrote into {@code b} at index {@code off} (native
     * memory or a heap array; read byte by byte, whatever {@code b}'s order), as
     * {@link #decode(byte[], int)}.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code anyToSockaddr}.
     * <p>Differs: as {@link #decode(byte[], int)}.
     */
    static Sockaddr decode(ByteBuffer b, int off, int len) {
        if (len < 2) {
            return null;
        }
        int family = (b.get(off) & 0xFF) | (b.get(off + 1) & 0xFF) << 8;
        if (family == Constants.AF_UNIX) {
            return decodeUnix(b, off, len);
        }
        if (len < 4) {
            return null;
        }
        int port = (b.get(off + 2) & 0xFF) << 8 | (b.get(off + 3) & 0xFF);
        if (family == Constants.AF_INET && len >= SIZEOF_SOCKADDR_INET4) {
            byte[] a = new byte[4];
            b.get(off + 4, a);
            return new SockaddrInet4(a, port);
        }
        if (family == Constants.AF_INET6 && len >= SIZEOF_SOCKADDR_INET6) {
            byte[] a = new byte[16];
            b.get(off + 8, a);
            int scope = (b.get(off + 24) & 0xFF) | (b.get(off + 25) & 0xFF) << 8 | (b.get(off + 26) & 0xFF) << 16
                    | (b.get(off + 27) & 0xFF) << 24;
            return new SockaddrInet6(a, port, scope);
        }
        return null;
    }
}
