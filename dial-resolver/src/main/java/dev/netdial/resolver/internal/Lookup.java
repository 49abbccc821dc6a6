package dev.netdial.resolver.internal;

/**
 * The helpers of Go's {@code lookup.go} that Go does not export but that both the resolver and
 * the dialer need; this package is exported to {@code dev.netdial.tcp} only.
 *
 * <p>Go: {@code src/net/lookup.go}.
 */
public final class Lookup {
    private Lookup() {
    }

    /**
     * The IP version a network name ends in: '4', '6', or 0 (none, or an empty name).
     *
     * <p>Go: {@code src/net/lookup.go} {@code ipVersion}.
     */
    public static char ipVersion(String network) {
        if (network.isEmpty()) {
            return 0;
        }
        char n = network.charAt(network.length() - 1);
        return n == '4' || n == '6' ? n : 0;
    }
}
