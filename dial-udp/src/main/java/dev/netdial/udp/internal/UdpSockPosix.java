package dev.netdial.udp.internal;

import dev.netdial.api.Context;
import dev.netdial.api.UDPAddr;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.SockControl;
import dev.netdial.udp.UDPConn;
import java.io.IOException;

/**
 * Opening UDP sockets for dial-tcp's dialer and listener, which switch on the address type as
 * Go's {@code dialSingle} and {@code ListenPacket} do. Each takes the socket layer (with the
 * caller's test seams) and the Control hook; errors are returned bare, for the caller's
 * {@code OpError}.
 *
 * <p>Go: {@code src/net/udpsock_posix.go}; methods take the Go receiver's parts as parameters.
 */
public final class UdpSockPosix {
    private UdpSockPosix() {
    }

    /**
     * A connected UDP socket: bound to {@code laddr} when given, connected to {@code raddr}.
     *
     * <p>Go: {@code src/net/udpsock_posix.go} {@code (*sysDialer).dialUDP}.
     */
    public static UDPConn dialUDP(IpSockPosix sockets, Context ctx, String network, UDPAddr laddr, UDPAddr raddr,
            SockControl ctrl) throws IOException {
        NetFD fd = sockets.internetSocket(ctx, network, laddr, raddr, Constants.SOCK_DGRAM, 0, "dial", ctrl);
        return UDPConn.newUDPConn(fd);
    }

    /**
     * An unconnected UDP socket bound to {@code laddr}.
     *
     * <p>Go: {@code src/net/udpsock_posix.go} {@code (*sysListener).listenUDP}.
     */
    public static UDPConn listenUDP(IpSockPosix sockets, Context ctx, String network, UDPAddr laddr, SockControl ctrl)
            throws IOException {
        NetFD fd = sockets.internetSocket(ctx, network, laddr, null, Constants.SOCK_DGRAM, 0, "listen", ctrl);
        return UDPConn.newUDPConn(fd);
    }
}
