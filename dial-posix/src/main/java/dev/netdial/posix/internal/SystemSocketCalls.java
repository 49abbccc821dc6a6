package dev.netdial.posix.internal;

/**
 * The real system calls behind {@link SocketCalls#system()}.
 *
 * <p>Go: {@code src/net/hook_unix.go} (the default values of the hook variables).
 */
final class SystemSocketCalls implements SocketCalls {
    static final SystemSocketCalls INSTANCE = new SystemSocketCalls();

    private SystemSocketCalls() {
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        return LibC.socket(domain, type, protocol);
    }

    @Override
    public int connect(int fd, Sockaddr sa) {
        return LibC.connect(fd, sa);
    }

    @Override
    public int listen(int fd, int backlog) {
        return LibC.listen(fd, backlog);
    }

    @Override
    public int accept4(int fd, int flags, Sockaddr[] peer) {
        return LibC.accept4(fd, flags, peer);
    }

    @Override
    public int getsockoptInt(int fd, int level, int name, int[] value) {
        return LibC.getsockoptInt(fd, level, name, value);
    }

    @Override
    public int setsockoptInt(int fd, int level, int name, int value) {
        return LibC.setsockoptInt(fd, level, name, value);
    }

    @Override
    public int close(int fd) {
        return LibC.close(fd);
    }
}
