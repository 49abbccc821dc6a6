package dev.netdial.resolver;

/**
 * Where host names are looked up, and in which order: a simplified {@code hosts:} line of
 * nsswitch.conf ("files" is the hosts file). {@link #toString()} gives Go's names.
 *
 * <p>Go: {@code src/net/dnsclient_unix.go} {@code hostLookupOrder}, {@code lookupOrderName}.
 */
enum HostLookupOrder {
    /** Go: {@code hostLookupCgo}: leave it to the system resolver (libc getaddrinfo). */
    CGO("cgo"),
    /** Go: {@code hostLookupFilesDNS}: the hosts file first, then DNS. */
    FILES_DNS("files,dns"),
    /** Go: {@code hostLookupDNSFiles}: DNS first, then the hosts file. */
    DNS_FILES("dns,files"),
    /** Go: {@code hostLookupFiles}: the hosts file only. */
    FILES("files"),
    /** Go: {@code hostLookupDNS}: DNS only. */
    DNS("dns");

    private final String goName;

    HostLookupOrder(String goName) {
        this.goName = goName;
    }

    /** Go: {@code (hostLookupOrder).String}. */
    @Override
    public String toString() {
        return goName;
    }
}
