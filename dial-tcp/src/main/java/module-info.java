/**
 * Go's TCP dial stack: {@code Dialer} (Happy Eyeballs, {@code doDialTCP}'s self-connect loop),
 * {@code ListenConfig}, {@code TCPConn}, {@code TCPListener} and the package-level {@code Net} calls.
 */
module dev.netdial.tcp {
    requires transitive dev.netdial.api;
    requires transitive dev.netdial.posix;
    requires transitive dev.netdial.resolver;
    requires transitive dev.netdial.udp;
    requires transitive dev.netdial.unix;
    requires org.slf4j;
    // The JFR events netdial.Dial and netdial.SelfConnect (zero cost when not recording).
    requires jdk.jfr;

    exports dev.netdial.tcp;
}
