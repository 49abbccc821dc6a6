package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.AddrError;
import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.Errors;
import dev.netdial.api.HostPort;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.internal.NetErrors;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.resolver.Resolver;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One "tcp" dial by Happy Eyeballs version 2 (RFC 8305), chosen with
 * {@link Dialer.Builder#happyEyeballs}({@link HappyEyeballs#RFC8305}).
 *
 * <ul>
 * <li>Resolution (RFC 8305 section 3): the AAAA and A lookups of a host name run at once, each
 * on its own virtual thread under a child of the dial's context. Connecting starts as soon as
 * AAAA answers with addresses; when A answers first, after the resolution delay (50 ms) or as
 * soon as AAAA answers, whichever is first; when AAAA fails, as soon as A answers.</li>
 * <li>Sorting (section 4): each family's list keeps the resolver's RFC 6724 order; attempts
 * alternate between the families, IPv6 first. An answer that comes after connecting started
 * joins the addresses not yet tried, alternation going on from where it is.</li>
 * <li>Attempts (section 5): a new attempt starts every connection attempt delay (250 ms by
 * default, clamped to 10 ms .. 2 s, {@link Dialer#connectionAttemptDelay()}) while earlier ones
 * stay in flight, and at once when an attempt fails. The first connection wins; every other
 * attempt and any lookup still running are cancelled, and a conn completing after that is
 * closed by its own attempt thread.</li>
 * <li>The dial's context (with the Dialer's timeout and deadline) bounds the whole; each attempt
 * gets all of it.</li>
 * </ul>
 * An IP literal (or an empty host) needs no lookup, and a non-wildcard {@code localAddr} keeps
 * only one family: those addresses come from {@link SysDialer#resolveAddrList} as in Go's path,
 * and only the attempts race.
 *
 * <p>netdial's own: Go implements RFC 6555 only ({@code src/net/dial.go}
 * {@code (*sysDialer).dialParallel}). Where it can, this follows Go: the port and the address
 * checks are Go's ({@code (*Resolver).internetAddrList}, {@code (*Resolver).resolveAddrList}),
 * each attempt is {@link SysDialer#dialSingle}, and when all fail the error is the one Go's
 * {@code dialSerial} keeps: the first attempted address's (the others are attached with
 * {@link Throwable#addSuppressed}). Go's {@code partialDeadline} is not used: attempts overlap.
 * <p>Differs: as in {@link SysDialer#dialParallel}, an interrupt of the caller cancels the dial,
 * which fails as cancelled with the interrupt status kept, and an attempt's or lookup's
 * RuntimeException or Error is rethrown to the caller.
 */
final class HappyEyeballsV2 {
    /** RFC 8305 section 3: how long an A answer waits for the AAAA one. */
    static final Duration RESOLUTION_DELAY = Duration.ofMillis(50);
    /** RFC 8305 section 5: the default time between the starts of two attempts. */
    static final Duration DEFAULT_CONNECTION_ATTEMPT_DELAY = Duration.ofMillis(250);
    /** RFC 8305 section 5's minimum (10 ms); the lower clamp. */
    static final Duration MIN_CONNECTION_ATTEMPT_DELAY = Duration.ofMillis(10);
    /** The upper clamp: RFC 8305 section 5 suggests at most 2 s. */
    static final Duration MAX_CONNECTION_ATTEMPT_DELAY = Duration.ofSeconds(2);

    /** A lookup's answer: the addresses of one family, or its error. */
    private record Answer(boolean ipv6, List<Addr> addrs, IOException error, Throwable unexpected) {
    }

    /** An attempt's outcome ({@code index} in {@link #started}). */
    private record Outcome(int index, Conn conn, IOException error, Throwable unexpected) {
    }

    /** One started attempt: its address and, once failed, its error. */
    private static final class Attempt {
        final Addr ra;
        IOException error;

        Attempt(Addr ra) {
            this.ra = ra;
        }
    }

    private final SysDialer sd;
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    /** Set when the dial has returned: from then on, attempts close their own conns. Guarded by {@link #lock}. */
    private boolean returned;

    // The rest is touched by the dialing thread only.
    private final ArrayDeque<Addr> pending6 = new ArrayDeque<>();
    private final ArrayDeque<Addr> pending4 = new ArrayDeque<>();
    private final List<Attempt> started = new ArrayList<>();
    private boolean nextIs6 = true;
    private int lookupsInFlight;
    private int attemptsInFlight;
    private boolean aaaaDone;
    private boolean aDone;
    private long aAnsweredAt;
    private IOException lookupErr6;
    private IOException lookupErr4;
    private boolean connecting;
    /** When the next attempt may start (System.nanoTime), once connecting. */
    private long nextAttemptAt;
    /** The name being looked up, or null. */
    private String host;

    HappyEyeballsV2(SysDialer sd) {
        this.sd = sd;
    }

    /**
     * The connection attempt delay to use for {@code raw} as set: null or zero is the default
     * 250 ms; anything else is clamped to 10 ms .. 2 s (a negative value gives 10 ms).
     */
    static Duration connectionAttemptDelay(Duration raw) {
        if (raw == null || raw.isZero()) {
            return DEFAULT_CONNECTION_ATTEMPT_DELAY;
        }
        if (raw.compareTo(MIN_CONNECTION_ATTEMPT_DELAY) < 0) {
            return MIN_CONNECTION_ATTEMPT_DELAY;
        }
        return raw.compareTo(MAX_CONNECTION_ATTEMPT_DELAY) > 0 ? MAX_CONNECTION_ATTEMPT_DELAY : raw;
    }

    /**
     * Resolves and connects; errors are Go's: resolution failures are
     * {@code OpError{"dial", "tcp", nil, nil, err}}, connect failures the first attempt's.
     */
    Conn dial(Context ctx) throws IOException {
        Resolver r = sd.d.resolver();
        host = hostToRace();
        Context dctx = ctx.withCancel();
        try {
            if (host == null) {
                List<Addr> addrs;
                try {
                    addrs = SysDialer.resolveAddrList(r, ctx, "dial", sd.network, sd.address, sd.d.localAddr(), sd.obs);
                } catch (IOException e) {
                    throw new OpError("dial", sd.network, null, null, e);
                }
                for (Addr a : addrs) {
                    (IpSock.isIPv4(a) ? pending4 : pending6).add(a);
                }
                aaaaDone = true;
                aDone = true;
            } else {
                int port;
                try {
                    port = r.lookupPort(ctx, sd.network, HostPort.split(sd.address).port());
                } catch (IOException e) {
                    throw new OpError("dial", sd.network, null, null, e);
                }
                sd.obs.lookupStart("ip6", host);
                sd.obs.lookupStart("ip4", host);
                startLookup(r, dctx, true, host, port);
                startLookup(r, dctx, false, host, port);
            }
            return race(dctx);
        } finally {
            dctx.cancel();
            synchronized (lock) {
                returned = true;
            }
            // Attempts ending from now on close their own conns; close those already queued
            // (the winner has been taken off the queue).
            for (Object ev; (ev = events.poll()) != null;) {
                if (ev instanceof Outcome o && o.conn() != null) {
                    closeQuietly(o.conn());
                }
            }
        }
    }

    /**
     * The host name whose two lookups race, or null when there is none to race: an empty or
     * malformed address, an empty host or an IP literal, or a {@code localAddr} that is not a
     * wildcard TCP address (it keeps one family, or fails Go's type check).
     */
    private String hostToRace() {
        Addr hint = sd.d.localAddr();
        if (hint != null && !(hint instanceof TCPAddr && IpSockPosix.isWildcard(hint))) {
            return null;
        }
        if (sd.address.isEmpty()) {
            return null;
        }
        String host;
        try {
            host = HostPort.split(sd.address).host();
        } catch (AddrError e) {
            return null; // resolveAddrList reports it as Go does
        }
        return host.isEmpty() || IpSock.parseIPZone(host) != null ? null : host;
    }

    /** Starts the lookup of one family of {@code host} on a virtual thread. */
    private void startLookup(Resolver r, Context dctx, boolean ipv6, String host, int port) {
        String family = ipv6 ? "ip6" : "ip4";
        lookupsInFlight++;
        Thread.ofVirtual().name("netdial-he2-lookup-" + family).start(() -> {
            List<InetAddress> ips = null;
            IOException err = null;
            Throwable unexpected = null;
            try {
                ips = r.lookupIP(dctx, family, host);
            } catch (IOException e) {
                err = e;
            } catch (RuntimeException | Error e) {
                unexpected = e;
            }
            sd.obs.lookupDone(family, host, ips, err);
            List<Addr> addrs = new ArrayList<>();
            if (ips != null) {
                for (InetAddress ip : ips) {
                    addrs.add(new TCPAddr(ip, port, IpSock.zoneOf(ip)));
                }
            }
            post(new Answer(ipv6, addrs, err, unexpected), null);
        });
    }

    /** Starts one connection attempt to {@code ra} on a virtual thread. */
    private void startAttempt(Context dctx, Addr ra) {
        int index = started.size();
        started.add(new Attempt(ra));
        attemptsInFlight++;
        Thread.ofVirtual().name("netdial-he2-attempt").start(() -> {
            Conn c = null;
            IOException err = null;
            Throwable unexpected = null;
            try {
                c = sd.dialSingle(dctx, ra);
            } catch (IOException e) {
                err = e;
            } catch (RuntimeException | Error e) {
                unexpected = e;
            }
            post(new Outcome(index, c, err, unexpected), c);
        });
    }

    /**
     * Hands an event to the dialing thread, or, when the dial has returned, closes {@code conn}
     * and lets the thread's uncaught-exception handler report an unexpected throwable.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*sysDialer).dialParallel}, its {@code startRacer}
     * (see {@link SysDialer#dialParallel}'s racers for the same hand-off).
     */
    private void post(Object event, Conn conn) {
        synchronized (lock) {
            if (!returned) {
                events.add(event);
                return;
            }
        }
        if (conn != null) {
            closeQuietly(conn);
        }
        Throwable t = event instanceof Outcome o ? o.unexpected() : ((Answer) event).unexpected();
        rethrow(t);
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    private static void closeQuietly(Conn c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // a loser's close error has no one to report to
        }
    }

    private boolean hasPending() {
        return !pending6.isEmpty() || !pending4.isEmpty();
    }

    /** The next address in the interleaved order (RFC 8305 section 4), removed from its list. */
    private Addr nextAddr() {
        boolean six = nextIs6 ? !pending6.isEmpty() : pending4.isEmpty();
        nextIs6 = !six;
        return six ? pending6.poll() : pending4.poll();
    }

    /** The address the next attempt would go to, or null. */
    private Addr peekAddr() {
        boolean six = nextIs6 ? !pending6.isEmpty() : pending4.isEmpty();
        return six ? pending6.peek() : pending4.peek();
    }

    /** RFC 8305 section 3: whether the answers so far let connecting start at {@code now}. */
    private boolean mayStartConnecting(long now) {
        if (!pending6.isEmpty()) {
            return true; // a positive AAAA answer: at once
        }
        if (pending4.isEmpty()) {
            return false;
        }
        return aaaaDone || now - (aAnsweredAt + RESOLUTION_DELAY.toNanos()) >= 0;
    }

    /** The dial's event loop: lookups' answers and attempts' outcomes in, attempts out. */
    private Conn race(Context dctx) throws IOException {
        long delay = sd.d.connectionAttemptDelay().toNanos();
        boolean interrupted = false;
        try {
            for (;;) {
                long now = System.nanoTime();
                if (!connecting && mayStartConnecting(now)) {
                    connecting = true;
                    nextAttemptAt = now;
                }
                if (connecting && hasPending() && !dctx.isDone() && now - nextAttemptAt >= 0) {
                    startAttempt(dctx, nextAddr());
                    nextAttemptAt = now + delay;
                    continue;
                }
                if (attemptsInFlight == 0 && lookupsInFlight == 0 && (!hasPending() || dctx.isDone())) {
                    throw failure(dctx);
                }
                long wakeAt;
                boolean timed = false;
                if (!connecting && aDone && !pending4.isEmpty()) {
                    wakeAt = aAnsweredAt + RESOLUTION_DELAY.toNanos();
                    timed = true;
                } else if (connecting && hasPending() && !dctx.isDone()) {
                    wakeAt = nextAttemptAt;
                    timed = true;
                } else {
                    wakeAt = 0;
                }
                Object ev;
                try {
                    ev = timed ? events.poll(wakeAt - now, TimeUnit.NANOSECONDS) : events.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                    dctx.cancel();
                    continue;
                }
                if (ev == null) {
                    continue;
                }
                Conn won = handle(ev, interrupted);
                if (won != null) {
                    return won;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Takes in one event; returns the winning conn, if this event is one. */
    private Conn handle(Object ev, boolean interrupted) {
        switch (ev) {
            case Answer a -> {
                lookupsInFlight--;
                rethrow(a.unexpected());
                if (a.ipv6()) {
                    aaaaDone = true;
                    lookupErr6 = a.error();
                    pending6.addAll(a.addrs());
                } else {
                    aDone = true;
                    aAnsweredAt = System.nanoTime();
                    lookupErr4 = a.error();
                    pending4.addAll(a.addrs());
                }
                return null;
            }
            case Outcome o -> {
                attemptsInFlight--;
                rethrow(o.unexpected());
                Attempt at = started.get(o.index());
                if (o.error() == null) {
                    if (!interrupted) {
                        return o.conn();
                    }
                    // Connected before it saw the cancel; the caller asked to stop, so drop it.
                    closeQuietly(o.conn());
                    at.error = new OpError("dial", sd.network, sd.d.localAddr(), at.ra, Errors.canceled());
                    return null;
                }
                at.error = o.error();
                nextAttemptAt = System.nanoTime(); // RFC 8305 section 5: a failure starts the next at once
                return null;
            }
            default -> throw new AssertionError(ev);
        }
    }

    /**
     * The dial's error once nothing is left to try: the first attempt's error with the others
     * suppressed; with no attempt, the context's end at the first address (as Go's
     * {@code dialSerial}) or the lookups' error.
     */
    private IOException failure(Context dctx) {
        if (!started.isEmpty()) {
            IOException first = started.get(0).error;
            for (int i = 1; i < started.size(); i++) {
                first.addSuppressed(started.get(i).error);
            }
            return first;
        }
        Addr ra = peekAddr();
        if (ra != null) {
            return new OpError("dial", sd.network, sd.d.localAddr(), ra, NetErrors.mapErr(dctx.err()));
        }
        return new OpError("dial", sd.network, null, null, lookupError());
    }

    /**
     * The error of a name neither lookup found: a family that merely has no address ("no
     * suitable address found") gives way to the other's error; else the A lookup's, A being
     * the first query of Go's combined lookup.
     */
    private IOException lookupError() {
        if (lookupErr4 == null) {
            return lookupErr6 != null ? lookupErr6 : new AddrError(SysDialer.NO_SUITABLE_ADDRESS, host);
        }
        if (lookupErr6 == null) {
            return lookupErr4;
        }
        if (isNoSuitable(lookupErr4) && !isNoSuitable(lookupErr6)) {
            return lookupErr6;
        }
        return lookupErr4;
    }

    private static boolean isNoSuitable(IOException e) {
        return e instanceof AddrError ae && SysDialer.NO_SUITABLE_ADDRESS.equals(ae.err());
    }
}
