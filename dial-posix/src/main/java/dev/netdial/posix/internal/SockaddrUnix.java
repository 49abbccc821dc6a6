package dev.netdial.posix.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A Unix domain socket address: a path, an abstract name ("@name", or a leading NUL, sent to the
 * kernel with a leading NUL and no terminator), or "" for an unnamed socket (a bind with only the
 * family asks Linux to autobind one).
 *
 * <p>Go: {@code src/syscall/syscall_unix.go} {@code SockaddrUnix}.
 * <p>Differs: Go's name is a byte string; here it is a {@code String} encoded as the JVM encodes
 * file names ({@code sun.jnu.encoding}), so a name the kernel reports with bytes invalid in that
 * encoding reads back with replacement characters.
 *
 * @param name the path or abstract name, "" for none (never null)
 */
public record SockaddrUnix(String name) implements Sockaddr {
    /** {@code sizeof(((struct sockaddr_un *) 0)->sun_path)}. */
    public static final int PATH_MAX = 108;
    /** The offset of {@code sun_path} in {@code struct sockaddr_un} (after the 2-byte family). */
    static final int PATH_OFFSET = 2;

    public SockaddrUnix {
        java.util.Objects.requireNonNull(name, "name");
    }

    /** The charset of file names: the JVM's {@code sun.jnu.encoding}, else UTF-8. netdial's own. */
    static Charset fileNameCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The name's bytes as the kernel gets them (before the abstract '@' becomes NUL). */
    byte[] nameBytes() {
        return name.getBytes(fileNameCharset());
    }

    /**
     * Whether the name is abstract: it starts with '@' or NUL.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code (*SockaddrUnix).sockaddr}, its {@code isAbstract}.
     */
    boolean isAbstract() {
        return !name.isEmpty() && (name.charAt(0) == '@' || name.charAt(0) == '\0');
    }

    /** Always {@code AF_UNIX}. */
    @Override
    public int family() {
        return Constants.AF_UNIX;
    }

    /** A Unix address has no port: 0. */
    @Override
    public int port() {
        return 0;
    }

    /**
     * Whether the name fits {@code sun_path}: at most 108 bytes, and a path (not abstract) at most
     * 107, leaving room for its NUL. A system call given a name that does not fit fails with
     * {@code EINVAL} ("invalid argument") before reaching the kernel, as in Go.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code (*SockaddrUnix).sockaddr} (its length checks).
     */
    @Override
    public boolean portInRange() {
        int n = nameBytes().length;
        if (n > PATH_MAX) {
            return false;
        }
        return n < PATH_MAX || isAbstract();
    }
}
