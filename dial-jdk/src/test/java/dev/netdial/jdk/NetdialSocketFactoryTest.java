package dev.netdial.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.tcp.Dialer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every {@code createSocket} overload of {@link NetdialSocketFactory}, its three constructors, and
 * that its sockets dial with the factory's {@link Dialer} (hooks and pre-connect options both run).
 *
 * <p>netdial's own: Go has no {@code SocketFactory}.
 */
@Timeout(60)
class NetdialSocketFactoryTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        opened.add(c);
        return c;
    }

    private ServerSocket listen() throws IOException {
        return track(new ServerSocket(0, 50, LOOPBACK));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /** Checks {@code s} is a connected NetdialSocket talking to the socket {@code ln} accepts. */
    private Socket assertTalks(Socket s, ServerSocket ln) throws IOException {
        track(s);
        assertInstanceOf(NetdialSocket.class, s);
        assertTrue(s.isConnected());
        Socket a = track(ln.accept());
        s.getOutputStream().write('q');
        assertEquals('q', a.getInputStream().read());
        assertEquals(a.getRemoteSocketAddress(), s.getLocalSocketAddress());
        return a;
    }

    @Test
    void unconnectedThenConnect() throws IOException {
        ServerSocket ln = listen();
        Socket s = track(new NetdialSocketFactory().createSocket());
        assertInstanceOf(NetdialSocket.class, s);
        assertFalse(s.isConnected());
        s.connect(ln.getLocalSocketAddress(), 5000);
        assertTalks(s, ln);
    }

    @Test
    void hostAndPort() throws IOException {
        ServerSocket ln = listen();
        Socket s = new NetdialSocketFactory().createSocket("127.0.0.1", ln.getLocalPort());
        assertTalks(s, ln);
        assertEquals(LOOPBACK, s.getInetAddress());
    }

    @Test
    void nameResolvedByNetdial() throws IOException {
        // "localhost" comes from /etc/hosts through netdial's resolver; every address is tried,
        // so ::1 (where nothing listens) falling back to 127.0.0.1 still connects.
        ServerSocket ln = listen();
        Socket s = new NetdialSocketFactory().createSocket("localhost", ln.getLocalPort());
        assertTalks(s, ln);
        assertEquals("localhost", s.getInetAddress().getHostName(), "the name dialed is kept, as the JDK's");
    }

    @Test
    void remoteAddressAsTheJdkFactoryReportsIt() throws IOException {
        ServerSocket ln = listen();
        for (String host : List.of("127.0.0.1", "localhost")) {
            Socket jdk = track(SocketFactory.getDefault().createSocket(host, ln.getLocalPort()));
            track(ln.accept());
            Socket nd = new NetdialSocketFactory().createSocket(host, ln.getLocalPort());
            assertTalks(nd, ln);
            assertEquals(jdk.getInetAddress().toString(), nd.getInetAddress().toString(), host);
            assertEquals(jdk.getRemoteSocketAddress(), nd.getRemoteSocketAddress(), host);
        }
    }

    @Test
    void nullHostIsLoopback() throws IOException {
        ServerSocket ln = listen();
        Socket s = new NetdialSocketFactory().createSocket((String) null, ln.getLocalPort());
        assertTalks(s, ln);
    }

    @Test
    void hostPortAndLocalAddress() throws IOException {
        ServerSocket ln = listen();
        int local = freePort();
        Socket s = new NetdialSocketFactory().createSocket("127.0.0.1", ln.getLocalPort(), LOOPBACK, local);
        Socket a = assertTalks(s, ln);
        assertEquals(local, s.getLocalPort());
        assertEquals(local, a.getPort());
    }

    @Test
    void inetAddressAndPort() throws IOException {
        ServerSocket ln = listen();
        Socket s = new NetdialSocketFactory().createSocket(LOOPBACK, ln.getLocalPort());
        assertTalks(s, ln);
        assertSame(LOOPBACK, s.getInetAddress());
    }

    @Test
    void inetAddressPortAndLocalAddress() throws IOException {
        ServerSocket ln = listen();
        int local = freePort();
        Socket s = new NetdialSocketFactory().createSocket(LOOPBACK, ln.getLocalPort(), LOOPBACK, local);
        Socket a = assertTalks(s, ln);
        assertEquals(local, a.getPort());
    }

    @Test
    void refusedLeavesNothingOpen() throws IOException {
        int dead = freePort();
        SocketFactory f = new NetdialSocketFactory();
        ConnectException e = assertThrows(ConnectException.class, () -> f.createSocket("127.0.0.1", dead));
        assertEquals("dial tcp 127.0.0.1:" + dead + ": connect: connection refused", e.getMessage());
        assertThrows(ConnectException.class, () -> f.createSocket(LOOPBACK, dead, LOOPBACK, 0));
        // the leak gate checks no fd is left behind
    }

    @Test
    void stringConstructorIgnoresItsArgument() throws IOException {
        ServerSocket ln = listen();
        NetdialSocketFactory f = new NetdialSocketFactory("anything at all");
        assertTalks(f.createSocket(LOOPBACK, ln.getLocalPort()), ln);
        assertTalks(new NetdialSocketFactory((String) null).createSocket(LOOPBACK, ln.getLocalPort()), ln);
    }

    @Test
    void socketsDialWithTheFactorysDialer() throws IOException {
        ServerSocket ln = listen();
        List<String> calls = new CopyOnWriteArrayList<>();
        Dialer d = Dialer.builder().control((network, address, raw) -> calls.add(network + " " + address)).build();
        NetdialSocketFactory f = new NetdialSocketFactory(d);
        assertSame(d, f.dialer());
        assertTalks(f.createSocket(LOOPBACK, ln.getLocalPort()), ln);
        assertEquals(List.of("tcp4 127.0.0.1:" + ln.getLocalPort()), calls);

        // Options set before connect run in the same hook, before the Dialer's own.
        calls.clear();
        Socket s = track(f.createSocket());
        s.setOption(StandardSocketOptions.TCP_NODELAY, false);
        s.connect(new InetSocketAddress(LOOPBACK, ln.getLocalPort()));
        assertTalks(s, ln);
        assertEquals(1, calls.size(), "the Dialer's hook ran once: " + calls);
        assertFalse(s.getTcpNoDelay());
        assertThrows(NullPointerException.class, () -> new NetdialSocketFactory((Dialer) null));
    }
}
