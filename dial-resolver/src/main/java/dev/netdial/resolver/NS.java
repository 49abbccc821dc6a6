package dev.netdial.resolver;

/**
 * One DNS NS record: a name server's host name.
 *
 * <p>Go: {@code src/net/dnsclient.go} {@code NS}.
 */
public record NS(String host) {
}
