package dev.netdial.resolver;

import java.util.Objects;

/**
 * DNS name checks, public because the API names them; the code is {@link DnsClient}'s, where
 * Go's {@code dnsclient.go} functions live.
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
        return DnsClient.isDomainName(s);
    }
}
