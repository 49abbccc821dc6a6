package dev.netdial.posix.internal;

/**
 * The Linux constants netdial passes to the kernel. x86-64 and aarch64 share every value here
 * (both use the generic tables), which the start-up check in {@link LibC} relies on.
 *
 * <p>Go: {@code src/syscall/zerrors_linux_amd64.go} (the same names).
 */
public final class Constants {
    private Constants() {
    }

    // <bits/socket.h>, <linux/socket.h>
    public static final int AF_UNSPEC = 0;
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    // <bits/socket_type.h>
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_NONBLOCK = 0x800; // == O_NONBLOCK
    public static final int SOCK_CLOEXEC = 0x80000; // == O_CLOEXEC

    // <netinet/in.h>
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_IPV6 = 41;

    // <asm-generic/socket.h>
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_TYPE = 3;
    public static final int SO_ERROR = 4;
    public static final int SO_BROADCAST = 6;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_LINGER = 13;
    public static final int SO_REUSEPORT = 15;

    // <netinet/tcp.h>
    public static final int TCP_NODELAY = 1;
    public static final int TCP_KEEPIDLE = 4;
    public static final int TCP_KEEPINTVL = 5;
    public static final int TCP_KEEPCNT = 6;
    /** Milliseconds sent data may stay unacknowledged before the connection is dropped (Linux 2.6.37+). */
    public static final int TCP_USER_TIMEOUT = 18;

    // <linux/in6.h>
    public static final int IPV6_V6ONLY = 26;

    // <linux/in.h>, level IPPROTO_IP (SOL_IP), honoured on IPv6 sockets too
    /** Linux 4.2: bind(2) with port 0 leaves the port to connect(2), chosen per 4-tuple. */
    public static final int IP_BIND_ADDRESS_NO_PORT = 24;
    /** Linux 6.3: the socket's own ephemeral range, {@code lo | hi << 16}; 0 in a half is "not set". */
    public static final int IP_LOCAL_PORT_RANGE = 51;

    // <bits/socket.h> ancillary data and recvmsg(2) flags
    public static final int SCM_RIGHTS = 1;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;

    // <sys/socket.h> shutdown(2)
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    // Go's syscall.SOMAXCONN, the backlog when /proc/sys/net/core/somaxconn is unreadable.
    public static final int SOMAXCONN = 0x80;

    // <asm-generic/fcntl.h>
    public static final int F_GETFD = 1;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int FD_CLOEXEC = 1;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;

    // <sys/epoll.h>
    public static final int EPOLL_CLOEXEC = 0x80000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLLIN = 0x1;
    public static final int EPOLLPRI = 0x2;
    public static final int EPOLLOUT = 0x4;
    public static final int EPOLLERR = 0x8;
    public static final int EPOLLHUP = 0x10;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLET = 0x80000000;

    // <sys/eventfd.h>
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;

    // <poll.h>
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;

    // errno values used as control flow (the full table is dev.netdial.api.Errno).
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int EAFNOSUPPORT = 97;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ECONNABORTED = 103;
    public static final int EISCONN = 106;
    public static final int ENOTCONN = 107;
    public static final int EALREADY = 114;
    public static final int EINPROGRESS = 115;
}
