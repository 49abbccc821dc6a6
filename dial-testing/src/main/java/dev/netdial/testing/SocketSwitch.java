package dev.netdial.testing;

import dev.netdial.api.Errno;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.Sockaddr;
import dev.netdial.posix.internal.SocketCalls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * A call-path switch for the socket system calls: a {@link SocketCalls} that forwards to another
 * (the real kernel by default), keeps a table of the sockets it saw opened and not yet closed,
 * counts what happened to them per (family, type, protocol), and lets a test intercept each call
 * with a {@link Filter} before the system call and an {@link AfterFilter} after it.
 *
 * <p>As in Go, only sockets that are in the table are filtered and counted: a {@code connect},
 * {@code listen}, {@code accept4}, {@code getsockopt}, {@code setsockopt} or {@code close} on an
 * fd the switch did not open goes straight to the delegate. {@code socket} is always filtered.
 *
 * <p>All methods are thread-safe. Filters run on the calling thread, outside any lock, so a
 * filter may block (Go's tests park dials in filters to widen races).
 *
 * <p>Every switch that is constructed registers itself (weakly) so the {@link FdLeakExtension}
 * gate can compare all live tables before and after a test class.
 *
 * <p>Go: {@code src/net/internal/socktest/switch.go} {@code Switch}, {@code sys_unix.go},
 * {@code sys_cloexec.go}, {@code switch_unix.go}.
 * <p>Differs: Go's {@code Cookie} packs the triple in a {@code uint64} and keeps the
 * {@code SOCK_NONBLOCK|SOCK_CLOEXEC} bits in the type; here it is a record and the type is the
 * bare socket type, so stats for {@code SOCK_STREAM} are found without knowing the flags. Go
 * returns Go errors from filters; here a filter returns an {@link Action} carrying an errno and
 * an optional delay, and an after filter returns an errno, since every {@link SocketCalls}
 * method reports {@code -errno}. A socket leaves the table just before {@code close(2)} runs,
 * and stays out even if it reports an error or an after filter replaces its result: Linux
 * releases the descriptor in every case, and leaving first means a number reused at once by
 * another thread's {@code socket} is never dropped from the table (Go removes after the call,
 * and could drop that new entry or keep a stale one).
 */
public final class SocketSwitch implements SocketCalls {

    /**
     * The call a filter applies to.
     *
     * <p>Go: {@code src/net/internal/socktest/switch.go} {@code FilterType}.
     */
    public enum FilterType {
        /** {@code socket(2)}. Go: {@code FilterSocket}. */
        SOCKET,
        /** {@code connect(2)}. Go: {@code FilterConnect}. */
        CONNECT,
        /** {@code listen(2)}. Go: {@code FilterListen}. */
        LISTEN,
        /** {@code accept4(2)}. Go: {@code FilterAccept}. */
        ACCEPT,
        /** {@code getsockopt(2)} of an int option. Go: {@code FilterGetsockoptInt}. */
        GETSOCKOPT,
        /**
         * {@code setsockopt(2)} of an int option, as the dialer sets its own options
         * ({@code IP_BIND_ADDRESS_NO_PORT}, {@code IP_LOCAL_PORT_RANGE}); failing it with
         * {@code ENOPROTOOPT} plays a kernel without the option. netdial's own: Go's socktest
         * has no setsockopt filter.
         */
        SETSOCKOPT,
        /** {@code close(2)}. Go: {@code FilterClose}. */
        CLOSE
    }

    /**
     * The (address family, socket type, protocol) triple a socket was created with; the type
     * has {@code SOCK_NONBLOCK} and {@code SOCK_CLOEXEC} removed.
     *
     * <p>Go: {@code src/net/internal/socktest/switch.go} {@code Cookie}.
     */
    public record Cookie(int family, int type, int protocol) {
        static Cookie of(int family, int sotype, int proto) {
            return new Cookie(family, sotype & ~(Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC), proto);
        }

        @Override
        public String toString() {
            return "(" + familyString(family) + ", " + typeString(type) + ", " + protocolString(protocol) + ")";
        }
    }

    /**
     * One live socket in the table: its cookie, the errno of the last system call the switch
     * made on it (0 when it succeeded) and the last {@code SO_ERROR} value read through it.
     *
     * <p>Go: {@code src/net/internal/socktest/switch.go} {@code Status}.
     */
    public record Status(Cookie cookie, int err, int socketErr) {
        @Override
        public String toString() {
            return cookie + ": syscallerr=" + errnoString(err) + ", socketerr=" + errnoString(socketErr);
        }
    }

    /**
     * What a filter sees: the call, the socket's table entry, and after the system call its
     * result. One instance spans the before filter, the system call and the after filter.
     */
    public static final class Call {
        private final FilterType type;
        private final int fd;
        private final Cookie cookie;
        private final Sockaddr sockaddr;
        private final int level;
        private final int name;
        private final int value;
        private volatile int result;
        private volatile int err;
        private volatile int socketErr;
        private volatile boolean done;

        Call(FilterType type, int fd, Cookie cookie, Sockaddr sockaddr, int level, int name) {
            this(type, fd, cookie, sockaddr, level, name, 0);
        }

        Call(FilterType type, int fd, Cookie cookie, Sockaddr sockaddr, int level, int name, int value) {
            this.type = type;
            this.fd = fd;
            this.cookie = cookie;
            this.sockaddr = sockaddr;
            this.level = level;
            this.name = name;
            this.value = value;
        }

        /** Which system call this is. */
        public FilterType type() {
            return type;
        }

        /** The fd the call acts on; for {@link FilterType#SOCKET}, -1 (see {@link #result()}). */
        public int fd() {
            return fd;
        }

        /** The socket's triple (for {@code accept4}, the listener's, which the new socket inherits). */
        public Cookie cookie() {
            return cookie;
        }

        /** The address passed to {@code connect}; null for other calls. */
        public Sockaddr sockaddr() {
            return sockaddr;
        }

        /** The option level of {@code getsockopt} or {@code setsockopt}; 0 for other calls. */
        public int level() {
            return level;
        }

        /** The option name of {@code getsockopt} or {@code setsockopt}; 0 for other calls. */
        public int name() {
            return name;
        }

        /** The value {@code setsockopt} sets; 0 for other calls. */
        public int value() {
            return value;
        }

        /** Whether the system call has run (true in an after filter). */
        public boolean done() {
            return done;
        }

        /**
         * The system call's raw return (the new fd for {@code socket}/{@code accept4}, the
         * option value for {@code getsockopt}, 0 otherwise), or {@code -errno}. Meaningful once
         * {@link #done()}.
         */
        public int result() {
            return result;
        }

        /** The system call's errno, 0 when it succeeded. Go: {@code Status.Err}. */
        public int err() {
            return err;
        }

        /** For {@code getsockopt(SO_ERROR)}: the pending socket error read. Go: {@code Status.SocketErr}. */
        public int socketErr() {
            return socketErr;
        }

        void finish(int ret) {
            this.result = ret;
            this.err = ret < 0 ? -ret : 0;
            this.done = true;
        }

        @Override
        public String toString() {
            return type.name().toLowerCase() + "(fd=" + fd + ", " + cookie + (sockaddr != null ? ", " + sockaddr : "")
                    + (done ? ") = " + result : ")");
        }
    }

    /**
     * What a {@link Filter} decides: optionally wait, then either fail the call with an errno
     * without making the system call, or make it and run an {@link AfterFilter}.
     *
     * @param delay how long to sleep on the calling thread first (null or zero: none)
     * @param errno when positive, the call returns {@code -errno} and the system call is skipped
     * @param after run after the system call (null: none); ignored when {@code errno > 0}
     */
    public record Action(Duration delay, int errno, AfterFilter after) {
        private static final Action PROCEED = new Action(null, 0, null);

        public Action {
            if (errno < 0) {
                throw new IllegalArgumentException("errno must be positive (or 0 for none): " + errno);
            }
            if (delay != null && delay.isNegative()) {
                throw new IllegalArgumentException("negative delay " + delay);
            }
        }

        /** Make the system call unchanged. */
        public static Action proceed() {
            return PROCEED;
        }

        /** Make the system call, then run {@code after}. Go: returning a non-nil {@code AfterFilter}. */
        public static Action after(AfterFilter after) {
            return new Action(null, 0, Objects.requireNonNull(after));
        }

        /** Skip the system call and return {@code -errno}. Go: returning a non-nil error. */
        public static Action fail(int errno) {
            if (errno <= 0) {
                throw new IllegalArgumentException("errno must be positive: " + errno);
            }
            return new Action(null, errno, null);
        }

        /** Skip the system call and return {@code -errno.code()}. */
        public static Action fail(Errno errno) {
            return fail(errno.code());
        }

        /** Sleep for {@code d}, then make the system call. */
        public static Action delay(Duration d) {
            return new Action(Objects.requireNonNull(d), 0, null);
        }

        /** This action, preceded by a sleep of {@code d}. */
        public Action withDelay(Duration d) {
            return new Action(Objects.requireNonNull(d), errno, after);
        }

        /** This action, followed by {@code after} once the system call ran. */
        public Action withAfter(AfterFilter after) {
            return new Action(delay, errno, after);
        }
    }

    /**
     * Runs before a system call on a socket in the table (before every {@code socket}).
     *
     * <p>Go: {@code src/net/internal/socktest/switch.go} {@code Filter}.
     */
    @FunctionalInterface
    public interface Filter {
        /** Decides the call's fate; null means {@link Action#proceed()}. */
        Action apply(Call call);
    }

    /**
     * Runs after the system call of a filtered call; {@link Call#result()} and
     * {@link Call#err()} hold what the kernel returned.
     *
     * <p>Go: {@code src/net/internal/socktest/switch.go} {@code AfterFilter}.
     */
    @FunctionalInterface
    public interface AfterFilter {
        /**
         * Returns 0 to let the call's own result through, or a positive errno to make the call
         * return {@code -errno} instead. A {@code socket} or {@code accept4} that had succeeded
         * then has its new fd closed, as in Go.
         */
        int apply(Call call);
    }

    /**
     * Per-cookie counters, a snapshot.
     *
     * <p>Go: {@code src/net/internal/socktest/switch.go} {@code Stat}.
     * <p>Differs: adds {@code connectCalls} (every {@code connect} that reached the kernel, which
     * Go's tests count with a filter), and {@code setsockoptCalls}/{@code setsockoptFailed} (every
     * {@code setsockopt} on a socket of the table, and those that failed; netdial's own);
     * {@code connectFailed} counts {@code EINPROGRESS} as Go
     * does, and {@code connected} also counts a {@code getsockopt(SO_ERROR)} that reads 0 or
     * {@code EISCONN}, so one non-blocking dial adds 1 to each.
     */
    public record Stat(int family, int type, int protocol,
                       long opened, long connected, long listened, long accepted, long closed,
                       long openFailed, long connectFailed, long listenFailed, long acceptFailed,
                       long closeFailed, long connectCalls, long setsockoptCalls, long setsockoptFailed) {
        @Override
        public String toString() {
            return Cookie.of(family, type, protocol) + ": opened=" + opened + ", connected=" + connected
                    + ", listened=" + listened + ", accepted=" + accepted + ", closed=" + closed
                    + ", openfailed=" + openFailed + ", connectfailed=" + connectFailed
                    + ", listenfailed=" + listenFailed + ", acceptfailed=" + acceptFailed
                    + ", closefailed=" + closeFailed + ", connectcalls=" + connectCalls
                    + ", setsockoptcalls=" + setsockoptCalls + ", setsockoptfailed=" + setsockoptFailed;
        }
    }

    private static final class MutableStat {
        final Cookie c;
        long opened, connected, listened, accepted, closed;
        long openFailed, connectFailed, listenFailed, acceptFailed, closeFailed, connectCalls;
        long setsockoptCalls, setsockoptFailed;

        MutableStat(Cookie c) {
            this.c = c;
        }

        Stat snapshot() {
            return new Stat(c.family(), c.type(), c.protocol(), opened, connected, listened, accepted, closed,
                    openFailed, connectFailed, listenFailed, acceptFailed, closeFailed, connectCalls,
                    setsockoptCalls, setsockoptFailed);
        }
    }

    /** Every switch ever built and still reachable, for the leak gate. */
    private static final Set<SocketSwitch> REGISTRY = Collections.newSetFromMap(new WeakHashMap<>());

    private final SocketCalls delegate;
    private final Map<FilterType, Filter> filters = Collections.synchronizedMap(new EnumMap<>(FilterType.class));
    private final Object lock = new Object();
    private final Map<Integer, Status> sotab = new HashMap<>(); // guarded by lock
    private final Map<Cookie, MutableStat> stats = new LinkedHashMap<>(); // guarded by lock

    /** A switch in front of the real system calls. */
    public SocketSwitch() {
        this(SocketCalls.system());
    }

    /** A switch in front of {@code delegate}. */
    public SocketSwitch(SocketCalls delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        synchronized (REGISTRY) {
            REGISTRY.add(this);
        }
    }

    /**
     * Installs {@code f} for calls of {@code type}, replacing any earlier one; null removes it.
     *
     * <p>Go: {@code src/net/internal/socktest/switch.go} {@code (*Switch).Set}.
     */
    public void setFilter(FilterType type, Filter f) {
        Objects.requireNonNull(type, "type");
        if (f == null) {
            filters.remove(type);
        } else {
            filters.put(type, f);
        }
    }

    /** Removes every filter. */
    public void clearFilters() {
        filters.clear();
    }

    /**
     * A copy of the live-socket table: each fd this switch opened (or accepted) and has not
     * closed, with its status, in fd order.
     *
     * <p>Go: {@code src/net/internal/socktest/switch.go} {@code (*Switch).Sockets}.
     */
    public Map<Integer, Status> sockets() {
        synchronized (lock) {
            return Collections.unmodifiableMap(new TreeMap<>(sotab));
        }
    }

    /**
     * A snapshot of the per-cookie counters, in order of first use.
     *
     * <p>Go: {@code src/net/internal/socktest/switch.go} {@code (*Switch).Stats}.
     */
    public List<Stat> stats() {
        synchronized (lock) {
            List<Stat> l = new ArrayList<>(stats.size());
            for (MutableStat s : stats.values()) {
                l.add(s.snapshot());
            }
            return Collections.unmodifiableList(l);
        }
    }

    /** The counters for one triple ({@code type} without flags), all zero if it was never used. */
    public Stat stat(int family, int type, int protocol) {
        Cookie c = Cookie.of(family, type, protocol);
        synchronized (lock) {
            MutableStat s = stats.get(c);
            return s != null ? s.snapshot() : new MutableStat(c).snapshot();
        }
    }

    /**
     * Closes, through the delegate and without filters, every socket still in the table, and
     * empties it. Returns the fds closed. For test clean-up after a failure.
     *
     * <p>Go: {@code src/net/main_test.go} {@code forceCloseSockets}.
     */
    public List<Integer> closeAll() {
        List<Integer> fds;
        synchronized (lock) {
            fds = new ArrayList<>(new TreeMap<>(sotab).keySet());
            sotab.clear();
        }
        for (int fd : fds) {
            delegate.close(fd);
        }
        return fds;
    }

    /** The live tables of every reachable switch that has any live socket. For the leak gate. */
    static Map<SocketSwitch, Map<Integer, Status>> allLiveSockets() {
        List<SocketSwitch> all;
        synchronized (REGISTRY) {
            all = new ArrayList<>(REGISTRY);
        }
        Map<SocketSwitch, Map<Integer, Status>> m = new LinkedHashMap<>();
        for (SocketSwitch sw : all) {
            Map<Integer, Status> t = sw.sockets();
            if (!t.isEmpty()) {
                m.put(sw, t);
            }
        }
        return m;
    }

    // ---- SocketCalls ----

    /** Go: {@code src/net/internal/socktest/sys_unix.go} {@code (*Switch).Socket}. */
    @Override
    public int socket(int domain, int type, int protocol) {
        Cookie c = Cookie.of(domain, type, protocol);
        Call call = new Call(FilterType.SOCKET, -1, c, null, 0, 0);
        Action a = before(call);
        if (a.errno() > 0) {
            return -a.errno();
        }
        int s = delegate.socket(domain, type, protocol);
        call.finish(s);
        int injected = after(a, call);
        if (injected > 0) {
            if (s >= 0) {
                delegate.close(s);
            }
            return -injected;
        }
        synchronized (lock) {
            MutableStat st = statLocked(c);
            if (s < 0) {
                st.openFailed++;
                return s;
            }
            sotab.put(s, new Status(c, 0, 0));
            st.opened++;
        }
        return s;
    }

    /** Go: {@code src/net/internal/socktest/sys_unix.go} {@code (*Switch).Connect}. */
    @Override
    public int connect(int fd, Sockaddr sa) {
        Status so = lookup(fd);
        if (so == null) {
            return delegate.connect(fd, sa);
        }
        Call call = new Call(FilterType.CONNECT, fd, so.cookie(), sa, 0, 0);
        Action a = before(call);
        if (a.errno() > 0) {
            return -a.errno();
        }
        int r = delegate.connect(fd, sa);
        call.finish(r);
        synchronized (lock) {
            statLocked(so.cookie()).connectCalls++;
        }
        int injected = after(a, call);
        if (injected > 0) {
            return -injected;
        }
        synchronized (lock) {
            record(fd, call.err(), -1);
            MutableStat st = statLocked(so.cookie());
            if (r < 0) {
                st.connectFailed++;
            } else {
                st.connected++;
            }
        }
        return r;
    }

    /** Go: {@code src/net/internal/socktest/sys_unix.go} {@code (*Switch).Listen}. */
    @Override
    public int listen(int fd, int backlog) {
        Status so = lookup(fd);
        if (so == null) {
            return delegate.listen(fd, backlog);
        }
        Call call = new Call(FilterType.LISTEN, fd, so.cookie(), null, 0, 0);
        Action a = before(call);
        if (a.errno() > 0) {
            return -a.errno();
        }
        int r = delegate.listen(fd, backlog);
        call.finish(r);
        int injected = after(a, call);
        if (injected > 0) {
            return -injected;
        }
        synchronized (lock) {
            record(fd, call.err(), -1);
            MutableStat st = statLocked(so.cookie());
            if (r < 0) {
                st.listenFailed++;
            } else {
                st.listened++;
            }
        }
        return r;
    }

    /** Go: {@code src/net/internal/socktest/sys_cloexec.go} {@code (*Switch).Accept4}. */
    @Override
    public int accept4(int fd, int flags, Sockaddr[] peer) {
        Status so = lookup(fd);
        if (so == null) {
            return delegate.accept4(fd, flags, peer);
        }
        Call call = new Call(FilterType.ACCEPT, fd, so.cookie(), null, 0, 0);
        Action a = before(call);
        if (a.errno() > 0) {
            return -a.errno();
        }
        int ns = delegate.accept4(fd, flags, peer);
        call.finish(ns);
        int injected = after(a, call);
        if (injected > 0) {
            if (ns >= 0) {
                delegate.close(ns);
                if (peer != null && peer.length > 0) {
                    peer[0] = null;
                }
            }
            return -injected;
        }
        synchronized (lock) {
            record(fd, call.err(), -1);
            MutableStat st = statLocked(so.cookie());
            if (ns < 0) {
                st.acceptFailed++;
                return ns;
            }
            sotab.put(ns, new Status(so.cookie(), 0, 0));
            st.accepted++;
        }
        return ns;
    }

    /** Go: {@code src/net/internal/socktest/sys_unix.go} {@code (*Switch).GetsockoptInt}. */
    @Override
    public int getsockoptInt(int fd, int level, int name, int[] value) {
        Status so = lookup(fd);
        if (so == null) {
            return delegate.getsockoptInt(fd, level, name, value);
        }
        Call call = new Call(FilterType.GETSOCKOPT, fd, so.cookie(), null, level, name);
        Action a = before(call);
        if (a.errno() > 0) {
            return -a.errno();
        }
        int r = delegate.getsockoptInt(fd, level, name, value);
        call.finish(r < 0 ? r : value[0]);
        boolean soError = level == Constants.SOL_SOCKET && name == Constants.SO_ERROR;
        if (r >= 0 && soError) {
            call.socketErr = value[0];
        }
        int injected = after(a, call);
        if (injected > 0) {
            return -injected;
        }
        synchronized (lock) {
            record(fd, call.err(), soError && r >= 0 ? value[0] : -1);
            if (r < 0) {
                return r;
            }
            if (soError && (value[0] == 0 || value[0] == Constants.EISCONN)) {
                statLocked(so.cookie()).connected++;
            }
        }
        return r;
    }

    /**
     * Counts every call, whether the filter failed it or the kernel ran it; a failure (the
     * filter's errno, the kernel's, or an after filter's) also counts as {@code setsockoptFailed}.
     *
     * <p>netdial's own: Go's socktest does not intercept setsockopt.
     */
    @Override
    public int setsockoptInt(int fd, int level, int name, int value) {
        Status so = lookup(fd);
        if (so == null) {
            return delegate.setsockoptInt(fd, level, name, value);
        }
        Call call = new Call(FilterType.SETSOCKOPT, fd, so.cookie(), null, level, name, value);
        Action a = before(call);
        int r;
        if (a.errno() > 0) {
            r = -a.errno();
        } else {
            r = delegate.setsockoptInt(fd, level, name, value);
            call.finish(r);
            int injected = after(a, call);
            if (injected > 0) {
                r = -injected;
            }
        }
        synchronized (lock) {
            record(fd, r < 0 ? -r : 0, -1);
            MutableStat st = statLocked(so.cookie());
            st.setsockoptCalls++;
            if (r < 0) {
                st.setsockoptFailed++;
            }
        }
        return r;
    }

    /** Go: {@code src/net/internal/socktest/sys_unix.go} {@code (*Switch).Close}. */
    @Override
    public int close(int fd) {
        Status so = lookup(fd);
        if (so == null) {
            return delegate.close(fd);
        }
        Call call = new Call(FilterType.CLOSE, fd, so.cookie(), null, 0, 0);
        Action a = before(call);
        if (a.errno() > 0) {
            return -a.errno(); // the fd stays open and in the table, as in Go
        }
        synchronized (lock) {
            // Leave the table before the kernel frees the number: once it is free another thread's
            // socket() may get it and enter the table, and removing afterwards would drop that entry.
            sotab.remove(fd);
        }
        int r = delegate.close(fd);
        call.finish(r);
        synchronized (lock) {
            // close(2) ran: Linux has released the number whatever it reported.
            MutableStat st = statLocked(so.cookie());
            if (r < 0) {
                st.closeFailed++;
            } else {
                st.closed++;
            }
        }
        int injected = after(a, call);
        return injected > 0 ? -injected : r;
    }

    // ---- helpers ----

    private Status lookup(int fd) {
        synchronized (lock) {
            return sotab.get(fd);
        }
    }

    private MutableStat statLocked(Cookie c) {
        return stats.computeIfAbsent(c, MutableStat::new);
    }

    /** Updates the table entry's last errors; {@code socketErr < 0} keeps the old one. Lock held. */
    private void record(int fd, int err, int socketErr) {
        Status old = sotab.get(fd);
        if (old != null) {
            sotab.put(fd, new Status(old.cookie(), err, socketErr >= 0 ? socketErr : old.socketErr()));
        }
    }

    private Action before(Call call) {
        Filter f = filters.get(call.type());
        if (f == null) {
            return Action.proceed();
        }
        Action a = f.apply(call);
        if (a == null) {
            a = Action.proceed();
        }
        Duration d = a.delay();
        if (d != null && !d.isZero()) {
            sleep(d);
        }
        return a;
    }

    private static int after(Action a, Call call) {
        AfterFilter af = a.after();
        if (af == null) {
            return 0;
        }
        int e = af.apply(call);
        if (e < 0) {
            throw new IllegalStateException("AfterFilter returned " + e + "; return a positive errno or 0");
        }
        return e;
    }

    private static void sleep(Duration d) {
        long deadline = System.nanoTime() + saturatedNanos(d);
        boolean interrupted = false;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    static String familyString(int f) {
        return switch (f) {
            case Constants.AF_INET -> "inet4";
            case Constants.AF_INET6 -> "inet6";
            case 1 -> "local";
            default -> Integer.toString(f);
        };
    }

    static String typeString(int t) {
        return switch (t) {
            case Constants.SOCK_STREAM -> "stream";
            case Constants.SOCK_DGRAM -> "datagram";
            case Constants.SOCK_RAW -> "raw";
            case Constants.SOCK_SEQPACKET -> "seqpacket";
            default -> Integer.toString(t);
        };
    }

    static String protocolString(int p) {
        return switch (p) {
            case 0 -> "default";
            case Constants.IPPROTO_TCP -> "tcp";
            case Constants.IPPROTO_UDP -> "udp";
            default -> Integer.toString(p);
        };
    }

    static String errnoString(int e) {
        if (e == 0) {
            return "<nil>";
        }
        try {
            return Errno.of(e).name();
        } catch (RuntimeException unknown) {
            return "errno " + e;
        }
    }

    @Override
    public String toString() {
        return "SocketSwitch@" + Integer.toHexString(System.identityHashCode(this)) + sockets();
    }
}
