package dev.netdial.posix.internal;

/**
 * The socket system calls that tests may intercept, given once through
 * {@link IpSockPosix#withHooks} to the {@code NetFD} a socket becomes (which hands it to its
 * {@code PollFD} and to the fds it accepts). Every method returns what the kernel returned, or
 * {@code -errno}.
 *
 * <p>Go: {@code src/net/hook_unix.go} ({@code socketFunc}, {@code connectFunc},
 * {@code listenFunc}, {@code getsockoptIntFunc}) and {@code src/internal/poll/hook_unix.go}
 * ({@code CloseFunc}, {@code AcceptFunc}).
 * <p>Differs: Go has no setsockopt hook; {@link #setsockoptInt} is netdial's own.
 * <p>Differs: Go swaps package-level function variables; netdial passes an instance, so two
 * tests never share a hook.
 */
public interface SocketCalls {

    /** {@code socket(2)}; returns the new fd or {@code -errno}. */
    int socket(int domain, int type, int protocol);

    /** {@code connect(2)}; returns 0 or {@code -errno}. */
    int connect(int fd, Sockaddr sa);

    /** {@code listen(2)}; returns 0 or {@code -errno}. */
    int listen(int fd, int backlog);

    /**
     * {@code accept4(2)}; returns the new fd or {@code -errno}. On success the peer's address
     * is stored in {@code peer[0]} (null when the kernel gave none).
     */
    int accept4(int fd, int flags, Sockaddr[] peer);

    /** {@code getsockopt(2)} for an int option; stores it in {@code value[0]}; returns 0 or {@code -errno}. */
    int getsockoptInt(int fd, int level, int name, int[] value);

    /**
     * {@code setsockopt(2)} for an int option; returns 0 or {@code -errno}. The dialer's own
     * options (netdial's own: {@code IP_BIND_ADDRESS_NO_PORT}, {@code IP_LOCAL_PORT_RANGE}) go
     * through here, so a test can make them fail as an older kernel does.
     */
    int setsockoptInt(int fd, int level, int name, int value);

    /** {@code close(2)}; returns 0 or {@code -errno}. Called once per fd, never retried. */
    int close(int fd);

    /** The real system calls. */
    static SocketCalls system() {
        return SystemSocketCalls.INSTANCE;
    }
}
