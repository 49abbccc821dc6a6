package dev.netdial.posix.internal;

/**
 * The socket system calls of a dial, an accept and a close, and the waits' epoll_ctl, epoll_wait
 * and poll, as Foreign Function downcalls: the
 * Java 21 class, which has none ({@link #available()} is false, and {@link LibC} calls them
 * through JNA). dial-posix is a multi-release jar: on Java 22 and newer the JVM loads
 * {@code META-INF/versions/22}'s version of this class instead (source {@code src/main/java22}),
 * whose downcalls cost less than JNA's calls and take every pointer as a native address.
 *
 * <p>Every call method below throws: {@link LibC} calls one only after {@link #available()}
 * said yes, which it never does here, so reaching one is a bug, not a missing feature.
 *
 * <p>The signatures are the Java 22+ version's: each returns what the call returned, or
 * {@code -errno}; {@code state} is the address of an errno capture slot (a {@link CallScratch}
 * block's {@link CallScratch#STATE}, or the caller's own for the calls that sleep), pointers are
 * native addresses.
 *
 * <p>netdial's own: Go's {@code syscall} package makes these calls itself.
 */
final class SocketDowncalls {
    private SocketDowncalls() {
    }

    /** Whether the downcalls exist: never, on Java 21. */
    static boolean available() {
        return false;
    }

    /** socket(2) (Java 22+ only; {@link LibC} asks {@link #available()} first). */
    static int socket(long state, int domain, int type, int protocol) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** connect(2) (Java 22+ only). */
    static int connect(long state, int fd, long addr, int addrlen) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** bind(2) (Java 22+ only). */
    static int bind(long state, int fd, long addr, int addrlen) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** accept4(2) (Java 22+ only). */
    static int accept4(long state, int fd, long addr, long addrlen, int flags) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** getsockname(2) (Java 22+ only). */
    static int getsockname(long state, int fd, long addr, long addrlen) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** getpeername(2) (Java 22+ only). */
    static int getpeername(long state, int fd, long addr, long addrlen) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** getsockopt(2) (Java 22+ only). */
    static int getsockopt(long state, int fd, int level, int name, long value, long len) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** setsockopt(2) (Java 22+ only). */
    static int setsockopt(long state, int fd, int level, int name, long value, int len) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** close(2) (Java 22+ only). */
    static int close(long state, int fd) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** epoll_ctl(2) (Java 22+ only). */
    static int epollCtl(long state, int epfd, int op, int fd, long event) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** epoll_wait(2) (Java 22+ only). */
    static int epollWait(long state, int epfd, long events, int maxevents, int timeoutMillis) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** poll(2) (Java 22+ only). */
    static int poll(long state, long fds, int nfds, int timeoutMillis) {
        throw new UnsupportedOperationException("needs Java 22");
    }
}
