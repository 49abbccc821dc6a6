package dev.netdial.jdk;

import dev.netdial.tcp.Dialer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * A {@link SocketFactory} whose sockets are {@link NetdialSocket}s: give it to a client that takes
 * a factory and its connections are dialed by netdial (its resolver, Happy Eyeballs, the
 * self-connect guard, Go's error texts inside the {@code java.net} exceptions).
 *
 * <pre>{@code
 * // PostgreSQL's JDBC driver, by class name in the URL:
 * //   jdbc:postgresql://db:5432/app?socketFactory=dev.netdial.jdk.NetdialSocketFactory
 * // OkHttp, or any client taking a SocketFactory:
 * //   new OkHttpClient.Builder().socketFactory(new NetdialSocketFactory(dialer))
 * }</pre>
 *
 * <p>A host name given to {@code createSocket(String, int…)} is resolved by netdial's resolver
 * (every address tried), never by {@code InetAddress}; an {@link InetAddress} is dialed as its IP.
 * The unconnected {@link #createSocket()} is what most clients call, then
 * {@code connect(address, timeout)}.
 *
 * <p>netdial's own: Go has no {@code SocketFactory}; the dial is Go's
 * ({@code src/net/dial.go} {@code (*Dialer).DialContext}).
 */
public final class NetdialSocketFactory extends SocketFactory {
    private final Dialer dialer;

    /** A factory with the default {@link Dialer} (Go's zero Dialer). */
    public NetdialSocketFactory() {
        this(new Dialer());
    }

    /**
     * A factory with the default {@link Dialer}, for drivers that make their factory by class name
     * with one string argument (PostgreSQL's {@code socketFactoryArg}). The argument is ignored:
     * a Dialer has no text form. Where a client takes a factory object, configure the dial with
     * {@link #NetdialSocketFactory(Dialer)}.
     *
     * @param arg ignored (may be null)
     */
    public NetdialSocketFactory(String arg) {
        this(new Dialer());
    }

    /** A factory whose sockets dial with {@code dialer}. */
    public NetdialSocketFactory(Dialer dialer) {
        this.dialer = Objects.requireNonNull(dialer, "dialer");
    }

    /** The Dialer the sockets use. */
    public Dialer dialer() {
        return dialer;
    }

    /** An unconnected {@link NetdialSocket}; {@code connect} it. */
    @Override
    public Socket createSocket() throws IOException {
        return new NetdialSocket(dialer);
    }

    /** A socket connected to {@code host:port}, the name resolved by netdial. */
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(null, remote(host, port));
    }

    /** A socket connected to {@code host:port} from {@code localHost:localPort}. */
    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(localHost, localPort), remote(host, port));
    }

    /** A socket connected to {@code host:port}. */
    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    /** A socket connected to {@code address:port} from {@code localAddress:localPort}. */
    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
    }

    /** A name to resolve at dial time; null is the loopback address, as for the JDK's {@code Socket(String, int)}. */
    private static InetSocketAddress remote(String host, int port) {
        return host == null ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port)
                : InetSocketAddress.createUnresolved(host, port);
    }

    /** Binds (when asked) and connects a new socket; a failed connect leaves nothing open. */
    private Socket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        NetdialSocket s = new NetdialSocket(dialer);
        try {
            if (local != null) {
                s.bind(local);
            }
            s.connect(remote);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "NetdialSocketFactory[" + dialer + "]";
    }
}
