package dev.netdial.tcp;

import dev.netdial.api.Context;
import dev.netdial.api.Errno;
import dev.netdial.api.OpError;
import dev.netdial.api.SyscallError;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.BeforeBind;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.EphemeralPorts;
import dev.netdial.posix.internal.HostAddrs;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.SockControl;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP dialing and listening on POSIX sockets, with Go's guard against a dial that connects to
 * itself.
 *
 * <p>Go: {@code src/net/tcpsock_posix.go}; methods take the Go receiver ({@code sd}, {@code sl})
 * as their first parameter.
 */
final class TcpSockPosix {
    private static final Logger LOG = LoggerFactory.getLogger(TcpSockPosix.class);

    private TcpSockPosix() {
    }

    /**
     * Dials through the Dialer's test hook when it has one, else {@link #doDialTCP}.
     *
     * <p>Go: {@code src/net/tcpsock_posix.go} {@code (*sysDialer).dialTCP}.
     */
    static TCPConn dialTCP(SysDialer sd, Context ctx, TCPAddr laddr, TCPAddr raddr) throws IOException {
        Hooks.DialTCP h = sd.d.hooks().dialTCP();
        if (h != null) {
            return h.dial(ctx, sd.network, laddr, raddr);
        }
        return doDialTCP(sd, ctx, laddr, raddr);
    }

    /**
     * Multipath TCP when the kernel has it, else (or on any MPTCP failure) plain TCP.
     *
     * <p>Go: {@code src/net/mptcpsock_linux.go} {@code (*sysDialer).dialMPTCP}.
     */
    static TCPConn dialMPTCP(SysDialer sd, Context ctx, TCPAddr laddr, TCPAddr raddr) throws IOException {
        if (Mptcp.supported()) {
            try {
                return doDialTCPProto(sd, ctx, laddr, raddr, Mptcp.IPPROTO_MPTCP);
            } catch (IOException e) {
                LOG.debug("netdial: MPTCP dial to {} failed ({}); falling back to TCP", raddr, e.getMessage());
            }
        }
        return dialTCP(sd, ctx, laddr, raddr);
    }

    /** Go: {@code src/net/tcpsock_posix.go} {@code (*sysDialer).doDialTCP}. */
    static TCPConn doDialTCP(SysDialer sd, Context ctx, TCPAddr laddr, TCPAddr raddr) throws IOException {
        return doDialTCPProto(sd, ctx, laddr, raddr, 0);
    }

    /**
     * Opens and connects a TCP socket. When the kernel picks the local port, a result connected
     * to itself ({@link #selfConnect}) or a spurious {@code EADDRNOTAVAIL}
     * ({@link #spuriousENOTAVAIL}) is thrown away and the dial repeated, at most twice
     * (go.dev/issue/2690). What a third self-connect gives depends on the Dialer's
     * {@link SelfConnectPolicy}.
     *
     * <p>Before that loop can matter, each socket passes {@link SelfConnectGuard} between the
     * Control hook and bind: a local address with port 0 gets {@code IP_BIND_ADDRESS_NO_PORT},
     * and under {@link SelfConnectPolicy#REFUSE} a dial to a port of this host inside the
     * ephemeral range gets a socket range without that port ({@code IP_LOCAL_PORT_RANGE}), so
     * the self-connect cannot happen and the dial makes one connect where Go's makes up to three.
     * The loop stays, unchanged, for kernels before 6.3, ranges of one port and stale caches.
     *
     * <p>Go: {@code src/net/tcpsock_posix.go} {@code (*sysDialer).doDialTCPProto}.
     * <p>Differs: under {@link SelfConnectPolicy#REFUSE} (the default) the range is narrowed
     * first, and a socket still connected to itself after the retries is closed and the dial
     * fails as the refused connect it is; Go returns it. Under both policies a local address with
     * port 0 is bound with {@code IP_BIND_ADDRESS_NO_PORT}; Go binds the port. Each retry is
     * reported to the Dialer's {@link DialTrace}.
     */
    static TCPConn doDialTCPProto(SysDialer sd, Context ctx, TCPAddr laddr, TCPAddr raddr, int proto)
            throws IOException {
        Dialer d = sd.d;
        SockControl ctrl = d.sockControl();
        // Only a kernel-chosen local port can collide with the destination: a caller who fixed
        // the port (simultaneous open, or a deliberate self-dial) gets exactly what they asked.
        boolean kernelPort = laddr == null || laddr.port() == 0;
        boolean refuse = d.selfConnectPolicy() == SelfConnectPolicy.REFUSE;
        BeforeBind prep = kernelPort && (refuse || laddr != null)
                ? new SelfConnectGuard(sd, refuse, ctrl != null, EphemeralPorts.system(), HostAddrs.system())
                : null;
        NetFD fd = null;
        IOException err = null;
        try {
            fd = internetSocket(sd, ctx, laddr, raddr, proto, ctrl, prep);
        } catch (IOException e) {
            err = e;
        }
        for (int i = 0; i < 2 && kernelPort && (selfConnect(fd, err) || spuriousENOTAVAIL(err)); i++) {
            if (err == null) {
                LOG.debug("netdial: dial {} {} connected to itself from {}; closing it and dialing again (retry {} of 2)",
                        sd.network, raddr, fd.localAddr(), i + 1);
                sd.obs.selfConnectRetry(sd.network, raddr, fd.localAddr(), i + 1, null);
                fd.close();
                if (refuse) {
                    // The guard should have made this impossible: its cached view may be stale.
                    EphemeralPorts.system().invalidate();
                    HostAddrs.system().invalidate();
                }
            } else {
                LOG.debug("netdial: dial {} {}: {}; dialing again (retry {} of 2)", sd.network, raddr, err.getMessage(), i + 1);
                sd.obs.selfConnectRetry(sd.network, raddr, null, i + 1, err);
            }
            fd = null;
            err = null;
            try {
                fd = internetSocket(sd, ctx, laddr, raddr, proto, ctrl, prep);
            } catch (IOException e) {
                err = e;
            }
        }
        if (err != null) {
            throw err;
        }
        if (kernelPort && d.selfConnectPolicy() == SelfConnectPolicy.REFUSE && connectedToItself(fd)) {
            LOG.debug("netdial: dial {} {} still connected to itself after 2 retries; refusing it", sd.network, raddr);
            fd.close();
            throw new SyscallError("connect", Errno.ECONNREFUSED);
        }
        return TCPConn.newTCPConn(fd, d.keepAlive(), d.keepAliveConfig(), d.hooks().setKeepAlive(), d.userTimeout(), true);
    }

    /**
     * A stream socket for the dial, with the Dialer's test seams and the dial's own step
     * {@code prep} (may be null).
     *
     * <p>Go: {@code src/net/ipsock_posix.go} {@code internetSocket}, as {@code doDialTCPProto} calls it.
     */
    private static NetFD internetSocket(SysDialer sd, Context ctx, TCPAddr laddr, TCPAddr raddr, int proto,
            SockControl ctrl, BeforeBind prep) throws IOException {
        Hooks h = sd.d.hooks();
        return IpSockPosix.withHooks(h.calls(), h.canceledDial())
                .internetSocket(ctx, sd.network, laddr, raddr, Constants.SOCK_STREAM, proto, "dial", ctrl, prep);
    }

    /**
     * Whether a successful dial may have connected to itself: its local and remote endpoints are
     * equal, or one of them is unknown (treated as trouble, and retried).
     *
     * <p>Go: {@code src/net/tcpsock_posix.go} {@code selfConnect}.
     */
    static boolean selfConnect(NetFD fd, IOException err) {
        if (err != null || fd == null) {
            return false; // a failed connect did not connect anywhere
        }
        if (fd.localAddr() == null || fd.remoteAddr() == null) {
            return true;
        }
        return connectedToItself(fd);
    }

    /** Both endpoints known and equal: port and IP. Go: {@code src/net/tcpsock_posix.go} {@code selfConnect}, its last comparison. */
    static boolean connectedToItself(NetFD fd) {
        if (!(fd.localAddr() instanceof TCPAddr l) || !(fd.remoteAddr() instanceof TCPAddr r)) {
            return false;
        }
        return l.port() == r.port() && l.ip() != null && l.ip().equals(r.ip());
    }

    /**
     * Whether a dial failed with {@code EADDRNOTAVAIL}, directly or inside one OpError and one
     * SyscallError: the kernel picked a local address already in use.
     *
     * <p>Go: {@code src/net/tcpsock_posix.go} {@code spuriousENOTAVAIL}.
     */
    static boolean spuriousENOTAVAIL(Throwable err) {
        if (err instanceof OpError op) {
            err = op.err();
        }
        return err instanceof SyscallError sys && sys.errno() == Errno.EADDRNOTAVAIL;
    }

    /**
     * Opens a listening TCP socket.
     *
     * <p>Go: {@code src/net/tcpsock_posix.go} {@code (*sysListener).listenTCP}, {@code listenTCPProto}.
     */
    static TCPListener listenTCPProto(SysListener sl, Context ctx, TCPAddr laddr, int proto) throws IOException {
        ListenConfig lc = sl.lc;
        NetFD fd = IpSockPosix.withHooks(lc.hooks().calls(), null)
                .internetSocket(ctx, sl.network, laddr, null, Constants.SOCK_STREAM, proto, "listen", lc.sockControl());
        return new TCPListener(fd, lc);
    }

    /** Go: {@code src/net/tcpsock_posix.go} {@code (*sysListener).listenTCP}. */
    static TCPListener listenTCP(SysListener sl, Context ctx, TCPAddr laddr) throws IOException {
        return listenTCPProto(sl, ctx, laddr, 0);
    }

    /**
     * A Multipath TCP listener when the kernel has it, else (or on any MPTCP failure) plain TCP.
     *
     * <p>Go: {@code src/net/mptcpsock_linux.go} {@code (*sysListener).listenMPTCP}.
     */
    static TCPListener listenMPTCP(SysListener sl, Context ctx, TCPAddr laddr) throws IOException {
        if (Mptcp.supported()) {
            try {
                return listenTCPProto(sl, ctx, laddr, Mptcp.IPPROTO_MPTCP);
            } catch (IOException e) {
                LOG.debug("netdial: MPTCP listen on {} failed ({}); falling back to TCP", laddr, e.getMessage());
            }
        }
        return listenTCP(sl, ctx, laddr);
    }
}
