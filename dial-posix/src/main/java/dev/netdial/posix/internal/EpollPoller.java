package dev.netdial.posix.internal;

import com.sun.jna.Memory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network poller, in one of two modes ({@link Mode}), chosen once per poller: the global one
 * reads the system property {@value #MODE_PROPERTY} ({@code carrier} or {@code thread}, default
 * {@code carrier}) when it starts.
 *
 * <ul>
 * <li>{@code thread}: one {@code netdial-poller} daemon thread blocked in {@code epoll_wait} on
 *     every registered fd, posting readiness to each fd's {@link PollDesc} (edge-triggered, or
 *     armed one-shot per wait for an fd whose events mostly find nobody waiting: {@link PollDesc#fired}).
 * <li>{@code carrier}: the fds are spread (by fd number) over sub-pollers, one per carrier of the
 *     virtual-thread scheduler, each a virtual thread with its own epoll set. A sub-poller polls its
 *     set without blocking and {@code Thread.yield()}s while events keep coming, so a busy
 *     connection is served on the carriers with no hand-off to another OS thread; when a poll finds
 *     nothing it arms its epoll fd (one-shot) in the master's set and parks. The
 *     {@code netdial-poller} platform thread is then the master: it waits on the sub-pollers' epoll
 *     fds and unparks the sub-poller whose set became ready. When every carrier is busy or pinned a
 *     sub-poller may not get to run; the master notices that it has made no progress for
 *     {@link #STALL_MILLIS} and polls its set itself, unparking the waiters directly (a pinned
 *     waiter blocks its carrier, and an unpark reaches it without any carrier).
 * </ul>
 *
 * <p>Either way, an eventfd wakes the platform thread to stop, platform threads never wait through
 * the poller (they poll(2) their fd themselves, see {@link PollDesc}), and nothing runs while no
 * fd is ready.
 *
 * <p>Go: {@code src/runtime/netpoll_epoll.go} ({@code netpollinit}, {@code netpollopen},
 * {@code netpollclose}, {@code netpollBreak}, {@code netpoll}); carrier mode:
 * {@code src/runtime/proc.go} {@code findRunnable} (a non-blocking {@code netpoll(0)} between
 * goroutines, one blocking {@code netpoll} only when nothing else is runnable).
 * <p>Differs: Go's scheduler polls between goroutines; a JVM has no such hook, so in carrier mode
 * virtual threads do it between other virtual threads, as the JDK's own {@code sun.nio.ch.Poller}
 * in its {@code VTHREAD_POLLERS} mode; unlike the JDK, the master also stands in for a sub-poller
 * that cannot run, so a pinned waiter still wakes.
 */
public final class EpollPoller {
    private static final Logger LOG = LoggerFactory.getLogger(EpollPoller.class);
    private static final int MAX_EVENTS = 128;
    /** epoll data word of the wake-up eventfd (no PollDesc has a negative fd). */
    private static final long WAKE_DATA = -1L;
    /** The system property that chooses the global poller's mode: {@code carrier} or {@code thread}. */
    public static final String MODE_PROPERTY = "netdial.poller";
    /** How long a sub-poller with work may go without polling before the master polls for it. */
    static final int STALL_MILLIS = 5;
    static final int EPOLLONESHOT = 1 << 30;

    private static final VarHandle TABLE = MethodHandles.arrayElementVarHandle(PollDesc[].class);

    /** How virtual threads wait for readiness (platform threads always poll(2) themselves). */
    public enum Mode {
        /** Sub-pollers on the virtual-thread carriers, a platform master thread behind them. */
        CARRIER,
        /** One platform thread polls every fd and unparks the waiters. */
        THREAD;

        /**
         * Parses {@code carrier} or {@code thread} (any case); null or empty gives the default.
         *
         * @throws IllegalArgumentException for any other value
         *
         * <p>netdial's own: the {@code netdial.poller} property.
         */
        static Mode parse(String s) {
            if (s == null || s.isEmpty()) {
                return CARRIER;
            }
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "carrier" -> CARRIER;
                case "thread" -> THREAD;
                default -> throw new IllegalArgumentException(
                        "netdial: " + MODE_PROPERTY + "=" + s + ": want carrier or thread");
            };
        }
    }

    private static final class Holder {
        static final EpollPoller GLOBAL = new EpollPoller("netdial-poller", Mode.parse(System.getProperty(MODE_PROPERTY)),
                PollDesc.ONE_SHOT_AFTER);
    }

    /** The process-wide poller, started on first use. */
    public static EpollPoller global() {
        return Holder.GLOBAL;
    }

    private final Mode mode;
    /**
     * How far an fd's count of events that found nobody waiting may climb before it is armed
     * one-shot per wait ({@link PollDesc#fired}); 0 arms every fd one-shot from its first wait.
     */
    final int oneShotAfter;
    private final int epfd;
    private final int wakefd;
    private final Thread thread;
    /** Carrier mode: the sub-pollers; empty in thread mode. */
    private final SubPoller[] subs;
    private final AtomicInteger seqs = new AtomicInteger();
    private final ReentrantLock tableLock = new ReentrantLock();
    /** PollDesc by fd number. */
    private volatile PollDesc[] table = new PollDesc[1024];
    private volatile boolean closed;
    /** Loop iterations of the platform thread (a test counts wake-ups while idle). */
    private final java.util.concurrent.atomic.LongAdder masterWakeups = new java.util.concurrent.atomic.LongAdder();

    /**
     * Creates a poller in the given mode with its own epoll fd, eventfd and thread (and, in
     * carrier mode, its sub-pollers and their epoll fds). Tests make private ones, in the mode
     * under test; the library uses {@link #global()}.
     *
     * @throws IllegalStateException when the kernel refuses epoll or eventfd
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} {@code netpollinit}.<p>Differs: carrier mode adds sub-pollers on the virtual-thread carriers, as the JDK's {@code sun.nio.ch.Poller}.
     */
    EpollPoller(String threadName, Mode mode) {
        this(threadName, mode, PollDesc.ONE_SHOT_AFTER);
    }

    /**
     * As {@link #EpollPoller(String, Mode)}, with the threshold for one-shot arming (tests pass 0
     * to run every wait one-shot).
     *
     * <p>netdial's own: the test seam for {@link PollDesc#fired}'s two ways of arming.
     */
    EpollPoller(String threadName, Mode mode, int oneShotAfter) {
        int ep = epollCreate();
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
        SubPoller[] s = new SubPoller[mode == Mode.CARRIER ? carriers() : 0];
        for (int i = 0; i < s.length; i++) {
            int sep;
            try {
                sep = epollCreate();
            } catch (IllegalStateException e) {
                for (int j = 0; j < i; j++) {
                    LibC.close(s[j].epfd);
                }
                LibC.close(ev);
                LibC.close(ep);
                throw e;
            }
            s[i] = new SubPoller(i, sep);
            // Added disarmed (no events): the sub-poller arms it when it goes idle.
            LibC.epollCtl(ep, Constants.EPOLL_CTL_ADD, sep, 0, i);
        }
        this.mode = mode;
        this.oneShotAfter = oneShotAfter;
        this.epfd = ep;
        this.wakefd = ev;
        this.subs = s;
        this.thread = new Thread(mode == Mode.CARRIER ? this::runMaster : this::run, threadName);
        thread.setDaemon(true);
        thread.start();
        for (SubPoller sp : s) {
            // Published before it starts: the master unparks it as soon as it arms its epoll fd.
            sp.thread = Thread.ofVirtual().name(threadName + "-sub-" + sp.index).unstarted(() -> subPollerLoop(sp));
            sp.thread.start();
        }
    }

    private static int epollCreate() {
        int ep = LibC.epollCreate1(Constants.EPOLL_CLOEXEC);
        if (ep < 0) {
            throw new IllegalStateException("netdial: epoll_create1: " + dev.netdial.api.Errno.of(-ep).message());
        }
        return ep;
    }

    /**
     * The virtual-thread scheduler's parallelism: its system property, else the CPU count.
     *
     * <p>netdial's own: the JDK's sub-poller count ({@code sun.nio.ch.Poller}); Go has no such choice.
     */
    static int carriers() {
        String s = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (s != null) {
            try {
                int n = Integer.parseInt(s.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // the JDK rejects it too; fall back to the CPU count
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** This poller's mode. */
    Mode mode() {
        return mode;
    }

    /**
     * The fds netdial keeps open on purpose for the JVM's life: the global poller's epoll fd,
     * eventfd and sub-pollers' epoll fds, and the wake-up eventfds pooled for platform-thread
     * waits. Leak checks leave these out.
     *
     * <p>netdial's own: the leak gates' list of fds that are not leaks.
     */
    public static int[] retainedFds() {
        int[] pooled = WakeFds.pooled();
        EpollPoller g = global();
        int[] out = java.util.Arrays.copyOf(pooled, pooled.length + 2 + g.subs.length);
        out[pooled.length] = g.epfd;
        out[pooled.length + 1] = g.wakefd;
        for (int i = 0; i < g.subs.length; i++) {
            out[pooled.length + 2 + i] = g.subs[i].epfd;
        }
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

    /** How many times the platform thread came back from {@code epoll_wait} (tests). */
    long masterWakeups() {
        return masterWakeups.sum();
    }

    /** How many non-blocking polls the sub-pollers made, all together (tests). */
    long subPolls() {
        long n = 0;
        for (SubPoller sp : subs) {
            n += sp.polls;
        }
        return n;
    }

    /** How many times the master polled for a stalled sub-poller (tests). */
    long standIns() {
        long n = 0;
        for (SubPoller sp : subs) {
            n += sp.standIns;
        }
        return n;
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

    /** The epoll set an fd joins: the only one in thread mode, a sub-poller's (by fd) in carrier mode. */
    private int setFor(int fd) {
        return subs.length == 0 ? epfd : subs[Math.floorMod(fd, subs.length)].epfd;
    }

    /**
     * Adds the descriptor's fd to epoll with the event mask {@link PollDesc} chose (edge-triggered,
     * or one-shot).
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} {@code netpollopen}.
     *
     * @return false when the kernel refused (ENOMEM, ENOSPC at max_user_watches)
     */
    boolean register(PollDesc pd, int events) {
        put(pd.fd, pd);
        int r = ctl(pd, Constants.EPOLL_CTL_ADD, events);
        if (r < 0) {
            remove(pd.fd, pd);
            LOG.debug("netdial poller: epoll_ctl ADD fd {} failed with errno {}; waiting with poll(2)", pd.fd, -r);
            return false;
        }
        return true;
    }

    /**
     * Changes a registered descriptor's event mask ({@code EPOLL_CTL_MOD}): adds write readiness
     * to an edge-triggered fd, or re-arms a one-shot one ({@link PollDesc#fired}); the caller holds
     * the descriptor's lock and the fd is open.
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} {@code netpollopen} (its {@code epollctl}).
     * <p>Differs: Go never changes a mask (its fds stay edge-triggered for both directions); see
     * {@link PollDesc#fired}.
     *
     * @return 0, or {@code -errno}
     */
    int modify(PollDesc pd, int events) {
        return ctl(pd, Constants.EPOLL_CTL_MOD, events);
    }

    /**
     * epoll_ctl on the descriptor's fd in its set, the data word its fd and its tag (so a stale
     * event for a reused fd number is dropped).
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} {@code netpollopen} (the event's data word).
     */
    private int ctl(PollDesc pd, int op, int events) {
        return LibC.epollCtl(setFor(pd.fd), op, pd.fd, events, ((long) pd.seq << 32) | (pd.fd & 0xFFFFFFFFL));
    }

    /**
     * Unregisters the descriptor; the fd is still open when this runs.
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} {@code netpollclose}.
     */
    void close(PollDesc pd) {
        ctl(pd, Constants.EPOLL_CTL_DEL, 0);
        remove(pd.fd, pd);
    }

    /**
     * Stores {@code pd} at {@code fd}, growing the table when needed. Stores and removals take
     * the lock (they are rare: one per fd's first virtual-thread wait), so none is lost to a
     * concurrent grow; the poller reads without it.
     *
     * <p>Differs: Go keeps the {@code pollDesc} pointer in the epoll event's data word; Java cannot, so a table indexed by fd leads back to it.
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

    /**
     * Clears {@code fd}'s slot if it still holds {@code pd}.
     *
     * <p>Differs: Go keeps the {@code pollDesc} pointer in the epoll event's data word; Java cannot, so a table indexed by fd leads back to it.
     */
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

    /**
     * Thread mode: the platform thread waits on every fd.
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} {@code netpoll}, as {@code findRunnable} calls it to block.
     */
    private void run() {
        java.nio.ByteBuffer events = eventBuffer();
        long base = NativeBuffers.address(events);
        while (!closed) {
            int n = LibC.epollWait(epfd, base, MAX_EVENTS, -1, base + STATE);
            masterWakeups.increment();
            if (n < 0) {
                if (-n != Constants.EINTR) {
                    LOG.debug("netdial poller: epoll_wait failed with errno {}", -n);
                }
                continue;
            }
            dispatch(events, n);
        }
    }

    /** Offset, in an {@link #eventBuffer}, of epoll_wait's errno capture slot (after the events). */
    private static final int STATE = (LibC.EPOLL_EVENT_SIZE * MAX_EVENTS + 15) & ~15;

    /**
     * A direct buffer for {@code MAX_EVENTS} {@code struct epoll_event}s, read with plain Java
     * loads (a JNA {@code Memory} read would be a native call per field), and the errno capture
     * slot of epoll_wait's downcall at {@link #STATE}.
     */
    private static java.nio.ByteBuffer eventBuffer() {
        return java.nio.ByteBuffer.allocateDirect(STATE + LibC.CAPTURE_ROOM).order(java.nio.ByteOrder.nativeOrder());
    }

    /**
     * Posts the readiness of {@code n} events to their descriptors; returns how many were fd
     * events (not the wake-up eventfd).
     *
     * <p>Go: {@code src/runtime/netpoll_epoll.go} {@code netpoll} (its event loop).
     */
    private int dispatch(java.nio.ByteBuffer events, int n) {
        int size = LibC.EPOLL_EVENT_SIZE;
        int fds = 0;
        for (int i = 0; i < n; i++) {
            int off = i * size;
            int ev = events.getInt(off);
            long data = events.getLong(off + LibC.EPOLL_DATA_OFFSET);
            if (data == WAKE_DATA) {
                drainWake();
                continue;
            }
            fds++;
            int fd = (int) data;
            int seq = (int) (data >>> 32);
            PollDesc pd = get(fd);
            if (pd == null || pd.seq != seq) {
                continue; // a stale event for a closed (maybe reused) fd number
            }
            pd.fired(ev);
        }
        return fds;
    }

    // ---- carrier mode ----

    /** Sub-poller states (only the sub-poller and the master change them, as commented). */
    private static final int RUNNING = 0;
    /** Idle: its epoll fd is armed in the master's set and it parks (set by the sub-poller). */
    private static final int PARKED = 1;
    /** The master saw its set ready and unparked it; it has not run yet (set by the master). */
    private static final int WOKEN = 2;

    /**
     * One sub-poller: its epoll set, its virtual thread, and what the master needs to see that it
     * is making progress.
     */
    private static final class SubPoller {
        final int index;
        final int epfd;
        volatile Thread thread;
        volatile int state = RUNNING;
        /** Non-blocking polls made (written by the sub-poller only). */
        volatile long polls;
        /** Master's bookkeeping: {@link #polls} when it last looked, and when to look again. */
        long seenPolls;
        long checkAt;
        /** Times the master polled this set for it (master only). */
        volatile long standIns;

        SubPoller(int index, int epfd) {
            this.index = index;
            this.epfd = epfd;
        }
    }

    /**
     * A sub-poller's loop: poll without blocking, yield while events keep coming, park on the
     * master when a poll finds nothing.
     *
     * <p>Go: {@code src/runtime/proc.go} {@code findRunnable} (the non-blocking {@code netpoll(0)}).
     */
    private void subPollerLoop(SubPoller sp) {
        java.nio.ByteBuffer events = eventBuffer();
        long base = NativeBuffers.address(events);
        int polled = 1;
        while (!closed) {
            if (polled == 0) {
                sp.state = PARKED;
                // One-shot, level: if the set already has events the master sees them at once.
                LibC.epollCtl(epfd, Constants.EPOLL_CTL_MOD, sp.epfd, Constants.EPOLLIN | EPOLLONESHOT, sp.index);
                while (sp.state == PARKED && !closed) {
                    LockSupport.park(this);
                }
                sp.state = RUNNING;
            } else {
                Thread.yield();
            }
            int n = LibC.epollWait(sp.epfd, base, MAX_EVENTS, 0, base + STATE);
            sp.polls = sp.polls + 1;
            polled = n > 0 ? dispatch(events, n) : 0;
        }
    }

    /**
     * Carrier mode's platform thread: waits on the sub-pollers' epoll fds and unparks the one whose
     * set became ready; while some sub-poller is not parked it also wakes every
     * {@link #STALL_MILLIS} to check that it polled since, and polls its set for it if not.
     *
     * <p>Differs: Go has one netpoller; this is the JDK's master poller ({@code sun.nio.ch.Poller}, VTHREAD_POLLERS), which also stands in for a stalled sub-poller (the JDK's does not).
     */
    private void runMaster() {
        java.nio.ByteBuffer events = eventBuffer();
        long base = NativeBuffers.address(events);
        java.nio.ByteBuffer standIn = eventBuffer();
        long standInBase = NativeBuffers.address(standIn);
        long stallNanos = STALL_MILLIS * 1_000_000L;
        while (!closed) {
            long now = System.nanoTime();
            int timeout = -1;
            for (SubPoller sp : subs) {
                if (sp.state != PARKED) {
                    if (sp.checkAt == 0) {
                        sp.seenPolls = sp.polls;
                        sp.checkAt = now + stallNanos;
                    }
                    long left = Math.max(0, (sp.checkAt - now + 999_999) / 1_000_000);
                    timeout = timeout < 0 ? (int) left : Math.min(timeout, (int) left);
                } else {
                    sp.checkAt = 0;
                }
            }
            int n = LibC.epollWait(epfd, base, MAX_EVENTS, timeout, base + STATE);
            masterWakeups.increment();
            if (n < 0 && -n != Constants.EINTR) {
                LOG.debug("netdial poller: epoll_wait failed with errno {}", -n);
            }
            for (int i = 0; i < n; i++) {
                long data = events.getLong(i * LibC.EPOLL_EVENT_SIZE + LibC.EPOLL_DATA_OFFSET);
                if (data == WAKE_DATA) {
                    drainWake();
                    continue;
                }
                SubPoller sp = subs[(int) data];
                sp.state = WOKEN;
                sp.seenPolls = sp.polls;
                sp.checkAt = System.nanoTime() + stallNanos;
                LockSupport.unpark(sp.thread);
            }
            now = System.nanoTime();
            for (SubPoller sp : subs) {
                if (sp.state == PARKED || sp.checkAt == 0 || now - sp.checkAt < 0) {
                    continue;
                }
                if (sp.polls == sp.seenPolls) {
                    // No carrier ran it for a whole period: poll its set here. The waiters are
                    // unparked from this thread, which reaches one pinned to its carrier too.
                    int m = LibC.epollWait(sp.epfd, standInBase, MAX_EVENTS, 0, standInBase + STATE);
                    if (m > 0) {
                        dispatch(standIn, m);
                    }
                    sp.standIns = sp.standIns + 1;
                    if (sp.state == WOKEN) {
                        LockSupport.unpark(sp.thread); // again: costs nothing if it is queued
                    }
                }
                sp.seenPolls = sp.polls;
                sp.checkAt = now + stallNanos;
            }
        }
    }

    private void drainWake() {
        try (Memory m = new Memory(8)) {
            LibC.read(wakefd, com.sun.jna.Pointer.nativeValue(m), 8);
        }
    }

    /**
     * Stops the threads and closes the epoll fds and eventfd (private pollers only; the global
     * one lives as long as the JVM).
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
        for (SubPoller sp : subs) {
            Thread t = sp.thread;
            LockSupport.unpark(t);
            t.join();
        }
        for (SubPoller sp : subs) {
            LibC.close(sp.epfd);
        }
        LibC.close(wakefd);
        LibC.close(epfd);
    }
}
