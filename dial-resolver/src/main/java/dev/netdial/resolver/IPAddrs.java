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
 * <p>Go: {@code src/net/ipsock.go} {@code parseIPZone}, {@code splitHostZone};
 * {@code src/net/iprawsock.go} {@code IPAddr.String}; {@code src/net/netip/netip.go}
 * {@code ParseAddr}.
 */
final class IPAddrs {

    private IPAddrs() {
    }

    /** An address parsed by netip's rules: 4 or 16 bytes, whether it was written as IPv6, its zone. */
    record Parsed(byte[] ip, boolean is6, String zone) {
    }

    /**
     * Parses an IP literal as {@code netip.ParseAddr} does: the first '.', ':' or '%' decides the
     * kind; an IPv4 address takes no zone; an IPv6 zone follows the first '%' and must not be
     * empty. {@code null} when {@code s} is not a literal.
     *
     * <p>Go: {@code src/net/netip/netip.go} {@code ParseAddr}.
     */
    static Parsed parseAddr(String s) {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '.': {
                    InetAddress ip = IP.parse(s);
                    return ip == null ? null : new Parsed(ip.getAddress(), false, "");
                }
                case ':': {
                    String host = s;
                    String zone = "";
                    int pct = s.indexOf('%');
                    if (pct >= 0) {
                        host = s.substring(0, pct);
                        zone = s.substring(pct + 1);
                        if (zone.isEmpty()) {
                            return null;
                        }
                    }
                    InetAddress ip = IP.parse(host);
                    if (ip == null) {
                        return null;
                    }
                    return new Parsed(to16(ip.getAddress()), true, zone);
                }
                case '%':
                    return null;
                default:
                    break;
            }
        }
        return null;
    }

    /**
     * netip's text of a parsed address: dotted quad for IPv4, "::ffff:a.b.c.d" for an IPv4-mapped
     * address written as IPv6, RFC 5952 text otherwise, then "%zone" when there is one.
     *
     * <p>Go: {@code src/net/netip/netip.go} {@code Addr.String}.
     */
    static String netipString(Parsed p) {
        String s = IP.format(p.ip());
        if (p.is6() && p.ip().length == 16 && isV4Mapped(p.ip())) {
            s = "::ffff:" + s;
        }
        return p.zone().isEmpty() ? s : s + "%" + p.zone();
    }

    /**
     * Parses "ip" or "ip%zone" (the zone after the last '%', for any address kind) by Go's
     * {@code ParseIP} rules, giving the address with the zone as the IPv6 scope id (an
     * interface name is turned into its index; an unknown name gives no scope). An IPv4 address
     * cannot carry a zone and loses it. {@code null} when {@code s} is not a literal. No name is
     * looked up.
     *
     * <p>Go: {@code src/net/ipsock.go} {@code parseIPZone}, {@code splitHostZone}.
     */
    static InetAddress parseIPZone(String s) {
        String host = s;
        String zone = "";
        int pct = s.lastIndexOf('%');
        if (pct > 0) {
            host = s.substring(0, pct);
            zone = s.substring(pct + 1);
        }
        InetAddress ip = IP.parse(host);
        if (ip == null) {
            return null;
        }
        if (ip instanceof Inet4Address || zone.isEmpty()) {
            return ip;
        }
        return of(ip.getAddress(), IpSockPosix.zoneIndex(zone));
    }

    /**
     * Whether {@code s} is "ip" or "ip%zone" by Go's {@code ParseIP} rules (the zone after the
     * last '%'); nothing is looked up.
     *
     * <p>Go: {@code src/net/ipsock.go} {@code parseIPZone} ({@code ip != nil}).
     */
    static boolean isLiteral(String s) {
        int pct = s.lastIndexOf('%');
        return IP.parse(pct > 0 ? s.substring(0, pct) : s) != null;
    }

    /**
     * The address of 4 or 16 bytes; an IPv6 one with a non-zero {@code scopeId} carries it. An
     * IPv4-mapped IPv6 address becomes an {@link Inet4Address} (Go's {@code To4() != nil}).
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code copyIP} and {@code IPAddr{IP, Zone}}.
     */
    static InetAddress of(byte[] ip, int scopeId) {
        try {
            if (ip.length == 16 && scopeId != 0 && !isV4Mapped(ip)) {
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

    /** 16 bytes of an address (IPv4 as IPv4-mapped IPv6). Go: {@code src/net/ip.go} {@code IP.To16}. */
    static byte[] to16(byte[] ip) {
        if (ip.length == 16) {
            return ip;
        }
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(ip, 0, b, 12, 4);
        return b;
    }

    /** Whether 16 bytes are ::ffff:a.b.c.d. Go: {@code src/net/ip.go} {@code IP.To4}. */
    static boolean isV4Mapped(byte[] ip) {
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
    }
}
