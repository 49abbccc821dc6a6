package dev.netdial.resolver;

import java.util.Objects;
/**
 * DNS name checks shared by the resolvers.
 *
 * <p>Go: {@code src/net/dnsclient.go}.
 */
public final class DnsNames {
    private DnsNames() {}

    /**
     * Reports whether {@code s} is a valid presentation-format domain name (RFC 1035, RFC 3696):
     * labels of letters, digits, {@code _} and inner hyphens, 1..63 bytes each, at most 253 bytes
     * in all (254 when rooted), not all digits. The root {@code "."} is valid (go.dev/issue/45715).
     *
     * <p>Go: {@code src/net/dnsclient.go} {@code isDomainName}.
     */
    public static boolean isDomainName(String s) {
        Objects.requireNonNull(s, "s");
        if (s == null) {
            return false;
        }
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
