package dev.netdial.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.NetException;
import dev.netdial.testing.Capabilities;
import dev.netdial.testing.Loopback;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code java.net.Socket} contract, table-driven: every check runs on the JDK's own
 * {@code new Socket()} and on {@link NetdialSocket}, with the same assertions, so the two behave
 * alike where clients look (exception types and the JDK's texts, state, addresses, options). A
 * netdial failure additionally carries Go's text and netdial's error as cause.
 *
 * <p>netdial's own: Go has no {@code Socket}; the checks follow the JDK's {@code Socket} Javadoc.
 */
@Timeout(60)
class SocketContractTest {

    /** The two implementations under the same checks. */
    enum Impl {
        JDK {
            @Override
            Socket newSocket() {
                return new Socket();
            }
        },
        NETDIAL {
            @Override
            Socket newSocket() throws IOException {
                return new NetdialSocket();
            }
        };

        abstract Socket newSocket() throws IOException;
    }

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Everything a check opened, closed after it (the leak gates check the fds). */
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

    /** A connected pair: the socket under test and the JDK socket the server accepted. */
    private record Pair(Socket client, Socket server) {
    }

    private Pair connected(Impl impl) throws IOException {
        ServerSocket ln = listen();
        Socket s = track(impl.newSocket());
        s.connect(ln.getLocalSocketAddress(), 5000);
        Socket a = track(ln.accept());
        return new Pair(s, a);
    }

    /** A port of 127.0.0.1 where nothing listens (it was just bound and closed). */
    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /**
     * A listener whose accept queue is full, so that the kernel drops further SYNs and a connect
     * to it hangs until its timeout: backlog 1, filled by plain connects nobody accepts.
     */
    private InetSocketAddress fullBacklog() throws IOException {
        ServerSocket ln = track(new ServerSocket(0, 1, LOOPBACK));
        for (int i = 0; i < 16; i++) {
            Socket s = track(new Socket());
            try {
                s.connect(ln.getLocalSocketAddress(), 300);
            } catch (SocketTimeoutException e) {
                return (InetSocketAddress) ln.getLocalSocketAddress();
            }
        }
        throw new AssertionError("a listener with backlog 1 accepted 16 connections without accept()");
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void connectTimeout(Impl impl) throws IOException {
        InetSocketAddress target = fullBacklog();
        Socket s = track(impl.newSocket());
        long t0 = System.nanoTime();
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> s.connect(target, 300));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 250 && ms < 10_000, impl + ": connect timed out after " + ms + " ms");
        assertFalse(s.isConnected(), impl + ": not connected");
        if (impl == Impl.NETDIAL || Runtime.version().feature() >= 24) {
            assertTrue(s.isClosed(), impl + ": a failed connect closes the socket (JDK 24+)");
        }
        if (impl == Impl.NETDIAL) {
            assertEquals("dial tcp " + hostPort(target) + ": i/o timeout", e.getMessage());
            assertInstanceOf(NetException.class, e.getCause());
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void readTimeoutKeepsTheSocketUsable(Impl impl) throws IOException {
        Pair p = connected(impl);
        p.client().setSoTimeout(200);
        assertEquals(200, p.client().getSoTimeout());
        InputStream in = p.client().getInputStream();
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class, in::read);
        assertFalse(p.client().isClosed(), impl + ": open after a read timeout");
        if (impl == Impl.NETDIAL) {
            assertTrue(e.getMessage().startsWith("read tcp ") && e.getMessage().endsWith(": i/o timeout"), e.getMessage());
            assertNotNull(e.getCause());
        }
        p.server().getOutputStream().write('x');
        assertEquals('x', in.read(), impl + ": a read after the timeout gets the data");
        p.client().setSoTimeout(0);
        p.server().getOutputStream().write('y');
        assertEquals('y', in.read(), impl + ": no timeout after setSoTimeout(0)");
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void shutdownOutput(Impl impl) throws IOException {
        Pair p = connected(impl);
        OutputStream out = p.client().getOutputStream();
        out.write('a');
        p.client().shutdownOutput();
        assertTrue(p.client().isOutputShutdown());
        assertFalse(p.client().isInputShutdown());
        InputStream sin = p.server().getInputStream();
        assertEquals('a', sin.read());
        assertEquals(-1, sin.read(), impl + ": the peer reads end of stream");
        p.server().getOutputStream().write('b');
        assertEquals('b', p.client().getInputStream().read(), impl + ": the other direction still works");
        assertEquals("Socket output is shutdown",
                assertThrows(SocketException.class, p.client()::getOutputStream).getMessage());
        assertEquals("Socket output is already shutdown",
                assertThrows(SocketException.class, p.client()::shutdownOutput).getMessage());
        assertThrows(SocketException.class, () -> out.write('c'), impl + ": a write after shutdownOutput fails");
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void shutdownInput(Impl impl) throws IOException {
        Pair p = connected(impl);
        InputStream in = p.client().getInputStream();
        p.client().shutdownInput();
        assertTrue(p.client().isInputShutdown());
        assertEquals(-1, in.read(), impl + ": reads after shutdownInput return -1");
        assertEquals(-1, in.read(new byte[8], 0, 8));
        assertEquals(0, in.available());
        p.client().getOutputStream().write('z');
        assertEquals('z', p.server().getInputStream().read(), impl + ": writes still go out");
        assertEquals("Socket input is shutdown",
                assertThrows(SocketException.class, p.client()::getInputStream).getMessage());
        assertEquals("Socket input is already shutdown",
                assertThrows(SocketException.class, p.client()::shutdownInput).getMessage());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void lingerZeroResetsThePeer(Impl impl) throws IOException {
        Pair p = connected(impl);
        p.client().setSoLinger(true, 0);
        assertEquals(0, p.client().getSoLinger());
        p.client().close();
        SocketException e = assertThrows(SocketException.class, () -> p.server().getInputStream().read());
        assertEquals("Connection reset", e.getMessage(), impl + ": SO_LINGER 0 closes with a RST");
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void optionsRoundTrip(Impl impl) throws IOException {
        Pair p = connected(impl);
        Socket s = p.client();
        s.setTcpNoDelay(false);
        assertFalse(s.getTcpNoDelay());
        s.setTcpNoDelay(true);
        assertTrue(s.getTcpNoDelay());
        s.setKeepAlive(true);
        assertTrue(s.getKeepAlive());
        s.setKeepAlive(false);
        assertFalse(s.getKeepAlive());
        s.setSoLinger(true, 5);
        assertEquals(5, s.getSoLinger());
        s.setSoLinger(true, 100_000);
        assertEquals(65535, s.getSoLinger(), impl + ": SO_LINGER is clamped to 65535");
        s.setSoLinger(false, 0);
        assertEquals(-1, s.getSoLinger());
        s.setReceiveBufferSize(65536);
        assertTrue(s.getReceiveBufferSize() >= 65536, impl + ": SO_RCVBUF " + s.getReceiveBufferSize());
        s.setSendBufferSize(65536);
        assertTrue(s.getSendBufferSize() >= 65536, impl + ": SO_SNDBUF " + s.getSendBufferSize());
        s.setReuseAddress(true);
        assertTrue(s.getReuseAddress());
        s.setTrafficClass(0x10);
        assertEquals(0x10, s.getTrafficClass());
        s.setOOBInline(true);
        assertTrue(s.getOOBInline());
        s.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, 30);
        s.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, 7);
        s.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, 4);
        assertEquals(30, s.getOption(ExtendedSocketOptions.TCP_KEEPIDLE));
        assertEquals(7, s.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL));
        assertEquals(4, s.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT));
        assertEquals(s.getTcpNoDelay(), s.getOption(StandardSocketOptions.TCP_NODELAY));
        for (SocketOption<?> o : SockOpts.SUPPORTED) {
            assertTrue(s.supportedOptions().contains(o), impl + " supports " + o);
        }
        assertThrows(UnsupportedOperationException.class, () -> s.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1));
        assertThrows(UnsupportedOperationException.class, () -> s.getOption(StandardSocketOptions.IP_MULTICAST_LOOP));
        assertThrows(IllegalArgumentException.class, () -> s.setOption(StandardSocketOptions.IP_TOS, 256));
        assertThrows(IllegalArgumentException.class, () -> s.setOption(StandardSocketOptions.SO_RCVBUF, -1));
        assertThrows(IllegalArgumentException.class, () -> s.setTrafficClass(-1));
        assertThrows(IllegalArgumentException.class, () -> s.setSoLinger(true, -1));
        assertThrows(IllegalArgumentException.class, () -> s.setSoTimeout(-1));
        assertThrows(NullPointerException.class, () -> s.setOption(null, 1));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void optionsSetBeforeConnectHold(Impl impl) throws IOException {
        ServerSocket ln = listen();
        Socket s = track(impl.newSocket());
        s.setTcpNoDelay(false);
        s.setKeepAlive(true);
        s.setReuseAddress(true);
        s.setSoLinger(true, 3);
        s.setReceiveBufferSize(32768);
        assertFalse(s.getTcpNoDelay(), impl + ": before connect");
        assertEquals(3, s.getSoLinger(), impl + ": before connect");
        s.connect(ln.getLocalSocketAddress());
        track(ln.accept());
        assertFalse(s.getTcpNoDelay(), impl + ": TCP_NODELAY set before connect stays off");
        assertTrue(s.getKeepAlive());
        assertTrue(s.getReuseAddress());
        assertEquals(3, s.getSoLinger());
        assertTrue(s.getReceiveBufferSize() >= 32768, impl + ": SO_RCVBUF " + s.getReceiveBufferSize());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void closeWakesABlockedReader(Impl impl) throws Exception {
        Pair p = connected(impl);
        InputStream in = p.client().getInputStream();
        CompletableFuture<Throwable> reader = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                in.read();
                reader.complete(null);
            } catch (Throwable e) {
                reader.complete(e);
            }
        });
        awaitBlocked(t);
        p.client().close();
        Throwable e = reader.get(10, TimeUnit.SECONDS);
        t.join();
        assertInstanceOf(SocketException.class, e, impl + ": the reader wakes with a SocketException");
        assertEquals("Socket closed", e.getMessage(), impl.name());
        assertTrue(p.client().isClosed());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void closeWakesABlockedWriter(Impl impl) throws Exception {
        Pair p = connected(impl);
        p.client().setSendBufferSize(4096);
        OutputStream out = p.client().getOutputStream();
        CompletableFuture<Throwable> writer = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 10_000; i++) {
                    out.write(chunk); // the peer never reads: the buffers fill and the write blocks
                }
                writer.complete(null);
            } catch (Throwable e) {
                writer.complete(e);
            }
        });
        awaitBlocked(t);
        p.client().close();
        Throwable e = writer.get(10, TimeUnit.SECONDS);
        t.join();
        assertInstanceOf(SocketException.class, e, impl + ": the writer wakes with a SocketException");
        assertEquals("Socket closed", e.getMessage(), impl.name());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void interruptedVirtualReaderClosesTheSocket(Impl impl) throws Exception {
        Pair p = connected(impl);
        InputStream in = p.client().getInputStream();
        CompletableFuture<Throwable> reader = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                in.read();
                reader.complete(null);
            } catch (Throwable e) {
                reader.complete(e);
            }
        });
        Thread.sleep(300);
        assertTrue(t.isAlive(), impl + ": the reader is blocked");
        t.interrupt();
        Throwable e = reader.get(10, TimeUnit.SECONDS);
        t.join();
        assertInstanceOf(SocketException.class, e, impl.name());
        assertEquals("Closed by interrupt", e.getMessage(), impl.name());
        assertTrue(p.client().isClosed(), impl + ": an interrupted virtual-thread read closes the socket");
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void ipv6TrafficClass(Impl impl) throws IOException {
        Capabilities.require("an IPv6 loopback (::1)", ipv6Loopback());
        ServerSocket ln = track(new ServerSocket(0, 50, Loopback.V6));
        Socket s = track(impl.newSocket());
        s.connect(ln.getLocalSocketAddress(), 5000);
        track(ln.accept());
        assertEquals(Loopback.V6, s.getInetAddress());
        assertEquals(Loopback.V6, s.getLocalAddress());
        s.setTrafficClass(0x28);
        assertEquals(0x28, s.getTrafficClass(), impl + ": IP_TOS is IPV6_TCLASS on an IPv6 socket");
    }

    private static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket(0, 1, Loopback.V6)) {
            return s.getLocalPort() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** netdial's sockets keep Go's dial defaults: Nagle off and keep-alive on (15 s), unlike the JDK's. */
    @Test
    void netdialKeepsGoDefaults() throws IOException {
        Pair p = connected(Impl.NETDIAL);
        assertTrue(p.client().getTcpNoDelay(), "Go's newTCPConn turns Nagle off");
        assertTrue(p.client().getKeepAlive(), "Go's Dialer turns keep-alive on");
        assertEquals(15, p.client().getOption(ExtendedSocketOptions.TCP_KEEPIDLE));
        Pair j = connected(Impl.JDK);
        assertFalse(j.client().getTcpNoDelay());
        assertFalse(j.client().getKeepAlive());
    }

    /** Waits until {@code t} has been parked or waiting for a while (blocked in the read or write). */
    private static void awaitBlocked(Thread t) throws InterruptedException {
        Thread.sleep(200);
        for (int i = 0; i < 100 && t.getState() == Thread.State.RUNNABLE && t.isAlive(); i++) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
        assertTrue(t.isAlive(), "the thread is still blocked");
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void addressesAndState(Impl impl) throws IOException {
        Socket s = track(impl.newSocket());
        assertFalse(s.isConnected());
        assertFalse(s.isBound());
        assertFalse(s.isClosed());
        assertFalse(s.isInputShutdown());
        assertFalse(s.isOutputShutdown());
        assertNull(s.getInetAddress());
        assertNull(s.getRemoteSocketAddress());
        assertNull(s.getLocalSocketAddress());
        assertEquals(0, s.getPort());
        assertEquals(-1, s.getLocalPort());
        assertTrue(s.getLocalAddress().isAnyLocalAddress());
        assertNull(s.getChannel());
        assertEquals("Socket[unconnected]", s.toString());
        assertEquals("Socket is not connected", assertThrows(SocketException.class, s::getInputStream).getMessage());
        assertEquals("Socket is not connected", assertThrows(SocketException.class, s::getOutputStream).getMessage());
        assertEquals("Socket is not connected", assertThrows(SocketException.class, s::shutdownInput).getMessage());

        ServerSocket ln = listen();
        s.connect(ln.getLocalSocketAddress());
        Socket a = track(ln.accept());
        assertTrue(s.isConnected());
        assertTrue(s.isBound());
        assertEquals(LOOPBACK, s.getInetAddress());
        assertEquals(ln.getLocalPort(), s.getPort());
        assertEquals(a.getPort(), s.getLocalPort());
        assertEquals(LOOPBACK, s.getLocalAddress());
        assertEquals(a.getRemoteSocketAddress(), s.getLocalSocketAddress());
        assertEquals(ln.getLocalSocketAddress(), s.getRemoteSocketAddress());
        assertEquals("Socket[addr=" + LOOPBACK + ",port=" + ln.getLocalPort() + ",localport=" + a.getPort() + "]",
                s.toString());
        assertEquals("Already connected",
                assertThrows(SocketException.class, () -> s.connect(ln.getLocalSocketAddress())).getMessage());
        assertEquals("Already bound",
                assertThrows(SocketException.class, () -> s.bind(null)).getMessage());

        int localPort = s.getLocalPort();
        s.close();
        s.close(); // idempotent
        assertTrue(s.isClosed());
        assertTrue(s.isConnected(), impl + ": still reports connected after close, as the JDK's");
        assertEquals(LOOPBACK, s.getInetAddress());
        assertEquals(localPort, s.getLocalPort());
        assertTrue(s.getLocalAddress().isAnyLocalAddress(), impl + ": the local address of a closed socket");
        assertEquals("Socket is closed", assertThrows(SocketException.class, s::getInputStream).getMessage());
        assertEquals("Socket is closed", assertThrows(SocketException.class, () -> s.setSoTimeout(1)).getMessage());
        assertEquals("Socket is closed", assertThrows(SocketException.class, s::getTcpNoDelay).getMessage());
        assertEquals("Socket is closed",
                assertThrows(SocketException.class, () -> s.connect(ln.getLocalSocketAddress())).getMessage());
        assertEquals("Socket is closed", assertThrows(SocketException.class, s::shutdownOutput).getMessage());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void bindBeforeConnect(Impl impl) throws IOException {
        ServerSocket ln = listen();
        int port = deadPort();
        Socket s = track(impl.newSocket());
        s.bind(new InetSocketAddress(LOOPBACK, port));
        assertTrue(s.isBound());
        assertFalse(s.isConnected());
        assertEquals(port, s.getLocalPort());
        s.connect(ln.getLocalSocketAddress());
        Socket a = track(ln.accept());
        assertEquals(port, s.getLocalPort(), impl + ": the dial used the bound port");
        assertEquals(port, a.getPort());
        assertEquals(LOOPBACK, s.getLocalAddress());
        assertEquals("Unresolved address", assertThrows(SocketException.class,
                () -> track(impl.newSocket()).bind(InetSocketAddress.createUnresolved("localhost", 0))).getMessage());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void bindToAPortInUseIsBindException(Impl impl) throws IOException {
        ServerSocket ln = listen();
        ServerSocket taken = listen();
        Socket s = track(impl.newSocket());
        // The JDK's bind fails at once; netdial's socket binds when it dials, so the connect fails.
        assertThrows(java.net.BindException.class, () -> {
            s.bind(taken.getLocalSocketAddress());
            s.connect(ln.getLocalSocketAddress(), 5000);
        });
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void refusedIsConnectException(Impl impl) throws IOException {
        InetSocketAddress target = new InetSocketAddress(LOOPBACK, deadPort());
        Socket s = track(impl.newSocket());
        ConnectException e = assertThrows(ConnectException.class, () -> s.connect(target, 5000));
        if (impl == Impl.NETDIAL) {
            assertEquals("dial tcp " + hostPort(target) + ": connect: connection refused", e.getMessage());
            assertInstanceOf(NetException.class, e.getCause());
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void unknownHostIsUnknownHostException(Impl impl) throws IOException {
        Socket s = track(impl.newSocket());
        // Not a valid domain name: Go's resolver answers "no such host" without asking a server.
        InetSocketAddress target = InetSocketAddress.createUnresolved("nx..invalid", 80);
        UnknownHostException e = assertThrows(UnknownHostException.class, () -> s.connect(target, 5000));
        if (impl == Impl.NETDIAL) {
            assertEquals("dial tcp: lookup nx..invalid: no such host", e.getMessage());
            assertInstanceOf(NetException.class, e.getCause());
        }
        assertThrows(IllegalArgumentException.class, () -> track(impl.newSocket()).connect(null));
        assertThrows(IllegalArgumentException.class,
                () -> track(impl.newSocket()).connect(new InetSocketAddress(LOOPBACK, 1), -1));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void availableCountsBufferedBytes(Impl impl) throws Exception {
        Pair p = connected(impl);
        p.server().getOutputStream().write(new byte[] {1, 2, 3});
        InputStream in = p.client().getInputStream();
        for (int i = 0; i < 100 && in.available() < 3; i++) {
            Thread.sleep(10);
        }
        assertEquals(3, in.available());
        assertEquals(3, in.read(new byte[8]));
        assertEquals(0, in.available());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void streamCloseClosesTheSocket(Impl impl) throws IOException {
        Pair p = connected(impl);
        p.client().getInputStream().close();
        assertTrue(p.client().isClosed());
        assertEquals(-1, p.server().getInputStream().read(), impl + ": the peer sees the close");
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void sendUrgentData(Impl impl) throws IOException {
        Pair p = connected(impl);
        p.server().setOOBInline(true);
        p.client().getOutputStream().write('a');
        p.client().sendUrgentData('!');
        p.client().getOutputStream().write('b');
        InputStream in = p.server().getInputStream();
        byte[] got = new byte[3];
        int n = 0;
        while (n < 3) {
            n += in.read(got, n, 3 - n);
        }
        assertEquals("a!b", new String(got, java.nio.charset.StandardCharsets.US_ASCII),
                impl + ": the urgent byte arrives in line (SO_OOBINLINE)");
        assertThrows(SocketException.class, () -> track(impl.newSocket()).sendUrgentData(1), impl + ": unconnected");
        p.client().close();
        assertThrows(SocketException.class, () -> p.client().sendUrgentData(1), impl + ": closed");
    }

    /** No public method of {@code Socket} falls through to the JDK's socket implementation. */
    @Test
    void everyPublicSocketMethodIsOverridden() {
        List<String> missing = new ArrayList<>();
        for (Method m : Socket.class.getMethods()) {
            if (m.getDeclaringClass() != Socket.class || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                NetdialSocket.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                missing.add(m.toString());
            }
        }
        assertEquals(List.of(), missing, "java.net.Socket methods NetdialSocket does not override");
    }

    @Test
    void netdialErrorsKeepGoText() throws Exception {
        // A connect that is closed meanwhile fails with the JDK's "Socket closed".
        InetSocketAddress target = fullBacklog();
        NetdialSocket s = track(new NetdialSocket());
        CompletableFuture<Throwable> f = CompletableFuture.supplyAsync(() -> {
            try {
                s.connect(target, 20_000);
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        Thread.sleep(300);
        s.close();
        Throwable e;
        try {
            e = f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException x) {
            throw new AssertionError(x);
        }
        assertInstanceOf(SocketException.class, e);
        assertEquals("Socket closed", e.getMessage());
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
