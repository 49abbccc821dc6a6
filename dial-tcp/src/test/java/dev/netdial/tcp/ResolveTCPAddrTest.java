package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netdial.api.AddrError;
import dev.netdial.api.Context;
import dev.netdial.api.IP;
import dev.netdial.api.NetException;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.UnknownNetworkError;
import dev.netdial.posix.RawConn;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.LibC;
import dev.netdial.testing.GoErrors;
import dev.netdial.testing.Loopback;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The address and dial API users reach for: {@link Net#resolveTCPAddr} (Go's table), {@link TCPAddr}
 * to and from {@link InetSocketAddress}, {@link Dialer#dialTCP} (Go 1.26) and
 * {@link TCPListener#syscallConn()}, on real loopback sockets.
 *
 * <p>Go: {@code src/net/tcpsock_test.go} {@code TestResolveTCPAddr}, {@code src/net/rawconn_test.go}
 * {@code TestRawConnListener}.
 */
class ResolveTCPAddrTest {

    private record Case(String network, String address, TCPAddr want, String err) {
    }

    private static TCPAddr a(String ip, int port, String zone) {
        return new TCPAddr(ip == null ? null : IP.parse(ip), port, zone);
    }

    /** Go: {@code src/net/tcpsock_test.go} {@code resolveTCPAddrTests}. */
    private static final List<Case> CASES = List.of(
            new Case("tcp", "127.0.0.1:0", a("127.0.0.1", 0, ""), null),
            new Case("tcp4", "127.0.0.1:65535", a("127.0.0.1", 65535, ""), null),
            new Case("tcp", "[::1]:0", a("::1", 0, ""), null),
            new Case("tcp6", "[::1]:65535", a("::1", 65535, ""), null),
            new Case("tcp", "[::1%en0]:1", a("::1", 1, "en0"), null),
            new Case("tcp6", "[::1%911]:2", a("::1", 2, "911"), null),
            new Case("", "127.0.0.1:0", a("127.0.0.1", 0, ""), null),
            new Case("", "[::1]:0", a("::1", 0, ""), null),
            new Case("tcp", ":12345", a(null, 12345, ""), null),
            new Case("http", "127.0.0.1:0", null, "unknown network http"),
            new Case("tcp", "127.0.0.1:http", a("127.0.0.1", 80, ""), null),
            new Case("tcp", "[::ffff:127.0.0.1]:http", a("::ffff:127.0.0.1", 80, ""), null),
            new Case("tcp", "[2001:db8::1]:http", a("2001:db8::1", 80, ""), null),
            new Case("tcp4", "127.0.0.1:http", a("127.0.0.1", 80, ""), null),
            new Case("tcp4", "[::ffff:127.0.0.1]:http", a("127.0.0.1", 80, ""), null),
            new Case("tcp6", "[2001:db8::1]:http", a("2001:db8::1", 80, ""), null),
            new Case("tcp4", "[2001:db8::1]:http", null, "address 2001:db8::1: no suitable address found"),
            new Case("tcp6", "127.0.0.1:http", null, "address 127.0.0.1: no suitable address found"),
            new Case("tcp6", "[::ffff:127.0.0.1]:http", null, "address ::ffff:127.0.0.1: no suitable address found"),
            new Case("tcp", "127.0.0.1", null, "address 127.0.0.1: missing port in address"));

    /** Go: {@code src/net/tcpsock_test.go} {@code TestResolveTCPAddr}. */
    @Test
    void testResolveTCPAddr() {
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            String name = "case " + i + " " + c.network() + " " + c.address();
            try {
                TCPAddr got = Net.resolveTCPAddr(c.network(), c.address());
                if (c.err() != null) {
                    fail(name + ": got " + got + ", want error " + c.err());
                }
                assertEquals(c.want(), got, name);
                // Go: the address resolves again from its own string
                assertEquals(got, Net.resolveTCPAddr(c.network(), got.toString()), name + " (round trip)");
            } catch (IOException e) {
                if (c.err() == null) {
                    fail(name + ": " + e.getMessage(), e);
                }
                assertEquals(c.err(), e.getMessage(), name);
                assertTrue(e instanceof UnknownNetworkError || e instanceof AddrError, name + ": " + e.getClass());
            }
        }
        assertEquals("network", assertThrows(NullPointerException.class, () -> Net.resolveTCPAddr(null, ":1")).getMessage());
        assertEquals("address", assertThrows(NullPointerException.class, () -> Net.resolveTCPAddr("tcp", null)).getMessage());
    }

    /** TCPAddr ↔ InetSocketAddress: IP, port, and zone ↔ scope id, both ways. */
    @Test
    void testTCPAddrInetSocketAddress() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(Loopback.V4, 80);
        assertEquals(a("127.0.0.1", 80, ""), TCPAddr.of(v4));
        assertEquals(v4, TCPAddr.of(v4).toInetSocketAddress());
        assertEquals(a("::1", 443, ""), TCPAddr.of(new InetSocketAddress(Loopback.V6, 443)));

        Inet6Address scoped = Inet6Address.getByAddress(null, IP.parse("fe80::1").getAddress(), 1);
        TCPAddr z = TCPAddr.of(new InetSocketAddress(scoped, 8080));
        assertEquals(a("fe80::1", 8080, "1"), z);
        assertEquals("[fe80::1%1]:8080", z.toString());
        InetSocketAddress back = z.toInetSocketAddress();
        assertEquals(1, ((Inet6Address) back.getAddress()).getScopeId());
        assertEquals(8080, back.getPort());

        InetSocketAddress unknownZone = a("fe80::1", 1, "nosuchif0").toInetSocketAddress();
        assertEquals(0, ((Inet6Address) unknownZone.getAddress()).getScopeId());

        InetSocketAddress any = new TCPAddr(null, 9).toInetSocketAddress();
        assertTrue(any.getAddress().isAnyLocalAddress());
        assertEquals(9, any.getPort());

        assertThrows(IllegalArgumentException.class, () -> TCPAddr.of(InetSocketAddress.createUnresolved("example.com", 80)));
        assertEquals("address", assertThrows(NullPointerException.class, () -> TCPAddr.of(null)).getMessage());
    }

    /**
     * Dialer.dialTCP: connects without resolution, from a fixed local address too; Go's errors for
     * an unknown network, a missing address, a canceled context and an expired timeout.
     *
     * <p>Go: {@code src/net/dial.go} {@code (*Dialer).DialTCP} (Go 1.26).
     */
    @Test
    void testDialerDialTCP() throws Exception {
        try (TCPListener ln = Net.listenTCP("tcp", new TCPAddr(Loopback.V4, 0))) {
            TCPAddr raddr = (TCPAddr) ln.addr();
            Dialer d = new Dialer();
            try (TCPConn c = d.dialTCP(Context.background(), "tcp", null, raddr); TCPConn s = ln.acceptTCP()) {
                assertEquals(raddr, c.remoteAddr());
                c.write(new byte[] {42}, 0, 1);
                byte[] b = new byte[1];
                assertEquals(1, s.read(b, 0, 1));
                assertEquals(42, b[0]);
            }
            try (TCPConn c = d.dialTCP(Context.background(), "tcp4", new TCPAddr(Loopback.V4, 0), raddr);
                    TCPConn s = ln.acceptTCP()) {
                assertEquals(Loopback.V4, ((TCPAddr) c.localAddr()).ip());
                assertEquals(c.localAddr(), s.remoteAddr());
            }

            OpError e = assertThrows(OpError.class, () -> d.dialTCP(Context.background(), "udp", null, raddr));
            assertEquals("dial udp " + raddr + ": unknown network udp", e.getMessage());
            e = assertThrows(OpError.class, () -> d.dialTCP(Context.background(), "tcp", null, null));
            assertEquals("dial tcp: missing address", e.getMessage());

            Context canceled = Context.background().withCancel();
            canceled.cancel();
            e = assertThrows(OpError.class, () -> d.dialTCP(canceled, "tcp", null, raddr));
            assertEquals("dial tcp " + raddr + ": operation was canceled", e.getMessage());
            GoErrors.checkDial(e);

            Dialer expired = Dialer.builder().timeout(Duration.ofNanos(-1)).build();
            e = assertThrows(OpError.class, () -> expired.dialTCP(Context.background(), "tcp", null, raddr));
            assertEquals("dial tcp " + raddr + ": i/o timeout", e.getMessage());
            assertTrue(e.timeout());
            GoErrors.checkDial(e);

            assertEquals("ctx", assertThrows(NullPointerException.class,
                    () -> d.dialTCP(null, "tcp", null, raddr)).getMessage());
        }
    }

    /**
     * A listener's RawConn: control runs with the listening fd (SO_ACCEPTCONN is 1); read and
     * write are refused with "invalid argument"; after close, control fails as Go's does.
     *
     * <p>Go: {@code src/net/rawconn_test.go} {@code TestRawConnListener}.
     */
    @Test
    void testRawConnListener() throws Exception {
        TCPListener ln = Net.listenTCP("tcp", new TCPAddr(Loopback.V4, 0));
        RawConn rc = ln.syscallConn();
        AtomicInteger accepting = new AtomicInteger(-1);
        try {
            rc.control(fd -> {
                int[] v = new int[1];
                LibC.getsockoptInt(fd, Constants.SOL_SOCKET, 30 /* SO_ACCEPTCONN */, v);
                accepting.set(v[0]);
            });
            assertEquals(1, accepting.get());
            assertEquals("invalid argument", assertThrows(NetException.class, () -> rc.read(fd -> true)).getMessage());
            assertEquals("invalid argument", assertThrows(NetException.class, () -> rc.write(fd -> true)).getMessage());
        } finally {
            ln.close();
        }
        OpError e = assertThrows(OpError.class, () -> rc.control(fd -> { }));
        assertEquals("raw-control tcp " + ln.addr() + ": use of closed network connection", e.getMessage());
        assertNull(e.source());
    }
}
