package dev.netdial.resolver;

import dev.netdial.api.IP;
import dev.netdial.posix.internal.IpSockPosix;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP addresses with an IPv6 zone, as the resolver hands them around: parsing literals with a
 * zone, turning bytes and an interface index into an {@link InetAddress} (the zone becomes the
 * {@link Inet6Address} scope id) and printing Go's "ip%zone" text.
 *
 * <p>Go: {@code src/net/lookup.go} {@code lookupIPAddr} (a literal's {@code IPAddr});
 * {@code src/net/iprawsock.go} {@code IPAddr.String}; {@code src/net/netip/netip.go}
 * {@code Addr.String}. The parsing itself is {@link IP#parseZoned}.
 */
final class IPAddrs {

    private IPAddrs() {
    }

    /**
     * netip's text of a parsed address: dotted quad for IPv4, "::ffff:a.b.c.d" for an IPv4-mapped
     * address written as IPv6, RFC 5952 text otherwise, then "%zone" when there is one.
     *
     * <p>Go: {@code src/net/netip/netip.go} {@code Addr.String}.
     */
    static String netipString(IP.Zoned p) {
        String s = IP.format(p.ip());
        if (p.is6() && p.ip().length == 16 && IP.isV4Mapped(p.ip())) {
            s = "::ffff:" + s;
        }
        return p.zone().isEmpty() ? s : s + "%" + p.zone();
    }

    /**
     * Parses "ip" or "ip%zone" by {@link IP#parseZoned} (netip's rules, the one IP-with-zone
     * parser), giving the address with the zone as the IPv6 scope id (an interface name is
     * turned into its index; an unknown one by Go's {@code dtoi} rules, else no scope). An
     * IPv4-mapped address comes back as an {@link Inet4Address}, which holds no zone. {@code null}
     * when {@code s} is not a literal ("fe80::1%", "127.0.0.1%eth0"). No name is looked up.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).lookupIPAddr} ({@code netip.ParseAddr},
     * then {@code IPAddr{IP: ip.AsSlice(), Zone: ip.Zone()}}).
     */
    static InetAddress parseIPZone(String s) {
        IP.Zoned p = IP.parseZoned(s);
        if (p == null) {
            return null;
        }
        return of(p.ip(), p.zone().isEmpty() ? 0 : IpSockPosix.zoneIndex(p.zone()));
    }

    /**
     * Whether {@code s} is an IP literal, with or without a zone, by {@link IP#parseZoned}.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupHost} ({@code netip.ParseAddr}).
     */
    static boolean isLiteral(String s) {
        return IP.parseZoned(s) != null;
    }

    /**
     * The address of 4 or 16 bytes; an IPv6 one with a non-zero {@code scopeId} carries it. An
     * IPv4-mapped IPv6 address becomes an {@link Inet4Address} (Go's {@code To4() != nil}).
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code copyIP} and {@code IPAddr{IP, Zone}}.
     */
    static InetAddress of(byte[] ip, int scopeId) {
        try {
            if (ip.length == 16 && scopeId != 0 && !IP.isV4Mapped(ip)) {
                return Inet6Address.getByAddress(null, ip, scopeId);
            }
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes always make an address", e);
        }
    }

    /**
     * Go's text of an address with its zone: "fe80::1%eth0" (the scope id's interface name, or
     * its number when no interface has it), "127.0.0.1", "::1".
     *
     * <p>Go: {@code src/net/iprawsock.go} {@code IPAddr.String}.
     */
    static String format(InetAddress ip) {
        String s = IP.format(ip);
        if (ip instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            String zone = IpSockPosix.zoneName(v6.getScopeId());
            if (zone != null && !zone.isEmpty()) {
                return s + "%" + zone;
            }
        }
        return s;
    }
}
