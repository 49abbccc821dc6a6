package dev.netdial.posix.internal;

import dev.netdial.api.Addr;
import dev.netdial.api.AddrError;
import dev.netdial.api.Context;
import dev.netdial.api.IP;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.UnixAddr;
import dev.netdial.api.UDPAddr;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * IP sockets: which address family to open for a network and pair of addresses, address
 * conversion to kernel socket addresses, and the once-only probes of the IP stack.
 *
 * <p>An instance carries the socket layer's test seams (the {@link SocketCalls} and the
 * connect interrupter's hook) into {@link #internetSocket}, which hands them to the new
 * {@link NetFD} once; {@link #system()} is the production instance with the real calls.
 *
 * <p>Go: {@code src/net/ipsock_posix.go}; {@code sockaddrToTCP} from
 * {@code src/net/tcpsock_posix.go}; the zone cache from {@code src/net/interface.go}.
 * <p>Differs: Go's seams are package-level hook variables ({@code src/net/hook_unix.go},
 * {@code testHookCanceledDial}); here they are per instance, never global.
 */
public final class IpSockPosix {
    private static final IpSockPosix SYSTEM = new IpSockPosix(SocketCalls.system(), null);

    private final SocketCalls calls;
    private final Runnable testHookCanceledDial;

    private IpSockPosix(SocketCalls calls, Runnable testHookCanceledDial) {
        this.calls = calls;
        this.testHookCanceledDial = testHookCanceledDial;
    }

    /** The real system calls and no hooks: what production code opens sockets with. */
    public static IpSockPosix system() {
        return SYSTEM;
    }

    /**
     * Sockets whose syscalls go through {@code calls} (null: the real ones), with
     * {@code testHookCanceledDial} run by a connect's interrupter after it fired (may be null).
     */
    public static IpSockPosix withHooks(SocketCalls calls, Runnable testHookCanceledDial) {
        if ((calls == null || calls == SocketCalls.system()) && testHookCanceledDial == null) {
            return SYSTEM;
        }
        return new IpSockPosix(calls != null ? calls : SocketCalls.system(), testHookCanceledDial);
    }

    /** Go: {@code src/net/ipsock.go} {@code ipStackCapabilities}, probed once by {@code src/net/ipsock_posix.go} {@code (*ipStackCapabilities).probe}. */
    private static final class Probe {
        static final boolean IPV4;
        static final boolean IPV6;
        static final boolean IPV4_MAPPED_IPV6;

        static {
            boolean v4 = false;
            boolean v6 = false;
            boolean map = false;
            int s = LibC.socket(Constants.AF_INET, Constants.SOCK_STREAM | Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC,
                    Constants.IPPROTO_TCP);
            if (s >= 0) {
                LibC.close(s);
                v4 = true;
            }
            // IPv6 itself: bind ::1 with IPV6_V6ONLY=1. IPv4-mapped: bind 127.0.0.1 (as
            // ::ffff:127.0.0.1) with IPV6_V6ONLY=0.
            byte[] loop6 = new byte[16];
            loop6[15] = 1;
            byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
            for (int i = 0; i < 2; i++) {
                int fd = LibC.socket(Constants.AF_INET6, Constants.SOCK_STREAM | Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC,
                        Constants.IPPROTO_TCP);
                if (fd < 0) {
                    continue;
                }
                try {
                    LibC.setsockoptInt(fd, Constants.IPPROTO_IPV6, Constants.IPV6_V6ONLY, i == 0 ? 1 : 0);
                    if (LibC.bind(fd, new SockaddrInet6(i == 0 ? loop6 : mapped, 0, 0)) == 0) {
                        if (i == 0) {
                            v6 = true;
                        } else {
                            map = true;
                        }
                    }
                } finally {
                    LibC.close(fd);
                }
            }
            IPV4 = v4;
            IPV6 = v6;
            IPV4_MAPPED_IPV6 = map;
        }
    }

    /** Go: {@code src/net/ipsock.go} {@code supportsIPv4}. */
    public static boolean supportsIPv4() {
        return Probe.IPV4;
    }

    /** Go: {@code src/net/ipsock.go} {@code supportsIPv6}. */
    public static boolean supportsIPv6() {
        return Probe.IPV6;
    }

    /** Go: {@code src/net/ipsock.go} {@code supportsIPv4map}. */
    public static boolean supportsIPv4map() {
        return Probe.IPV4_MAPPED_IPV6;
    }

    // ---- Go's sockaddr interface, for the IP address types (TCPAddr, UDPAddr) ----

    /**
     * The socket family of an address: AF_INET for null, an unspecified IP or an IPv4 address,
     * else AF_INET6.
     *
     * <p>Go: {@code src/net/tcpsock_posix.go} {@code (*TCPAddr).family}, {@code src/net/udpsock_posix.go}
     * {@code (*UDPAddr).family}.
     */
    public static int family(Addr a) {
        if (a == null) {
            return Constants.AF_INET;
        }
        InetAddress ip = ip(a);
        if (ip == null || ip instanceof Inet4Address) {
            return Constants.AF_INET;
        }
        return Constants.AF_INET6;
    }

    /**
     * Whether an address binds every interface: null, no IP, or an unspecified IP.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPAddr).isWildcard}, {@code src/net/udpsock.go}
     * {@code (*UDPAddr).isWildcard}.
     */
    public static boolean isWildcard(Addr a) {
        if (a == null) {
            return true;
        }
        InetAddress ip = ip(a);
        return ip == null || ip.isAnyLocalAddress();
    }

    /** The IP of a TCPAddr or UDPAddr (null when unspecified); netdial's own: Go's methods are on each type. */
    private static InetAddress ip(Addr a) {
        return switch (a) {
            case TCPAddr t -> t.ip();
            case UDPAddr u -> u.ip();
            default -> throw new IllegalArgumentException("netdial: unsupported address type " + a.getClass().getName());
        };
    }

    /**
     * The kernel's form of an address in {@code family}; null for null.
     *
     * <p>Go: {@code src/net/tcpsock_posix.go} {@code (*TCPAddr).sockaddr}, {@code src/net/udpsock_posix.go}
     * {@code (*UDPAddr).sockaddr}.
     */
    public static Sockaddr sockaddr(Addr a, int family) throws AddrError {
        return switch (a) {
            case null -> null;
            case TCPAddr t -> ipToSockaddr(family, t.ip(), t.port(), t.zone());
            case UDPAddr u -> ipToSockaddr(family, u.ip(), u.port(), u.zone());
            case UnixAddr u -> UnixSockPosix.sockaddr(u);
            default -> throw new IllegalArgumentException("netdial: unsupported address type " + a.getClass().getName());
        };
    }

    /**
     * The socket family to open and whether it is IPv6-only: {@link #favoriteAddrFamily}'s two
     * results.
     *
     * <p>Go: {@code src/net/ipsock_posix.go} {@code favoriteAddrFamily}'s {@code (family int, ipv6only bool)}.
     */
    public record Family(int family, boolean ipv6only) {
    }

    private static final Family INET = new Family(Constants.AF_INET, false);
    private static final Family INET6 = new Family(Constants.AF_INET6, false);
    private static final Family INET6_ONLY = new Family(Constants.AF_INET6, true);

    /**
     * Picks the socket family, and whether it is IPv6-only, for a network and its addresses.
     *
     * <p>Go: {@code src/net/ipsock_posix.go} {@code favoriteAddrFamily}.
     */
    public static Family favoriteAddrFamily(String network, Addr laddr, Addr raddr, String mode) {
        switch (network.charAt(network.length() - 1)) {
            case '4':
                return INET;
            case '6':
                return INET6_ONLY;
            default:
                break;
        }
        if (mode.equals("listen") && (laddr == null || isWildcard(laddr))) {
            if (supportsIPv4map() || !supportsIPv4()) {
                return INET6;
            }
            if (laddr == null) {
                return INET;
            }
            return new Family(family(laddr), false);
        }
        if ((laddr == null || family(laddr) == Constants.AF_INET) && (raddr == null || family(raddr) == Constants.AF_INET)) {
            return INET;
        }
        return INET6;
    }

    /**
     * Opens an IP socket for listening or dialing.
     *
     * <p>Go: {@code src/net/ipsock_posix.go} {@code internetSocket}.
     * <p>Differs: Go's wildcard-to-loopback rewrite applies only to aix, windows and openbsd; none here.
     */
    public NetFD internetSocket(Context ctx, String net, Addr laddr, Addr raddr, int sotype, int proto, String mode,
            SockControl ctrlCtxFn) throws IOException {
        return internetSocket(ctx, net, laddr, raddr, sotype, proto, mode, ctrlCtxFn, null);
    }

    /**
     * Opens an IP socket for dialing with the dialer's own step {@code prep} run after the
     * Control hook and before bind and connect ({@link BeforeBind}; null: none).
     *
     * <p>Go: {@code src/net/ipsock_posix.go} {@code internetSocket}.
     * <p>Differs: Go has no such step; {@code prep} is netdial's own.
     */
    public NetFD internetSocket(Context ctx, String net, Addr laddr, Addr raddr, int sotype, int proto, String mode,
            SockControl ctrlCtxFn, BeforeBind prep) throws IOException {
        Family fam = favoriteAddrFamily(net, laddr, raddr, mode);
        return Sock.socket(calls, testHookCanceledDial, ctx, net, fam.family(), sotype, proto, fam.ipv6only(), laddr,
                raddr, ctrlCtxFn, prep);
    }

    /**
     * Converts an IP and port to a kernel socket address of the given family.
     *
     * <p>Go: {@code src/net/ipsock_posix.go} {@code ipToSockaddr}, {@code ipToSockaddrInet4},
     * {@code ipToSockaddrInet6}.
     */
    public static Sockaddr ipToSockaddr(int family, InetAddress ip, int port, String zone) throws AddrError {
        switch (family) {
            case Constants.AF_INET -> {
                if (ip == null) {
                    return new SockaddrInet4(new byte[4], port);
                }
                if (!(ip instanceof Inet4Address)) {
                    throw new AddrError("non-IPv4 address", IP.format(ip));
                }
                return new SockaddrInet4(ip.getAddress(), port);
            }
            case Constants.AF_INET6 -> {
                // The IPv4 wildcard means "any address" of both families on a dual-stack socket.
                if (ip == null || (ip instanceof Inet4Address && ip.isAnyLocalAddress())) {
                    return new SockaddrInet6(new byte[16], port, zoneIndex(zone));
                }
                return new SockaddrInet6(IP.to16(ip.getAddress()), port, zoneIndex(zone));
            }
            default -> throw new AddrError("invalid address family", ip == null ? "<nil>" : IP.format(ip));
        }
    }

    /**
     * Converts a kernel socket address to a TCPAddr; null stays null.
     *
     * <p>Go: {@code src/net/tcpsock_posix.go} {@code sockaddrToTCP}.
     */
    public static TCPAddr sockaddrToTCP(Sockaddr sa) {
        try {
            return switch (sa) {
                case null -> null;
                case SockaddrInet4 s -> new TCPAddr(InetAddress.getByAddress(s.addrShared()), s.port(), null);
                case SockaddrInet6 s -> new TCPAddr(InetAddress.getByAddress(s.addrShared()), s.port(), zoneName(s.scopeId()));
                case SockaddrUnix s -> null; // Go: the type assertions of sockaddrToTCP fail
            };
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
    }

    /**
     * Converts a kernel socket address to a UDPAddr; null stays null.
     *
     * <p>Go: {@code src/net/udpsock_posix.go} {@code sockaddrToUDP}.
     */
    public static UDPAddr sockaddrToUDP(Sockaddr sa) {
        TCPAddr t = sockaddrToTCP(sa);
        return t == null ? null : new UDPAddr(t.ip(), t.port(), t.zone());
    }

    /**
     * The interface name for an index: "" for 0, the decimal index when no interface has it.
     *
     * <p>Go: {@code src/net/interface.go} {@code (*ipv6ZoneCache).name}.
     */
    public static String zoneName(int index) {
        if (index == 0) {
            return null;
        }
        try {
            NetworkInterface ifi = NetworkInterface.getByIndex(index);
            if (ifi != null) {
                return ifi.getName();
            }
        } catch (SocketException e) {
            // fall through to the number, as Go does when the lookup fails
        }
        return Integer.toUnsignedString(index);
    }

    /**
     * The interface index for a zone: 0 for none, the interface's index, else the decimal number
     * the zone starts with by Go's {@code dtoi} rules ("12abc" is 12, "+5" and "x" are 0, a
     * number of 0xFFFFFF or more is 0xFFFFFF).
     *
     * <p>Go: {@code src/net/interface.go} {@code (*ipv6ZoneCache).index}; {@code src/net/parse.go}
     * {@code dtoi}.
     */
    public static int zoneIndex(String zone) {
        if (zone == null || zone.isEmpty()) {
            return 0;
        }
        try {
            NetworkInterface ifi = NetworkInterface.getByName(zone);
            if (ifi != null) {
                return ifi.getIndex();
            }
        } catch (SocketException e) {
            // fall through
        }
        return Dtoi.of(zone).n();
    }
}
