/**
 * netdial under existing Java clients: {@link dev.netdial.jdk.NetdialSocketFactory} and
 * {@link dev.netdial.jdk.NetdialSocket} (a {@code javax.net.SocketFactory} and a
 * {@code java.net.Socket} over a netdial {@code TCPConn}), and
 * {@link dev.netdial.jdk.NetdialInetAddressResolverProvider}, which answers the JDK's
 * {@code InetAddress} lookups through Go's resolver when the JVM runs with
 * {@code -Dnetdial.inetaddress=go}.
 */
module dev.netdial.jdk {
    requires transitive dev.netdial.tcp;
    requires transitive dev.netdial.resolver;
    requires dev.netdial.posix;
    requires jdk.net;

    exports dev.netdial.jdk;

    provides java.net.spi.InetAddressResolverProvider with dev.netdial.jdk.NetdialInetAddressResolverProvider;
}
