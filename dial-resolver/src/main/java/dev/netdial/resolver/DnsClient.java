package dev.netdial.resolver;

import dev.netdial.api.DNSError;
import dev.netdial.api.IP;
import dev.netdial.resolver.message.Name;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The transport-independent helpers of the DNS client: reverse names for PTR queries,
 * case-insensitive name comparison, domain-name validity ({@link DnsNames} is its public face)
 * and the ordering of SRV and MX answers.
 *
 * <p>Go: {@code src/net/dnsclient.go}.
 */
final class DnsClient {

    private static final char[] HEX_DIGIT = "0123456789abcdef".toCharArray();

    private DnsClient() {
    }

    /**
     * The name to ask a PTR question for: "1.2.0.192.in-addr.arpa." for 192.0.2.1, nibbles
     * under "ip6.arpa." for IPv6. Anything that is not an IP literal (zoned ones included) is
     * "lookup ADDR: unrecognized address".
     *
     * <p>Go: {@code src/net/dnsclient.go} {@code reverseaddr}.
     */
    static String reverseaddr(String addr) throws DNSError {
        InetAddress ip = IP.parse(addr);
        if (ip == null) {
            throw new DNSError("unrecognized address", addr, "", false, false, false);
        }
        byte[] b = ip.getAddress();
        if (ip instanceof Inet4Address) {
            return (b[3] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[0] & 0xFF) + ".in-addr.arpa.";
        }
        StringBuilder buf = new StringBuilder(b.length * 4 + "ip6.arpa.".length());
        for (int i = b.length - 1; i >= 0; i--) {
            int v = b[i] & 0xFF;
            buf.append(HEX_DIGIT[v & 0xF]).append('.').append(HEX_DIGIT[v >> 4]).append('.');
        }
        return buf.append("ip6.arpa.").toString();
    }

    /**
     * Whether two names are equal ignoring ASCII case.
     *
     * <p>Go: {@code src/net/dnsclient.go} {@code equalASCIIName}.
     */
    static boolean equalASCIIName(Name x, Name y) {
        if (x.length() != y.length()) {
            return false;
        }
        for (int i = 0; i < x.length(); i++) {
            int a = x.byteAt(i) & 0xFF;
            int b = y.byteAt(i) & 0xFF;
            if ('A' <= a && a <= 'Z') {
                a += 0x20;
            }
            if ('A' <= b && b <= 'Z') {
                b += 0x20;
            }
            if (a != b) {
                return false;
            }
        }
        return true;
    }

    /**
     * Orders SRV records by priority; within one priority, shuffles them weighted by weight
     * (RFC 2782).
     *
     * <p>Go: {@code src/net/dnsclient.go} {@code byPriorityWeight.sort}.
     */
    static void sortByPriorityWeight(List<SRV> addrs) {
        sortByPriorityWeight(addrs, ThreadLocalRandom.current());
    }

    /**
     * {@link #sortByPriorityWeight(List)} drawing from {@code rand} (a test seam: a seeded
     * source makes the order reproducible).
     *
     * <p>Go: {@code src/net/dnsclient.go} {@code byPriorityWeight.sort} (Go's {@code randIntn}
     * is the source).
     */
    static void sortByPriorityWeight(List<SRV> addrs, RandomGenerator rand) {
        addrs.sort(Comparator.comparingInt(SRV::priority).thenComparingInt(SRV::weight));
        int i = 0;
        for (int j = 1; j < addrs.size(); j++) {
            if (addrs.get(i).priority() != addrs.get(j).priority()) {
                shuffleByWeight(addrs.subList(i, j), rand);
                i = j;
            }
        }
        shuffleByWeight(addrs.subList(i, addrs.size()), rand);
    }

    /**
     * Moves records to the front one at a time, each chosen with probability proportional to its
     * weight among those left.
     *
     * <p>Go: {@code src/net/dnsclient.go} {@code byPriorityWeight.shuffleByWeight}; {@code rand}
     * stands for Go's {@code randIntn}.
     */
    static void shuffleByWeight(List<SRV> addrs, RandomGenerator rand) {
        int sum = 0;
        for (SRV a : addrs) {
            sum += a.weight();
        }
        int start = 0;
        while (sum > 0 && addrs.size() - start > 1) {
            int s = 0;
            int n = rand.nextInt(sum);
            for (int i = start; i < addrs.size(); i++) {
                s += addrs.get(i).weight();
                if (s > n) {
                    if (i > start) {
                        Collections.swap(addrs, start, i);
                    }
                    break;
                }
            }
            sum -= addrs.get(start).weight();
            start++;
        }
    }

    /**
     * Shuffles MX records, then orders them by preference, so equal preferences come in random
     * order.
     *
     * <p>Go: {@code src/net/dnsclient.go} {@code byPref.sort}.
     */
    static void sortByPref(List<MX> s) {
        sortByPref(s, ThreadLocalRandom.current());
    }

    /**
     * {@link #sortByPref(List)} drawing from {@code rand} (a test seam).
     *
     * <p>Go: {@code src/net/dnsclient.go} {@code byPref.sort} (Go's {@code randIntn} is the
     * source).
     */
    static void sortByPref(List<MX> s, RandomGenerator rand) {
        for (int i = 0; i < s.size(); i++) {
            int j = rand.nextInt(i + 1);
            Collections.swap(s, i, j);
        }
        s.sort(Comparator.comparingInt(MX::pref));
    }

    /**
     * Reports whether {@code s} is a valid presentation-format domain name (RFC 1035, RFC 3696):
     * labels of letters, digits, {@code _} and inner hyphens, 1..63 bytes each, at most 253 bytes
     * in all (254 when rooted), not all digits. The root {@code "."} is valid (go.dev/issue/45715).
     *
     * <p>Go: {@code src/net/dnsclient.go} {@code isDomainName}.
     */
    static boolean isDomainName(String s) {
        if (s.equals(".")) {
            return true;
        }
        // The wire form spends one length octet on the first label and one on the root, so a
        // name of 254 presentation bytes only fits when its last byte is the root's dot.
        int l = s.length();
        if (l == 0 || l > 254 || l == 254 && s.charAt(l - 1) != '.') {
            return false;
        }
        char last = '.';
        boolean nonNumeric = false; // set once a letter, '_' or '-' appears
        int partlen = 0;
        for (int i = 0; i < l; i++) {
            char c = s.charAt(i);
            if ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_') {
                nonNumeric = true;
                partlen++;
            } else if ('0' <= c && c <= '9') {
                partlen++;
            } else if (c == '-') {
                if (last == '.') { // a label never starts with a hyphen
                    return false;
                }
                partlen++;
                nonNumeric = true;
            } else if (c == '.') {
                if (last == '.' || last == '-') { // no empty label, no label ending in a hyphen
                    return false;
                }
                if (partlen > 63 || partlen == 0) {
                    return false;
                }
                partlen = 0;
            } else {
                return false; // anything else, including every non-ASCII char (Go works on bytes)
            }
            last = c;
        }
        if (last == '-' || partlen > 63) {
            return false;
        }
        return nonNumeric;
    }
}
