package dev.netdial.examples;

import dev.netdial.jdk.NetdialInetAddressResolverProvider;
import dev.netdial.jdk.NetdialSocketFactory;
import dev.netdial.tcp.Dialer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.SocketFactory;

/**
 * netdial under code written for the JDK's sockets, in the order a client library uses them: a
 * {@link SocketFactory} ({@link NetdialSocketFactory}) makes an unconnected socket, connects it
 * with a timeout to a host name that netdial's resolver answers, sets a read timeout and talks;
 * a refused dial is the {@link ConnectException} the client already catches, with Go's text
 * inside. Last, what {@code InetAddress} does with and without {@code -Dnetdial.inetaddress=go}
 * ({@link NetdialInetAddressResolverProvider}).
 *
 * <p>Run it: {@code java --enable-native-access=ALL-UNNAMED -cp examples/target/netdial.jar
 * dev.netdial.examples.UnderAnExistingClient}
 * (add {@code -Dnetdial.inetaddress=go} to see the JDK's own lookups answered by Go's resolver).
 *
 * <p>netdial's own: an example.
 */
public final class UnderAnExistingClient {
    private UnderAnExistingClient() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /**
     * Runs the example, printing what happens to {@code out}.
     *
     * <p>netdial's own: an example.
     */
    static void run(PrintStream out) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread echo = Thread.ofVirtual().start(() -> echoOneLine(server));

            // What a client library holds: a SocketFactory. The Dialer carries netdial's settings.
            Dialer dialer = Dialer.builder().timeout(Duration.ofSeconds(5)).build();
            SocketFactory factory = new NetdialSocketFactory(dialer);

            try (Socket s = factory.createSocket()) {
                // "localhost" is resolved by netdial (/etc/hosts), not InetAddress; every address is
                // tried (::1 first where nothing listens, then 127.0.0.1), as Go's Dialer does.
                s.connect(InetSocketAddress.createUnresolved("localhost", server.getLocalPort()), 5000);
                s.setSoTimeout(2000); // each read: a netdial read deadline; expiry is SocketTimeoutException
                OutputStream o = s.getOutputStream();
                o.write("hello through netdial\n".getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                out.println("connected: " + s);
                out.println("echoed:    " + in.readLine());
            }
            echo.join();

            int dead;
            try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                dead = gone.getLocalPort();
            }
            try (Socket s = factory.createSocket("127.0.0.1", dead)) {
                out.println("unexpected: connected to a closed port: " + s);
            } catch (ConnectException e) {
                out.println("refused:   " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        String mode = System.getProperty(NetdialInetAddressResolverProvider.PROPERTY);
        out.println("InetAddress answers through " + ("go".equals(mode) ? "netdial (Go's resolver)"
                : "the JDK's resolver (run with -D" + NetdialInetAddressResolverProvider.PROPERTY + "=go for Go's)"));
        try {
            InetAddress.getAllByName("nx..invalid");
        } catch (UnknownHostException e) {
            out.println("unknown:   " + e.getMessage());
        }
    }

    /** Accepts one connection and sends its first line back. */
    private static void echoOneLine(ServerSocket server) {
        try (Socket c = server.accept()) {
            String line = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8)).readLine();
            c.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
