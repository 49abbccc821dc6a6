package dev.netdial.api;

import java.util.Objects;
/**
 * A host and a port as Go splits and joins them: {@code "host:port"},
 * {@code "[host]:port"}, {@code "[host%zone]:port"}.
 *
 * <p>Go: {@code src/net/ipsock.go} {@code SplitHostPort}, {@code JoinHostPort}.
 *
 * @param host the host: a name, an IP literal (without brackets) or ""
 * @param port the port: a number or a service name, or ""
 */
public record HostPort(String host, String port) {

    private static final String MISSING_PORT = "missing port in address";
    private static final String TOO_MANY_COLONS = "too many colons in address";

    /**
     * Splits {@code "host:port"}, {@code "host%zone:port"}, {@code "[host]:port"} or
     * {@code "[host%zone]:port"} into host (or host%zone) and port. A literal IPv6 address
     * must be in brackets. Nothing is checked about the host or port themselves.
     *
     * <p>Go: {@code src/net/ipsock.go} {@code SplitHostPort}.
     *
     * @throws AddrError with Go's reasons: "missing port in address", "too many colons in
     *     address", "missing ']' in address", "unexpected '[' in address", "unexpected ']' in
     *     address"
     */
    public static HostPort split(String hostport) throws AddrError {
        Objects.requireNonNull(hostport, "hostport");
        int j = 0;
        int k = 0;
        // The port is whatever follows the last colon.
        int i = hostport.lastIndexOf(':');
        if (i < 0) {
            throw new AddrError(MISSING_PORT, hostport);
        }
        String host;
        if (hostport.charAt(0) == '[') {
            // The closing bracket must sit right before that last colon.
            int end = hostport.indexOf(']');
            if (end < 0) {
                throw new AddrError("missing ']' in address", hostport);
            }
            if (end + 1 == hostport.length()) {
                // Nothing, so no colon, can follow the bracket.
                throw new AddrError(MISSING_PORT, hostport);
            } else if (end + 1 != i) {
                // The bracket is followed by something other than the last colon.
                if (hostport.charAt(end + 1) == ':') {
                    throw new AddrError(TOO_MANY_COLONS, hostport);
                }
                throw new AddrError(MISSING_PORT, hostport);
            }
            host = hostport.substring(1, end);
            // No '[' may follow the first character, and no ']' the closing bracket.
            j = 1;
            k = end + 1;
        } else {
            host = hostport.substring(0, i);
            if (host.indexOf(':') >= 0) {
                throw new AddrError(TOO_MANY_COLONS, hostport);
            }
        }
        if (hostport.indexOf('[', j) >= 0) {
            throw new AddrError("unexpected '[' in address", hostport);
        }
        if (hostport.indexOf(']', k) >= 0) {
            throw new AddrError("unexpected ']' in address", hostport);
        }
        return new HostPort(host, hostport.substring(i + 1));
    }

    /**
     * Joins host and port as {@code "host:port"}; a host containing a colon is taken for a
     * literal IPv6 address (maybe with a zone) and bracketed: {@code "[host]:port"}.
     *
     * <p>Go: {@code src/net/ipsock.go} {@code JoinHostPort}.
     */
    public static String join(String host, String port) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        if (host.indexOf(':') >= 0) {
            return "[" + host + "]:" + port;
        }
        return host + ":" + port;
    }

    /**
     * Joins this host and port, as {@link #join(String, String)}.
     *
     * <p>Go: {@code src/net/ipsock.go} {@code JoinHostPort}.
     */
    @Override
    public String toString() {
        return join(host, port);
    }
}
