package dev.netdial.resolver;

/**
 * One DNS MX record: the mail host and its preference ("." is a null MX, RFC 7505).
 *
 * <p>Go: {@code src/net/dnsclient.go} {@code MX}.
 */
public record MX(String host, int pref) {
}
