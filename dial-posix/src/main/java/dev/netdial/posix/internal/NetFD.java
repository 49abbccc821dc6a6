package dev.netdial.posix.internal;

import dev.netdial.api.Addr;
import dev.netdial.api.Context;
import dev.netdial.api.Errno;
import dev.netdial.api.SyscallError;
import dev.netdial.api.internal.NetErrors;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * A network file descriptor: a {@link PollFD} plus what the net package knows of it (family,
 * socket type, network name, local and remote addresses).
 *
 * <p>Once it has its addresses (a connected, accepted or listening fd), a NetFD that becomes
 * unreachable without being closed is closed by a {@link Cleaner} action ({@link Finalizer}),
 * as Go closes a collected {@code netFD} from its finalizer; {@link #close()} deregisters it.
 * Methods that block keep the NetFD reachable until they return (a caller's last use of a conn
 * may be the read it waits in).
 *
 * <p>Go: {@code src/net/fd_posix.go} {@code netFD}, {@code src/net/fd_unix.go}.
 */
public final class NetFD {
    final PollFD pfd;
    final int family;
    final int sotype;
    final String net;
    /**
     * The test seam every syscall of this fd goes through (its PollFD's too); an accepted fd
     * inherits it. The one place it is held: connect and accept take it from here.
     */
    final SocketCalls calls;
    /** Run by the connect interrupter after it fired (tests; null in production). Go: {@code src/net/hook.go} {@code testHookCanceledDial}. */
    final Runnable testHookCanceledDial;
    private volatile boolean isConnected;
    private volatile Addr laddr;
    private volatile Addr raddr;
    /** The registered close-on-collection action, once {@link #setAddr} ran; null before. */
    private Finalizer finalizer;
    private Cleaner.Cleanable cleanable;

    /**
     * Wraps a socket fd, not yet registered with the poller (see {@code init}).
     *
     * <p>Go: {@code src/net/fd_unix.go} {@code newFD}.
     * <p>Differs: Go's syscall hooks are package variables; here the NetFD holds them, given once.
     */
    NetFD(int sysfd, int family, int sotype, String net, SocketCalls calls, Runnable testHookCanceledDial) {
        this.pfd = new PollFD(sysfd, calls, sotype);
        this.family = family;
        this.sotype = sotype;
        this.net = net;
        this.calls = calls;
        this.testHookCanceledDial = testHookCanceledDial;
    }

    public int family() {
        return family;
    }

    public int sotype() {
        return sotype;
    }

    public String net() {
        return net;
    }

    public PollFD pfd() {
        return pfd;
    }

    public Addr localAddr() {
        return laddr;
    }

    public Addr remoteAddr() {
        return raddr;
    }

    public boolean isConnected() {
        return isConnected;
    }

    void markConnected() {
        isConnected = true;
    }

    /**
     * Sets the addresses and registers the close-on-collection action (once).
     *
     * <p>Go: {@code src/net/fd_posix.go} {@code (*netFD).setAddr} ({@code runtime.SetFinalizer}).
     */
    void setAddr(Addr laddr, Addr raddr) {
        this.laddr = laddr;
        this.raddr = raddr;
        synchronized (this) {
            if (finalizer == null) {
                finalizer = new Finalizer(pfd, net, laddr, raddr);
                cleanable = Finalizer.CLEANER.register(this, finalizer);
            }
        }
    }

    /**
     * Closes the fd of a NetFD that was collected unclosed; logs the first such fd of the JVM at
     * DEBUG. It holds the {@link PollFD} (never the NetFD, which would keep it reachable), so the
     * close goes through the fd's {@link FDMutex} and can never touch a recycled fd number: a
     * PollFD already closed refuses a second close.
     *
     * <p>Go: {@code src/net/fd_posix.go} {@code (*netFD).setAddr}'s finalizer, {@code (*netFD).Close}.
     * <p>Differs: Go logs nothing; netdial says once, at DEBUG, that a conn was left for the
     * collector (a leak in the caller worth knowing of).
     */
    /**
     * netdial's one {@link Cleaner} (its daemon thread is {@code netdial-cleaner}), for the other
     * objects that own an fd (dial-unix's {@code OwnedFd}).
     *
     * <p>netdial's own.
     */
    public static Cleaner cleaner() {
        return Finalizer.CLEANER;
    }

    static final class Finalizer implements Runnable {
        /** netdial's one cleaner thread, a daemon that lives as long as the JVM. */
        static final Cleaner CLEANER = Cleaner.create(r -> {
            Thread t = new Thread(r, "netdial-cleaner");
            t.setDaemon(true);
            return t;
        });
        private static final AtomicBoolean LOGGED = new AtomicBoolean();

        private final PollFD pfd;
        private final String net;
        private final Addr laddr;
        private final Addr raddr;
        /** Set by an explicit close before it deregisters: the action then does nothing. */
        private volatile boolean disarmed;

        Finalizer(PollFD pfd, String net, Addr laddr, Addr raddr) {
            this.pfd = pfd;
            this.net = net;
            this.laddr = laddr;
            this.raddr = raddr;
        }

        /**
         * Closes the collected conn's fd, unless an explicit close came first.
         *
         * <p>Go: {@code src/net/fd_posix.go} the finalizer {@code setAddr} installs, which calls
         * {@code (*netFD).Close}.
         */
        @Override
        public void run() {
            if (disarmed) {
                return;
            }
            if (LOGGED.compareAndSet(false, true)) {
                LoggerFactory.getLogger(NetFD.class).debug(
                        "netdial: an unclosed {} conn ({} -> {}) was collected; its fd is closed now"
                                + " (later ones are not logged)", net, laddr, raddr);
            }
            try {
                pfd.close();
            } catch (IOException alreadyClosed) {
                // Closed meanwhile through another path: nothing left to do.
            }
        }
    }

    /**
     * The conversion of this fd's kernel addresses to {@link Addr}s, chosen by family and socket
     * type: TCP for IP streams, UDP for IP datagrams, {@code UnixAddr} of "unix", "unixgram" or
     * "unixpacket" for Unix sockets; null for any other (an address netdial has no type for).
     *
     * <p>Go: {@code src/net/fd_posix.go} {@code (*netFD).addrFunc}.
     */
    Function<Sockaddr, Addr> addrFunc() {
        switch (family) {
            case Constants.AF_INET, Constants.AF_INET6 -> {
                switch (sotype) {
                    case Constants.SOCK_STREAM -> {
                        return IpSockPosix::sockaddrToTCP;
                    }
                    case Constants.SOCK_DGRAM -> {
                        return IpSockPosix::sockaddrToUDP;
                    }
                    default -> {
                    }
                }
            }
            case Constants.AF_UNIX -> {
                if (sotype == Constants.SOCK_STREAM || sotype == Constants.SOCK_DGRAM
                        || sotype == Constants.SOCK_SEQPACKET) {
                    int t = sotype;
                    return sa -> UnixSockPosix.sockaddrToUnix(sa, t);
                }
            }
            default -> {
            }
        }
        return sa -> null;
    }

    /** Go: {@code src/net/fd_unix.go} {@code (*netFD).init}. */
    void init() throws IOException {
        pfd.init();
    }

    /**
     * The network name a Control hook sees: "tcp4"/"tcp6" for "tcp".
     *
     * <p>Go: {@code src/net/fd_posix.go} {@code (*netFD).ctrlNetwork}.
     */
    String ctrlNetwork() {
        switch (net) {
            case "unix", "unixgram", "unixpacket":
                return net;
            default:
                break;
        }
        char last = net.charAt(net.length() - 1);
        if (last == '4' || last == '6') {
            return net;
        }
        return family == Constants.AF_INET ? net + "4" : net + "6";
    }

    /** Go: {@code src/net/fd_posix.go} {@code (*netFD).name}. */
    String name() {
        String ls = laddr != null ? laddr.toString() : "";
        String rs = raddr != null ? raddr.toString() : "";
        return net + ":" + ls + "->" + rs;
    }

    /**
     * Connects to {@code ra}, waiting on the poller for a non-blocking connect to finish, honouring
     * the context's deadline and cancellation. Returns the peer address the kernel confirmed, or
     * null when connect completed at once.
     *
     * <p>Go: {@code src/net/fd_unix.go} {@code (*netFD).connect}.
     */
    Sockaddr connect(Context ctx, Sockaddr ra) throws IOException {
        int r = calls.connect(pfd.sysfd, ra);
        if (r == 0 || r == -Constants.EISCONN) {
            if (ctx.isDone()) {
                throw NetErrors.mapErr(ctx.err());
            }
            init();
            return null;
        }
        int errno = -r;
        if (errno != Constants.EINPROGRESS && errno != Constants.EALREADY && errno != Constants.EINTR) {
            throw new SyscallError("connect", Errno.of(errno));
        }
        init();
        Instant deadline = ctx.deadline().orElse(null);
        if (deadline != null) {
            pfd.setWriteDeadlineQuiet(deadline);
        }
        // The interrupter: when the context ends, expire the write deadline so waitWrite returns.
        // A context that can never end needs none (Go: only when ctx.Done() is not nil, which
        // here is every context but background()).
        CountDownLatch interrupted = null;
        BooleanSupplier stop = null;
        if (ctx != Context.background()) {
            CountDownLatch latch = new CountDownLatch(1);
            interrupted = latch;
            stop = ctx.afterFunc(() -> {
                pfd.expireWriteDeadline();
                if (testHookCanceledDial != null) {
                    testHookCanceledDial.run();
                }
                latch.countDown();
            });
        }
        Sockaddr result = null;
        IOException failure = null;
        try {
            result = connectWait(ctx);
        } catch (IOException e) {
            failure = e;
        }
        if (stop != null && !stop.getAsBoolean()) {
            // The interrupter ran or is running: wait for it. If connect had already succeeded,
            // the fd's write deadline is now poisoned, so fail the dial (go.dev/issue/16523).
            awaitUninterruptibly(interrupted);
            if (failure == null) {
                failure = NetErrors.mapErr(ctx.err());
            }
        }
        if (deadline != null && failure == null) {
            pfd.clearWriteDeadline();
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /**
     * Waits for a non-blocking connect to finish and returns the confirmed peer (null after
     * EISCONN); a context that ends meanwhile turns the poller's error into the context's.
     *
     * <p>Go: {@code src/net/fd_unix.go} {@code (*netFD).connect}, its {@code for} loop around {@code fd.pfd.WaitWrite}.
     * <p>Differs: looks at SO_ERROR once before the first wait (see the comment inside).
     */
    private Sockaddr connectWait(Context ctx) throws IOException {
        Sockaddr[] peer = new Sockaddr[1];
        // Differs: Go waits on the poller before its first look. A loopback connect (and any
        // refused one) has usually finished inside connect(2) already, so netdial looks first
        // and saves a poller round trip, which matters most to virtual threads.
        for (boolean first = true;; first = false) {
            if (!first) {
                // Repeated connect calls on a non-blocking socket do not reliably report the
                // outcome; once writable, SO_ERROR does (go.dev/issue/7474).
                try {
                    pfd.waitWrite();
                } catch (IOException e) {
                    if (ctx.isDone()) {
                        throw NetErrors.mapErr(ctx.err());
                    }
                    throw e;
                }
            }
            if (connectFinished(peer)) {
                return peer[0];
            }
        }
    }

    /**
     * Whether a non-blocking connect has finished: true with the confirmed peer in
     * {@code peer[0]} (null when the kernel said EISCONN), false while it is still in progress;
     * a failed connect throws its error.
     *
     * <p>Go: {@code src/net/fd_unix.go} {@code (*netFD).connect}, the body of its wait loop.
     */
    private boolean connectFinished(Sockaddr[] peer) throws IOException {
        int[] value = new int[1];
        int r = calls.getsockoptInt(pfd.sysfd, Constants.SOL_SOCKET, Constants.SO_ERROR, value);
        if (r < 0) {
            throw new SyscallError("getsockopt", Errno.of(-r));
        }
        int nerr = value[0];
        if (nerr == Constants.EINPROGRESS || nerr == Constants.EALREADY || nerr == Constants.EINTR) {
            return false;
        }
        if (nerr == Constants.EISCONN) {
            peer[0] = null;
            return true;
        }
        if (nerr == 0) {
            // Writability can be reported before the handshake is done (go.dev/issue/14548,
            // 19289): only getpeername confirms the connection.
            return LibC.getpeername(pfd.sysfd, peer) == 0;
        }
        throw new SyscallError("connect", Errno.of(nerr));
    }

    /**
     * Waits for the interrupter to finish, keeping the thread's interrupt status.
     *
     * <p>Go: {@code src/net/fd_unix.go} {@code (*netFD).connect}, its {@code <-interruptRes}.
     * <p>Differs: a Java wait can be interrupted; Go's channel receive cannot, so this one retries.
     */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean wasInterrupted = false;
        for (;;) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                wasInterrupted = true;
            }
        }
        if (wasInterrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Accepts a connection and wraps it as a registered NetFD with its addresses; it goes through
     * this listener's syscall seam.
     *
     * <p>Go: {@code src/net/fd_unix.go} {@code (*netFD).accept}.
     */
    public NetFD accept() throws IOException {
        Sockaddr[] rsa = new Sockaddr[1];
        int s;
        try {
            s = pfd.accept(rsa);
        } finally {
            Reference.reachabilityFence(this);
        }
        NetFD nfd = new NetFD(s, family, sotype, net, calls, testHookCanceledDial);
        try {
            nfd.init();
        } catch (IOException e) {
            nfd.close();
            throw e;
        }
        Sockaddr lsa = LibC.getsockname(s);
        Function<Sockaddr, Addr> toAddr = nfd.addrFunc();
        nfd.setAddr(toAddr.apply(lsa), toAddr.apply(rsa[0]));
        nfd.isConnected = true;
        return nfd;
    }

    /**
     * Closes the fd, first deregistering the close-on-collection action.
     *
     * <p>Go: {@code src/net/fd_posix.go} {@code (*netFD).Close}.
     */
    public void close() throws IOException {
        Finalizer f;
        Cleaner.Cleanable c;
        synchronized (this) {
            f = finalizer;
            c = cleanable;
        }
        if (f != null) {
            f.disarmed = true;
            c.clean();
        }
        pfd.close();
    }

    /**
     * A close-on-exec duplicate of the fd, which the caller owns and closes; this NetFD is
     * unaffected. Failures are {@code SyscallError("fcntl", …)}.
     *
     * <p>Go: {@code src/net/fd_unix.go} {@code (*netFD).dup}, {@code src/internal/poll/fd_unix.go}
     * {@code (*FD).Dup}, {@code DupCloseOnExec}.
     * <p>Differs: returns the bare fd; the caller wraps it (Go's {@code newUnixFile}).
     */
    public int dup() throws IOException {
        pfd.incref();
        try {
            int r = LibC.fcntl(pfd.sysfd, Constants.F_DUPFD_CLOEXEC, 0);
            if (r < 0) {
                throw new SyscallError("fcntl", Errno.of(-r));
            }
            return r;
        } finally {
            pfd.decref();
            Reference.reachabilityFence(this);
        }
    }

    /**
     * A registered NetFD on a close-on-exec, non-blocking duplicate of socket {@code f} (which
     * stays the caller's): its socket type from SO_TYPE, its family from its local address, its
     * network from that address's; only IP and Unix sockets are taken (else EPROTONOSUPPORT).
     *
     * <p>Go: {@code src/net/file_unix.go} {@code newFileFD}, {@code dupSocket}.
     */
    public static NetFD newFileFD(int f) throws IOException {
        int s = LibC.fcntl(f, Constants.F_DUPFD_CLOEXEC, 0);
        if (s < 0) {
            throw new SyscallError("fcntl", Errno.of(-s));
        }
        int fl = LibC.fcntl(s, Constants.F_GETFL, 0);
        if (fl < 0 || (fl = LibC.fcntl(s, Constants.F_SETFL, fl | Constants.O_NONBLOCK)) < 0) {
            LibC.close(s);
            throw new SyscallError("setnonblock", Errno.of(-fl));
        }
        int[] sotype = new int[1];
        int r = LibC.getsockoptInt(s, Constants.SOL_SOCKET, Constants.SO_TYPE, sotype);
        if (r < 0) {
            LibC.close(s);
            throw new SyscallError("getsockopt", Errno.of(-r));
        }
        Sockaddr lsa = LibC.getsockname(s);
        Sockaddr[] rsa = new Sockaddr[1];
        LibC.getpeername(s, rsa);
        if (lsa == null) {
            LibC.close(s);
            throw new dev.netdial.api.NetException(Errno.EPROTONOSUPPORT.message()); // Go: syscall.EPROTONOSUPPORT
        }
        int family = lsa.family();
        // Go names the fd's network after its local address (laddr.Network()); the same name
        // follows from the family and socket type.
        String net = family == Constants.AF_UNIX ? UnixSockPosix.sotypeToNet(sotype[0])
                : sotype[0] == Constants.SOCK_DGRAM ? "udp" : "tcp";
        NetFD fd = new NetFD(s, family, sotype[0], net, SocketCalls.system(), null);
        fd.init();
        Function<Sockaddr, Addr> toAddr = fd.addrFunc();
        fd.setAddr(toAddr.apply(lsa), toAddr.apply(rsa[0]));
        return fd;
    }

    /** Go: {@code src/net/fd_posix.go} {@code (*netFD).shutdown}. */
    public void shutdown(int how) throws IOException {
        pfd.shutdown(how);
    }

    /** Go: {@code src/net/fd_posix.go} {@code (*netFD).closeRead}. */
    public void closeRead() throws IOException {
        shutdown(Constants.SHUT_RD);
    }

    /** Go: {@code src/net/fd_posix.go} {@code (*netFD).closeWrite}. */
    public void closeWrite() throws IOException {
        shutdown(Constants.SHUT_WR);
    }

    /** Go: {@code src/net/fd_posix.go} {@code (*netFD).Read}; -1 at end of stream. */
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return pfd.read(b, off, len);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public int read(ByteBuffer dst) throws IOException {
        try {
            return pfd.read(dst);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Go: {@code src/net/fd_posix.go} {@code (*netFD).Write}; writes all of it. */
    public int write(byte[] b, int off, int len) throws IOException {
        return write(b, off, len, null);
    }

    /**
     * As {@link #write(byte[], int, int)}; {@code written[0]} (when not null) holds the bytes the
     * kernel has taken, also when this throws (Go's {@code n} beside {@code err}).
     *
     * <p>Go: {@code src/net/fd_posix.go} {@code (*netFD).Write}.
     */
    public int write(byte[] b, int off, int len, int[] written) throws IOException {
        try {
            return pfd.write(b, off, len, written);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public int write(ByteBuffer src) throws IOException {
        return write(src, null);
    }

    /** As {@link #write(ByteBuffer)}, counting into {@code written[0]} as {@link #write(byte[], int, int, int[])}. */
    public int write(ByteBuffer src, int[] written) throws IOException {
        try {
            return pfd.write(src, written);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Reads one datagram; its sender in {@code from[0]} (null when none). 0 is an empty datagram.
     *
     * <p>Go: {@code src/net/fd_posix.go} {@code (*netFD).readFrom}.
     */
    public int readFrom(byte[] b, int off, int len, Sockaddr[] from) throws IOException {
        try {
            return pfd.readFrom(b, off, len, from);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Go: {@code src/net/fd_posix.go} {@code (*netFD).readMsg}. */
    public PollFD.Msg readMsg(byte[] b, int off, int len, byte[] oob, int ooff, int olen, int flags) throws IOException {
        try {
            return pfd.readMsg(b, off, len, oob, ooff, olen, flags);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Go: {@code src/net/fd_posix.go} {@code (*netFD).writeTo}. */
    public int writeTo(byte[] b, int off, int len, Sockaddr sa) throws IOException {
        try {
            return pfd.writeTo(b, off, len, sa);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Go: {@code src/net/fd_posix.go} {@code (*netFD).writeMsg}; returns the payload bytes sent. */
    public int writeMsg(byte[] b, int off, int len, byte[] oob, int ooff, int olen, Sockaddr sa) throws IOException {
        try {
            return pfd.writeMsg(b, off, len, oob, ooff, olen, sa);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Go: {@code src/net/fd_posix.go} {@code (*netFD).SetDeadline}. */
    public void setDeadline(Instant t) throws IOException {
        pfd.setDeadline(t, true, true);
    }

    /** Go: {@code src/net/fd_posix.go} {@code (*netFD).SetReadDeadline}. */
    public void setReadDeadline(Instant t) throws IOException {
        pfd.setDeadline(t, true, false);
    }

    /** Go: {@code src/net/fd_posix.go} {@code (*netFD).SetWriteDeadline}. */
    public void setWriteDeadline(Instant t) throws IOException {
        pfd.setDeadline(t, false, true);
    }

    /** The fd's raw-access view. Go: {@code src/net/rawconn.go} {@code newRawConn}. */
    public NetRawConn rawConn() {
        return new NetRawConn(this);
    }

    @Override
    public String toString() {
        return "NetFD(" + pfd.sysfd + " " + name() + ")";
    }
}
