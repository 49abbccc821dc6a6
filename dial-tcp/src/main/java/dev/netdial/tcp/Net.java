package dev.netdial.tcp;

import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.Listener;
import dev.netdial.api.OpError;
import dev.netdial.api.PacketConn;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.UDPAddr;
import dev.netdial.api.UnixAddr;
import dev.netdial.api.UnknownNetworkError;
import dev.netdial.resolver.Resolver;
import dev.netdial.udp.UDPConn;
import dev.netdial.udp.internal.UdpSockPosix;
import dev.netdial.unix.UnixConn;
import dev.netdial.unix.UnixListener;
import dev.netdial.unix.UnixNet;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Go's package-level {@code net.Dial} and friends: each uses a zero {@link Dialer} or
 * {@link ListenConfig}.
 *
 * <p>Go: {@code src/net/dial.go}, {@code src/net/tcpsock.go}.
 */
public final class Net {
    private Net() {
    }

    /** Go: {@code src/net/dial.go} {@code Dial}. */
    public static Conn dial(String network, String address) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        return new Dialer().dial(network, address);
    }

    /** Go: {@code src/net/dial.go} {@code DialTimeout}; the timeout includes name resolution. */
    public static Conn dialTimeout(String network, String address, Duration timeout) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(timeout, "timeout");
        return Dialer.builder().timeout(timeout).build().dial(network, address);
    }

    /**
     * Dials {@code raddr} from {@code laddr} (null: chosen by the kernel) with no resolution and
     * no address racing.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code DialTCP}.
     */
    public static TCPConn dialTCP(String network, TCPAddr laddr, TCPAddr raddr) throws IOException {
        return new Dialer().dialTCP(Context.background(), network, laddr, raddr);
    }

    /**
     * Resolves {@code address} ("host:port"; the host a literal or a name, the port a number or a
     * service name) to one TCP address on {@code network} ("tcp", "tcp4", "tcp6"; "" means
     * "tcp"), with the default resolver: of several, the first IPv4 one, unless the address is an
     * IPv6 literal ("[::1]:80"). An empty host gives the address with no IP (":80" is
     * {@code TCPAddr(null, 80)}). Errors are Go's, unwrapped: "unknown network foo", "address x:
     * missing port in address", "lookup nohost.invalid on ...: no such host".
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code ResolveTCPAddr}.
     */
    public static TCPAddr resolveTCPAddr(String network, String address) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        switch (network) {
            case "tcp", "tcp4", "tcp6" -> {
            }
            case "" -> network = "tcp"; // Go 1.0's undocumented wildcard
            default -> throw new UnknownNetworkError(network);
        }
        var addrs = IpSock.internetAddrList(Resolver.defaultResolver(), Context.background(), network, address);
        return (TCPAddr) IpSock.forResolve(addrs, network, address);
    }

    /**
     * Resolves {@code address} to one UDP address on {@code network} ("udp", "udp4", "udp6";
     * "" means "udp"), by {@link #resolveTCPAddr}'s rules.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code ResolveUDPAddr}.
     */
    public static UDPAddr resolveUDPAddr(String network, String address) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        switch (network) {
            case "udp", "udp4", "udp6" -> {
            }
            case "" -> network = "udp"; // Go 1.0's undocumented wildcard
            default -> throw new UnknownNetworkError(network);
        }
        var addrs = IpSock.internetAddrList(Resolver.defaultResolver(), Context.background(), network, address);
        return (UDPAddr) IpSock.forResolve(addrs, network, address);
    }

    /**
     * Dials {@code raddr} from {@code laddr} (null: chosen by the kernel) with no resolution.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code DialUDP}.
     */
    public static UDPConn dialUDP(String network, UDPAddr laddr, UDPAddr raddr) throws IOException {
        return new Dialer().dialUDP(Context.background(), network, laddr, raddr);
    }

    /**
     * A UDP socket bound to {@code laddr} (null: every address, a free port).
     *
     * <p>Go: {@code src/net/udpsock.go} {@code ListenUDP}.
     */
    public static UDPConn listenUDP(String network, UDPAddr laddr) throws IOException {
        Objects.requireNonNull(network, "network");
        switch (network) {
            case "udp", "udp4", "udp6" -> {
            }
            default -> throw new OpError("listen", network, null, laddr, new UnknownNetworkError(network));
        }
        UDPAddr la = laddr != null ? laddr : new UDPAddr(null, 0);
        ListenConfig lc = new ListenConfig();
        try {
            return UdpSockPosix.listenUDP(lc.sockets(), Context.background(), network, la, lc.sockControl());
        } catch (IOException e) {
            // Go: the nil laddr was replaced by &UDPAddr{} first, so the error reads "listen udp :0: …".
            throw new OpError("listen", network, null, la, e);
        }
    }

    /**
     * Opens a packet socket on {@code address}: Go's {@code net.ListenPacket("udp", ":0")}.
     *
     * <p>Go: {@code src/net/dial.go} {@code ListenPacket}.
     */
    public static PacketConn listenPacket(String network, String address) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        return new ListenConfig().listenPacket(Context.background(), network, address);
    }

    /**
     * The address {@code address} on a Unix network ("unix", "unixgram", "unixpacket"), as given.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code ResolveUnixAddr}.
     */
    public static UnixAddr resolveUnixAddr(String network, String address) throws IOException {
        return UnixNet.resolveUnixAddr(network, address);
    }

    /**
     * Connects to the Unix socket {@code raddr}, from {@code laddr} when not null.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code DialUnix}.
     */
    public static UnixConn dialUnix(String network, UnixAddr laddr, UnixAddr raddr) throws IOException {
        return new Dialer().dialUnix(Context.background(), network, laddr, raddr);
    }

    /**
     * Listens on the Unix socket {@code laddr} ("unix", "unixpacket").
     *
     * <p>Go: {@code src/net/unixsock.go} {@code ListenUnix}.
     */
    public static UnixListener listenUnix(String network, UnixAddr laddr) throws IOException {
        return UnixNet.listenUnix(network, laddr);
    }

    /**
     * A "unixgram" socket bound to {@code laddr}.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code ListenUnixgram}.
     */
    public static UnixConn listenUnixgram(String network, UnixAddr laddr) throws IOException {
        return UnixNet.listenUnixgram(network, laddr);
    }

    /** Go: {@code src/net/dial.go} {@code Listen}. */
    public static Listener listen(String network, String address) throws IOException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        return new ListenConfig().listen(Context.background(), network, address);
    }

    /**
     * Listens on {@code laddr} (null: every address, a free port).
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code ListenTCP}.
     */
    public static TCPListener listenTCP(String network, TCPAddr laddr) throws IOException {
        Objects.requireNonNull(network, "network");
        switch (network) {
            case "tcp", "tcp4", "tcp6" -> {
            }
            default -> throw new OpError("listen", network, null, laddr, new UnknownNetworkError(network));
        }
        TCPAddr la = laddr != null ? laddr : new TCPAddr(null, 0);
        ListenConfig lc = new ListenConfig();
        SysListener sl = new SysListener(lc, network, la.toString());
        try {
            return lc.multipathTCP() ? TcpSockPosix.listenMPTCP(sl, Context.background(), la)
                    : TcpSockPosix.listenTCP(sl, Context.background(), la);
        } catch (IOException e) {
            // Go: the nil laddr was replaced by &TCPAddr{} first, so the error reads "listen tcp :0: …".
            throw new OpError("listen", network, null, la, e);
        }
    }
}
