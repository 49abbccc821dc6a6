/**
 * Go's resolver: IP literals, the hosts file, service names, the system resolver
 * (libc {@code getaddrinfo}) and Go's pure DNS resolver with its wire format.
 */
module dev.netdial.resolver {
    requires transitive dev.netdial.api;
    requires dev.netdial.posix;
    requires com.sun.jna;
    requires org.slf4j;
    // The JFR event netdial.Lookup (zero cost when not recording).
    requires jdk.jfr;

    exports dev.netdial.resolver;
    exports dev.netdial.resolver.message;
    // Go's unexported lookup.go helpers the dialer shares (ipVersion).
    exports dev.netdial.resolver.internal to dev.netdial.tcp;
    // JNA's direct mapping (Native.register) binds Netdb's native methods reflectively.
    opens dev.netdial.resolver to com.sun.jna;
}
