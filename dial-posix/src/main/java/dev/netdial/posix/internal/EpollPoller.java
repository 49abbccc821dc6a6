package dev.netdial.posix.internal;

import com.sun.jna.Memory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network poller: one {@code netdial-poller} daemon thread blocked in {@code epoll_wait}
 * on every registered fd, edge-triggered, posting readiness to each fd's {@link PollDesc}. An
 * eventfd wakes it to stop.
 *
 * <p>Go: {@code src/runtime/netpoll_epoll.go} ({@code netpollinit}, {@code netpollopen},
 * {@code netpollclose}, {@code netpollBreak}, {@code netpoll}).
 * <p>Differs: Go's scheduler runs the poller between goroutines; a JVM has no such hook, so a
 * dedicated thread calls {@code epoll_wait} and unparks waiters.
 */
public final class EpollPoller {
    private static final Logger LOG = LoggerFactory.getLogger(EpollPoller.class);
    private static final int MAX_EVENTS = 128;
    /** epoll data word of the wake-up eventfd (no PollDesc has a negative fd). */
    private static final long WAKE_DATA = -1L;

    private static final VarHandle TABLE = MethodHandles.arrayElementVarHandle(PollDesc[].class);

    private static final class Holder {
        static final EpollPoller GLOBAL = new EpollPoller("netdial-poller");
    }

    /** The process-wide poller, started on first use. */
    public static EpollPoller global() {
        return Holder.GLOBAL;
    }

    private final int epfd;
    private final int wakefd;
    private final Thread thread;
    private final AtomicInteger seqs = new AtomicInteger();
    private final ReentrantLock tableLock = new ReentrantLock();
    /** PollDesc by fd number. */
    private volatile PollDesc[] table = new PollDesc[1024];
    private volatile boolean closed;

    /**
     * Creates a poller with its own epoll fd, eventfd and thread (tests make private ones; the
     * library uses {@link #global()}).
     *
     * @throws IllegalStateException when the kernel refuses epoll or eventfd
     */
    EpollPoller(String threadName) {
        int ep = LibC.epollCreate1(Constants.EPOLL_CLOEXEC);
        if (ep < 0) {
            throw new IllegalStateException("netdial: epoll_create1: " + dev.netdial.api.Errno.of(-ep).message());
        }
        int ev = LibC.eventfd(0, Constants.EFD_CLOEXEC | Constants.EFD_NONBLOCK);
        if (ev < 0) {
            LibC.close(ep);
            throw new IllegalStateException("netdial: eventfd: " + dev.netdial.api.Errno.of(-ev).message());
        }
        int r = LibC.epollCtl(ep, Constants.EPOLL_CTL_ADD, ev, Constants.EPOLLIN, WAKE_DATA);
        if (r < 0) {
            LibC.close(ev);
            LibC.close(ep);
            throw new IllegalStateException("netdial: epoll_ctl: " + dev.netdial.api.Errno.of(-r).message());
        }
        this.epfd = ep;
        this.wakefd = ev;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The fds netdial keeps open on purpose for the JVM's life: the global poller's epoll fd and
     * eventfd, and the wake-up eventfds pooled for platform-thread waits. Leak checks leave
     * these out.
     */
    public static int[] retainedFds() {
        int[] pooled = WakeFds.pooled();
        int[] out = java.util.Arrays.copyOf(pooled, pooled.length + 2);
        out[pooled.length] = global().epfd;
        out[pooled.length + 1] = global().wakefd;
        return out;
    }

    /** The epoll fd (for tests that check its flags). */
    int epfd() {
        return epfd;
    }

    /** The wake-up eventfd (for tests that check its flags). */
    int wakefd() {
        return wakefd;
    }

    /**
     * Creates the descriptor for {@code fd}; it joins epoll later, on its first virtual-thread
     * wait ({@link #register}).
     *
     * <p>Go: {@code src/runtime/netpoll.go} {@code poll_runtime_pollOpen}.
     */
    PollDesc open(int fd) {
        return new PollDesc(this, fd, seqs.incrementAndGet());
    }

    /**
     * Adds the descriptor's fd to epoll, edge-triggered, for read and write readiness.
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} {@code netpollopen}.
     *
     * @return false when the kernel refused (ENOMEM, ENOSPC at max_user_watches)
     */
    boolean register(PollDesc pd) {
        put(pd.fd, pd);
        long data = ((long) pd.seq << 32) | (pd.fd & 0xFFFFFFFFL);
        int r = LibC.epollCtl(epfd, Constants.EPOLL_CTL_ADD, pd.fd,
                Constants.EPOLLIN | Constants.EPOLLOUT | Constants.EPOLLRDHUP | Constants.EPOLLET, data);
        if (r < 0) {
            remove(pd.fd, pd);
            LOG.debug("netdial poller: epoll_ctl ADD fd {} failed with errno {}; waiting with poll(2)", pd.fd, -r);
            return false;
        }
        return true;
    }

    /**
     * Unregisters the descriptor; the fd is still open when this runs.
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} {@code netpollclose}.
     */
    void close(PollDesc pd) {
        LibC.epollCtl(epfd, Constants.EPOLL_CTL_DEL, pd.fd, 0, 0);
        remove(pd.fd, pd);
    }

    /**
     * Stores {@code pd} at {@code fd}, growing the table when needed. Stores and removals take
     * the lock (they are rare: one per fd's first virtual-thread wait), so none is lost to a
     * concurrent grow; the poller reads without it.
     */
    private void put(int fd, PollDesc pd) {
        tableLock.lock();
        try {
            PollDesc[] t = table;
            if (fd >= t.length) {
                int n = t.length;
                while (n <= fd) {
                    n *= 2;
                }
                t = java.util.Arrays.copyOf(t, n);
            }
            TABLE.setVolatile(t, fd, pd);
            table = t; // volatile publish of the (maybe new) array after the store
        } finally {
            tableLock.unlock();
        }
    }

    /** Clears {@code fd}'s slot if it still holds {@code pd}. */
    private void remove(int fd, PollDesc pd) {
        tableLock.lock();
        try {
            PollDesc[] t = table;
            if (fd < t.length) {
                TABLE.compareAndSet(t, fd, pd, null);
            }
        } finally {
            tableLock.unlock();
        }
    }

    private PollDesc get(int fd) {
        PollDesc[] t = table;
        return fd < t.length ? (PollDesc) TABLE.getVolatile(t, fd) : null;
    }

    private void run() {
        int size = LibC.EPOLL_EVENT_SIZE;
        Memory events = new Memory((long) size * MAX_EVENTS);
        long base = com.sun.jna.Pointer.nativeValue(events);
        while (!closed) {
            int n = LibC.epollWait(epfd, base, MAX_EVENTS, -1);
            if (n < 0) {
                if (-n != Constants.EINTR) {
                    LOG.debug("netdial poller: epoll_wait failed with errno {}", -n);
                }
                continue;
            }
            for (int i = 0; i < n; i++) {
                long off = (long) i * size;
                int ev = events.getInt(off);
                long data = events.getLong(off + LibC.EPOLL_DATA_OFFSET);
                if (data == WAKE_DATA) {
                    drainWake();
                    continue;
                }
                int fd = (int) data;
                int seq = (int) (data >>> 32);
                PollDesc pd = get(fd);
                if (pd == null || pd.seq != seq) {
                    continue; // a stale event for a closed (maybe reused) fd number
                }
                if ((ev & (Constants.EPOLLIN | Constants.EPOLLRDHUP | Constants.EPOLLHUP | Constants.EPOLLERR)) != 0) {
                    pd.ready(true);
                }
                if ((ev & (Constants.EPOLLOUT | Constants.EPOLLHUP | Constants.EPOLLERR)) != 0) {
                    pd.ready(false);
                }
            }
        }
        events.close();
        LibC.close(wakefd);
        LibC.close(epfd);
    }

    private void drainWake() {
        try (Memory m = new Memory(8)) {
            LibC.read(wakefd, com.sun.jna.Pointer.nativeValue(m), 8);
        }
    }

    /**
     * Stops the thread and closes the epoll fd and eventfd (private pollers only; the global one
     * lives as long as the JVM).
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} {@code netpollBreak} (the eventfd write).
     */
    void shutdown() throws InterruptedException {
        if (this == Holder.GLOBAL) {
            throw new IllegalStateException("the global poller is never shut down");
        }
        closed = true;
        try (Memory m = new Memory(8)) {
            m.setLong(0, 1);
            LibC.write(wakefd, com.sun.jna.Pointer.nativeValue(m), 8);
        }
        thread.join();
    }
}
