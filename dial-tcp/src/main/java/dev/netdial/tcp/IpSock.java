package dev.netdial.tcp;

import dev.netdial.resolver.internal.Lookup;
import dev.netdial.api.Addr;
import dev.netdial.api.AddrError;
import dev.netdial.api.Context;
import dev.netdial.api.HostPort;
import dev.netdial.api.IP;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.UDPAddr;
import dev.netdial.api.UnknownNetworkError;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.resolver.Resolver;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Address lists for the IP networks: resolving {@code host:port}, filtering by family, and
 * splitting a list into primaries and fallbacks for Happy Eyeballs.
 *
 * <p>Go: {@code src/net/ipsock.go}.
 * <p>Go's {@code addrList} is a {@code List<Addr>} here, holding {@link TCPAddr}s or {@link UDPAddr}s.
 */
final class IpSock {
    private IpSock() {
    }

    /** The IPv4 wildcard, Go's {@code IPv4zero}. */
    private static final InetAddress IPV4_ZERO = IP.parse("0.0.0.0");

    /** Go: {@code src/net/ipsock.go} {@code isIPv4}: an IP address type holding an IPv4 address. */
    static boolean isIPv4(Addr a) {
        return ipOf(a) instanceof Inet4Address;
    }

    /** Go: {@code src/net/ipsock.go} {@code isNotIPv4}. */
    static boolean isNotIPv4(Addr a) {
        return !isIPv4(a);
    }

    /** The IP of a TCPAddr or UDPAddr, else null. netdial's own: Go's type switches read each type's {@code IP} field. */
    static InetAddress ipOf(Addr a) {
        return switch (a) {
            case TCPAddr t -> t.ip();
            case UDPAddr u -> u.ip();
            case null, default -> null;
        };
    }

    /**
     * The first address satisfying {@code strategy}, else the first of all; the list is never empty.
     *
     * <p>Go: {@code src/net/ipsock.go} {@code addrList.first}.
     */
    static Addr first(List<? extends Addr> addrs, Predicate<Addr> strategy) {
        for (Addr a : addrs) {
            if (strategy.test(a)) {
                return a;
            }
        }
        return addrs.get(0);
    }

    /**
     * Splits a list by a label: the first address and all with its label are primaries, the rest
     * fallbacks, each keeping its order. A non-empty input always gives non-empty primaries.
     *
     * <p>Go: {@code src/net/ipsock.go} {@code addrList.partition}.
     *
     * @return {@code [primaries, fallbacks]}
     */
    static List<List<Addr>> partition(List<? extends Addr> addrs, Predicate<Addr> strategy) {
        List<Addr> primaries = new ArrayList<>(addrs.size());
        List<Addr> fallbacks = new ArrayList<>();
        boolean primaryLabel = false;
        for (int i = 0; i < addrs.size(); i++) {
            Addr a = addrs.get(i);
            boolean label = strategy.test(a);
            if (i == 0 || label == primaryLabel) {
                primaryLabel = label;
                primaries.add(a);
            } else {
                fallbacks.add(a);
            }
        }
        return List.of(primaries, fallbacks);
    }

    /**
     * The address {@code ResolveTCPAddr} returns from a resolved list: the first IPv4 one, unless
     * the address was written with an IPv6 literal ("[" in "tcp" or "udp"), then the first IPv6
     * one; the first of all when none matches.
     *
     * <p>Go: {@code src/net/ipsock.go} {@code addrList.forResolve}.
     */
    static Addr forResolve(List<? extends Addr> addrs, String network, String addr) {
        boolean want6 = (network.equals("tcp") || network.equals("udp")) && addr.indexOf('[') >= 0;
        return want6 ? first(addrs, IpSock::isNotIPv4) : first(addrs, IpSock::isIPv4);
    }

    /** An IP with its IPv6 zone; Go's {@code IPAddr}. */
    record IPAddr(InetAddress ip, String zone) {
    }

    /** Go: {@code src/net/ipsock.go} {@code ipv4only}. */
    static boolean ipv4only(IPAddr a) {
        return a.ip() instanceof Inet4Address;
    }

    /**
     * IPv6 and not IPv4-mapped (Java already turns mapped addresses into {@code Inet4Address}).
     *
     * <p>Go: {@code src/net/ipsock.go} {@code ipv6only}.
     */
    static boolean ipv6only(IPAddr a) {
        return a.ip() instanceof Inet6Address;
    }

    /**
     * Keeps the IPs {@code filter} accepts (all when null) as addresses of the network's type
     * ({@code inetaddr}) with its port.
     *
     * <p>Go: {@code src/net/ipsock.go} {@code filterAddrList}.
     *
     * @throws AddrError "no suitable address found" when none is left
     */
    static List<Addr> filterAddrList(Predicate<IPAddr> filter, List<IPAddr> ips, java.util.function.Function<IPAddr, Addr> inetaddr,
            String originalAddr) throws AddrError {
        List<Addr> addrs = new ArrayList<>(ips.size());
        for (IPAddr ip : ips) {
            if (filter == null || filter.test(ip)) {
                addrs.add(inetaddr.apply(ip));
            }
        }
        if (addrs.isEmpty()) {
            throw new AddrError(SysDialer.NO_SUITABLE_ADDRESS, originalAddr);
        }
        return addrs;
    }

    /**
     * Resolves {@code addr} ({@code host:port}, a literal or a name, the port a number or a
     * service) to TCP or UDP addresses, by the network; the list has at least one entry. An empty host gives the one
     * wildcard address; {@code ::} adds {@code 0.0.0.0} for half-configured IPv6 hosts
     * (go.dev/issue/18806).
     *
     * <p>Go: {@code src/net/ipsock.go} {@code (*Resolver).internetAddrList}.
     */
    static List<Addr> internetAddrList(Resolver r, Context ctx, String net, String addr) throws IOException {
        return internetAddrList(r, ctx, net, addr, DialObserver.NONE);
    }

    /**
     * {@link #internetAddrList(Resolver, Context, String, String)}, reporting the lookup of a
     * name (not of an IP literal, which needs none) to {@code obs}.
     *
     * <p>Go: {@code src/net/ipsock.go} {@code (*Resolver).internetAddrList}, with the
     * {@code DNSStart}/{@code DNSDone} calls of {@code src/net/lookup.go}
     * {@code (*Resolver).lookupIPAddr}.
     */
    static List<Addr> internetAddrList(Resolver r, Context ctx, String net, String addr, DialObserver obs)
            throws IOException {
        String host = "";
        int portnum = 0;
        switch (net) {
            case "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6" -> {
                if (!addr.isEmpty()) {
                    HostPort hp = HostPort.split(addr);
                    host = hp.host();
                    portnum = r.lookupPort(ctx, net, hp.port());
                }
            }
            default -> throw new UnknownNetworkError(net);
        }
        int port = portnum;
        java.util.function.Function<IPAddr, Addr> inetaddr = switch (net) {
            case "tcp", "tcp4", "tcp6" -> ip -> new TCPAddr(ip.ip(), port, ip.zone());
            default -> ip -> new UDPAddr(ip.ip(), port, ip.zone());
        };
        if (host.isEmpty()) {
            return List.of(inetaddr.apply(new IPAddr(null, "")));
        }
        List<IPAddr> ips;
        IPAddr literal = parseIPZone(host);
        if (literal != null) {
            ips = new ArrayList<>(2);
            ips.add(literal);
            if (literal.ip() instanceof Inet6Address && literal.ip().isAnyLocalAddress()) {
                ips.add(new IPAddr(IPV4_ZERO, ""));
            }
        } else {
            ips = new ArrayList<>();
            // Ask only for the family the network allows: a tcp4 dial sends no AAAA query.
            char v = Lookup.ipVersion(net);
            String family = v == 0 ? "ip" : "ip" + v;
            obs.lookupStart(family, host);
            List<InetAddress> found;
            try {
                found = r.lookupIP(ctx, family, host);
            } catch (IOException e) {
                obs.lookupDone(family, host, null, e);
                throw e;
            }
            obs.lookupDone(family, host, found, null);
            for (InetAddress ip : found) {
                ips.add(new IPAddr(ip, zoneOf(ip)));
            }
        }
        Predicate<IPAddr> filter = null;
        char last = net.charAt(net.length() - 1);
        if (last == '4') {
            filter = IpSock::ipv4only;
        } else if (last == '6') {
            filter = IpSock::ipv6only;
        }
        return filterAddrList(filter, ips, inetaddr, host);
    }

    /**
     * A literal IPv4 address, or IPv6 address with an optional {@code %zone}, by
     * {@link IP#parseZoned} (netip's rules, shared with the resolver); null otherwise, so
     * "fe80::1%" and "127.0.0.1%eth0" go on to be looked up as names, as in Go.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).lookupIPAddr} ({@code netip.ParseAddr},
     * {@code IPAddr{IP: ip.AsSlice(), Zone: ip.Zone()}}).
     */
    static IPAddr parseIPZone(String host) {
        IP.Zoned p = IP.parseZoned(host);
        if (p == null) {
            return null;
        }
        try {
            return new IPAddr(InetAddress.getByAddress(p.ip()), p.zone());
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes always make an address", e);
        }
    }

    /**
     * The zone name of a scoped IPv6 address from a resolver; "" when unscoped.
     *
     * <p>netdial's own: Go's resolver hands back {@code IPAddr} with its {@code Zone} string;
     * a Java address carries a scoped interface or a numeric scope id instead.
     */
    static String zoneOf(InetAddress ip) {
        if (ip instanceof Inet6Address a) {
            NetworkInterface ifi = a.getScopedInterface();
            if (ifi != null) {
                return ifi.getName();
            }
            if (a.getScopeId() != 0) {
                String z = IpSockPosix.zoneName(a.getScopeId());
                return z == null ? "" : z;
            }
        }
        return "";
    }

    /**
     * Whether two IPs are of one family.
     *
     * <p>Go: {@code src/net/ip.go} {@code IP.matchAddrFamily}.
     */
    static boolean matchAddrFamily(InetAddress a, InetAddress b) {
        return a instanceof Inet4Address && b instanceof Inet4Address
                || a instanceof Inet6Address && b instanceof Inet6Address;
    }
}
