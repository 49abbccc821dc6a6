package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.AddrError;
import dev.netdial.api.Context;
import dev.netdial.api.KeepAliveConfig;
import dev.netdial.api.Listener;
import dev.netdial.api.OpError;
import dev.netdial.api.PacketConn;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.UDPAddr;
import dev.netdial.api.UnixAddr;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.posix.internal.SockControl;
import dev.netdial.resolver.Resolver;
import dev.netdial.udp.UDPConn;
import dev.netdial.udp.internal.UdpSockPosix;
import dev.netdial.unix.UnixControl;
import dev.netdial.unix.UnixNet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Options for listening; immutable and safe to share. {@code new ListenConfig()} is Go's zero
 * value.
 *
 * <p>Go: {@code src/net/dial.go} {@code ListenConfig}.
 */
public final class ListenConfig {
    private static final Path PROC_SYS_NET_IPV4 = Path.of("/proc/sys/net/ipv4");

    private final Duration keepAlive;
    private final KeepAliveConfig keepAliveConfig;
    private final Control control;
    private final Boolean multipathTCP;
    private final Duration userTimeout;
    private final Hooks hooks;

    /** Go's zero ListenConfig: keep-alive on with Go's defaults, MPTCP when the kernel has it. */
    public ListenConfig() {
        this(new Builder());
    }

    private ListenConfig(Builder b) {
        this.keepAlive = b.keepAlive;
        this.keepAliveConfig = b.keepAliveConfig;
        this.control = b.control;
        this.multipathTCP = b.multipathTCP;
        this.userTimeout = b.userTimeout;
        this.hooks = b.hooks;
    }

    /** A builder starting from the zero ListenConfig. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ListenConfig}; null (or an unset field) keeps Go's zero value. */
    public static final class Builder {
        private Duration keepAlive;
        private KeepAliveConfig keepAliveConfig;
        private Control control;
        private Boolean multipathTCP;
        private Duration userTimeout;
        private Hooks hooks = Hooks.NONE;

        private Builder() {
        }

        /** Keep-alive idle time for accepted conns: null or zero = Go's default (15 s), negative = off. */
        public Builder keepAlive(Duration d) {
            this.keepAlive = d;
            return this;
        }

        /** Full keep-alive settings for accepted conns; used when {@code enable} is true. */
        public Builder keepAliveConfig(KeepAliveConfig c) {
            this.keepAliveConfig = c;
            return this;
        }

        /** A hook run on the socket before bind. */
        public Builder control(Control c) {
            this.control = c;
            return this;
        }

        /** Multipath TCP on or off; unset = Go's default for listeners (on, when the kernel has it). */
        public Builder multipathTCP(boolean use) {
            this.multipathTCP = use;
            return this;
        }

        /**
         * {@code TCP_USER_TIMEOUT} of each accepted connection (see
         * {@link TCPConn#setUserTimeout}): how long data it sends may stay unacknowledged before
         * the kernel drops it; null or zero = the kernel's default. Set on each connection as it
         * is accepted, like keep-alive, not on the listening socket: Linux would hand a
         * listener's value on to the sockets it accepts, but a Multipath TCP listener (the
         * default where the kernel has MPTCP) refuses the option while the plain TCP connections
         * it accepts take it. A connection that refuses it (one accepted from an MPTCP client)
         * is accepted without it; {@link TCPConn#userTimeout()} reads what took effect, and
         * {@code multipathTCP(false)} gives every connection the timeout.
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

        public ListenConfig build() {
            return new ListenConfig(this);
        }
    }

    Duration keepAlive() {
        return keepAlive;
    }

    KeepAliveConfig keepAliveConfig() {
        return keepAliveConfig;
    }

    Hooks hooks() {
        return hooks;
    }

    /** The TCP_USER_TIMEOUT for accepted conns as set (null: the kernel's default). */
    Duration userTimeout() {
        return userTimeout;
    }

    /**
     * Whether listeners use Multipath TCP.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*ListenConfig).MultipathTCP} (listeners default to on).
     */
    public boolean multipathTCP() {
        return multipathTCP == null || multipathTCP;
    }

    /** The Control hook in the form the socket code takes, or null. Go: {@code src/net/tcpsock_posix.go} {@code (*sysListener).listenTCPProto}, its {@code ctrlCtxFn}. */
    SockControl sockControl() {
        Control c = control;
        return c == null ? null : (ctx, network, address, raw) -> c.control(network, address, raw);
    }

    /**
     * Listens on {@code address} ("host:port"; an empty host or a wildcard listens on every
     * local address, dual-stack for "tcp"; port 0 or empty picks a free one). {@code ctx} only
     * bounds resolving the address. A packet network ("udp") fails with Go's "unexpected address
     * type": use {@link #listenPacket}. "unix" and "unixpacket" listen on a socket path or an
     * "@abstract" name ({@link dev.netdial.unix.UnixListener}, which removes its file on close).
     *
     * <p>Go: {@code src/net/dial.go} {@code (*ListenConfig).Listen}.
     */
    public Listener listen(Context ctx, String network, String address) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(ctx, "ctx");
        List<Addr> addrs;
        try {
            addrs = SysDialer.resolveAddrList(Resolver.defaultResolver(), ctx, "listen", network, address, null);
        } catch (IOException e) {
            throw new OpError("listen", network, null, null, e);
        }
        SysListener sl = new SysListener(this, network, address);
        Addr la = IpSock.first(addrs, IpSock::isIPv4);
        if (la instanceof UnixAddr ua) {
            // dial-unix's error is already Go's {"listen", network, nil, la, err}.
            return UnixNet.listenUnix(ctx, network, ua, unixControl());
        }
        try {
            return switch (la) {
                case TCPAddr tla -> listenTCP(sl, ctx, tla);
                default -> throw new AddrError("unexpected address type", address);
            };
        } catch (IOException e) {
            throw new OpError("listen", network, null, la, e);
        }
    }

    /**
     * A TCP listener (Multipath TCP when configured), with the ephemeral-range warning.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*ListenConfig).Listen}, its {@code *TCPAddr} case.
     */
    private TCPListener listenTCP(SysListener sl, Context ctx, TCPAddr la) throws IOException {
        TCPListener l = multipathTCP() ? TcpSockPosix.listenMPTCP(sl, ctx, la) : TcpSockPosix.listenTCP(sl, ctx, la);
        SysListener.warnIfEphemeral(la, (TCPAddr) l.addr(), PROC_SYS_NET_IPV4);
        return l;
    }

    /**
     * Opens a packet socket bound to {@code address} on {@code network} ("udp", "udp4",
     * "udp6"; an empty host or a wildcard binds every local address, port 0 or empty picks a
     * free one); a {@link UDPConn}; or "unixgram" bound to a socket path or "@abstract" name (an
     * empty one: the kernel picks one), a {@link dev.netdial.unix.UnixConn}. {@code ctx} only
     * bounds resolving the address. A stream network ("tcp") fails with Go's "unexpected address type".
     *
     * <p>Go: {@code src/net/dial.go} {@code (*ListenConfig).ListenPacket}.
     */
    public PacketConn listenPacket(Context ctx, String network, String address) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(ctx, "ctx");
        List<Addr> addrs;
        try {
            addrs = SysDialer.resolveAddrList(Resolver.defaultResolver(), ctx, "listen", network, address, null);
        } catch (IOException e) {
            throw new OpError("listen", network, null, null, e);
        }
        Addr la = IpSock.first(addrs, IpSock::isIPv4);
        if (la instanceof UnixAddr ua) {
            // dial-unix's error is already Go's {"listen", network, nil, la, err}.
            return UnixNet.listenUnixgram(ctx, network, ua, unixControl());
        }
        try {
            return switch (la) {
                case UDPAddr ula -> UdpSockPosix.listenUDP(sockets(), ctx, network, ula, sockControl());
                default -> throw new AddrError("unexpected address type", address);
            };
        } catch (IOException e) {
            throw new OpError("listen", network, null, la, e);
        }
    }

    /**
     * The Control hook in the form dial-unix takes (null for none).
     *
     * <p>Go: {@code src/net/unixsock_posix.go} {@code (*sysListener).listenUnix}, its {@code ctrlCtxFn}.
     */
    UnixControl unixControl() {
        SockControl sc = sockControl();
        return sc == null ? null : sc::control;
    }

    /** The socket layer with this ListenConfig's test seams. Go: the package-level hooks {@code internetSocket} reads. */
    IpSockPosix sockets() {
        return IpSockPosix.withHooks(hooks.calls(), null);
    }
}
