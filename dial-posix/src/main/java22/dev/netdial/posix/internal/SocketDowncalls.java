package dev.netdial.posix.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The socket system calls of a dial, an accept and a close as Foreign Function downcalls: the
 * Java 22+ version of this multi-release class (the Java 21 one, in {@code src/main/java}, has
 * none, and {@link LibC} then calls JNA). A downcall costs less than JNA's call (~80–100 ns on
 * the hosts measured, docs/PERFORMANCE-LOG.md), and a dial makes eleven of these.
 *
 * <p>Pointers are native addresses ({@link CallScratch} blocks, which netdial owns and never
 * frees), so no Java array is marshalled. errno is captured by the Linker into the block's
 * {@link CallScratch#STATE} slot and read straight after the call. The calls that cannot block
 * and touch no Java heap (socket, getsockname, getpeername, getsockopt, setsockopt) are linked
 * {@link Linker.Option#critical critical} without heap access, which skips the thread-state
 * transition; connect (a caller may pass a blocking fd), bind (a Unix path touches the file
 * system), accept4 and close (which lingers on a socket with {@code SO_LINGER}) are ordinary
 * downcalls. The poller's calls are here too: epoll_ctl (critical: it never sleeps), and
 * epoll_wait and poll, which sleep, as ordinary downcalls.
 *
 * <p>netdial's own: Go's {@code syscall} package makes these calls itself.
 */
final class SocketDowncalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_VALUE = Linker.Option.captureStateLayout()
            .varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final long STATE_SIZE = Linker.Option.captureStateLayout().byteSize();

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;

    private static final MethodHandle SOCKET = handle("socket", true, INT, INT, INT, INT);
    private static final MethodHandle CONNECT = handle("connect", false, INT, INT, PTR, INT);
    private static final MethodHandle BIND = handle("bind", false, INT, INT, PTR, INT);
    private static final MethodHandle ACCEPT4 = handle("accept4", false, INT, INT, PTR, PTR, INT);
    private static final MethodHandle GETSOCKNAME = handle("getsockname", true, INT, INT, PTR, PTR);
    private static final MethodHandle GETPEERNAME = handle("getpeername", true, INT, INT, PTR, PTR);
    private static final MethodHandle GETSOCKOPT = handle("getsockopt", true, INT, INT, INT, INT, PTR, PTR);
    private static final MethodHandle SETSOCKOPT = handle("setsockopt", true, INT, INT, INT, INT, PTR, INT);
    private static final MethodHandle CLOSE = handle("close", false, INT, INT);
    private static final MethodHandle EPOLL_CTL = handle("epoll_ctl", true, INT, INT, INT, INT, PTR);
    private static final MethodHandle EPOLL_WAIT = handle("epoll_wait", false, INT, INT, PTR, INT, INT);
    private static final MethodHandle POLL = handle("poll", false, INT, PTR, ValueLayout.JAVA_LONG, INT);

    static {
        if (STATE_SIZE > CallScratch.STATE_ROOM) {
            throw new ExceptionInInitializerError("SocketDowncalls: the capture state (" + STATE_SIZE
                    + " bytes) does not fit CallScratch's slot");
        }
    }

    private SocketDowncalls() {
    }

    /**
     * A downcall handle for libc's {@code name} capturing errno, linked critical (no heap access)
     * when {@code critical}.
     *
     * <p>netdial's own.
     */
    @SuppressWarnings("restricted") // native access: see the README (module dev.netdial.posix)
    private static MethodHandle handle(String name, boolean critical, ValueLayout ret, ValueLayout... args) {
        MemorySegment sym = LINKER.defaultLookup().find(name).orElseThrow();
        FunctionDescriptor fd = FunctionDescriptor.of(ret, args);
        return critical ? LINKER.downcallHandle(sym, fd, ERRNO, Linker.Option.critical(false))
                : LINKER.downcallHandle(sym, fd, ERRNO);
    }

    /** Whether the downcalls exist: always, on Java 22 and newer. netdial's own. */
    static boolean available() {
        return true;
    }

    /** The capture slot at {@code state}, as a segment the Linker accepts. netdial's own. */
    @SuppressWarnings("restricted") // a CallScratch block's slot, alive while its caller holds the block
    private static MemorySegment state(long state) {
        return MemorySegment.ofAddress(state).reinterpret(STATE_SIZE);
    }

    /** {@code r}, or {@code -errno} when the call failed. Go: {@code src/syscall/syscall_linux.go} (a raw call's {@code Errno}). */
    private static int result(int r, MemorySegment state) {
        return r >= 0 ? r : -(int) ERRNO_VALUE.get(state, 0L);
    }

    /** socket(2): the fd or {@code -errno}. netdial's own: the Java 22+ path of {@link LibC#socket}. */
    static int socket(long state, int domain, int type, int protocol) {
        MemorySegment st = state(state);
        try {
            return result((int) SOCKET.invokeExact(st, domain, type, protocol), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** connect(2): 0 or {@code -errno}. netdial's own: the Java 22+ path of {@link LibC#connect}. */
    static int connect(long state, int fd, long addr, int addrlen) {
        MemorySegment st = state(state);
        try {
            return result((int) CONNECT.invokeExact(st, fd, MemorySegment.ofAddress(addr), addrlen), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** bind(2): 0 or {@code -errno}. netdial's own: the Java 22+ path of {@link LibC#bind}. */
    static int bind(long state, int fd, long addr, int addrlen) {
        MemorySegment st = state(state);
        try {
            return result((int) BIND.invokeExact(st, fd, MemorySegment.ofAddress(addr), addrlen), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** accept4(2): the new fd or {@code -errno}. netdial's own: the Java 22+ path of {@link LibC#accept4}. */
    static int accept4(long state, int fd, long addr, long addrlen, int flags) {
        MemorySegment st = state(state);
        try {
            return result((int) ACCEPT4.invokeExact(st, fd, MemorySegment.ofAddress(addr),
                    MemorySegment.ofAddress(addrlen), flags), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** getsockname(2): 0 or {@code -errno}. netdial's own: the Java 22+ path of {@link LibC#getsockname}. */
    static int getsockname(long state, int fd, long addr, long addrlen) {
        MemorySegment st = state(state);
        try {
            return result((int) GETSOCKNAME.invokeExact(st, fd, MemorySegment.ofAddress(addr),
                    MemorySegment.ofAddress(addrlen)), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** getpeername(2): 0 or {@code -errno}. netdial's own: the Java 22+ path of {@link LibC#getpeername}. */
    static int getpeername(long state, int fd, long addr, long addrlen) {
        MemorySegment st = state(state);
        try {
            return result((int) GETPEERNAME.invokeExact(st, fd, MemorySegment.ofAddress(addr),
                    MemorySegment.ofAddress(addrlen)), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** getsockopt(2): 0 or {@code -errno}. netdial's own: the Java 22+ path of {@link LibC#getsockoptInt}. */
    static int getsockopt(long state, int fd, int level, int name, long value, long len) {
        MemorySegment st = state(state);
        try {
            return result((int) GETSOCKOPT.invokeExact(st, fd, level, name, MemorySegment.ofAddress(value),
                    MemorySegment.ofAddress(len)), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** setsockopt(2): 0 or {@code -errno}. netdial's own: the Java 22+ path of {@link LibC#setsockoptInt}. */
    static int setsockopt(long state, int fd, int level, int name, long value, int len) {
        MemorySegment st = state(state);
        try {
            return result((int) SETSOCKOPT.invokeExact(st, fd, level, name, MemorySegment.ofAddress(value), len), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** close(2): 0 or {@code -errno}. netdial's own: the Java 22+ path of {@link LibC#close}. */
    static int close(long state, int fd) {
        MemorySegment st = state(state);
        try {
            return result((int) CLOSE.invokeExact(st, fd), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A downcall throws only what the Linker throws (unchecked). netdial's own. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError(t);
    }

    /**
     * epoll_ctl(2) with the {@code struct epoll_event} at {@code event}: 0 or {@code -errno}.
     * netdial's own: the Java 22+ path of {@link LibC#epollCtl}.
     */
    static int epollCtl(long state, int epfd, int op, int fd, long event) {
        MemorySegment st = state(state);
        try {
            return result((int) EPOLL_CTL.invokeExact(st, epfd, op, fd, MemorySegment.ofAddress(event)), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * epoll_wait(2) into {@code maxevents} events at {@code events}: how many, or {@code -errno}.
     * netdial's own: the Java 22+ path of {@link LibC#epollWait}.
     */
    static int epollWait(long state, int epfd, long events, int maxevents, int timeoutMillis) {
        MemorySegment st = state(state);
        try {
            return result((int) EPOLL_WAIT.invokeExact(st, epfd, MemorySegment.ofAddress(events), maxevents,
                    timeoutMillis), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * poll(2) over {@code nfds} {@code struct pollfd} at {@code fds}: how many are ready, or
     * {@code -errno}. netdial's own: the Java 22+ path of {@link LibC#poll}.
     */
    static int poll(long state, long fds, int nfds, int timeoutMillis) {
        MemorySegment st = state(state);
        try {
            return result((int) POLL.invokeExact(st, MemorySegment.ofAddress(fds), (long) nfds, timeoutMillis), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
