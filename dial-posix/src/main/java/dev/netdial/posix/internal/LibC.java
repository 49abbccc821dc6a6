package dev.netdial.posix.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The C library calls netdial makes, bound once with JNA's direct mapping
 * ({@code Native.register}). Each wrapper returns what the call returned, or {@code -errno}
 * when it failed: {@code EAGAIN}, {@code EINPROGRESS} and {@code EINTR} are control flow, not
 * exceptions. errno is read with {@link Native#getLastError()} straight after the call, before
 * anything else can run on the thread.
 *
 * <p>A socket call's structures (a socket address, its length, an option value) are written into
 * a pooled native block ({@link CallScratch}) and passed by address; bulk data is passed as a
 * native address ({@code long}), never as a large Java array. A few rare calls still pass a small
 * {@code byte[]}/{@code int[]} (JNA copies a few bytes in and out).
 *
 * <p>On Java 22 and newer the calls of a dial, an accept and a close (socket, connect, bind,
 * accept4, getsockname, getpeername, getsockopt, setsockopt, close) and of the waits (epoll_ctl,
 * epoll_wait, poll) go through Foreign Function downcalls instead ({@link SocketDowncalls}, a
 * multi-release class), as read, write, recvfrom and sendto do through {@link SegmentIO}; the
 * Java 21 classes use JNA for every call.
 *
 * <p>Go: {@code src/syscall/zsyscall_linux_amd64.go}, {@code src/syscall/syscall_linux.go}.
 */
public final class LibC {
    private LibC() {
    }

    /** Bytes in one {@code struct epoll_event}: packed (12) on x86-64, 16 on aarch64. */
    public static final int EPOLL_EVENT_SIZE;
    /** Offset of {@code epoll_event.data} within the struct. */
    public static final int EPOLL_DATA_OFFSET;

    static {
        String arch = System.getProperty("os.arch");
        if (!Platform.isLinux()) {
            throw new ExceptionInInitializerError("netdial's dial-posix supports Linux only; this is "
                    + System.getProperty("os.name") + "/" + arch);
        }
        if (Platform.isIntel() && Platform.is64Bit()) {
            EPOLL_EVENT_SIZE = 12;
            EPOLL_DATA_OFFSET = 4;
        } else if (Platform.isARM() && Platform.is64Bit()) {
            EPOLL_EVENT_SIZE = 16;
            EPOLL_DATA_OFFSET = 8;
        } else {
            throw new ExceptionInInitializerError("netdial's dial-posix supports linux/amd64 and linux/arm64; this is linux/" + arch);
        }
        Native.register(Raw.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    /** The raw symbols; each returns -1 and sets errno on failure. */
    static final class Raw {
        private Raw() {
        }

        static native int socket(int domain, int type, int protocol);

        static native int bind(int fd, long addr, int addrlen);

        static native int connect(int fd, long addr, int addrlen);

        static native int listen(int fd, int backlog);

        static native int accept4(int fd, long addr, long addrlen, int flags);

        static native int getsockname(int fd, long addr, long addrlen);

        static native int getpeername(int fd, long addr, long addrlen);

        static native int getsockopt(int fd, int level, int name, long value, long len);

        static native int setsockopt(int fd, int level, int name, long value, int len);

        static native long read(int fd, long buf, long count);

        static native long write(int fd, long buf, long count);

        static native long readv(int fd, long iov, int iovcnt);

        static native long writev(int fd, long iov, int iovcnt);

        static native int shutdown(int fd, int how);

        // ---- datagrams: pointers (buffers, sockaddr, socklen_t *, struct msghdr *) as native addresses ----

        static native long recvfrom(int fd, long buf, long len, int flags, long addr, long addrlen);

        static native long sendto(int fd, long buf, long len, int flags, long addr, int addrlen);

        static native long recvmsg(int fd, long msg, int flags);

        static native long sendmsg(int fd, long msg, int flags);

        static native int close(int fd);

        static native int epoll_create1(int flags);

        static native int epoll_ctl(int epfd, int op, int fd, long event);

        static native int epoll_wait(int epfd, long events, int maxevents, int timeout);

        static native int eventfd(int initval, int flags);

        static native int fcntl(int fd, int cmd, int arg);

        /** {@code ioctl(2)} is variadic; an {@code int *} third argument travels as a pointer, as the ABI passes it. */
        static native int ioctl(int fd, long request, int[] arg);

        static native long send(int fd, byte[] buf, long len, int flags);

        static native int poll(long fds, long nfds, int timeout);

        // ---- zero-copy transfers and plain files (TCPConn.readFrom / writeTo) ----

        static native int pipe2(int[] fds, int flags);

        /** The offsets are {@code loff_t *}; netdial passes 0 (NULL): sockets and pipes have none. */
        static native long splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags);

        static native long sendfile(int outFd, int inFd, long[] offset, long count);

        /** {@code open(2)} is variadic; the mode travels as a third int, as the ABI passes it. */
        static native int open(byte[] path, int flags, int mode);

        // ---- Unix domain sockets (dial-unix) ----

        static native int unlink(byte[] path);
    }

    private static int check(int r) {
        return r >= 0 ? r : -Native.getLastError();
    }

    private static long check(long r) {
        return r >= 0 ? r : -Native.getLastError();
    }

    /**
     * socket(2): the fd or {@code -errno}; a Foreign downcall on Java 22+ ({@link SocketDowncalls}).
     *
     * <p>Go: {@code src/syscall/zsyscall_linux_amd64.go} {@code socket}.
     */
    public static int socket(int domain, int type, int protocol) {
        if (!SocketDowncalls.available()) {
            return check(Raw.socket(domain, type, protocol));
        }
        CallScratch s = CallScratch.take();
        try {
            return SocketDowncalls.socket(s.addr + CallScratch.STATE, domain, type, protocol);
        } finally {
            CallScratch.release(s);
        }
    }

    /**
     * bind(2); an address whose port does not fit is {@code -EINVAL}, as Go's {@code syscall}.
     * The address reaches the kernel from a {@link CallScratch} block, by address.
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code Bind}.
     */
    public static int bind(int fd, Sockaddr sa) {
        if (!sa.portInRange()) {
            return -Constants.EINVAL;
        }
        CallScratch s = CallScratch.take();
        try {
            int len = s.putName(sa);
            long name = s.addr + CallScratch.NAME;
            return SocketDowncalls.available() ? SocketDowncalls.bind(s.addr + CallScratch.STATE, fd, name, len)
                    : check(Raw.bind(fd, name, len));
        } finally {
            CallScratch.release(s);
        }
    }

    /**
     * connect(2); an address whose port does not fit is {@code -EINVAL}, as Go's {@code syscall}.
     * The address reaches the kernel from a {@link CallScratch} block, by address.
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code Connect}.
     */
    public static int connect(int fd, Sockaddr sa) {
        if (!sa.portInRange()) {
            return -Constants.EINVAL;
        }
        CallScratch s = CallScratch.take();
        try {
            int len = s.putName(sa);
            long name = s.addr + CallScratch.NAME;
            return SocketDowncalls.available() ? SocketDowncalls.connect(s.addr + CallScratch.STATE, fd, name, len)
                    : check(Raw.connect(fd, name, len));
        } finally {
            CallScratch.release(s);
        }
    }

    /** listen(2): 0 or {@code -errno}. Go: {@code src/syscall/zsyscall_linux_amd64.go} {@code Listen}. */
    public static int listen(int fd, int backlog) {
        return check(Raw.listen(fd, backlog));
    }

    /**
     * accept4(2); the peer's address lands in {@code peer[0]} (null when none was given).
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code Accept4}.
     */
    public static int accept4(int fd, int flags, Sockaddr[] peer) {
        CallScratch s = CallScratch.take();
        try {
            s.bb.putInt(CallScratch.LEN, SockaddrCodec.MAX_LEN);
            long name = s.addr + CallScratch.NAME;
            long len = s.addr + CallScratch.LEN;
            int r = SocketDowncalls.available() ? SocketDowncalls.accept4(s.addr + CallScratch.STATE, fd, name, len, flags)
                    : check(Raw.accept4(fd, name, len, flags));
            if (r >= 0) {
                peer[0] = s.name();
            }
            return r;
        } finally {
            CallScratch.release(s);
        }
    }

    /**
     * getsockname(2): the address, or null on error.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code Getsockname}.
     * <p>Differs: the errno is dropped (callers, as Go's {@code newFD} users, ignore it).
     */
    public static Sockaddr getsockname(int fd) {
        CallScratch s = CallScratch.take();
        try {
            s.bb.putInt(CallScratch.LEN, SockaddrCodec.MAX_LEN);
            long name = s.addr + CallScratch.NAME;
            long len = s.addr + CallScratch.LEN;
            int r = SocketDowncalls.available() ? SocketDowncalls.getsockname(s.addr + CallScratch.STATE, fd, name, len)
                    : Raw.getsockname(fd, name, len);
            return r < 0 ? null : s.name();
        } finally {
            CallScratch.release(s);
        }
    }

    /**
     * getpeername(2): returns 0 and stores the address in {@code out[0]}, or {@code -errno}.
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code Getpeername}.
     */
    public static int getpeername(int fd, Sockaddr[] out) {
        CallScratch s = CallScratch.take();
        try {
            s.bb.putInt(CallScratch.LEN, SockaddrCodec.MAX_LEN);
            long name = s.addr + CallScratch.NAME;
            long len = s.addr + CallScratch.LEN;
            int r = SocketDowncalls.available() ? SocketDowncalls.getpeername(s.addr + CallScratch.STATE, fd, name, len)
                    : check(Raw.getpeername(fd, name, len));
            if (r < 0) {
                return r;
            }
            out[0] = s.name();
            return 0;
        } finally {
            CallScratch.release(s);
        }
    }

    /**
     * getsockopt(2) for an int option into {@code value[0]}: 0 or {@code -errno}.
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code GetsockoptInt}.
     */
    public static int getsockoptInt(int fd, int level, int name, int[] value) {
        CallScratch s = CallScratch.take();
        try {
            int r = getsockopt(s, fd, level, name, 4);
            if (r >= 0) {
                value[0] = s.bb.getInt(CallScratch.VALUE);
            }
            return r;
        } finally {
            CallScratch.release(s);
        }
    }

    /**
     * setsockopt(2) of an int option: 0 or {@code -errno}.
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code SetsockoptInt}.
     */
    public static int setsockoptInt(int fd, int level, int name, int value) {
        CallScratch s = CallScratch.take();
        try {
            s.bb.putInt(CallScratch.VALUE, value);
            return setsockopt(s, fd, level, name, 4);
        } finally {
            CallScratch.release(s);
        }
    }

    /**
     * setsockopt(2) with {@code struct linger {int l_onoff; int l_linger;}}.
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code SetsockoptLinger}.
     */
    public static int setsockoptLinger(int fd, int onoff, int linger) {
        CallScratch s = CallScratch.take();
        try {
            s.bb.putInt(CallScratch.VALUE, onoff);
            s.bb.putInt(CallScratch.VALUE + 4, linger);
            return setsockopt(s, fd, Constants.SOL_SOCKET, Constants.SO_LINGER, 8);
        } finally {
            CallScratch.release(s);
        }
    }

    /**
     * getsockopt(2) for {@code SO_LINGER} into {@code out[0..1]}.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code GetsockoptLinger}'s twin, as {@code getsockopt(SO_LINGER)}.
     */
    public static int getsockoptLinger(int fd, int[] out) {
        CallScratch s = CallScratch.take();
        try {
            int r = getsockopt(s, fd, Constants.SOL_SOCKET, Constants.SO_LINGER, 8);
            if (r >= 0) {
                out[0] = s.bb.getInt(CallScratch.VALUE);
                out[1] = s.bb.getInt(CallScratch.VALUE + 4);
            }
            return r;
        } finally {
            CallScratch.release(s);
        }
    }

    /**
     * getsockopt(2) of {@code size} bytes into {@code s}'s value slot (its length in the length slot).
     *
     * <p>Go: {@code src/syscall/zsyscall_linux_amd64.go} {@code getsockopt}.
     */
    private static int getsockopt(CallScratch s, int fd, int level, int name, int size) {
        s.bb.putInt(CallScratch.LEN, size);
        long value = s.addr + CallScratch.VALUE;
        long len = s.addr + CallScratch.LEN;
        return SocketDowncalls.available()
                ? SocketDowncalls.getsockopt(s.addr + CallScratch.STATE, fd, level, name, value, len)
                : check(Raw.getsockopt(fd, level, name, value, len));
    }

    /**
     * setsockopt(2) of {@code size} bytes from {@code s}'s value slot.
     *
     * <p>Go: {@code src/syscall/zsyscall_linux_amd64.go} {@code setsockopt}.
     */
    private static int setsockopt(CallScratch s, int fd, int level, int name, int size) {
        long value = s.addr + CallScratch.VALUE;
        return SocketDowncalls.available()
                ? SocketDowncalls.setsockopt(s.addr + CallScratch.STATE, fd, level, name, value, size)
                : check(Raw.setsockopt(fd, level, name, value, size));
    }

    /** ioctl(2) with an {@code int *} argument (e.g. {@code FIONREAD}) into {@code out[0]}. */
    public static int ioctlInt(int fd, long request, int[] out) {
        return check(Raw.ioctl(fd, request, out));
    }

    /** send(2) of {@code buf[0..len)} with {@code flags} (e.g. {@code MSG_OOB}). */
    public static long send(int fd, byte[] buf, int len, int flags) {
        return check(Raw.send(fd, buf, len, flags));
    }

    public static long read(int fd, long buf, long count) {
        return check(Raw.read(fd, buf, count));
    }

    public static long write(int fd, long buf, long count) {
        return check(Raw.write(fd, buf, count));
    }

    public static long readv(int fd, long iov, int iovcnt) {
        return check(Raw.readv(fd, iov, iovcnt));
    }

    public static long writev(int fd, long iov, int iovcnt) {
        return check(Raw.writev(fd, iov, iovcnt));
    }

    /**
     * recvfrom(2) into native memory; the sender's address is written at {@code addr}, its length
     * at {@code addrlen} (a {@code socklen_t}, set by the caller to the room at {@code addr}).
     *
     * <p>Go: {@code src/syscall/zsyscall_linux_amd64.go} {@code recvfrom}.
     */
    public static long recvfrom(int fd, long buf, long len, int flags, long addr, long addrlen) {
        return check(Raw.recvfrom(fd, buf, len, flags, addr, addrlen));
    }

    /** sendto(2) from native memory to the address encoded at {@code addr}. Go: {@code src/syscall/zsyscall_linux_amd64.go} {@code sendto}. */
    public static long sendto(int fd, long buf, long len, int flags, long addr, int addrlen) {
        return check(Raw.sendto(fd, buf, len, flags, addr, addrlen));
    }

    /** recvmsg(2) with a {@code struct msghdr} laid out at {@code msg} (see {@link Msghdr}). Go: {@code src/syscall/zsyscall_linux_amd64.go} {@code recvmsg}. */
    public static long recvmsg(int fd, long msg, int flags) {
        return check(Raw.recvmsg(fd, msg, flags));
    }

    /** sendmsg(2) with a {@code struct msghdr} laid out at {@code msg} (see {@link Msghdr}). Go: {@code src/syscall/zsyscall_linux_amd64.go} {@code sendmsg}. */
    public static long sendmsg(int fd, long msg, int flags) {
        return check(Raw.sendmsg(fd, msg, flags));
    }

    public static int shutdown(int fd, int how) {
        return check(Raw.shutdown(fd, how));
    }

    /**
     * close(2): 0 or {@code -errno}; a Foreign downcall on Java 22+ ({@link SocketDowncalls}).
     *
     * <p>Go: {@code src/syscall/zsyscall_linux_amd64.go} {@code Close}.
     */
    public static int close(int fd) {
        if (!SocketDowncalls.available()) {
            return check(Raw.close(fd));
        }
        CallScratch s = CallScratch.take();
        try {
            return SocketDowncalls.close(s.addr + CallScratch.STATE, fd);
        } finally {
            CallScratch.release(s);
        }
    }

    public static int epollCreate1(int flags) {
        return check(Raw.epoll_create1(flags));
    }

    /**
     * epoll_ctl(2) with one event: {@code events} and the 64-bit {@code data}.
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} (its {@code epollctl} calls with an {@code epollevent}).
     */
    public static int epollCtl(int epfd, int op, int fd, int events, long data) {
        CallScratch s = CallScratch.take();
        try {
            // The event goes where a socket address would: a CallScratch block has room for it.
            s.bb.putInt(CallScratch.NAME, events);
            s.bb.putLong(CallScratch.NAME + EPOLL_DATA_OFFSET, data);
            long ev = s.addr + CallScratch.NAME;
            return SocketDowncalls.available() ? SocketDowncalls.epollCtl(s.addr + CallScratch.STATE, epfd, op, fd, ev)
                    : check(Raw.epoll_ctl(epfd, op, fd, ev));
        } finally {
            CallScratch.release(s);
        }
    }

    /**
     * epoll_wait(2) into {@code maxevents} events at address {@code events}; a Foreign downcall on
     * Java 22+ ({@link SocketDowncalls}) whose errno is captured at {@code state}
     * ({@link #CAPTURE_ROOM} bytes of the caller's native memory).
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} {@code netpoll} (its {@code epollwait}).
     */
    public static int epollWait(int epfd, long events, int maxevents, int timeoutMillis, long state) {
        return SocketDowncalls.available() ? SocketDowncalls.epollWait(state, epfd, events, maxevents, timeoutMillis)
                : check(Raw.epoll_wait(epfd, events, maxevents, timeoutMillis));
    }

    /**
     * Bytes a caller of {@link #poll(long, int, int, long)} or {@link #epollWait} gives for the
     * downcall's errno capture: its own native memory, since these calls sleep and a pooled
     * {@link CallScratch} block would be held for as long.
     */
    public static final int CAPTURE_ROOM = CallScratch.STATE_ROOM;

    public static int eventfd(int initval, int flags) {
        return check(Raw.eventfd(initval, flags));
    }

    public static int fcntl(int fd, int cmd, int arg) {
        return check(Raw.fcntl(fd, cmd, arg));
    }

    /**
     * poll(2) over {@code nfds} {@code struct pollfd} at address {@code fds}; a Foreign downcall
     * on Java 22+ ({@link SocketDowncalls}) whose errno is captured at {@code state}
     * ({@link #CAPTURE_ROOM} bytes of the caller's native memory).
     *
     * <p>Go: {@code src/syscall} (Go's runtime never polls one fd; see {@link PollDesc}).
     */
    public static int poll(long fds, int nfds, int timeoutMillis, long state) {
        return SocketDowncalls.available() ? SocketDowncalls.poll(state, fds, nfds, timeoutMillis)
                : check(Raw.poll(fds, nfds, timeoutMillis));
    }

    /**
     * poll(2) as {@link #poll(long, int, int, long)}, the errno capture in a pooled
     * {@link CallScratch} block held through the call (for tests and benchmarks: a long sleep
     * keeps the block from other callers).
     *
     * <p>Go: {@code src/syscall} (as above).
     */
    public static int poll(long fds, int nfds, int timeoutMillis) {
        if (!SocketDowncalls.available()) {
            return check(Raw.poll(fds, nfds, timeoutMillis));
        }
        CallScratch s = CallScratch.take();
        try {
            return SocketDowncalls.poll(s.addr + CallScratch.STATE, fds, nfds, timeoutMillis);
        } finally {
            CallScratch.release(s);
        }
    }

    // ---- zero-copy transfers and plain files (TCPConn.readFrom / writeTo) ----

    /** pipe2(2): the read end in {@code fds[0]}, the write end in {@code fds[1]}; 0 or {@code -errno}. */
    public static int pipe2(int[] fds, int flags) {
        return check(Raw.pipe2(fds, flags));
    }

    /** splice(2) between a pipe and a socket (no offsets): bytes moved, 0 at end of input, or {@code -errno}. */
    public static long splice(int fdIn, int fdOut, long len, int flags) {
        return check(Raw.splice(fdIn, 0L, fdOut, 0L, len, flags));
    }

    /**
     * sendfile(2) from {@code inFd} at {@code offset} (the file position is left alone): bytes
     * sent, 0 at end of file, or {@code -errno}.
     */
    public static long sendfile(int outFd, int inFd, long offset, long count) {
        return check(Raw.sendfile(outFd, inFd, new long[] {offset}, count));
    }

    /**
     * open(2) of {@code path} (encoded as the JVM encodes file names); the fd or {@code -errno}.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code Open} ({@code ByteSliceFromString}'s NUL check).
     */
    public static int open(String path, int flags, int mode) {
        if (path.indexOf('\0') >= 0) {
            return -Constants.EINVAL; // as Go's syscall.ByteSliceFromString
        }
        java.nio.charset.Charset cs;
        try {
            cs = java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            cs = java.nio.charset.StandardCharsets.UTF_8;
        }
        byte[] b = path.getBytes(cs);
        byte[] z = java.util.Arrays.copyOf(b, b.length + 1); // NUL-terminated
        return check(Raw.open(z, flags, mode));
    }


    /**
     * unlink(2) of {@code path} (encoded as the JVM encodes file names); 0 or {@code -errno}.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code Unlink} ({@code unlinkat(AT_FDCWD, path, 0)}).
     */
    public static int unlink(String path) {
        if (path.indexOf('\0') >= 0) {
            return -Constants.EINVAL; // as Go's syscall.ByteSliceFromString
        }
        byte[] b = path.getBytes(SockaddrUnix.fileNameCharset());
        return check(Raw.unlink(java.util.Arrays.copyOf(b, b.length + 1)));
    }
}
