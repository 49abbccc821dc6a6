package dev.netdial.resolver;

import com.sun.jna.FunctionMapper;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import dev.netdial.api.Errno;
import dev.netdial.posix.internal.Sockaddr;
import dev.netdial.posix.internal.SockaddrCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The C library's name service calls ({@code getaddrinfo}, {@code getnameinfo},
 * {@code gai_strerror}, {@code getrlimit}, and the stub resolver's {@code res_nsearch}), bound
 * once with JNA's direct mapping. The {@code struct addrinfo} list is read by hand at its Linux LP64 offsets (the same on x86-64
 * and aarch64) and always freed with {@code freeaddrinfo}.
 *
 * <p>Go: {@code src/net/cgo_unix_cgo.go}, {@code src/net/cgo_unix.go}
 * ({@code _C_getaddrinfo}, {@code _C_freeaddrinfo}, {@code _C_gai_strerror}, {@code _C_ai_*}).
 */
final class Netdb {

    // <netdb.h> values on Linux (glibc and musl agree).
    static final int AI_CANONNAME = 0x0002;
    static final int AI_V4MAPPED = 0x0008;
    static final int AI_ALL = 0x0010;
    static final int AI_ADDRCONFIG = 0x0020;
    static final int NI_NAMEREQD = 8;
    static final int EAI_AGAIN = -3;
    static final int EAI_NONAME = -2;
    static final int EAI_NODATA = -5;
    static final int EAI_SERVICE = -8;
    static final int EAI_SYSTEM = -11;
    static final int EAI_OVERFLOW = -12;
    static final int RLIMIT_NOFILE = 7;

    // struct addrinfo on linux/amd64 and linux/arm64.
    private static final int SIZEOF_ADDRINFO = 48;
    private static final int AI_FLAGS = 0;
    private static final int AI_FAMILY = 4;
    private static final int AI_SOCKTYPE = 8;
    private static final int AI_PROTOCOL = 12;
    private static final int AI_ADDRLEN = 16;
    private static final int AI_ADDR = 24;
    private static final int AI_CANONNAME_OFF = 32;
    private static final int AI_NEXT = 40;

    static {
        if (!Platform.isLinux() || !Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
            throw new ExceptionInInitializerError("netdial's system resolver supports linux/amd64 and linux/arm64; this is "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        }
        Native.register(Raw.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private Netdb() {
    }

    /** The raw symbols. */
    static final class Raw {
        private Raw() {
        }

        static native int getaddrinfo(byte[] node, byte[] service, byte[] hints, long[] res);

        static native void freeaddrinfo(long res);

        static native long gai_strerror(int errcode);

        static native int getnameinfo(byte[] sa, int salen, byte[] host, int hostlen, byte[] serv, int servlen,
                int flags);

        static native int getrlimit(int resource, long[] rlim);
    }

    /** One entry of the {@code addrinfo} list: its family, socket type and address. */
    record AddrInfo(int family, int socktype, int protocol, Sockaddr addr) {
    }

    /**
     * What {@code getaddrinfo} gave: its return code, errno right after the call (meaningful
     * for {@code EAI_SYSTEM}), the first entry's canonical name ({@code null} when none) and the
     * entries in order.
     */
    record GaiResult(int gerrno, int errno, String canonName, List<AddrInfo> entries) {
    }

    /**
     * Calls {@code getaddrinfo(node, service, hints, &res)}, copies the list out and frees it.
     * {@code node}/{@code service} are NUL-terminated bytes or {@code null}.
     *
     * <p>Go: {@code src/net/cgo_unix_cgo.go} {@code _C_getaddrinfo}; {@code src/net/cgo_unix.go}
     * (the walk over {@code ai_next}, {@code _C_freeaddrinfo}).
     */
    static GaiResult getaddrinfo(byte[] node, byte[] service, int flags, int family, int socktype, int protocol) {
        byte[] hints = new byte[SIZEOF_ADDRINFO];
        putInt(hints, AI_FLAGS, flags);
        putInt(hints, AI_FAMILY, family);
        putInt(hints, AI_SOCKTYPE, socktype);
        putInt(hints, AI_PROTOCOL, protocol);
        long[] res = new long[1];
        int gerrno = Raw.getaddrinfo(node, service, hints, res);
        int errno = Native.getLastError();
        if (gerrno != 0) {
            return new GaiResult(gerrno, errno, null, List.of());
        }
        List<AddrInfo> out = new ArrayList<>();
        String canon = null;
        try {
            for (long r = res[0]; r != 0; ) {
                Pointer p = new Pointer(r);
                if (r == res[0]) {
                    long cn = p.getLong(AI_CANONNAME_OFF);
                    if (cn != 0) {
                        canon = new Pointer(cn).getString(0, StandardCharsets.UTF_8.name());
                    }
                }
                int len = p.getInt(AI_ADDRLEN);
                long sa = p.getLong(AI_ADDR);
                Sockaddr addr = null;
                if (sa != 0 && len > 0) {
                    int n = Math.min(len, SockaddrCodec.MAX_LEN);
                    addr = SockaddrCodec.decode(new Pointer(sa).getByteArray(0, n), n);
                }
                out.add(new AddrInfo(p.getInt(AI_FAMILY), p.getInt(AI_SOCKTYPE), p.getInt(AI_PROTOCOL), addr));
                r = p.getLong(AI_NEXT);
            }
        } finally {
            Raw.freeaddrinfo(res[0]);
        }
        return new GaiResult(0, 0, canon, out);
    }

    /** What {@code getnameinfo} gave: its return code, errno after the call, and the host name. */
    record NameInfo(int gerrno, int errno, String host) {
    }

    /**
     * Calls {@code getnameinfo(sa, salen, host, hostLen, NULL, 0, flags)}; the host name is the
     * buffer up to its first NUL.
     *
     * <p>Go: {@code src/net/cgo_unix_cgo.go} {@code cgoNameinfoPTR}.
     */
    static NameInfo getnameinfo(byte[] sa, int hostLen, int flags) {
        byte[] host = new byte[hostLen];
        int gerrno = Raw.getnameinfo(sa, sa.length, host, host.length, null, 0, flags);
        int errno = Native.getLastError();
        if (gerrno != 0) {
            return new NameInfo(gerrno, errno, null);
        }
        int n = 0;
        while (n < host.length && host[n] != 0) {
            n++;
        }
        return new NameInfo(0, 0, new String(host, 0, n, StandardCharsets.UTF_8));
    }

    /**
     * The C library's message for a {@code getaddrinfo}/{@code getnameinfo} error code.
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code addrinfoErrno.Error}.
     */
    static String gaiStrerror(int gerrno) {
        long s = Raw.gai_strerror(gerrno);
        return s == 0 ? "" : new Pointer(s).getString(0, StandardCharsets.UTF_8.name());
    }

    /**
     * The soft limit on open files, or -1 when {@code getrlimit} fails; "unlimited" reads as
     * {@link Long#MAX_VALUE}.
     *
     * <p>Go: {@code src/net/rlimit_unix.go} {@code concurrentThreadsLimit} ({@code Getrlimit}).
     */
    static long nofileLimit() {
        long[] rlim = new long[2];
        if (Raw.getrlimit(RLIMIT_NOFILE, rlim) != 0) {
            return -1;
        }
        return rlim[0] < 0 ? Long.MAX_VALUE : rlim[0];
    }

    /**
     * What {@code res_nsearch} gave: the length of the whole answer (it may exceed the buffer,
     * which then holds only its start), or -1 on any failure; and the buffer.
     */
    record ResSearch(int size, byte[] answer) {
    }

    /**
     * Asks the C library's stub resolver for the records of {@code type} and {@code class} of
     * {@code name} ({@code res_ninit}, {@code res_nsearch}, {@code res_nclose} on a private
     * state), with an answer buffer of {@code bufSize} bytes. Returns null when the C library has
     * no {@code res_nsearch} (musl), so the caller can hand the lookup to the pure resolver.
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoResSearch} (one pass of its loop);
     * {@code src/net/cgo_unix_cgo_res.go}.
     */
    static ResSearch resNsearch(String name, int klass, int type, int bufSize) throws IOException {
        if (!Res.AVAILABLE) {
            return null;
        }
        try (Memory state = new Memory(Res.STATE_SIZE); Memory answer = new Memory(bufSize)) {
            state.clear();
            if (Res.__res_ninit(state) != 0) {
                throw new IOException("res_ninit failure: " + Errno.describe(Native.getLastError()));
            }
            try {
                int size = Res.res_nsearch(state, (name + "\0").getBytes(StandardCharsets.UTF_8), klass, type, answer,
                        bufSize);
                if (size <= 0) {
                    return new ResSearch(-1, null);
                }
                return new ResSearch(size, answer.getByteArray(0, Math.min(size, bufSize)));
            } finally {
                Res.__res_nclose(state);
            }
        }
    }

    /**
     * The stub resolver's calls, bound from libresolv: glibc up to 2.33 defines them there (as
     * {@code __res_nsearch}), glibc 2.34 and later in libc, which libresolv pulls in, so a lookup
     * through libresolv's handle finds either. The state is opaque to netdial: {@code struct
     * __res_state} is 568 bytes on glibc's 64-bit targets; 1 KiB leaves room for any of them.
     */
    private static final class Res {
        static final long STATE_SIZE = 1024;
        static final boolean AVAILABLE;

        static {
            boolean ok;
            try {
                NativeLibrary resolv = NativeLibrary.getInstance("resolv");
                String search = "res_nsearch";
                try {
                    resolv.getFunction(search);
                } catch (UnsatisfiedLinkError e) {
                    search = "__res_nsearch";
                }
                String nsearch = search;
                FunctionMapper mapper = (lib, m) -> m.getName().equals("res_nsearch") ? nsearch : m.getName();
                Native.register(Res.class, NativeLibrary.getInstance("resolv",
                        Map.of(Library.OPTION_FUNCTION_MAPPER, mapper)));
                ok = true;
            } catch (UnsatisfiedLinkError e) {
                LoggerFactory.getLogger(Netdb.class).debug("no res_nsearch in this C library: {}", e.getMessage());
                ok = false;
            }
            AVAILABLE = ok;
        }

        private Res() {
        }

        static native int __res_ninit(Pointer state);

        static native int res_nsearch(Pointer state, byte[] name, int klass, int type, Pointer answer, int anslen);

        static native void __res_nclose(Pointer state);
    }

    /** Writes {@code v} little-endian at {@code off}. netdial's own, for the C structs built here. */
    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
