package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Errors;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.UDPAddr;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.resolver.FakeDnsResolvers;
import dev.netdial.resolver.Resolver;
import dev.netdial.testing.Capabilities;
import dev.netdial.testing.FakeDnsServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Happy Eyeballs v2 (RFC 8305) on the host's loopback: which path a Dialer takes, the
 * connection attempt delay's clamp, Go's errors kept, the interrupt and an attempt's unexpected
 * exception. The timings against black holes are {@link HappyEyeballsV2TimingTest}'s.
 *
 * <p>netdial's own (Go implements RFC 6555 only).
 */
@Timeout(60)
class HappyEyeballsV2Test {
    private FakeDnsServer dns;
    private DualStackServer server;

    @BeforeEach
    void setUp() throws IOException {
        Capabilities.require("an IPv6 loopback (::1)", IpSockPosix.supportsIPv6());
        dns = FakeDnsServer.start(LoopbackDns.handler());
        server = DualStackServer.open().buildup(DualStackServer::acceptAndClose);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (server != null) {
            server.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private Dialer.Builder v2(RecordingTrace t) {
        return Dialer.builder().happyEyeballs(HappyEyeballs.RFC8305).resolver(FakeDnsResolvers.of(dns)).trace(t);
    }

    @Test
    void connectionAttemptDelayIsClampedTo10msAnd2s() {
        record Case(Duration set, Duration used) {
        }
        List<Case> cases = List.of(new Case(null, Duration.ofMillis(250)), new Case(Duration.ZERO, Duration.ofMillis(250)),
                new Case(Duration.ofMillis(1), Duration.ofMillis(10)), new Case(Duration.ofNanos(-1), Duration.ofMillis(10)),
                new Case(Duration.ofMillis(10), Duration.ofMillis(10)), new Case(Duration.ofMillis(100), Duration.ofMillis(100)),
                new Case(Duration.ofSeconds(2), Duration.ofSeconds(2)), new Case(Duration.ofSeconds(5), Duration.ofSeconds(2)),
                new Case(Duration.ofDays(365_000), Duration.ofSeconds(2)));
        for (Case c : cases) {
            Dialer d = Dialer.builder().connectionAttemptDelay(c.set()).build();
            assertEquals(c.used(), d.connectionAttemptDelay(), () -> "set " + c.set());
            assertEquals(c.set(), d.connectionAttemptDelayRaw());
        }
    }

    @Test
    void defaultDialerKeepsGosPath() throws IOException {
        assertSame(HappyEyeballs.RFC6555, new Dialer().happyEyeballs());
        assertSame(HappyEyeballs.RFC6555, Dialer.builder().happyEyeballs(null).build().happyEyeballs());
        record Case(String why, Dialer.Builder b, String network) {
        }
        for (Case c : List.of(new Case("default", Dialer.builder(), "tcp"),
                new Case("RFC 8305 without dual stack", Dialer.builder().happyEyeballs(HappyEyeballs.RFC8305)
                        .fallbackDelay(Duration.ofNanos(-1)), "tcp"),
                new Case("RFC 8305 on tcp4", Dialer.builder().happyEyeballs(HappyEyeballs.RFC8305), "tcp4"))) {
            RecordingTrace t = new RecordingTrace();
            Dialer d = c.b().resolver(FakeDnsResolvers.of(dns)).trace(t).build();
            try (Conn conn = d.dial(c.network(), "dual.test:" + server.port)) {
                assertNotNull(conn.remoteAddr());
            }
            // Go's path: one lookup, of both families for "tcp" ("ip"), of IPv4 alone for "tcp4".
            String family = c.network().equals("tcp4") ? "ip4" : "ip";
            assertEquals(1, t.count("lookupStart"), () -> c.why() + ": " + t.labels());
            assertEquals("lookupStart " + family, t.labels().get(0), () -> c.why() + ": " + t.labels());
            assertEquals("lookupDone " + family, t.labels().get(1), () -> c.why() + ": " + t.labels());
        }
        // The RFC 8305 dialer asks each family on its own.
        RecordingTrace t = new RecordingTrace();
        String remote;
        try (Conn conn = v2(t).build().dial("tcp", "dual.test:" + server.port)) {
            remote = conn.remoteAddr().toString();
        }
        List<String> l = t.labels();
        // IPv6 first, unless its answer came more than the resolution delay after A's.
        int firstConnect = l.indexOf(l.stream().filter(x -> x.startsWith("connectStart ")).findFirst().orElseThrow());
        int aaaa = l.indexOf("lookupDone ip6");
        if (aaaa >= 0 && aaaa < firstConnect) {
            assertEquals("[::1]:" + server.port, remote, () -> "IPv6 first: " + l);
        }
        assertEquals(List.of("lookupStart ip6", "lookupStart ip4"), l.subList(0, 2), () -> "events: " + l);
        assertTrue(l.contains("lookupDone ip6") && l.stream().anyMatch(x -> x.startsWith("lookupDone ip4")),
                () -> "events: " + l);
    }

    @Test
    void ipLiteralNeedsNoLookup() throws IOException {
        for (String host : List.of("127.0.0.1", "[::1]")) {
            RecordingTrace t = new RecordingTrace();
            try (Conn c = v2(t).build().dial("tcp", host + ":" + server.port)) {
                assertEquals(host + ":" + server.port, c.remoteAddr().toString());
            }
            assertEquals(List.of("connectStart " + host + ":" + server.port, "connectDone " + host + ":" + server.port),
                    t.labels());
        }
    }

    /** Every resolution error keeps the text Go's path gives. */
    @Test
    void resolutionErrorsAreGos() {
        int p = server.port;
        List<String> addrs = List.of("", "nohostport", "dual.test", "dual.test:nosuchservice", "dual.test:65536",
                "[::1", "a:b:c", "nx.test:" + p, "127.0.0.1:nosuchservice");
        for (String a : addrs) {
            IOException go = assertThrows(IOException.class,
                    () -> Dialer.builder().resolver(FakeDnsResolvers.of(dns)).build().dial("tcp", a).close());
            IOException v2 = assertThrows(IOException.class, () -> v2(null).build().dial("tcp", a).close());
            assertEquals(go.getMessage(), v2.getMessage(), () -> "address '" + a + "'");
            assertEquals(go.getClass(), v2.getClass(), () -> "address '" + a + "'");
        }
        // localAddr checks: a UDP address is the wrong type; an IPv4 one leaves no IPv6 address.
        record Case(Addr laddr, String address) {
        }
        for (Case c : List.of(new Case(UDPAddr.of(new java.net.InetSocketAddress("127.0.0.1", 0)), "dual.test:" + p),
                new Case(TCPAddr.of(new java.net.InetSocketAddress("127.0.0.1", 0)), "[::1]:" + p))) {
            IOException go = assertThrows(IOException.class, () -> Dialer.builder().resolver(FakeDnsResolvers.of(dns))
                    .localAddr(c.laddr()).build().dial("tcp", c.address()).close());
            IOException v2 = assertThrows(IOException.class,
                    () -> v2(null).localAddr(c.laddr()).build().dial("tcp", c.address()).close());
            assertEquals(go.getMessage(), v2.getMessage(), () -> "localAddr " + c.laddr());
        }
    }

    /** A name with no AAAA record connects over IPv4 with no wait for the missing family. */
    @Test
    void missingFamilyIsSkipped() throws IOException {
        RecordingTrace t = new RecordingTrace();
        try (Conn c = v2(t).build().dial("tcp", "v4only.test:" + server.port)) {
            assertEquals("127.0.0.1:" + server.port, c.remoteAddr().toString());
        }
        assertTrue(t.labels().contains("lookupDone ip6 ERR"), () -> "events: " + t.labels());
        assertEquals(1, t.count("connectStart"), () -> "events: " + t.labels());
    }

    /** A non-wildcard localAddr keeps its family: the dial goes there, as on Go's path. */
    @Test
    void localAddrKeepsItsFamily() throws IOException {
        Dialer d = v2(null).localAddr(TCPAddr.of(new java.net.InetSocketAddress("127.0.0.1", 0))).build();
        try (Conn c = d.dial("tcp", "dual.test:" + server.port)) {
            assertEquals("127.0.0.1:" + server.port, c.remoteAddr().toString());
        }
    }

    /** An interrupted caller: the dial fails as cancelled and the interrupt status stays. */
    @Test
    void interruptFailsAsCanceled() {
        Dialer d = v2(null).build();
        for (String a : List.of("dual.test:" + server.port, "127.0.0.1:" + server.port)) {
            Thread.currentThread().interrupt();
            IOException e;
            try {
                e = assertThrows(IOException.class, () -> d.dial("tcp", a).close());
            } finally {
                assertTrue(Thread.interrupted(), "interrupt status kept");
            }
            assertTrue(Errors.isCanceled(e), () -> a + ": " + e);
        }
    }

    /** An attempt's RuntimeException reaches the caller as it is. */
    @Test
    void attemptRuntimeExceptionIsRethrown() {
        IllegalStateException boom = new IllegalStateException("boom");
        Dialer d = v2(null).hooks(Hooks.NONE.withDialTCP((ctx, net, laddr, raddr) -> {
            throw boom;
        })).build();
        for (String a : List.of("dual.test:" + server.port, "127.0.0.1:" + server.port)) {
            assertSame(boom, assertThrows(IllegalStateException.class, () -> d.dial("tcp", a)));
        }
    }

    /** When every attempt fails: the first (IPv6) attempt's error, the IPv4 one suppressed. */
    @Test
    void allFailedGivesFirstErrorWithOthersSuppressed() throws IOException {
        int port = server.port;
        server.close();
        server = null;
        RecordingTrace t = new RecordingTrace();
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class,
                () -> v2(t).connectionAttemptDelay(Duration.ofSeconds(2)).build().dial("tcp", "dual.test:" + port).close());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // The first attempt's error (IPv6's, unless AAAA came after the resolution delay), the other suppressed.
        List<String> tried = t.labels().stream().filter(l -> l.startsWith("connectStart ")).map(l -> l.substring(13)).toList();
        assertEquals(2, tried.size(), () -> "events: " + t.labels());
        int aaaa = t.labels().indexOf("lookupDone ip6");
        if (aaaa >= 0 && aaaa < t.labels().indexOf("connectStart " + tried.get(0))) {
            assertEquals("[::1]:" + port, tried.get(0), () -> "IPv6 first: " + t.labels());
        }
        assertEquals("dial tcp " + tried.get(0) + ": connect: connection refused", e.getMessage());
        List<String> suppressed = new ArrayList<>();
        for (Throwable s : e.getSuppressed()) {
            suppressed.add(s.getMessage());
        }
        assertEquals(List.of("dial tcp " + tried.get(1) + ": connect: connection refused"), suppressed);
        // A failed attempt starts the next at once, not after the (2 s) connection attempt delay.
        assertTrue(ms < 1000, () -> "took " + ms + " ms: " + t.labels());
    }
}
