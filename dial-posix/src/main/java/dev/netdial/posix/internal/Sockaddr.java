package dev.netdial.posix.internal;

/**
 * A socket address as the kernel sees it: AF_INET or AF_INET6.
 *
 * <p>Go: {@code src/syscall/syscall_unix.go} {@code Sockaddr}, {@code SockaddrInet4},
 * {@code SockaddrInet6}.
 */
public sealed interface Sockaddr permits SockaddrInet4, SockaddrInet6 {
    /** The address family, {@code AF_INET} or {@code AF_INET6}. */
    int family();

    /** The port, 0..65535. */
    int port();
}
