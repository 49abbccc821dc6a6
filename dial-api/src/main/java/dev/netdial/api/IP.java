package dev.netdial.api;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Go's IP address literals: parsing by Go's rules (never a name lookup) and Go's text form.
 *
 * <p>Go: {@code src/net/ip.go} {@code ParseIP}, {@code IP.String}; {@code src/net/netip/netip.go}
 * {@code ParseAddr}, {@code parseIPv4}, {@code parseIPv6}, {@code (Addr).appendTo6}.
 */
public final class IP {

    private IP() {
    }

    /**
     * Parses an IPv4 dotted-quad ("192.0.2.1"), an IPv6 literal ("2001:db8::68") or an IPv6
     * literal ending in a dotted quad ("::ffff:192.0.2.1"). Returns {@code null} for anything
     * else: zones ("fe80::1%lo0"), IPv4 octets with a leading zero ("01.2.3.4"), IPv6 groups of
     * more than four hex digits, brackets, spaces, names. IPv4 and IPv4-mapped IPv6 addresses
     * come back as {@link java.net.Inet4Address} (Go's {@code To4() != nil}), all others as
     * {@link java.net.Inet6Address}. No DNS is ever consulted.
     *
     * <p>Go: {@code src/net/ip.go} {@code ParseIP}.
     */
    public static InetAddress parse(String s) {
        if (s == null) {
            return null;
        }
        byte[] ip = parseAddr(s);
        if (ip == null) {
            return null;
        }
        try {
            // The host name is never looked up when the address is given as bytes; a 16-byte
            // IPv4-mapped address becomes an Inet4Address.
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes always make an address", e);
        }
    }

    /**
     * An IP literal with its zone, as {@code netip.ParseAddr} reads it: 4 bytes for IPv4, 16 for
     * anything written as IPv6 (an IPv4-mapped one included), whether it was written as IPv6, and
     * the zone ("" for none).
     *
     * <p>Go: {@code src/net/netip/netip.go} {@code Addr} (its {@code AsSlice}, {@code Is6},
     * {@code Zone}).
     *
     * @param ip   4 or 16 bytes; the record does not copy them
     * @param is6  whether the literal was IPv6 ("::ffff:1.2.3.4" is)
     * @param zone the IPv6 zone ("eth0" of "fe80::1%eth0"), "" when there is none
     */
    public record Zoned(byte[] ip, boolean is6, String zone) {
    }

    /**
     * Parses an IP literal with an optional IPv6 zone by {@code netip.ParseAddr}'s rules, the one
     * IP-with-zone parser of netdial: the first '.', ':' or '%' decides the kind; IPv4 takes no
     * zone ("127.0.0.1%eth0" is not a literal); an IPv6 zone is all that follows the first '%'
     * ("fe80::1%eth0%x" has zone "eth0%x") and must not be empty ("fe80::1%" is not a literal).
     * Returns {@code null} when {@code s} is not a literal; nothing is looked up.
     *
     * <p>Go: {@code src/net/netip/netip.go} {@code ParseAddr}, {@code parseIPv6} (its zone).
     */
    public static Zoned parseZoned(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '.': {
                    byte[] ip = parseIPv4(s, 0, s.length());
                    return ip == null ? null : new Zoned(ip, false, "");
                }
                case ':': {
                    int pct = s.indexOf('%');
                    String zone = "";
                    String host = s;
                    if (pct >= 0) {
                        zone = s.substring(pct + 1);
                        if (zone.isEmpty()) {
                            return null;
                        }
                        host = s.substring(0, pct);
                    }
                    byte[] ip = parseIPv6(host);
                    return ip == null ? null : new Zoned(ip, true, zone);
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
     * The 16-byte form of an address: IPv4 becomes {@code ::ffff:a.b.c.d}; 16 bytes are returned
     * as they are (not copied).
     *
     * <p>Go: {@code src/net/ip.go} {@code IP.To16}.
     *
     * @throws IllegalArgumentException if {@code ip} is neither 4 nor 16 bytes long
     */
    public static byte[] to16(byte[] ip) {
        if (ip.length == 16) {
            return ip;
        }
        if (ip.length != 4) {
            throw new IllegalArgumentException("an IP is 4 or 16 bytes, not " + ip.length);
        }
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(ip, 0, b, 12, 4);
        return b;
    }

    /**
     * The first '.', ':' or '%' decides what the string is meant to be; a zone, even a valid
     * one, makes the result {@code null} as in {@code ParseIP}.
     *
     * <p>Go: {@code src/net/netip/netip.go} {@code ParseAddr}; {@code src/net/ip.go}
     * {@code parseIP}.
     */
    private static byte[] parseAddr(String s) {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '.':
                    return parseIPv4(s, 0, s.length());
                case ':':
                    return parseIPv6(s);
                case '%':
                    // A zone with no address in front of it.
                    return null;
                default:
                    break;
            }
        }
        return null;
    }

    /**
     * Parses {@code s[from..to)} as exactly four decimal octets, 0..255, without leading zeros.
     *
     * <p>Go: {@code src/net/netip/netip.go} {@code parseIPv4}.
     */
    private static byte[] parseIPv4(String s, int from, int to) {
        byte[] fields = new byte[4];
        int val = 0;
        int pos = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && val == 0) {
                    // "01": a leading zero could be read as octal elsewhere; refuse it.
                    return null;
                }
                val = val * 10 + (c - '0');
                digits++;
                if (val > 255) {
                    return null;
                }
            } else if (c == '.') {
                // An empty octet: ".1.2.3", "1.2.3.", "1..2.3".
                if (i == from || i == to - 1 || s.charAt(i - 1) == '.') {
                    return null;
                }
                // A fifth octet: "1.2.3.4.5".
                if (pos == 3) {
                    return null;
                }
                fields[pos++] = (byte) val;
                val = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (pos < 3) {
            return null;
        }
        fields[3] = (byte) val;
        return fields;
    }

    /**
     * Parses an IPv6 literal into 16 bytes: up to eight groups of one to four hex digits, at
     * most one "::" standing for at least one zero group, optionally a dotted quad in place of
     * the last two groups. A zone suffix is parsed and then refused.
     *
     * <p>Go: {@code src/net/netip/netip.go} {@code parseIPv6}.
     */
    private static byte[] parseIPv6(String in) {
        int end = in.length();
        int pct = in.indexOf('%');
        if (pct >= 0) {
            // ParseIP takes no zones; netip would also refuse an empty one. Either way: invalid.
            return null;
        }
        byte[] ip = new byte[16];
        int ellipsis = -1; // where "::" sits, as a byte index into ip
        int p = 0; // read position in the string

        if (end - p >= 2 && in.charAt(p) == ':' && in.charAt(p + 1) == ':') {
            ellipsis = 0;
            p += 2;
            if (p == end) {
                return ip; // "::" alone
            }
        }

        int i = 0;
        while (i < 16) {
            // One group of hex digits.
            int off = 0;
            int acc = 0;
            for (; p + off < end; off++) {
                char c = in.charAt(p + off);
                int d;
                if (c >= '0' && c <= '9') {
                    d = c - '0';
                } else if (c >= 'a' && c <= 'f') {
                    d = c - 'a' + 10;
                } else if (c >= 'A' && c <= 'F') {
                    d = c - 'A' + 10;
                } else {
                    break;
                }
                if (off > 3) {
                    // Five or more digits, even "00001", is not a group.
                    return null;
                }
                acc = (acc << 4) + d;
            }
            if (off == 0) {
                // A group with no digits.
                return null;
            }

            // A dot after the digits: they start an embedded dotted quad.
            if (p + off < end && in.charAt(p + off) == '.') {
                if (ellipsis < 0 && i != 12) {
                    // It has to take the place of the last two groups.
                    return null;
                }
                if (i + 4 > 16) {
                    return null;
                }
                byte[] v4 = parseIPv4(in, p, end);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, ip, i, 4);
                p = end;
                i += 4;
                break;
            }

            ip[i] = (byte) (acc >> 8);
            ip[i + 1] = (byte) acc;
            i += 2;

            p += off;
            if (p == end) {
                break;
            }
            // Otherwise a colon and more must follow.
            if (in.charAt(p) != ':' || p + 1 == end) {
                return null;
            }
            p++;

            if (in.charAt(p) == ':') {
                if (ellipsis >= 0) {
                    // A second "::".
                    return null;
                }
                ellipsis = i;
                p++;
                if (p == end) {
                    break; // "::" may end the address
                }
            }
        }

        // Something is left over.
        if (p != end) {
            return null;
        }

        if (i < 16) {
            if (ellipsis < 0) {
                // Too few groups and no "::" to fill the gap.
                return null;
            }
            int n = 16 - i;
            for (int j = i - 1; j >= ellipsis; j--) {
                ip[j + n] = ip[j];
            }
            for (int j = ellipsis + n - 1; j >= ellipsis; j--) {
                ip[j] = 0;
            }
        } else if (ellipsis >= 0) {
            // "::" must stand for at least one zero group.
            return null;
        }
        return ip;
    }

    /**
     * Go's text of an address: dotted quad for IPv4 and IPv4-mapped IPv6 addresses; for other
     * IPv6 addresses lower-case hex groups without leading zeros, the longest run of two or more
     * zero groups (the first, on a tie) written "::" (RFC 5952). {@code null} gives "&lt;nil&gt;".
     * A scope id carried by an {@link java.net.Inet6Address} is not printed (Go's {@code IP} has
     * no zone).
     *
     * <p>Go: {@code src/net/ip.go} {@code IP.String}.
     */
    public static String format(InetAddress ip) {
        if (ip == null) {
            return "<nil>";
        }
        return format(ip.getAddress());
    }

    /**
     * Go's text of a 4- or 16-byte address; any other length prints as "?" and hex, as Go does
     * for a malformed {@code IP}; {@code null} or empty prints "&lt;nil&gt;".
     *
     * <p>Go: {@code src/net/ip.go} {@code IP.String}.
     */
    public static String format(byte[] ip) {
        if (ip == null || ip.length == 0) {
            return "<nil>";
        }
        if (ip.length == 4) {
            return string4(ip, 0);
        }
        if (ip.length != 16) {
            StringBuilder s = new StringBuilder("?");
            for (byte b : ip) {
                s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return s.toString();
        }
        if (isV4Mapped(ip)) {
            return string4(ip, 12);
        }
        return string6(ip);
    }

    /**
     * Whether 16 bytes are {@code ::ffff:a.b.c.d} (false for any other length).
     *
     * <p>Go: {@code src/net/ip.go} {@code IP.To4} ({@code != nil} on 16 bytes).
     */
    public static boolean isV4Mapped(byte[] ip) {
        if (ip.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
    }

    /**
     * Dotted quad of four bytes at {@code off}.
     *
     * <p>Go: {@code src/net/netip/netip.go} {@code (Addr).appendTo4}.
     */
    private static String string4(byte[] b, int off) {
        return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "." + (b[off + 3] & 0xff);
    }

    /**
     * RFC 5952 text of 16 bytes.
     *
     * <p>Go: {@code src/net/netip/netip.go} {@code (Addr).appendTo6}.
     */
    private static String string6(byte[] b) {
        int[] g = new int[8];
        for (int k = 0; k < 8; k++) {
            g[k] = ((b[2 * k] & 0xff) << 8) | (b[2 * k + 1] & 0xff);
        }
        // Find the longest run of zero groups, at least two long; the first wins a tie.
        int zeroStart = -1;
        int zeroEnd = -1;
        for (int k = 0; k < 8; k++) {
            int j = k;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - k >= 2 && j - k > zeroEnd - zeroStart) {
                zeroStart = k;
                zeroEnd = j;
            }
        }
        StringBuilder s = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == zeroStart) {
                s.append("::");
                k = zeroEnd;
                if (k >= 8) {
                    break;
                }
            } else if (k > 0) {
                s.append(':');
            }
            s.append(Integer.toHexString(g[k]));
        }
        return s.toString();
    }
}
