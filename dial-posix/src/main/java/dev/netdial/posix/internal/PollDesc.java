package dev.netdial.posix.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;

/**
 * The readiness state of one registered fd: a read and a write semaphore that the poller
 * posts and one waiting thread per direction consumes, plus the read and write deadlines and
 * the closing flag.
 *
 * <p>Each semaphore ({@code rg}, {@code wg}) holds null (nothing), {@link #READY} (a
 * notification not consumed yet) or the {@link Thread} parked on it, as Go's {@code pdNil},
 * {@code pdReady} and the waiting goroutine.
 *
 * <p>Go: {@code src/runtime/netpoll.go} {@code pollDesc}, {@code netpollblock},
 * {@code netpollunblock}, {@code netpollcheckerr}, {@code poll_runtime_pollSetDeadline}.
 * <p>Differs: Go arms a runtime timer per deadline; here the waiting thread parks with a timeout
 * and checks the clock itself, so deadlines need no timer thread.
 */
public final class PollDesc {
    /** The posted-but-unconsumed notification (Go's {@code pdReady}). */
    static final Object READY = new Object() {
        @Override
        public String toString() {
            return "pdReady";
        }
    };

    /** No deadline. */
    static final long NO_DEADLINE = Long.MAX_VALUE;
    /** A deadline that has passed (Go stores a negative value). */
    static final long EXPIRED = Long.MIN_VALUE;

    /** Results of {@link #checkErr} and {@link #waitFor} (Go: {@code pollNoError} and friends). */
    static final int POLL_NO_ERROR = 0;
    static final int POLL_ERR_CLOSING = 1;
    static final int POLL_ERR_TIMEOUT = 2;
    /** The waiting thread was interrupted (Java's cancellation of a blocked call). */
    static final int POLL_ERR_INTERRUPTED = 3;

    private static final VarHandle RG;
    private static final VarHandle WG;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RG = l.findVarHandle(PollDesc.class, "rg", Object.class);
            WG = l.findVarHandle(PollDesc.class, "wg", Object.class);
            REGISTRATION = l.findVarHandle(PollDesc.class, "registration", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int fd;
    /** Tag the poller finds in epoll's data word, so a stale event for a reused fd is dropped. */
    final int seq;
    final EpollPoller poller;

    @SuppressWarnings("unused") // through RG
    private volatile Object rg;
    @SuppressWarnings("unused") // through WG
    private volatile Object wg;
    private volatile long rd = NO_DEADLINE;
    private volatile long wd = NO_DEADLINE;
    private volatile boolean closing;
    /** 0 not in epoll yet, 1 being added, 2 added, 3 the kernel refused (waits poll instead), 4 removed (closed). */
    private volatile int registration;
    /**
     * How the fd is armed, in one byte to keep the descriptor at 56 bytes (heap per idle
     * connection is a target): {@link #ONE_SHOT} once it left edge-triggered registration
     * (set once, see {@link #fired}); {@link #EDGE_OUT} once write readiness joined its
     * edge-triggered mask (a writer waited: UDP and Unix sockets report a write-space edge for
     * every datagram or message the peer takes, and nobody waits for those); one-shot, the
     * directions armed and not reported yet ({@link #ARMED_READ}, {@link #ARMED_WRITE}). Written
     * under this object's lock.
     */
    private volatile byte arming;
    private static final int ARMED_READ = 1;
    private static final int ARMED_WRITE = 2;
    private static final int ONE_SHOT = 4;
    private static final int EDGE_OUT = 8;
    /**
     * Edge-triggered: {@link #IDLE_WEIGHT} for each event that found nobody waiting, less one for
     * each that woke a waiter (floor 0, ceiling 127), so it climbs while more than one event in
     * {@code IDLE_WEIGHT + 1} is wasted; written by the poller only. A plain field: a lost update
     * only delays the switch.
     */
    private byte idleEvents;
    static final int IDLE_WEIGHT = 4;
    /** How far {@link #idleEvents} may climb before the fd switches to one-shot arming (the global poller's threshold). */
    static final int ONE_SHOT_AFTER = 32;
    private static final int READ_EVENTS = Constants.EPOLLIN | Constants.EPOLLRDHUP;
    private static final int WRITE_EVENTS = Constants.EPOLLOUT;
    private static final VarHandle REGISTRATION;
    /** How long a platform thread polls before it looks at its interrupt status again. */
    static final int INTERRUPT_SLICE_MILLIS = 50;

    PollDesc(EpollPoller poller, int fd, int seq) {
        this.poller = poller;
        this.fd = fd;
        this.seq = seq;
        if (poller.oneShotAfter == 0) {
            this.arming = ONE_SHOT;
        }
    }

    private VarHandle sema(boolean read) {
        return read ? RG : WG;
    }

    /**
     * Reports whether an operation in the given direction must fail now: closing, or its deadline
     * passed.
     *
     * <p>Go: {@code src/runtime/netpoll.go} {@code netpollcheckerr}.
     */
    int checkErr(boolean read) {
        if (closing) {
            return POLL_ERR_CLOSING;
        }
        long d = read ? rd : wd;
        if (d != NO_DEADLINE && (d == EXPIRED || System.nanoTime() - d >= 0)) {
            return POLL_ERR_TIMEOUT;
        }
        return POLL_NO_ERROR;
    }

    /**
     * Readies the descriptor for an operation: fails if closing or past the deadline (even if
     * data is ready) and drops a stale notification, as the operation will try the syscall first.
     *
     * <p>Go: {@code src/runtime/netpoll.go} {@code poll_runtime_pollReset}.
     */
    int prepare(boolean read) {
        int err = checkErr(read);
        if (err != POLL_NO_ERROR) {
            return err;
        }
        sema(read).compareAndSet(this, READY, null);
        return POLL_NO_ERROR;
    }

    /**
     * Waits until the poller reports the direction ready, the deadline passes, the descriptor is
     * closing or the thread is interrupted. A notification posted before the call is consumed at
     * once, so none is lost.
     *
     * <p>Go: {@code src/runtime/netpoll.go} {@code poll_runtime_pollWait}, {@code netpollblock}.
     * <p>Differs: an interrupted thread returns {@link #POLL_ERR_INTERRUPTED} and keeps its
     * interrupt status; Go has no thread interruption.
     */
    int waitFor(boolean read) {
        Thread me = Thread.currentThread();
        VarHandle sema = sema(read);
        // A platform thread polls the fd itself; a virtual one parks for the poller (unless
        // the kernel refused the epoll registration or a re-arming: then it polls too).
        boolean polling = !me.isVirtual() || !register(read);
        WakeFds.Waiter w = polling ? WakeFds.take() : null;
        try {
            for (;;) {
                int err = checkErr(read);
                if (err != POLL_NO_ERROR) {
                    return err;
                }
                if (consumeOrAnnounce(sema, polling && w != null ? w : me)) {
                    return POLL_NO_ERROR;
                }
                if (!polling && !armed(read)) {
                    // The kernel refused to re-arm: take the announcement back and poll.
                    if (sema.getAndSet(this, null) == READY) {
                        return POLL_NO_ERROR;
                    }
                    polling = true;
                    w = WakeFds.take();
                    continue;
                }
                boolean fdReady = polling ? pollUntilWoken(read, sema, me, w) : parkUntilWoken(read, sema, me);
                // Leave, keeping a notification that raced with our departure.
                if (sema.getAndSet(this, null) == READY || fdReady) {
                    return POLL_NO_ERROR;
                }
                err = checkErr(read);
                if (err != POLL_NO_ERROR) {
                    return err;
                }
                if (me.isInterrupted()) {
                    return POLL_ERR_INTERRUPTED;
                }
            }
        } finally {
            if (w != null) {
                WakeFds.release(w);
            }
        }
    }

    /**
     * After a virtual thread announced itself: makes sure the poller will report this direction,
     * arming the fd if it waits one-shot or if write readiness is not in its edge-triggered mask
     * yet. The announcement comes first, then the arming state is read: a switch to one-shot that
     * this read misses sees the announcement and arms for it (both sides write, then read,
     * volatile fields).
     *
     * <p>netdial's own: Go's fds stay edge-triggered for both directions (see {@link #fired}).
     *
     * @return false when the kernel refused to re-arm (the caller then polls)
     */
    private boolean armed(boolean read) {
        int a = arming;
        return ((a & ONE_SHOT) == 0 && (read || (a & EDGE_OUT) != 0)) || armForWait(read);
    }

    /**
     * One-shot: arms the fd for this direction unless it is armed already, keeping the other
     * direction's arming. Edge-triggered: adds write readiness to the mask for the first writer.
     *
     * <p>netdial's own: Go's fds never leave edge-triggered registration (see {@link #fired}).
     *
     * @return false when the kernel refused (the caller then polls)
     */
    private boolean armForWait(boolean read) {
        int want = read ? READ_EVENTS : WRITE_EVENTS;
        synchronized (this) {
            if (registration != 2) {
                return true; // closed: the wait sees closing
            }
            int a = arming;
            if ((a & ONE_SHOT) == 0) {
                if (read || (a & EDGE_OUT) != 0) {
                    return true;
                }
                if (poller.modify(this, EDGE_EVENTS | WRITE_EVENTS) < 0) {
                    return false;
                }
                arming = (byte) (a | EDGE_OUT);
                return true;
            }
            int armed = armedEvents(a);
            if ((armed & want) != 0) {
                return true; // still armed
            }
            int events = armed | want;
            if (poller.modify(this, events | EpollPoller.EPOLLONESHOT) < 0) {
                return false;
            }
            arming = withArmed(a, events);
            return true;
        }
    }

    /** The edge-triggered mask without write readiness. */
    private static final int EDGE_EVENTS = READ_EVENTS | Constants.EPOLLET;

    /** The epoll events {@code a}'s armed bits stand for. */
    private static int armedEvents(int a) {
        return ((a & ARMED_READ) != 0 ? READ_EVENTS : 0) | ((a & ARMED_WRITE) != 0 ? WRITE_EVENTS : 0);
    }

    /** {@code a} with its armed bits set from the epoll {@code events}. */
    private static byte withArmed(int a, int events) {
        return (byte) ((a & ~(ARMED_READ | ARMED_WRITE)) | ((events & READ_EVENTS) != 0 ? ARMED_READ : 0)
                | ((events & WRITE_EVENTS) != 0 ? ARMED_WRITE : 0));
    }

    /**
     * Takes one epoll event for this fd from the poller and posts each direction it reports.
     *
     * <p>An fd starts edge-triggered for both directions, as in Go: a waiter costs no system call.
     * But in a JVM an event that finds nobody waiting (data that arrived while its reader was busy,
     * a second segment it already read) still wakes the poller thread and, in carrier mode, a
     * carrier for a sub-poller; with a peer in another process that cost OkHttp 1.5x the JDK's time.
     * So an fd where more than one event in five keeps finding nobody ({@link #idleEvents})
     * switches, once, to one-shot arming per wait, as the JDK's own poller registers: the
     * kernel then reports an event only for a direction someone waits on, and disarms the fd when
     * it does; the direction that did not fire is armed again here.
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} {@code netpoll} (its per-event {@code mode}).
     */
    void fired(int ev) {
        boolean read = (ev & (Constants.EPOLLIN | Constants.EPOLLRDHUP | Constants.EPOLLHUP | Constants.EPOLLERR)) != 0;
        boolean write = (ev & (Constants.EPOLLOUT | Constants.EPOLLHUP | Constants.EPOLLERR)) != 0;
        if ((arming & ONE_SHOT) != 0) {
            synchronized (this) {
                int a = arming;
                int left = armedEvents(a) & ~((read ? READ_EVENTS : 0) | (write ? WRITE_EVENTS : 0));
                arming = withArmed(a, left);
                if (left != 0 && registration == 2) {
                    poller.modify(this, left | EpollPoller.EPOLLONESHOT);
                }
            }
        }
        boolean woke = read && ready(true);
        woke |= write && ready(false);
        if ((arming & ONE_SHOT) == 0) {
            int idle = woke ? Math.max(0, idleEvents - 1) : Math.min(127, idleEvents + IDLE_WEIGHT);
            idleEvents = (byte) idle;
            if (idle >= poller.oneShotAfter) {
                switchToOneShot();
            }
        }
    }

    /**
     * Leaves edge-triggered registration: arms the fd one-shot for the directions someone waits
     * on now (none: disarmed until a waiter arms it).
     *
     * <p>netdial's own (see {@link #fired}).
     */
    private void switchToOneShot() {
        synchronized (this) {
            if ((arming & ONE_SHOT) != 0 || registration != 2) {
                return;
            }
            // Published before the waiters are looked at: a waiter that announces after the look
            // reads ONE_SHOT and arms itself (both sides write, then read, volatile fields).
            arming = ONE_SHOT;
            int events = (waiting(RG) ? READ_EVENTS : 0) | (waiting(WG) ? WRITE_EVENTS : 0);
            arming = withArmed(ONE_SHOT, events);
            poller.modify(this, events | EpollPoller.EPOLLONESHOT);
        }
    }

    private boolean waiting(VarHandle sema) {
        Object v = sema.getVolatile(this);
        return v != null && v != READY;
    }

    /** Whether write readiness is in this edge-triggered fd's mask (tests). */
    boolean watchesWrite() {
        return (arming & EDGE_OUT) != 0;
    }

    /** Whether this fd has left edge-triggered registration (tests). */
    boolean isOneShot() {
        return (arming & ONE_SHOT) != 0;
    }

    /**
     * Takes a posted notification (true), or installs {@code self} as the direction's waiter
     * (false).
     *
     * <p>Go: {@code src/runtime/netpoll.go} {@code netpollblock} (its first loop).
     */
    private boolean consumeOrAnnounce(VarHandle sema, Object self) {
        for (;;) {
            if (sema.compareAndSet(this, READY, null)) {
                return true;
            }
            if (sema.compareAndSet(this, null, self)) {
                return false;
            }
            Object v = sema.getVolatile(this);
            if (v != READY && v != null) {
                throw new IllegalStateException("netdial: two threads wait on one fd direction (" + v + ")");
            }
        }
    }

    /**
     * A virtual thread's wait: parked until the poller swaps it for READY, or close, interrupt
     * or the deadline ends the wait. A setDeadline wake-up re-reads the deadline and parks again.
     *
     * <p>Go: {@code src/runtime/netpoll.go} {@code netpollblock} (the gopark).
     */
    private boolean parkUntilWoken(boolean read, VarHandle sema, Thread me) {
        while (sema.getVolatile(this) == me && !closing && !me.isInterrupted()) {
            long d = read ? rd : wd;
            if (d == NO_DEADLINE) {
                LockSupport.park(this);
            } else {
                long left = d == EXPIRED ? 0 : d - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
        }
        return false;
    }

    /**
     * Adds the fd to the poller's epoll set the first time a virtual thread must wait on it.
     * Edge-triggered registration reports readiness that already exists, so nothing is missed.
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} {@code netpollopen} (Go registers every fd at once).
     * <p>Differs: platform threads wait in poll(2) and never need the poller, so an fd joins
     * epoll only when a virtual thread first waits on it.
     *
     * @return false when the kernel refused the registration (the caller then polls itself)
     */
    private boolean register(boolean read) {
        for (;;) {
            int st = registration;
            if (st == 2) {
                return true;
            }
            if (st == 3 || st == 4) {
                return false;
            }
            if (st == 0 && REGISTRATION.compareAndSet(this, 0, 1)) {
                // One-shot: added disarmed (the waiter arms it next); edge-triggered: for reads,
                // and for writes too when the first waiter is a writer (a connect).
                boolean oneShot = (arming & ONE_SHOT) != 0;
                int events = oneShot ? EpollPoller.EPOLLONESHOT : read ? EDGE_EVENTS : EDGE_EVENTS | WRITE_EVENTS;
                boolean ok = poller.register(this, events);
                if (ok && !oneShot && !read) {
                    synchronized (this) {
                        arming = (byte) (arming | EDGE_OUT);
                    }
                }
                registration = ok ? 2 : 3;
                return ok;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * A platform thread's wait: poll(2) on the fd and a wake-up eventfd, in this thread, so a
     * ready socket wakes its reader directly instead of through the poller thread (one context
     * switch less per message). Close and deadline changes write to the eventfd; interrupts
     * are seen within {@link #INTERRUPT_SLICE_MILLIS}.
     *
     * <p>Differs: Go parks every goroutine in the netpoller; the JDK's blocking sockets also
     * wait in the calling thread.
     *
     * @param w the wake-up eventfd, or null when none could be had (then only the slices wake)
     * @return whether poll(2) reported the fd ready
     */
    private boolean pollUntilWoken(boolean read, VarHandle sema, Thread me, WakeFds.Waiter w) {
        Object self = w != null ? w : me;
        ByteBuffer pfds = w != null ? w.pollfds
                : ByteBuffer.allocateDirect(WakeFds.Waiter.STATE + LibC.CAPTURE_ROOM).order(ByteOrder.nativeOrder());
        long pfdsAddr = w != null ? w.pollfdsAddr : NativeBuffers.address(pfds);
        boolean fdReady = false;
        for (;;) {
            if (sema.getVolatile(this) != self || closing || me.isInterrupted()) {
                break;
            }
            long d = read ? rd : wd;
            int millis = INTERRUPT_SLICE_MILLIS;
            if (d != NO_DEADLINE) {
                long left = d == EXPIRED ? 0 : d - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                millis = (int) Math.min(millis, (left + 999_999) / 1_000_000);
            }
            writePollfd(pfds, 0, fd, read ? Constants.POLLIN : Constants.POLLOUT);
            int nfds = 1;
            if (w != null) {
                writePollfd(pfds, 8, w.eventfd, Constants.POLLIN);
                nfds = 2;
            }
            int n = LibC.poll(pfdsAddr, nfds, millis, pfdsAddr + WakeFds.Waiter.STATE);
            if (n > 0) {
                if (pfds.getShort(6) != 0) {
                    fdReady = true;
                    break;
                }
                if (w != null && pfds.getShort(14) != 0) {
                    w.drain(); // a close or deadline change: re-check at the top
                }
            }
        }
        return fdReady;
    }

    /** Writes {@code struct pollfd {int fd; short events; short revents;}} at {@code off}. */
    private static void writePollfd(ByteBuffer b, int off, int fd, short events) {
        b.putInt(off, fd);
        b.putShort(off + 4, events);
        b.putShort(off + 6, (short) 0);
    }

    /**
     * Posts readiness from the poller, waking the waiting thread if there is one; returns
     * whether there was one.
     *
     * <p>Go: {@code src/runtime/netpoll.go} {@code netpollready}, {@code netpollunblock}
     * (with {@code ioready} true).
     */
    boolean ready(boolean read) {
        VarHandle sema = sema(read);
        for (;;) {
            Object old = sema.getVolatile(this);
            if (old == READY) {
                return false;
            }
            if (sema.compareAndSet(this, old, READY)) {
                wake(old);
                return old != null;
            }
        }
    }

    /**
     * Wakes the waiting thread, if any, without posting readiness, so it re-checks closing and
     * its deadline.
     *
     * <p>Go: {@code src/runtime/netpoll.go} {@code netpollunblock} (with {@code ioready} false).
     */
    private void unblock(boolean read) {
        wake(sema(read).getVolatile(this));
    }

    private static void wake(Object waiter) {
        if (waiter instanceof Thread t) {
            LockSupport.unpark(t);
        } else if (waiter instanceof WakeFds.Waiter w) {
            w.wake();
        }
    }

    /**
     * Sets the read and/or write deadline as a {@link System#nanoTime()} instant,
     * {@link #NO_DEADLINE} or {@link #EXPIRED}; wakes waiters so they re-check.
     *
     * <p>Go: {@code src/runtime/netpoll.go} {@code poll_runtime_pollSetDeadline}.
     */
    void setDeadline(long nanoTime, boolean read, boolean write) {
        if (read) {
            rd = nanoTime;
            unblock(true);
        }
        if (write) {
            wd = nanoTime;
            unblock(false);
        }
    }

    /**
     * Marks the descriptor closing and wakes both waiters; later waits fail with
     * {@link #POLL_ERR_CLOSING}.
     *
     * <p>Go: {@code src/runtime/netpoll.go} {@code poll_runtime_pollUnblock}.
     */
    void evict() {
        closing = true;
        unblock(true);
        unblock(false);
    }

    boolean isClosing() {
        return closing;
    }

    /** Unregisters from the poller if it was registered; called once, before the fd is closed. */
    void close() {
        synchronized (this) {
            int st = registration;
            registration = 4;
            arming = withArmed(arming, 0);
            if (st == 2) {
                poller.close(this);
            }
        }
    }
}
