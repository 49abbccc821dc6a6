package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.internal.Durations;
import dev.netdial.api.KeepAliveConfig;
import dev.netdial.api.NetException;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.UDPAddr;
import dev.netdial.api.UnixAddr;
import dev.netdial.api.UnknownNetworkError;
import dev.netdial.posix.internal.SockControl;
import dev.netdial.resolver.Resolver;
import dev.netdial.udp.UDPConn;
import dev.netdial.udp.internal.UdpSockPosix;
import dev.netdial.unix.UnixConn;
import dev.netdial.unix.UnixControl;
import dev.netdial.unix.UnixNet;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Options for connecting to an address; immutable and safe to share between threads.
 * {@code new Dialer()} is Go's zero Dialer: no timeout, Happy Eyeballs after 300 ms,
 * keep-alive on (15 s / 15 s / 9), the default resolver, and {@link SelfConnectPolicy#REFUSE}.
 *
 * <pre>{@code
 * try (Conn c = new Dialer().dial("tcp", "example.com:80")) { ... }
 * }</pre>
 *
 * <p>Go: {@code src/net/dial.go} {@code Dialer}.
 */
public final class Dialer {
    /** Go's default {@code FallbackDelay}. */
    static final Duration DEFAULT_FALLBACK_DELAY = Duration.ofMillis(300);

    private final Duration timeout;
    private final Instant deadline;
    private final Addr localAddr;
    private final Duration fallbackDelay;
    private final Duration keepAlive;
    private final KeepAliveConfig keepAliveConfig;
    private final Resolver resolver;
    private final Control control;
    private final ControlContext controlContext;
    private final boolean multipathTCP;
    private final SelfConnectPolicy selfConnectPolicy;
    private final DialTrace trace;
    private final HappyEyeballs happyEyeballs;
    private final Duration connectionAttemptDelay;
    private final Duration userTimeout;
    private final Hooks hooks;

    /** The zero Dialer: Go's defaults everywhere. */
    public Dialer() {
        this(new Builder());
    }

    /** A Dialer with the builder's settings. netdial's own: a Go {@code Dialer} is a struct literal. */
    private Dialer(Builder b) {
        this.timeout = b.timeout;
        this.deadline = b.deadline;
        this.localAddr = b.localAddr;
        this.fallbackDelay = b.fallbackDelay;
        this.keepAlive = b.keepAlive;
        this.keepAliveConfig = b.keepAliveConfig;
        this.resolver = b.resolver;
        this.control = b.control;
        this.controlContext = b.controlContext;
        this.multipathTCP = b.multipathTCP;
        this.selfConnectPolicy = b.selfConnectPolicy;
        this.trace = b.trace;
        this.happyEyeballs = b.happyEyeballs;
        this.connectionAttemptDelay = b.connectionAttemptDelay;
        this.userTimeout = b.userTimeout;
        this.hooks = b.hooks;
    }

    /** A builder starting from the zero Dialer. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this Dialer's settings.
     *
     * <p>netdial's own: a Go {@code Dialer} is a struct, copied by value ({@code d2 := *d}).
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.timeout = timeout;
        b.deadline = deadline;
        b.localAddr = localAddr;
        b.fallbackDelay = fallbackDelay;
        b.keepAlive = keepAlive;
        b.keepAliveConfig = keepAliveConfig;
        b.resolver = resolver;
        b.control = control;
        b.controlContext = controlContext;
        b.multipathTCP = multipathTCP;
        b.selfConnectPolicy = selfConnectPolicy;
        b.trace = trace;
        b.happyEyeballs = happyEyeballs;
        b.connectionAttemptDelay = connectionAttemptDelay;
        b.userTimeout = userTimeout;
        b.hooks = hooks;
        return b;
    }

    /**
     * Builds a {@link Dialer}. Null, or a field left unset, keeps Go's zero value.
     *
     * <p>Go: the fields of {@code src/net/dial.go} {@code Dialer}.
     */
    public static final class Builder {
        private Duration timeout;
        private Instant deadline;
        private Addr localAddr;
        private Duration fallbackDelay;
        private Duration keepAlive;
        private KeepAliveConfig keepAliveConfig;
        private Resolver resolver;
        private Control control;
        private ControlContext controlContext;
        private boolean multipathTCP;
        private SelfConnectPolicy selfConnectPolicy = SelfConnectPolicy.REFUSE;
        private DialTrace trace;
        private HappyEyeballs happyEyeballs = HappyEyeballs.RFC6555;
        private Duration connectionAttemptDelay;
        private Duration userTimeout;
        private Hooks hooks = Hooks.NONE;

        private Builder() {
        }

        /** Most time a dial may take, resolution included: null or zero = none, negative = already expired. */
        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        /** Instant after which dials fail; null = none. */
        public Builder deadline(Instant t) {
            this.deadline = t;
            return this;
        }

        /** The local address to dial from; null = chosen by the kernel. Its port, when not 0, is used as is. */
        public Builder localAddr(Addr a) {
            this.localAddr = a;
            return this;
        }

        /** Head start of the primary family: null or zero = 300 ms, negative = no IPv4/IPv6 race. */
        public Builder fallbackDelay(Duration d) {
            this.fallbackDelay = d;
            return this;
        }

        /** Keep-alive idle time: null or zero = on with Go's defaults, negative = off. */
        public Builder keepAlive(Duration d) {
            this.keepAlive = d;
            return this;
        }

        /** Full keep-alive settings; used when {@code enable} is true (then {@link #keepAlive} is ignored). */
        public Builder keepAliveConfig(KeepAliveConfig c) {
            this.keepAliveConfig = c;
            return this;
        }

        /** The resolver for host names; null = {@link Resolver#defaultResolver()}. */
        public Builder resolver(Resolver r) {
            this.resolver = r;
            return this;
        }

        /** A hook run on each socket before connect; ignored when a {@link #controlContext} is set. */
        public Builder control(Control c) {
            this.control = c;
            return this;
        }

        /** A hook run on each socket before connect, with the dial's context. */
        public Builder controlContext(ControlContext c) {
            this.controlContext = c;
            return this;
        }

        /** Use Multipath TCP when the kernel has it (Go's default for dialers: off). */
        public Builder multipathTCP(boolean use) {
            this.multipathTCP = use;
            return this;
        }

        /** What to do when a dial keeps connecting to itself; null = {@link SelfConnectPolicy#REFUSE}. */
        public Builder selfConnectPolicy(SelfConnectPolicy p) {
            this.selfConnectPolicy = p == null ? SelfConnectPolicy.REFUSE : p;
            return this;
        }

        /**
         * Callbacks that watch each dial (lookups, connects, self-connects, the fallback's start,
         * the dial's end); null = none. Independently of a trace, every dial is a JFR event
         * {@code netdial.Dial} (and each self-connect prevented or retried a
         * {@code netdial.SelfConnect}) while a flight recording is on.
         */
        public Builder trace(DialTrace t) {
            this.trace = t;
            return this;
        }

        /**
         * How a "tcp" dial races the two IP families; null = {@link HappyEyeballs#RFC6555},
         * Go's behaviour.
         */
        public Builder happyEyeballs(HappyEyeballs h) {
            this.happyEyeballs = h == null ? HappyEyeballs.RFC6555 : h;
            return this;
        }

        /**
         * Under {@link HappyEyeballs#RFC8305}, the time between the starts of two connection
         * attempts: null or zero = 250 ms; clamped to 10 ms .. 2 s (RFC 8305 section 5), a
         * negative value giving 10 ms.
         */
        public Builder connectionAttemptDelay(Duration d) {
            this.connectionAttemptDelay = d;
            return this;
        }

        /**
         * {@code TCP_USER_TIMEOUT} of each connection (see {@link TCPConn#setUserTimeout}): how
         * long sent data may stay unacknowledged before the kernel drops the connection; null or
         * zero = the kernel's default. Set once connected, like keep-alive, so it does not bound
         * the connect ({@link #timeout} does). A socket that refuses it fails the dial; a
         * Multipath TCP one (Linux refuses the option there) falls back to plain TCP.
         *
         * <p>netdial's own: Go has no such field.
         *
         * @throws IllegalArgumentException if {@code d} is negative
         */
        public Builder userTimeout(Duration d) {
            this.userTimeout = TcpSockOpt.checkUserTimeout(d);
            return this;
        }

        Builder hooks(Hooks h) {
            this.hooks = Objects.requireNonNull(h);
            return this;
        }

        public Dialer build() {
            return new Dialer(this);
        }
    }

    Addr localAddr() {
        return localAddr;
    }

    /**
     * The hook run on each socket before connect, or null (read by wrappers that add their own,
     * such as dial-jdk's {@code NetdialSocket}).
     *
     * <p>Go: {@code src/net/dial.go} {@code Dialer.Control} (an exported field).
     */
    public Control control() {
        return control;
    }

    /**
     * The context-taking hook run on each socket before connect, or null.
     *
     * <p>Go: {@code src/net/dial.go} {@code Dialer.ControlContext} (an exported field).
     */
    public ControlContext controlContext() {
        return controlContext;
    }

    Duration keepAlive() {
        return keepAlive;
    }

    KeepAliveConfig keepAliveConfig() {
        return keepAliveConfig;
    }

    SelfConnectPolicy selfConnectPolicy() {
        return selfConnectPolicy;
    }

    Hooks hooks() {
        return hooks;
    }

    /** The dial trace, or null. */
    DialTrace trace() {
        return trace;
    }

    /** The Happy Eyeballs variant for "tcp" dials. */
    HappyEyeballs happyEyeballs() {
        return happyEyeballs;
    }

    /** The RFC 8305 connection attempt delay as set (null: the default). */
    Duration connectionAttemptDelayRaw() {
        return connectionAttemptDelay;
    }

    /**
     * The RFC 8305 connection attempt delay in use: 250 ms when unset or zero, else the one set
     * clamped to 10 ms .. 2 s. netdial's own.
     */
    Duration connectionAttemptDelay() {
        return HappyEyeballsV2.connectionAttemptDelay(connectionAttemptDelay);
    }

    /** The TCP_USER_TIMEOUT as set (null: the kernel's default). */
    Duration userTimeout() {
        return userTimeout;
    }

    /**
     * Whether dials use Multipath TCP.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*Dialer).MultipathTCP}.
     */
    public boolean multipathTCP() {
        return multipathTCP;
    }

    /** Go: {@code src/net/dial.go} {@code (*Dialer).dualStack}. */
    boolean dualStack() {
        return fallbackDelay == null || !fallbackDelay.isNegative();
    }

    /** Go: {@code src/net/dial.go} {@code (*Dialer).fallbackDelay}. */
    Duration fallbackDelay() {
        return fallbackDelay != null && fallbackDelay.isPositive() ? fallbackDelay : DEFAULT_FALLBACK_DELAY;
    }

    /** Go: {@code src/net/dial.go} {@code (*Dialer).resolver}. */
    Resolver resolver() {
        return resolver != null ? resolver : Resolver.defaultResolver();
    }

    /** The Control hook in the form the socket layer calls. Go: {@code ctrlCtxFn} in {@code doDialTCPProto}. */
    SockControl sockControl() {
        ControlContext cc = controlContext;
        if (cc != null) {
            return cc::control;
        }
        Control c = control;
        return c == null ? null : (ctx, network, address, raw) -> c.control(network, address, raw);
    }

    /**
     * The Control hook in the form dial-unix takes (null for none).
     *
     * <p>Go: {@code src/net/unixsock_posix.go} {@code (*sysDialer).dialUnix}, its {@code ctrlCtxFn}.
     */
    UnixControl unixControl() {
        SockControl sc = sockControl();
        return sc == null ? null : sc::control;
    }

    /**
     * The earliest of now + timeout, the Dialer's deadline and the context's; null when none is set.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*Dialer).deadline}.
     */
    Instant deadline(Context ctx, Instant now) {
        Instant earliest = null;
        if (timeout != null && !timeout.isZero()) { // a negative timeout counts too, as in Go
            earliest = Durations.plusSaturated(now, timeout);
        }
        Instant c = ctx.deadline().orElse(null);
        earliest = minNonNull(earliest, c);
        return minNonNull(earliest, deadline);
    }

    /**
     * The earlier of two instants, null meaning none.
     *
     * <p>Go: {@code src/net/dial.go} {@code minNonzeroTime}.
     */
    private static Instant minNonNull(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null || a.isBefore(b)) {
            return a;
        }
        return b;
    }

    /**
     * Connects to {@code address} on {@code network} ("tcp", "tcp4", "tcp6", "udp", "udp4",
     * "udp6", "unix", "unixgram", "unixpacket"); a UDP conn is a {@link dev.netdial.udp.UDPConn},
     * a Unix one a {@link UnixConn} (the address a socket path or "@abstract" name).
     *
     * <p>Go: {@code src/net/dial.go} {@code (*Dialer).Dial}.
     */
    public Conn dial(String network, String address) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        return dialContext(Context.background(), network, address);
    }

    /**
     * The context a dial runs under when this Dialer's timeout or deadline ends it before
     * {@code ctx} would (the caller cancels it when the dial returns), else null: {@code ctx}
     * itself bounds the dial.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*Dialer).DialContext}, its {@code context.WithDeadline}.
     */
    private Context withDialDeadline(Context ctx) {
        Instant dl = deadline(ctx, Instant.now());
        if (dl == null) {
            return null;
        }
        Instant cd = ctx.deadline().orElse(null);
        return cd == null || dl.isBefore(cd) ? ctx.withDeadline(dl) : null;
    }

    /**
     * Connects to {@code address} on {@code network}, giving up when {@code ctx} ends (cancel:
     * "operation was canceled"; deadline: "i/o timeout"). A host with several addresses gets them
     * tried in turn, each with its share of the time, and for "tcp" the two IP families race
     * (RFC 6555 Happy Eyeballs; RFC 8305 when {@link Builder#happyEyeballs} says so, see
     * {@link HappyEyeballs#RFC8305}). Once connected, {@code ctx} no longer affects the connection.
     * When every address fails, the error is the first address's (Go's), and each other
     * address's {@link OpError} is attached to it as a suppressed exception.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*Dialer).DialContext}.
     * <p>Differs: the other addresses' errors are kept ({@link Throwable#getSuppressed()}), and the
     * dial reports to the {@link Builder#trace} and to JFR ({@code netdial.Dial}).
     */
    public Conn dialContext(Context ctx, String network, String address) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        DialObserver obs = DialObserver.of(trace);
        obs.dialStart(network, address);
        try {
            Conn c = dialObserved(ctx, network, address, obs);
            obs.dialDone(network, address, c, null);
            return c;
        } catch (IOException e) {
            obs.dialDone(network, address, null, e);
            throw e;
        } catch (RuntimeException | Error e) {
            obs.dialAborted(network, address, e);
            throw e;
        }
    }

    /**
     * {@link #dialContext} between its dialStart and dialDone events.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*Dialer).DialContext}.
     */
    private Conn dialObserved(Context ctx, String network, String address, DialObserver obs) throws IOException {
        Context sub = withDialDeadline(ctx);
        if (sub != null) {
            ctx = sub;
        }
        try {
            if (network.equals("tcp") && happyEyeballs == HappyEyeballs.RFC8305 && dualStack()) {
                return new HappyEyeballsV2(new SysDialer(this, network, address, obs)).dial(ctx);
            }
            List<Addr> addrs;
            try {
                addrs = SysDialer.resolveAddrList(resolver(), ctx, "dial", network, address, localAddr, obs);
            } catch (IOException e) {
                throw new OpError("dial", network, null, null, e);
            }
            SysDialer sd = new SysDialer(this, network, address, obs);
            List<Addr> primaries = addrs;
            List<Addr> fallbacks = List.of();
            if (dualStack() && network.equals("tcp")) {
                List<List<Addr>> p = IpSock.partition(addrs, IpSock::isIPv4);
                primaries = p.get(0);
                fallbacks = p.get(1);
            }
            return sd.dialParallel(ctx, primaries, fallbacks);
        } finally {
            if (sub != null) {
                sub.cancel();
            }
        }
    }

    /**
     * Connects to {@code raddr} from {@code laddr} (null: the kernel chooses) on {@code network}
     * ("tcp", "tcp4", "tcp6"): one address, no name resolution and no Happy Eyeballs race. The
     * Dialer's timeout, deadline, keep-alive, control hooks, Multipath TCP and self-connect policy
     * apply; its {@code localAddr} does not ({@code laddr} is the local address). The context
     * bounds the dial as in {@link #dialContext}; once connected, it no longer matters. Errors are
     * {@link OpError}s "dial NETWORK [LADDR->]RADDR: ...".
     *
     * <p>Go: {@code src/net/dial.go} {@code (*Dialer).DialTCP} (Go 1.26), {@code src/net/tcpsock.go}
     * {@code dialTCP}.
     * <p>Differs: Go takes {@code netip.AddrPort}s; Java's natural pair is {@link TCPAddr} (or
     * {@link java.net.InetSocketAddress} through {@link TCPAddr#of}).
     */
    public TCPConn dialTCP(Context ctx, String network, TCPAddr laddr, TCPAddr raddr) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(network, "network");
        switch (network) {
            case "tcp", "tcp4", "tcp6" -> {
            }
            default -> throw new OpError("dial", network, laddr, raddr, new UnknownNetworkError(network));
        }
        if (raddr == null) {
            throw new OpError("dial", network, laddr, null, new NetException(SysDialer.MISSING_ADDRESS));
        }
        Context sub = withDialDeadline(ctx);
        if (sub != null) {
            ctx = sub;
        }
        String address = raddr.toString();
        SysDialer sd = new SysDialer(this, network, address);
        sd.obs.dialStart(network, address);
        sd.obs.connectStart(network, raddr);
        try {
            TCPConn c = multipathTCP() ? TcpSockPosix.dialMPTCP(sd, ctx, laddr, raddr)
                    : TcpSockPosix.dialTCP(sd, ctx, laddr, raddr);
            sd.obs.connectDone(network, raddr, c.localAddr(), null);
            sd.obs.dialDone(network, address, c, null);
            return c;
        } catch (IOException e) {
            OpError err = new OpError("dial", network, laddr, raddr, e);
            sd.obs.connectDone(network, raddr, null, err);
            sd.obs.dialDone(network, address, null, err);
            throw err;
        } catch (RuntimeException | Error e) {
            sd.obs.dialAborted(network, address, e);
            throw e;
        } finally {
            if (sub != null) {
                sub.cancel();
            }
        }
    }

    /**
     * Connects to the Unix socket {@code raddr} on {@code network} ("unix", "unixgram",
     * "unixpacket"), bound first to {@code laddr} when it is not null. The Dialer's timeout,
     * deadline and control hooks apply; its {@code localAddr} does not. Errors are
     * {@link OpError}s "dial NETWORK [LADDR->]RADDR: ...".
     *
     * <p>Go: {@code src/net/dial.go} {@code (*Dialer).DialUnix} (Go 1.26), {@code src/net/unixsock.go}
     * {@code DialUnix}.
     */
    public UnixConn dialUnix(Context ctx, String network, UnixAddr laddr, UnixAddr raddr) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(network, "network");
        Context sub = withDialDeadline(ctx);
        try {
            return UnixNet.dialUnixContext(sub != null ? sub : ctx, network, laddr, raddr, unixControl());
        } finally {
            if (sub != null) {
                sub.cancel();
            }
        }
    }

    /**
     * Connects a UDP socket from {@code laddr} (null: the kernel chooses) to {@code raddr} on
     * {@code network} ("udp", "udp4", "udp6"): one address, no name resolution. The Dialer's
     * timeout, deadline and control hooks apply; its {@code localAddr} does not. Errors are
     * {@link OpError}s "dial NETWORK [LADDR->]RADDR: ...".
     *
     * <p>Go: {@code src/net/dial.go} {@code (*Dialer).DialUDP} (Go 1.26), {@code src/net/udpsock.go}
     * {@code DialUDP}.
     */
    public UDPConn dialUDP(Context ctx, String network, UDPAddr laddr, UDPAddr raddr) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(network, "network");
        switch (network) {
            case "udp", "udp4", "udp6" -> {
            }
            default -> throw new OpError("dial", network, laddr, raddr, new UnknownNetworkError(network));
        }
        if (raddr == null) {
            throw new OpError("dial", network, laddr, null, new NetException(SysDialer.MISSING_ADDRESS));
        }
        Context sub = withDialDeadline(ctx);
        if (sub != null) {
            ctx = sub;
        }
        SysDialer sd = new SysDialer(this, network, raddr.toString());
        try {
            return UdpSockPosix.dialUDP(sd.sockets(), ctx, network, laddr, raddr, sockControl());
        } catch (IOException e) {
            throw new OpError("dial", network, laddr, raddr, e);
        } finally {
            if (sub != null) {
                sub.cancel();
            }
        }
    }
}
