package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netdial.api.Addr;
import dev.netdial.api.AddrError;
import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.Errors;
import dev.netdial.api.IP;
import dev.netdial.api.OpError;
import dev.netdial.api.PacketConn;
import dev.netdial.api.ReadFromResult;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.UDPAddr;
import dev.netdial.api.UnknownNetworkError;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.testing.Capabilities;
import dev.netdial.testing.GoErrors;
import dev.netdial.udp.UDPConn;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * UDP through the dialer's dispatch: {@link Net}, {@link Dialer} and {@link ListenConfig} for
 * "udp", "udp4" and "udp6"; Go's address resolution, the Dialer's options, and Go's errors.
 *
 * <p>Go: {@code src/net/udpsock_test.go} ({@code TestResolveUDPAddr}, {@code TestWriteToUDP},
 * {@code TestUDPConnLocalAndRemoteNames}); {@code src/net/dial.go} ({@code dialSingle},
 * {@code ListenPacket}).
 */
@Timeout(60)
class UdpSockTest {

    private record Case(String network, String address, UDPAddr want, String err) {
    }

    private static UDPAddr a(String ip, int port, String zone) {
        return new UDPAddr(ip == null ? null : IP.parse(ip), port, zone);
    }

    /** Go: {@code src/net/udpsock_test.go} {@code resolveUDPAddrTests}. */
    private static final List<Case> CASES = List.of(
            new Case("udp", "127.0.0.1:0", a("127.0.0.1", 0, ""), null),
            new Case("udp4", "127.0.0.1:65535", a("127.0.0.1", 65535, ""), null),
            new Case("udp", "[::1]:0", a("::1", 0, ""), null),
            new Case("udp6", "[::1]:65535", a("::1", 65535, ""), null),
            new Case("udp", "[::1%en0]:1", a("::1", 1, "en0"), null),
            new Case("udp6", "[::1%911]:2", a("::1", 2, "911"), null),
            new Case("", "127.0.0.1:0", a("127.0.0.1", 0, ""), null),
            new Case("", "[::1]:0", a("::1", 0, ""), null),
            new Case("udp", ":12345", a(null, 12345, ""), null),
            new Case("http", "127.0.0.1:0", null, "unknown network http"),
            new Case("udp", "127.0.0.1:domain", a("127.0.0.1", 53, ""), null),
            new Case("udp", "[::ffff:127.0.0.1]:domain", a("::ffff:127.0.0.1", 53, ""), null),
            new Case("udp", "[2001:db8::1]:domain", a("2001:db8::1", 53, ""), null),
            new Case("udp4", "127.0.0.1:domain", a("127.0.0.1", 53, ""), null),
            new Case("udp4", "[::ffff:127.0.0.1]:domain", a("127.0.0.1", 53, ""), null),
            new Case("udp6", "[2001:db8::1]:domain", a("2001:db8::1", 53, ""), null),
            new Case("udp4", "[2001:db8::1]:domain", null, "address 2001:db8::1: no suitable address found"),
            new Case("udp6", "127.0.0.1:domain", null, "address 127.0.0.1: no suitable address found"),
            new Case("udp6", "[::ffff:127.0.0.1]:domain", null, "address ::ffff:127.0.0.1: no suitable address found"));

    /** Go: {@code src/net/udpsock_test.go} {@code TestResolveUDPAddr}; each result resolves again from its own string. */
    @Test
    void testResolveUDPAddr() {
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            String name = "case " + i + " " + c.network() + " " + c.address();
            try {
                UDPAddr got = Net.resolveUDPAddr(c.network(), c.address());
                if (c.err() != null) {
                    fail(name + ": got " + got + ", want error " + c.err());
                }
                assertEquals(c.want(), got, name);
                assertEquals(got, Net.resolveUDPAddr(got.network(), got.toString()), name + " (round trip)");
            } catch (IOException e) {
                if (c.err() == null) {
                    fail(name + ": " + e.getMessage(), e);
                }
                assertEquals(c.err(), e.getMessage(), name);
                assertTrue(e instanceof UnknownNetworkError || e instanceof AddrError, name + ": " + e.getClass());
            }
        }
    }

    /** Go: {@code src/net/udpsock_test.go} {@code TestWriteToUDP} ({@code testWriteToConn}, {@code testWriteToPacketConn}). */
    @Test
    void testWriteToUDP() throws IOException {
        try (PacketConn c = Net.listenPacket("udp", "127.0.0.1:0")) {
            String raddr = c.localAddr().toString();
            UDPAddr ra = Net.resolveUDPAddr("udp", raddr);
            byte[] b = "CONNECTED-MODE SOCKET".getBytes();
            try (UDPConn cc = (UDPConn) Net.dial("udp", raddr)) {
                for (IOThrower t : List.<IOThrower>of(() -> cc.writeToUDP(b, ra), () -> cc.writeTo(b, ra),
                        () -> cc.writeMsgUDP(b, null, ra))) {
                    OpError e = assertThrows(OpError.class, t::run);
                    assertEquals(Errors.WRITE_TO_CONNECTED, e.err().getMessage());
                }
                cc.write(b, 0, b.length);
                cc.writeMsgUDP(b, null, null);
            }
            try (UDPConn pc = (UDPConn) Net.listenPacket("udp", "127.0.0.1:0")) {
                byte[] u = "UNCONNECTED-MODE SOCKET".getBytes();
                pc.writeToUDP(u, ra);
                pc.writeTo(u, ra);
                assertThrows(OpError.class, () -> pc.write(u, 0, u.length));
                OpError e = assertThrows(OpError.class, () -> pc.writeMsgUDP(u, null, null));
                assertEquals(Errors.MISSING_ADDRESS, e.err().getMessage());
                pc.writeMsgUDP(u, null, ra);
            }
        }
    }

    /** A call that may throw, for a table of calls. */
    @FunctionalInterface
    private interface IOThrower {
        void run() throws IOException;
    }

    /** Go: {@code src/net/udpsock_test.go} {@code TestUDPConnLocalAndRemoteNames}. */
    @Test
    void testUDPConnLocalAndRemoteNames() throws IOException {
        for (String laddr : new String[] {"", "127.0.0.1:0"}) {
            try (PacketConn c1 = Net.listenPacket("udp", "127.0.0.1:0")) {
                UDPAddr la = laddr.isEmpty() ? null : Net.resolveUDPAddr("udp", laddr);
                try (UDPConn c2 = Net.dialUDP("udp", la, (UDPAddr) c1.localAddr())) {
                    assertNotEquals(0, ((UDPAddr) c1.localAddr()).port());
                    assertNull(((UDPConn) c1).remoteAddr());
                    assertNotEquals(0, assertInstanceOf(UDPAddr.class, c2.localAddr()).port());
                    assertNotEquals(0, assertInstanceOf(UDPAddr.class, c2.remoteAddr()).port());
                }
            }
        }
    }

    /** Each network through each entry point: Net.dial, Dialer.dialContext, Net.listenPacket, ListenConfig.listenPacket, Net.dialUDP, Net.listenUDP. */
    @Test
    void everyNetworkEveryEntryPoint() throws IOException {
        for (String network : List.of("udp", "udp4", "udp6")) {
            boolean v6 = network.equals("udp6");
            if (v6) {
                Capabilities.require("IPv6 loopback (::1)", IpSockPosix.supportsIPv6());
            }
            String host = v6 ? "[::1]" : "127.0.0.1";
            try (PacketConn server = new ListenConfig().listenPacket(Context.background(), network, host + ":0");
                    PacketConn server2 = Net.listenPacket(network, host + ":0");
                    UDPConn server3 = Net.listenUDP(network, new UDPAddr(IP.parse(v6 ? "::1" : "127.0.0.1"), 0))) {
                for (PacketConn s : List.of(server, server2, server3)) {
                    String addr = s.localAddr().toString();
                    try (Conn c1 = Net.dial(network, addr);
                            Conn c2 = new Dialer().dialContext(Context.background(), network, addr);
                            Conn c3 = Net.dialUDP(network, null, (UDPAddr) s.localAddr())) {
                        for (Conn c : List.of(c1, c2, c3)) {
                            assertInstanceOf(UDPConn.class, c, network);
                            assertEquals(s.localAddr(), c.remoteAddr(), network);
                            byte[] msg = (network + " " + addr).getBytes();
                            c.write(msg, 0, msg.length);
                            s.setReadDeadline(Instant.now().plusSeconds(10));
                            byte[] b = new byte[100];
                            ReadFromResult<? extends Addr> r = s.readFrom(b);
                            assertEquals(new String(msg), new String(b, 0, r.n()), network);
                            assertEquals(c.localAddr(), r.addr(), network);
                            s.writeTo(b, 0, r.n(), r.addr());
                            assertEquals(r.n(), c.read(b, 0, b.length), network);
                        }
                    }
                }
            }
        }
    }

    /** The Dialer's local address, Control hook and context apply to UDP dials as to TCP ones. */
    @Test
    void dialerOptionsApply() throws Exception {
        try (PacketConn server = Net.listenPacket("udp4", "127.0.0.1:0")) {
            String addr = server.localAddr().toString();
            // localAddr: a fixed local port (found free by binding one first).
            int port;
            try (UDPConn probe = Net.listenUDP("udp4", new UDPAddr(IP.parse("127.0.0.1"), 0))) {
                port = ((UDPAddr) probe.localAddr()).port();
            }
            UDPAddr local = new UDPAddr(IP.parse("127.0.0.1"), port);
            try (Conn c = Dialer.builder().localAddr(local).build().dial("udp", addr)) {
                assertEquals(local, c.localAddr());
            }
            // control and controlContext see the resolved network and the address.
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            try (Conn c = Dialer.builder().control((net, a, raw) -> seen.add(net + " " + a)).build().dial("udp", addr)) {
                assertEquals(List.of("udp4 " + addr), seen);
            }
            seen.clear();
            try (Conn c = Dialer.builder().controlContext((ctx, net, a, raw) -> seen.add("ctx " + net + " " + a)).build()
                    .dial("udp4", addr)) {
                assertEquals(List.of("ctx udp4 " + addr), seen);
            }
            seen.clear();
            try (PacketConn pc = ListenConfig.builder().control((net, a, raw) -> seen.add(net + " " + a)).build()
                    .listenPacket(Context.background(), "udp", "127.0.0.1:0")) {
                assertEquals(List.of("udp4 127.0.0.1:0"), seen);
            }
            // A failing hook fails the dial with Go's OpError around its error.
            IOException hook = assertThrows(IOException.class, () -> Dialer.builder()
                    .control((net, a, raw) -> {
                        throw new IOException("refused by hook");
                    }).build().dial("udp", addr));
            assertEquals("dial udp " + addr + ": refused by hook", hook.getMessage());
            // A cancelled context and an expired timeout.
            Context ctx = Context.background().withCancel();
            ctx.cancel();
            IOException ce = assertThrows(IOException.class, () -> new Dialer().dialContext(ctx, "udp", addr));
            assertEquals("dial udp " + addr + ": operation was canceled", ce.getMessage());
            GoErrors.checkDial(ce);
            IOException te = assertThrows(IOException.class,
                    () -> Dialer.builder().timeout(Duration.ofNanos(-1)).build().dial("udp", addr));
            assertEquals("dial udp " + addr + ": i/o timeout", te.getMessage());
            assertTrue(Errors.isTimeout(te));
        }
    }

    /** Go's error texts at the dispatch: wrong address types, missing address, unknown networks. */
    @Test
    void dispatchErrors() throws IOException {
        record E(IOThrower call, String want) {
        }
        UDPAddr ra = new UDPAddr(IP.parse("127.0.0.1"), 9);
        List<E> cases = List.of(
                new E(() -> Net.listen("udp", "127.0.0.1:0").close(),
                        "listen udp 127.0.0.1:0: address 127.0.0.1:0: unexpected address type"),
                new E(() -> Net.listenPacket("tcp", "127.0.0.1:0").close(),
                        "listen tcp 127.0.0.1:0: address 127.0.0.1:0: unexpected address type"),
                new E(() -> Dialer.builder().localAddr(new TCPAddr(IP.parse("127.0.0.1"), 0)).build().dial("udp", "127.0.0.1:9"),
                        "dial udp: address 127.0.0.1:0: mismatched local address type"),
                new E(() -> Dialer.builder().localAddr(new UDPAddr(IP.parse("::1"), 0)).build().dial("udp", "127.0.0.1:9"),
                        "dial udp: address [::1]:0: no suitable address found"),
                new E(() -> Net.dial("udp", ""), "dial udp: missing address"),
                new E(() -> Net.dial("udp", "127.0.0.1"), "dial udp: address 127.0.0.1: missing port in address"),
                new E(() -> Net.listenPacket("udp7", ":0"), "listen udp7: unknown network udp7"),
                new E(() -> Net.dialUDP("tcp", null, ra), "dial tcp 127.0.0.1:9: unknown network tcp"),
                new E(() -> Net.dialUDP("udp", null, null), "dial udp: missing address"),
                new E(() -> Net.listenUDP("tcp", null), "listen tcp: unknown network tcp"),
                new E(() -> Net.listenUDP("udp6", new UDPAddr(IP.parse("127.0.0.1"), 0)),
                        "listen udp6 127.0.0.1:0: bind: invalid argument"),
                new E(() -> Net.resolveUDPAddr("tcp", ":0"), "unknown network tcp"));
        for (int i = 0; i < cases.size(); i++) {
            E c = cases.get(i);
            IOException e = assertThrows(IOException.class, c.call()::run, "#" + i);
            assertEquals(c.want(), e.getMessage(), "#" + i);
        }
    }

    /** A port taken by one UDP socket is Go's "bind: address already in use" for a second. */
    @Test
    void addressInUse() throws IOException {
        try (PacketConn c = Net.listenPacket("udp4", "127.0.0.1:0")) {
            String addr = c.localAddr().toString();
            OpError e = assertThrows(OpError.class, () -> Net.listenPacket("udp4", addr));
            assertEquals("listen udp4 " + addr + ": bind: address already in use", e.getMessage());
        }
    }
}
