package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.AddrError;
import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.internal.Durations;
import dev.netdial.api.Errors;
import dev.netdial.api.NetException;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.UDPAddr;
import dev.netdial.api.UnixAddr;
import dev.netdial.api.UnknownNetworkError;
import dev.netdial.api.internal.NetErrors;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.resolver.Resolver;
import dev.netdial.udp.internal.UdpSockPosix;
import dev.netdial.unix.UnixNet;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One dial in progress: the Dialer's settings plus the network and address asked for.
 *
 * <p>Go: {@code src/net/dial.go} {@code sysDialer}.
 */
final class SysDialer {
    /** Go: {@code src/net/net.go} {@code errMissingAddress}. */
    static final String MISSING_ADDRESS = "missing address";
    /** Go: {@code src/net/ipsock.go} {@code errNoSuitableAddress}. */
    static final String NO_SUITABLE_ADDRESS = "no suitable address found";
    /** The least time a single address gets when several share a deadline. Go: {@code saneMinimum}. */
    static final Duration SANE_MINIMUM = Duration.ofSeconds(2);

    final Dialer d;
    final String network;
    final String address;
    /** This dial's trace and recording events. */
    final DialObserver obs;

    SysDialer(Dialer d, String network, String address) {
        this(d, network, address, DialObserver.of(d.trace()));
    }

    SysDialer(Dialer d, String network, String address, DialObserver obs) {
        this.d = d;
        this.network = network;
        this.address = address;
        this.obs = obs;
    }

    /**
     * Validates a network name: the TCP, UDP and Unix networks.
     *
     * <p>Go: {@code src/net/dial.go} {@code parseNetwork}.
     * <p>Differs: the raw IP networks ("ip", "ip4:icmp", ...) are unknown networks: netdial has no
     * raw sockets.
     */
    static String parseNetwork(String network) throws UnknownNetworkError {
        return switch (network) {
            case "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix", "unixgram", "unixpacket" -> network;
            default -> throw new UnknownNetworkError(network);
        };
    }

    /**
     * Resolves {@code addr} for a dial or listen to addresses of the network's type
     * ({@link TCPAddr}, {@link UDPAddr}; for the Unix networks the one {@link UnixAddr}, as Go's
     * {@code ResolveUnixAddr}); for a dial with a local address {@code hint}, the hint
     * must be of the same network, and only the addresses of its family are kept (a wildcard
     * hint keeps all).
     *
     * <p>Go: {@code src/net/dial.go} {@code (*Resolver).resolveAddrList}.
     */
    static List<Addr> resolveAddrList(Resolver r, Context ctx, String op, String network, String addr, Addr hint)
            throws IOException {
        return resolveAddrList(r, ctx, op, network, addr, hint, DialObserver.NONE);
    }

    /**
     * {@link #resolveAddrList(Resolver, Context, String, String, String, Addr)}, reporting a
     * name's lookup to {@code obs}.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*Resolver).resolveAddrList}.
     */
    static List<Addr> resolveAddrList(Resolver r, Context ctx, String op, String network, String addr, Addr hint,
            DialObserver obs) throws IOException {
        String afnet = parseNetwork(network);
        if (op.equals("dial") && addr.isEmpty()) {
            throw new NetException(MISSING_ADDRESS);
        }
        switch (afnet) {
            case "unix", "unixgram", "unixpacket" -> {
                UnixAddr ua = UnixAddr.resolveUnixAddr(afnet, addr);
                if (op.equals("dial") && hint != null && !ua.network().equals(hint.network())) {
                    throw new AddrError("mismatched local address type", hint.toString());
                }
                return List.of(ua);
            }
            default -> {
            }
        }
        List<Addr> addrs = IpSock.internetAddrList(r, ctx, afnet, addr, obs);
        if (!op.equals("dial") || hint == null) {
            return addrs;
        }
        InetAddress hintIP = IpSock.ipOf(hint);
        boolean wildcard = (hint instanceof TCPAddr || hint instanceof UDPAddr) && IpSockPosix.isWildcard(hint);
        List<Addr> naddrs = new ArrayList<>();
        for (Addr a : addrs) {
            if (!a.network().equals(hint.network())) {
                throw new AddrError("mismatched local address type", hint.toString());
            }
            if (!wildcard && !IpSockPosix.isWildcard(a) && !IpSock.matchAddrFamily(IpSock.ipOf(a), hintIP)) {
                continue;
            }
            naddrs.add(a);
        }
        if (naddrs.isEmpty()) {
            throw new AddrError(NO_SUITABLE_ADDRESS, hint.toString());
        }
        return naddrs;
    }

    /**
     * The deadline for one of {@code addrsRemaining} addresses: an equal share of the time left,
     * but at least {@link #SANE_MINIMUM} (taken from the addresses at the end of the list), and
     * never past {@code deadline}. Null deadline: none.
     *
     * <p>Go: {@code src/net/dial.go} {@code partialDeadline}.
     *
     * @throws NetException "i/o timeout" when no time is left
     */
    static Instant partialDeadline(Instant now, Instant deadline, int addrsRemaining) throws NetException {
        if (deadline == null) {
            return null;
        }
        Duration timeRemaining = Duration.between(now, deadline);
        if (timeRemaining.isNegative() || timeRemaining.isZero()) {
            throw Errors.errTimeout(); // Go's errTimeout: Is(context.DeadlineExceeded)
        }
        Duration timeout = timeRemaining.dividedBy(addrsRemaining);
        if (timeout.compareTo(SANE_MINIMUM) < 0) {
            timeout = timeRemaining.compareTo(SANE_MINIMUM) < 0 ? timeRemaining : SANE_MINIMUM;
        }
        return now.plus(timeout);
    }

    /**
     * One racer's outcome; {@code unexpected} is a RuntimeException or Error the racer threw,
     * which the dialing thread rethrows.
     *
     * <p>Go: {@code dialParallel}'s {@code dialResult}.
     */
    private record DialResult(Conn conn, IOException error, List<IOException> others, boolean primary,
            Throwable unexpected) {
    }

    /** Rethrows a racer's unexpected RuntimeException or Error in the dialing thread. */
    private static void rethrowUnexpected(DialResult r) {
        if (r.unexpected() instanceof RuntimeException re) {
            throw re;
        }
        if (r.unexpected() instanceof Error e) {
            throw e;
        }
    }

    /**
     * Races the primaries against the fallbacks, the fallbacks starting after the Dialer's
     * fallback delay or as soon as the primaries fail. Returns the first connection (closing any
     * later one), else the primaries' error.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*sysDialer).dialParallel}.
     * <p>Differs: racers are virtual threads; an interrupt of the caller cancels both racers and
     * the dial fails as they report it ("operation was canceled"), interrupt status kept. A
     * racer's unexpected RuntimeException or Error (a bug, where a Go goroutine's panic would
     * end the program) is rethrown to the caller as it is, and the other racer is cancelled.
     */
    Conn dialParallel(Context ctx, List<? extends Addr> primaries, List<? extends Addr> fallbacks) throws IOException {
        if (fallbacks.isEmpty()) {
            return dialSerial(ctx, primaries);
        }
        LinkedBlockingQueue<DialResult> results = new LinkedBlockingQueue<>();
        Object lock = new Object();
        boolean[] returned = {false};
        Context primaryCtx = ctx.withCancel();
        Context fallbackCtx = null;
        Conn winner = null;
        boolean interrupted = false;
        try {
            startRacer(primaryCtx, primaries, true, results, lock, returned);
            // Saturated: a delay of centuries waits "forever" (it may wrap, as nanoTime itself).
            long fallbackAt = System.nanoTime()
                    + Math.min(Durations.toNanosSaturated(d.fallbackDelay()), Durations.MAX_NANOS_FROM_NOW);
            DialResult primary = null;
            DialResult fallback = null;
            for (;;) {
                DialResult res;
                try {
                    if (fallbackCtx == null) {
                        long wait = fallbackAt - System.nanoTime();
                        res = wait > 0 ? results.poll(wait, TimeUnit.NANOSECONDS) : null;
                        if (res == null) {
                            obs.fallbackStart(network, fallbacks);
                            fallbackCtx = ctx.withCancel();
                            startRacer(fallbackCtx, fallbacks, false, results, lock, returned);
                            continue;
                        }
                    } else {
                        res = results.take();
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    primaryCtx.cancel();
                    if (fallbackCtx == null) {
                        return dialSerialResult(primaryCtx, results);
                    }
                    fallbackCtx.cancel();
                    continue;
                }
                rethrowUnexpected(res);
                if (res.error() == null) {
                    winner = res.conn();
                    return winner;
                }
                if (res.primary()) {
                    primary = res;
                } else {
                    fallback = res;
                }
                if (primary != null && fallback != null) {
                    throw withSuppressed(primary.error(), primary.others(), fallback);
                }
                if (res.primary() && fallbackCtx == null) {
                    fallbackAt = System.nanoTime(); // the primaries failed: start the fallbacks now
                }
            }
        } finally {
            primaryCtx.cancel();
            if (fallbackCtx != null) {
                fallbackCtx.cancel();
            }
            // Any racer finishing from now on closes its own conn; close the ones already queued.
            synchronized (lock) {
                returned[0] = true;
            }
            for (DialResult r; (r = results.poll()) != null;) {
                if (r.conn() != null && r.conn() != winner) {
                    r.conn().close();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * After an interrupt before the fallback started: the primary's outcome, uninterruptibly.
     *
     * <p>netdial's own: Go's {@code dialParallel} cannot be interrupted; this is the Java
     * interrupt path of its {@code Differs} line.
     */
    private static Conn dialSerialResult(Context canceled, LinkedBlockingQueue<DialResult> results) throws IOException {
        for (;;) {
            try {
                DialResult r = results.take();
                rethrowUnexpected(r);
                if (r.error() != null) {
                    throw withSuppressed(r.error(), r.others(), null);
                }
                // It connected before noticing the cancel; the caller asked to stop, so drop it.
                r.conn().close();
                throw NetErrors.mapErr(canceled.err());
            } catch (InterruptedException again) {
                // keep waiting: the racer is already cancelled and ends soon
            }
        }
    }

    /**
     * Starts one racer on a virtual thread: it dials {@code ras} in turn and reports to
     * {@code results}, or closes its conn when the race has already returned.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*sysDialer).dialParallel}, its {@code startRacer} closure.
     * <p>Differs: Go's racer sends to a channel the caller drains afterwards; here the racer
     * closes a late conn itself, under {@code lock}.
     */
    private void startRacer(Context rctx, List<? extends Addr> ras, boolean primary, LinkedBlockingQueue<DialResult> results,
            Object lock, boolean[] returned) {
        Thread.ofVirtual().name(primary ? "netdial-dial-primary" : "netdial-dial-fallback").start(() -> {
            Conn c = null;
            IOException err = null;
            List<IOException> others = new ArrayList<>(0);
            Throwable unexpected = null;
            try {
                c = dialSerial(rctx, ras, others);
            } catch (IOException e) {
                err = e;
            } catch (RuntimeException | Error e) {
                unexpected = e;
            }
            synchronized (lock) {
                if (!returned[0]) {
                    results.add(new DialResult(c, err, others, primary, unexpected));
                    return;
                }
            }
            if (unexpected != null) {
                // The dial already returned: the thread's uncaught-exception handler reports it.
                rethrowUnexpected(new DialResult(null, null, null, primary, unexpected));
            }
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // the loser's close error has no one to report to
                }
            }
        });
    }

    /**
     * The primaries' error for the caller: its own, with the primaries' other failures and the
     * fallback's (its error, then its others) attached as suppressed exceptions, in dial order.
     *
     * <p>netdial's own: Go returns the primary error alone.
     */
    private static IOException withSuppressed(IOException first, List<IOException> others, DialResult fallback) {
        if (others != null) {
            for (IOException e : others) {
                first.addSuppressed(e);
            }
        }
        if (fallback != null) {
            first.addSuppressed(fallback.error());
            for (IOException e : fallback.others()) {
                first.addSuppressed(e);
            }
        }
        return first;
    }

    /**
     * Dials each address in turn with its share of the deadline; returns the first connection or
     * throws the first address's error (the most relevant one, Go's), every later address's error
     * attached to it as a suppressed exception.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*sysDialer).dialSerial}.
     * <p>Differs: Go drops the later errors; here they stay reachable through
     * {@link Throwable#getSuppressed()}, each an {@code OpError} naming its address.
     */
    Conn dialSerial(Context ctx, List<? extends Addr> ras) throws IOException {
        return dialSerial(ctx, ras, null);
    }

    /**
     * {@link #dialSerial(Context, List)}; with {@code others} not null the later errors are
     * collected there instead of attached (a racer's, which {@link #dialParallel} attaches with
     * the other racer's).
     *
     * <p>Go: {@code src/net/dial.go} {@code (*sysDialer).dialSerial}.
     */
    private Conn dialSerial(Context ctx, List<? extends Addr> ras, List<IOException> others) throws IOException {
        List<IOException> later = others; // allocated on a second failure only, unless the racer gave one
        IOException firstErr = null;
        for (int i = 0; i < ras.size(); i++) {
            Addr ra = ras.get(i);
            if (ctx.isDone()) {
                OpError canceled = new OpError("dial", network, d.localAddr(), ra, NetErrors.mapErr(ctx.err()));
                if (firstErr != null) {
                    later = later != null ? later : new ArrayList<>(1);
                    later.add(0, firstErr);
                }
                throw others != null ? canceled : withSuppressed(canceled, later, null);
            }
            Context dialCtx = ctx;
            Instant deadline = ctx.deadline().orElse(null);
            if (deadline != null) {
                Instant partial;
                try {
                    partial = partialDeadline(Instant.now(), deadline, ras.size() - i);
                } catch (NetException timeout) {
                    if (firstErr == null) {
                        firstErr = new OpError("dial", network, d.localAddr(), ra, timeout);
                    }
                    break;
                }
                if (partial.isBefore(deadline)) {
                    dialCtx = ctx.withDeadline(partial);
                }
            }
            try {
                return dialSingle(dialCtx, ra);
            } catch (IOException e) {
                if (firstErr == null) {
                    firstErr = e;
                } else {
                    later = later != null ? later : new ArrayList<>(2);
                    later.add(e);
                }
            } finally {
                if (dialCtx != ctx) {
                    dialCtx.cancel();
                }
            }
        }
        if (firstErr == null) {
            firstErr = new OpError("dial", network, null, null, new NetException(MISSING_ADDRESS));
        }
        throw others != null ? firstErr : withSuppressed(firstErr, later, null);
    }

    /**
     * Dials one address by its type (TCP, UDP, Unix); every failure becomes
     * {@code OpError{"dial", network, local, ra}}. Reports the connect's start and end to the
     * trace.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*sysDialer).dialSingle}.
     */
    Conn dialSingle(Context ctx, Addr ra) throws IOException {
        obs.connectStart(network, ra);
        Conn c;
        try {
            c = dialSingleAddr(ctx, ra);
        } catch (IOException e) {
            obs.connectDone(network, ra, null, e);
            throw e;
        }
        obs.connectDone(network, ra, c.localAddr(), null);
        return c;
    }

    /** {@link #dialSingle} without its trace events. Go: {@code src/net/dial.go} {@code (*sysDialer).dialSingle}. */
    private Conn dialSingleAddr(Context ctx, Addr ra) throws IOException {
        Addr la = d.localAddr();
        if (ra instanceof UnixAddr ura) {
            // dial-unix's error is already Go's {"dial", network, la, ra, err}.
            return UnixNet.dialUnixContext(ctx, network, la instanceof UnixAddr u ? u : null, ura, d.unixControl());
        }
        try {
            switch (ra) {
                case TCPAddr tra -> {
                    TCPAddr tla = la instanceof TCPAddr t ? t : null;
                    if (d.multipathTCP()) {
                        return TcpSockPosix.dialMPTCP(this, ctx, tla, tra);
                    }
                    return TcpSockPosix.dialTCP(this, ctx, tla, tra);
                }
                case UDPAddr ura -> {
                    UDPAddr ula = la instanceof UDPAddr u ? u : null;
                    return UdpSockPosix.dialUDP(sockets(), ctx, network, ula, ura, d.sockControl());
                }
                default -> throw new AddrError("unexpected address type", address);
            }
        } catch (IOException e) {
            throw new OpError("dial", network, la, ra, e);
        }
    }

    /** The socket layer with this Dialer's test seams. Go: the package-level hooks {@code internetSocket} reads. */
    IpSockPosix sockets() {
        Hooks h = d.hooks();
        return IpSockPosix.withHooks(h.calls(), h.canceledDial());
    }
}
