package dev.netdial.resolver;

import dev.netdial.api.Errno;
import dev.netdial.api.IP;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.posix.internal.LibC;
import dev.netdial.posix.internal.Sock;
import dev.netdial.posix.internal.Sockaddr;
import dev.netdial.posix.internal.SockaddrInet4;
import dev.netdial.posix.internal.SockaddrInet6;
import dev.netdial.posix.internal.SockaddrUnix;
import dev.netdial.posix.internal.SocketCalls;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Destination address selection (RFC 6724 section 6, the rules Go implements): orders the
 * addresses of a name so the ones most likely to work, given the source address the kernel
 * would use for each, come first.
 *
 * <p>Go: {@code src/net/addrselect.go}.
 */
public final class AddressSelection {

    private AddressSelection() {
    }

    // RFC 6724 section 3.1 scopes. Go: the scope constants.
    static final int SCOPE_INTERFACE_LOCAL = 0x1;
    static final int SCOPE_LINK_LOCAL = 0x2;
    static final int SCOPE_ADMIN_LOCAL = 0x4;
    static final int SCOPE_SITE_LOCAL = 0x5;
    static final int SCOPE_ORG_LOCAL = 0x8;
    static final int SCOPE_GLOBAL = 0xe;

    /**
     * The policy attributes of an address: its scope, and precedence and label from the
     * policy table. All zero for a missing (unreachable) source.
     *
     * <p>Go: {@code ipAttr}.
     */
    record IpAttr(int scope, int precedence, int label) {
        static final IpAttr NONE = new IpAttr(0, 0, 0);
    }

    /**
     * One row of the policy table: an IPv6 prefix and its precedence and label.
     *
     * <p>Go: {@code policyTableEntry}.
     *
     * @param text the prefix as written in RFC 6724 ("::ffff:0:0/96")
     * @param prefix the 16 prefix bytes
     * @param bits the prefix length
     */
    record PolicyTableEntry(String text, byte[] prefix, int bits, int precedence, int label) {

        /** Whether the 16-byte {@code ip} lies in this prefix. Go: {@code netip.Prefix.Contains}. */
        boolean contains(byte[] ip) {
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (ip[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (ip[full] & mask) == (prefix[full] & mask);
        }
    }

    /**
     * RFC 6724 section 2.1's default policy table, longest prefix first, so the first match is
     * the longest.
     *
     * <p>Go: {@code rfc6724policyTable}.
     */
    static final List<PolicyTableEntry> RFC6724_POLICY_TABLE = List.of(
            entry("::1/128", 50, 0),
            entry("::ffff:0:0/96", 35, 4), // IPv4-mapped
            entry("::/96", 1, 3), // IPv4-compatible (deprecated)
            entry("2001::/32", 5, 5), // Teredo
            entry("2002::/16", 30, 2), // 6to4
            entry("3ffe::/16", 1, 12), // 6bone (returned)
            entry("fec0::/10", 1, 11), // site-local (deprecated)
            entry("fc00::/7", 3, 13), // unique local
            entry("::/0", 40, 1));

    /**
     * One row of the policy table from its prefix text ("fc00::/7"), precedence and label.
     *
     * <p>Go: {@code src/net/addrselect.go} {@code rfc6724policyTable}, its rows' {@code netip.MustParsePrefix}.
     */
    private static PolicyTableEntry entry(String text, int precedence, int label) {
        int slash = text.indexOf('/');
        InetAddress ip = IP.parse(text.substring(0, slash));
        return new PolicyTableEntry(text, IP.to16(ip.getAddress()), Integer.parseInt(text.substring(slash + 1)), precedence,
                label);
    }

    /**
     * Orders {@code addrs} by RFC 6724, {@code srcs.get(i)} being the source address the
     * kernel would use to reach {@code addrs.get(i)}, or {@code null} when it has no route
     * there. The sort is stable: rule 10 keeps the given order among equals. Returns a new
     * list; the arguments are not changed.
     *
     * <p>Go: {@code src/net/addrselect.go} {@code sortByRFC6724withSrcs}.
     *
     * @throws IllegalArgumentException if the lists differ in size (Go panics)
     */
    public static List<InetAddress> sortByRfc6724(List<InetAddress> addrs, List<InetAddress> srcs) {
        Objects.requireNonNull(addrs, "addrs");
        Objects.requireNonNull(srcs, "srcs");
        if (addrs.size() != srcs.size()) {
            throw new IllegalArgumentException("internal error: " + addrs.size() + " addresses but " + srcs.size()
                    + " sources");
        }
        List<Info> infos = new ArrayList<>(addrs.size());
        for (int i = 0; i < addrs.size(); i++) {
            InetAddress a = Objects.requireNonNull(addrs.get(i), "addrs element");
            InetAddress s = srcs.get(i);
            byte[] sb = s == null ? null : s.getAddress();
            infos.add(new Info(a, ipAttrOf(a.getAddress()), sb, ipAttrOf(sb)));
        }
        StableSort.sort(infos, AddressSelection::compareByRFC6724);
        List<InetAddress> out = new ArrayList<>(infos.size());
        for (Info info : infos) {
            out.add(info.addr());
        }
        return List.copyOf(out);
    }

    /**
     * Orders {@code addrs} by RFC 6724 with the source addresses the kernel picks now; lists of
     * fewer than two come back as they are.
     *
     * <p>Go: {@code src/net/addrselect.go} {@code sortByRFC6724}.
     */
    static List<InetAddress> sortByRfc6724(List<InetAddress> addrs) {
        return sortByRfc6724(SocketCalls.system(), addrs);
    }

    /**
     * {@link #sortByRfc6724(List)} with the socket calls of {@link #srcAddrs(SocketCalls, List)}.
     *
     * <p>Go: {@code src/net/addrselect.go} {@code sortByRFC6724}.
     */
    static List<InetAddress> sortByRfc6724(SocketCalls calls, List<InetAddress> addrs) {
        if (addrs.size() < 2) {
            return List.copyOf(addrs);
        }
        return sortByRfc6724(addrs, srcAddrs(calls, addrs));
    }

    /** {@link #srcAddrs(SocketCalls, List)} with the real system calls. */
    static List<InetAddress> srcAddrs(List<InetAddress> addrs) {
        return srcAddrs(SocketCalls.system(), addrs);
    }

    /**
     * For each address, the source address the kernel would use to reach it, or {@code null}
     * when there is no route: a UDP socket is connected to port 53 there (no packet is sent),
     * asked for its local address, and closed.
     *
     * <p>Go: {@code src/net/addrselect.go} {@code srcAddrs}, with {@code DialUDP}'s socket
     * setup ({@code sysSocket}, {@code setDefaultSockopts}).
     * <p>Differs: Go dials through the poller; a connect on a datagram socket never waits, so
     * the socket is used directly and never registered.
     */
    static List<InetAddress> srcAddrs(SocketCalls calls, List<InetAddress> addrs) {
        List<InetAddress> srcs = new ArrayList<>(addrs.size());
        for (InetAddress a : addrs) {
            srcs.add(srcAddr(calls, a));
        }
        return srcs;
    }

    /**
     * The source address the kernel would use to reach {@code dst}, or {@code null} when there
     * is no route or a step fails.
     *
     * <p>Go: {@code src/net/addrselect.go} {@code srcAddrs}, the body of its loop
     * ({@code DialUDP} to port 53, then {@code LocalAddr}).
     * <p>Differs: a bare non-blocking UDP socket, never registered with the poller (see {@link #srcAddrs(SocketCalls, List)}).
     */
    private static InetAddress srcAddr(SocketCalls calls, InetAddress dst) {
        // Go's favoriteAddrFamily for a dial with no local address: the destination's family.
        int family = dst instanceof Inet4Address ? Constants.AF_INET : Constants.AF_INET6;
        Sockaddr rsa;
        try {
            rsa = IpSockPosix.ipToSockaddr(family, dst, 53, zoneOf(dst));
        } catch (IOException e) {
            return null;
        }
        int fd;
        try {
            fd = Sock.sysSocket(calls, family, Constants.SOCK_DGRAM, 0);
        } catch (IOException e) {
            return null;
        }
        try {
            if (family == Constants.AF_INET6) {
                // Dual stack, as Go's setDefaultSockopts; the result is ignored there too.
                LibC.setsockoptInt(fd, Constants.IPPROTO_IPV6, Constants.IPV6_V6ONLY, 0);
            }
            if (LibC.setsockoptInt(fd, Constants.SOL_SOCKET, Constants.SO_BROADCAST, 1) < 0) {
                return null;
            }
            int r;
            do {
                r = calls.connect(fd, rsa);
            } while (r == -Errno.EINTR.code());
            if (r < 0) {
                return null;
            }
            return toInetAddress(LibC.getsockname(fd));
        } finally {
            calls.close(fd);
        }
    }

    /**
     * The zone of an IPv6 address: its scoped interface's name, else its numeric scope id; null if none.
     *
     * <p>Go: {@code src/net/addrselect.go} {@code srcAddrs}, its {@code addr.Zone()}.
     * <p>Differs: a Java address carries an interface or a scope id instead of Go's zone string.
     */
    private static String zoneOf(InetAddress a) {
        if (a instanceof Inet6Address a6) {
            NetworkInterface ifi = a6.getScopedInterface();
            if (ifi != null) {
                return ifi.getName();
            }
            if (a6.getScopeId() != 0) {
                return Integer.toString(a6.getScopeId());
            }
        }
        return null;
    }

    /**
     * The address of a decoded socket address, without port or zone; null for null.
     *
     * <p>netdial's own: Go reads it off {@code LocalAddr().(*UDPAddr)} in {@code srcAddrs}.
     */
    private static InetAddress toInetAddress(Sockaddr sa) {
        byte[] b = switch (sa) {
            case null -> null;
            case SockaddrInet4 s -> s.addr();
            case SockaddrInet6 s -> s.addr();
            case SockaddrUnix s -> null; // never: the probe socket is UDP
        };
        if (b == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes always make an address", e);
        }
    }

    /** One address with its source and their attributes. Go: {@code byRFC6724Info}. */
    private record Info(InetAddress addr, IpAttr addrAttr, byte[] src, IpAttr srcAttr) {
    }

    /**
     * Negative when {@code a} is the better destination, positive when {@code b} is, 0 when
     * RFC 6724's rules (those Go implements: 1, 2, 5, 6, 8, 9) cannot tell them apart.
     *
     * <p>Go: {@code src/net/addrselect.go} {@code compareByRFC6724}.
     */
    private static int compareByRFC6724(Info a, Info b) {
        final int preferDA = -1;
        final int preferDB = 1;
        IpAttr attrDA = a.addrAttr();
        IpAttr attrDB = b.addrAttr();
        IpAttr attrSourceDA = a.srcAttr();
        IpAttr attrSourceDB = b.srcAttr();

        // Rule 1: avoid unusable destinations (no source address).
        if (a.src() == null && b.src() == null) {
            return 0;
        }
        if (b.src() == null) {
            return preferDA;
        }
        if (a.src() == null) {
            return preferDB;
        }

        // Rule 2: prefer a destination whose scope matches its source's.
        if (attrDA.scope() == attrSourceDA.scope() && attrDB.scope() != attrSourceDB.scope()) {
            return preferDA;
        }
        if (attrDA.scope() != attrSourceDA.scope() && attrDB.scope() == attrSourceDB.scope()) {
            return preferDB;
        }

        // Rules 3 (deprecated sources) and 4 (home addresses) are not implemented, as in Go.

        // Rule 5: prefer a destination whose label matches its source's.
        if (attrSourceDA.label() == attrDA.label() && attrSourceDB.label() != attrDB.label()) {
            return preferDA;
        }
        if (attrSourceDA.label() != attrDA.label() && attrSourceDB.label() == attrDB.label()) {
            return preferDB;
        }

        // Rule 6: prefer higher precedence.
        if (attrDA.precedence() > attrDB.precedence()) {
            return preferDA;
        }
        if (attrDA.precedence() < attrDB.precedence()) {
            return preferDB;
        }

        // Rule 7 (native transport) is not implemented, as in Go.

        // Rule 8: prefer the smaller scope.
        if (attrDA.scope() < attrDB.scope()) {
            return preferDA;
        }
        if (attrDA.scope() > attrDB.scope()) {
            return preferDB;
        }

        // Rule 9: prefer the longer prefix shared with the source; IPv6 only, since for IPv4
        // it misorders (go.dev/issue/13283, go.dev/issue/18518).
        if (!(a.addr() instanceof Inet4Address) && !(b.addr() instanceof Inet4Address)) {
            int commonA = commonPrefixLen(a.src(), a.addr().getAddress());
            int commonB = commonPrefixLen(b.src(), b.addr().getAddress());
            if (commonA > commonB) {
                return preferDA;
            }
            if (commonA < commonB) {
                return preferDB;
            }
        }

        // Rule 10: keep the order (the sort is stable).
        return 0;
    }

    /**
     * The scope and policy-table attributes of a 4- or 16-byte address; {@link IpAttr#NONE}
     * for {@code null}.
     *
     * <p>Go: {@code ipAttrOf}.
     */
    static IpAttr ipAttrOf(byte[] ip) {
        if (ip == null) {
            return IpAttr.NONE;
        }
        PolicyTableEntry match = classify(ip);
        return new IpAttr(classifyScope(ip), match.precedence(), match.label());
    }

    /**
     * The policy-table row with the longest prefix containing {@code ip}; an IPv4 address is
     * looked up in its IPv4-mapped form.
     *
     * <p>Go: {@code (policyTable).Classify}.
     */
    static PolicyTableEntry classify(byte[] ip) {
        byte[] ip16 = IP.to16(ip);
        for (PolicyTableEntry ent : RFC6724_POLICY_TABLE) {
            if (ent.contains(ip16)) {
                return ent;
            }
        }
        // Unreachable: ::/0 contains every address.
        throw new AssertionError("no policy for " + Arrays.toString(ip));
    }

    /**
     * The RFC 6724 scope of a 4- or 16-byte address: link-local for loopback and link-local
     * unicast (IPv4-mapped addresses count as IPv4), the scope field of an IPv6 multicast
     * address, site-local for fec0::/10, else global.
     *
     * <p>Go: {@code classifyScope}, with {@code netip.Addr}'s {@code IsLoopback},
     * {@code IsLinkLocalUnicast} and {@code IsMulticast}.
     */
    static int classifyScope(byte[] ip) {
        byte[] v4 = to4(ip);
        boolean loopback;
        boolean linkLocal;
        if (v4 != null) {
            loopback = (v4[0] & 0xFF) == 127;
            linkLocal = (v4[0] & 0xFF) == 169 && (v4[1] & 0xFF) == 254;
        } else {
            loopback = isIPv6Loopback(ip);
            linkLocal = (ip[0] & 0xFF) == 0xfe && (ip[1] & 0xc0) == 0x80;
        }
        if (loopback || linkLocal) {
            return SCOPE_LINK_LOCAL;
        }
        boolean ipv6 = v4 == null;
        if (ipv6 && (ip[0] & 0xFF) == 0xff) {
            return ip[1] & 0xf; // the multicast scope field
        }
        if (ipv6 && (ip[0] & 0xFF) == 0xfe && (ip[1] & 0xc0) == 0xc0) {
            return SCOPE_SITE_LOCAL; // RFC 3513 2.5.6, deprecated by RFC 3879
        }
        return SCOPE_GLOBAL;
    }

    /**
     * The number of leading bits {@code a} and {@code b} share, looking at no more than the
     * 64-bit network prefix of an IPv6 address; IPv4 addresses (4 bytes, or {@code b}
     * IPv4-mapped) compare over 32 bits; 0 when the lengths differ.
     *
     * <p>Go: {@code commonPrefixLen(a netip.Addr, b IP)}: only {@code b} is reduced to 4 bytes,
     * {@code a} is taken as given.
     */
    static int commonPrefixLen(byte[] a, byte[] b) {
        byte[] b4 = to4(b);
        if (b4 != null) {
            b = b4;
        }
        if (a.length != b.length) {
            return 0;
        }
        int len = Math.min(a.length, 8); // IPv6: the prefix only
        int cpl = 0;
        for (int i = 0; i < len; i++) {
            if (a[i] == b[i]) {
                cpl += 8;
                continue;
            }
            int ab = a[i] & 0xFF;
            int bb = b[i] & 0xFF;
            int bits = 8;
            while (true) {
                ab >>= 1;
                bb >>= 1;
                bits--;
                if (ab == bb) {
                    return cpl + bits;
                }
            }
        }
        return cpl;
    }

    /** Whether a 16-byte address is {@code ::1}. Go: {@code src/net/netip/netip.go} {@code Addr.IsLoopback}, its IPv6 case. */
    private static boolean isIPv6Loopback(byte[] ip) {
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }

    /** The IPv4 form of a 4-byte or IPv4-mapped 16-byte address, else {@code null}. Go: {@code IP.To4}. */
    static byte[] to4(byte[] ip) {
        if (ip.length == 4) {
            return ip;
        }
        if (IP.isV4Mapped(ip)) {
            return Arrays.copyOfRange(ip, 12, 16);
        }
        return null;
    }
}
