package dev.netdial.posix.internal;

/**
 * A socket address as the kernel sees it: AF_INET, AF_INET6 or AF_UNIX.
 *
 * <p>Go: {@code src/syscall/syscall_unix.go} {@code Sockaddr}, {@code SockaddrInet4},
 * {@code SockaddrInet6}, {@code SockaddrUnix}.
 */
public sealed interface Sockaddr permits SockaddrInet4, SockaddrInet6, SockaddrUnix {
    /** The address family, {@code AF_INET}, {@code AF_INET6} or {@code AF_UNIX}. */
    int family();

    /** The port; outside 0..65535 it cannot be encoded (see {@link #portInRange()}). */
    int port();

    /**
     * Whether the port fits the 16-bit field; a system call given an address that does not
     * fails with {@code EINVAL} before reaching the kernel. (A {@link SockaddrUnix} has no port
     * and answers whether its name fits {@code sun_path}, with the same consequence.)
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code (*SockaddrInet4).sockaddr} (its port check).
     */
    default boolean portInRange() {
        return port() >= 0 && port() <= 0xFFFF;
    }
}
