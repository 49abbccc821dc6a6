package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.Errno;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.BeforeBind;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.EphemeralPorts;
import dev.netdial.posix.internal.HostAddrs;
import dev.netdial.posix.internal.SocketCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP dial's own step between the Control hook and bind: the first line against a dial that
 * connects to itself, and the port choice moved from bind to connect.
 *
 * <ul>
 * <li>A local address with port 0: {@code IP_BIND_ADDRESS_NO_PORT} (Linux 4.2), so that bind
 *     takes only the IP and connect picks the port per 4-tuple, as load balancers do; one local
 *     IP then reaches each destination with the whole ephemeral range instead of sharing it.</li>
 * <li>Under {@link SelfConnectPolicy#REFUSE}, a kernel-chosen port, and a destination of this
 *     host ({@link HostAddrs}) whose port lies in the range the socket would draw from: the
 *     socket's own range ({@code IP_LOCAL_PORT_RANGE}, Linux 6.3) is set to the larger side of
 *     that range without the port, so the kernel cannot pick the destination's own port and the
 *     self-connect cannot happen. Nothing is done when neither side has a port.</li>
 * </ul>
 *
 * <p>A kernel without either option ({@code ENOPROTOOPT}), or any other failure to set one, is
 * ignored: the dial goes on as Go's, whose retry loop in {@code doDialTCPProto} stays behind this
 * as the second line. So does a stale cache of the namespace's range ({@link EphemeralPorts},
 * up to a second old) or of the host's addresses ({@link HostAddrs}, up to five).
 *
 * <p>netdial's own.
 */
final class SelfConnectGuard implements BeforeBind {
    private static final Logger LOG = LoggerFactory.getLogger(SelfConnectGuard.class);

    private final SysDialer sd;
    private final boolean prevent;
    private final boolean controlled;
    private final EphemeralPorts ports;
    private final HostAddrs host;

    /**
     * @param prevent whether to narrow the range (the Dialer's policy is REFUSE)
     * @param controlled whether a Control hook runs first (and may have set its own range)
     */
    SelfConnectGuard(SysDialer sd, boolean prevent, boolean controlled, EphemeralPorts ports, HostAddrs host) {
        this.sd = sd;
        this.prevent = prevent;
        this.controlled = controlled;
        this.ports = ports;
        this.host = host;
    }

    @Override
    public void apply(SocketCalls calls, int s, Addr laddr, Addr raddr) {
        TCPAddr la = (TCPAddr) laddr;
        if (la != null && la.port() == 0) {
            int r = calls.setsockoptInt(s, Constants.IPPROTO_IP, Constants.IP_BIND_ADDRESS_NO_PORT, 1);
            if (r < 0) {
                LOG.debug("netdial: dial {} from {}: setsockopt IP_BIND_ADDRESS_NO_PORT: {}; the port is chosen at bind",
                        sd.network, la, Errno.describe(-r));
            }
        }
        if (prevent && (la == null || la.port() == 0) && raddr instanceof TCPAddr ra) {
            narrowRange(calls, s, ra);
        }
    }

    /** Sets the socket's range to exclude {@code ra}'s port when the kernel could pick it. */
    private void narrowRange(SocketCalls calls, int s, TCPAddr ra) {
        EphemeralPorts.Range nr = ports.range();
        int p = ra.port();
        // Cheapest tests first: most dials go to a port outside the range.
        if (nr == null || !nr.contains(p) || !host.isLocal(ra.ip())) {
            return;
        }
        int own = 0;
        if (controlled) {
            int[] v = new int[1];
            if (calls.getsockoptInt(s, Constants.IPPROTO_IP, Constants.IP_LOCAL_PORT_RANGE, v) == 0) {
                own = v[0];
            }
        }
        int narrowed = narrowed(nr.lo(), nr.hi(), own, p);
        if (narrowed == 0) {
            return; // the port is outside the socket's range, or the range is that port alone
        }
        int r = calls.setsockoptInt(s, Constants.IPPROTO_IP, Constants.IP_LOCAL_PORT_RANGE, narrowed);
        if (r < 0) {
            LOG.debug("netdial: dial {} {}: setsockopt IP_LOCAL_PORT_RANGE: {}; Go's self-connect loop guards alone",
                    sd.network, ra, Errno.describe(-r));
            return;
        }
        sd.obs.selfConnectPrevented(sd.network, ra, narrowed & 0xFFFF, narrowed >>> 16);
    }

    /**
     * The {@code IP_LOCAL_PORT_RANGE} value ({@code lo | hi << 16}) that keeps {@code port} out of
     * the range a socket draws from, or 0 when none is needed or none can help.
     *
     * <p>The range drawn from is the kernel's ({@code inet_sk_get_local_port_range}): the
     * namespace's {@code [nlo, nhi]} with its low end replaced by the socket's own low half when
     * that lies inside, then its high end by the socket's high half when that lies inside the
     * result. When {@code port} is inside, the answer is its larger side ({@code [port+1, hi]} on
     * a tie), which lies inside the namespace's range and so is taken whole by the kernel.
     *
     * @param own the socket's current value (0: not set)
     */
    static int narrowed(int nlo, int nhi, int own, int port) {
        int lo = nlo;
        int hi = nhi;
        int ownLo = own & 0xFFFF;
        int ownHi = own >>> 16;
        if (ownLo != 0 && lo <= ownLo && ownLo <= hi) {
            lo = ownLo;
        }
        if (ownHi != 0 && lo <= ownHi && ownHi <= hi) {
            hi = ownHi;
        }
        if (port < lo || port > hi) {
            return 0;
        }
        int below = port - lo;
        int above = hi - port;
        if (above == 0 && below == 0) {
            return 0;
        }
        return above >= below ? pack(port + 1, hi) : pack(lo, port - 1);
    }

    private static int pack(int lo, int hi) {
        return lo | hi << 16;
    }
}
