package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.Listener;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.resolver.FakeDnsResolvers;
import dev.netdial.testing.FakeDnsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link DialTrace} on Go's dial path (RFC 6555): the order of its events, a trace that
 * throws, and the suppressed errors of a dial whose every address fails. Names come from a
 * {@link FakeDnsServer} on loopback ({@link LoopbackDns}: "dual.*" is A 127.0.0.1 and AAAA ::1,
 * "multi.*" adds 127.0.0.2 and fd00::2, "nx.*" is NXDOMAIN).
 */
@Timeout(60)
class DialTraceTest {
    private FakeDnsServer dns;
    private Listener ln;
    private int open;

    @BeforeEach
    void setUp() throws IOException {
        dns = FakeDnsServer.start(LoopbackDns.handler());
        ln = Net.listen("tcp4", "127.0.0.1:0");
        open = ((TCPAddr) ln.addr()).port();
    }

    @AfterEach
    void tearDown() throws IOException {
        ln.close();
        dns.close();
    }

    /** A port nothing listens on (on 127.0.0.1 and, as far as this host goes, on ::1). */
    private static int closedPort() throws IOException {
        try (Listener l = Net.listen("tcp", "127.0.0.1:0")) {
            return ((TCPAddr) l.addr()).port();
        }
    }

    private Dialer.Builder dialer(DialTrace t) {
        return Dialer.builder().resolver(FakeDnsResolvers.of(dns)).trace(t);
    }

    /** The events below the dial, without the kernel-dependent self-connect prevention. */
    private static List<String> order(RecordingTrace t) {
        return t.allLabels().stream().filter(l -> !l.startsWith("selfConnectPrevented")).toList();
    }

    /**
     * ::1 refuses, so the primaries fail at once and the IPv4 fallback starts without waiting for
     * the 300 ms delay: one lookup of both families ("ip", Go's), the refused IPv6 connect, the
     * fallback's start with its address, the IPv4 connect with the local address, the dial's end.
     */
    @Test
    void goPathEventOrder() throws IOException {
        RecordingTrace t = new RecordingTrace();
        List<Addr> locals = new java.util.concurrent.CopyOnWriteArrayList<>();
        DialTrace both = new DialTrace() {
            @Override
            public void dialStart(String network, String address) {
                t.dialStart(network, address);
            }

            @Override
            public void lookupStart(String network, String host) {
                assertEquals("dual.test", host);
                t.lookupStart(network, host);
            }

            @Override
            public void lookupDone(String network, String host, List<InetAddress> addrs, IOException err) {
                assertEquals(2, addrs.size(), addrs::toString);
                t.lookupDone(network, host, addrs, err);
            }

            @Override
            public void connectStart(String network, Addr raddr) {
                t.connectStart(network, raddr);
            }

            @Override
            public void connectDone(String network, Addr raddr, Addr laddr, IOException err) {
                if (laddr != null) {
                    locals.add(laddr);
                }
                t.connectDone(network, raddr, laddr, err);
            }

            @Override
            public void selfConnectPrevented(String network, Addr raddr, int portLow, int portHigh) {
                t.selfConnectPrevented(network, raddr, portLow, portHigh);
            }

            @Override
            public void fallbackStart(String network, List<? extends Addr> fallbacks) {
                t.fallbackStart(network, fallbacks);
            }

            @Override
            public void dialDone(String network, String address, Conn conn, IOException err) {
                assertNotNull(conn);
                t.dialDone(network, address, conn, err);
            }
        };
        String address = "dual.test:" + open;
        Addr local;
        try (Conn c = dialer(both).build().dial("tcp", address)) {
            assertEquals("127.0.0.1:" + open, c.remoteAddr().toString());
            local = c.localAddr();
        }
        assertEquals(List.of("dialStart " + address, "lookupStart ip", "lookupDone ip",
                "connectStart [::1]:" + open, "connectDone [::1]:" + open + " ERR",
                "fallbackStart [127.0.0.1:" + open + "]",
                "connectStart 127.0.0.1:" + open, "connectDone 127.0.0.1:" + open, "dialDone " + address), order(t));
        assertEquals(List.of(local), locals, "connectDone carries the local address the kernel picked");
    }

    /** A failed lookup: its end carries the error, no connect starts, the dial's end has Go's error. */
    @Test
    void lookupFailureIsReported() {
        RecordingTrace t = new RecordingTrace();
        IOException e = assertThrows(IOException.class, () -> dialer(t).build().dial("tcp", "nx.test:" + open));
        assertEquals("dial tcp: lookup nx.test on " + dns.address() + ": no such host", e.getMessage());
        assertEquals(List.of("dialStart nx.test:" + open, "lookupStart ip", "lookupDone ip ERR",
                "dialDone nx.test:" + open + " ERR"), order(t));
        assertSame(e, t.first("dialDone", "nx.test:" + open).err(), "dialDone gets the error the caller gets");
    }

    /** An IP literal needs no lookup; "tcp4" to a name asks IPv4 only ("ip4"). */
    @Test
    void literalsAndFamilies() throws IOException {
        RecordingTrace t = new RecordingTrace();
        try (Conn c = dialer(t).build().dial("tcp", "127.0.0.1:" + open)) {
            assertNotNull(c.localAddr());
        }
        assertEquals(0, t.count("lookupStart"), t.allLabels()::toString);
        t.clear();
        try (Conn c = dialer(t).build().dial("tcp4", "dual.test:" + open)) {
            assertNotNull(c.localAddr());
        }
        assertEquals(List.of("lookupStart ip4", "lookupDone ip4", "connectStart 127.0.0.1:" + open,
                "connectDone 127.0.0.1:" + open), t.labels());
    }

    /** {@code Dialer.dialTCP}: no lookup, one connect, the dial's start and end. */
    @Test
    void dialTCPIsTraced() throws IOException {
        RecordingTrace t = new RecordingTrace();
        TCPAddr ra = (TCPAddr) ln.addr();
        try (TCPConn c = dialer(t).build().dialTCP(Context.background(), "tcp", null, ra)) {
            assertNotNull(c.localAddr());
        }
        assertEquals(List.of("dialStart " + ra, "connectStart " + ra, "connectDone " + ra, "dialDone " + ra), order(t));
        t.clear();
        int closed = closedPort();
        TCPAddr dead = new TCPAddr(InetAddress.getLoopbackAddress(), closed, "");
        IOException e = assertThrows(IOException.class,
                () -> dialer(t).build().dialTCP(Context.background(), "tcp", null, dead));
        assertEquals("dial tcp " + dead + ": connect: connection refused", e.getMessage());
        assertSame(e, t.first("dialDone", dead.toString()).err());
    }

    /**
     * A trace whose every method throws: dials still connect, fail with Go's text, and race the
     * families as without it (the trace's exceptions are only logged).
     */
    @Test
    void throwingTraceNeverBreaksADial() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        DialTrace bomb = new ThrowingTrace(calls);
        Dialer d = dialer(bomb).build();
        try (Conn c = d.dial("tcp", "dual.test:" + open)) {
            assertEquals("127.0.0.1:" + open, c.remoteAddr().toString());
        }
        int closed = closedPort();
        IOException e = assertThrows(IOException.class, () -> d.dial("tcp4", "127.0.0.1:" + closed));
        assertEquals("dial tcp4 127.0.0.1:" + closed + ": connect: connection refused", e.getMessage());
        IOException nx = assertThrows(IOException.class, () -> d.dial("tcp", "nx.test:" + open));
        assertEquals("dial tcp: lookup nx.test on " + dns.address() + ": no such host", nx.getMessage());
        Dialer he2 = dialer(bomb).happyEyeballs(HappyEyeballs.RFC8305).build();
        try (Conn c = he2.dial("tcp", "dual.test:" + open)) {
            assertEquals("127.0.0.1:" + open, c.remoteAddr().toString());
        }
        // dual.test: dialStart, lookup x2, connect x2 (::1), fallback, connect x2, dialDone = 9 at least.
        assertTrue(calls.get() >= 9 + 4 + 4, "the trace was called: " + calls.get());
    }

    /** Throws from every method, counting the calls. */
    private static final class ThrowingTrace implements DialTrace {
        private final AtomicInteger calls;

        ThrowingTrace(AtomicInteger calls) {
            this.calls = calls;
        }

        private void boom(String what) {
            calls.incrementAndGet();
            throw new IllegalStateException("trace bug in " + what);
        }

        @Override
        public void dialStart(String network, String address) {
            boom("dialStart");
        }

        @Override
        public void lookupStart(String network, String host) {
            boom("lookupStart");
        }

        @Override
        public void lookupDone(String network, String host, List<InetAddress> addrs, IOException err) {
            boom("lookupDone");
        }

        @Override
        public void connectStart(String network, Addr raddr) {
            boom("connectStart");
        }

        @Override
        public void connectDone(String network, Addr raddr, Addr laddr, IOException err) {
            boom("connectDone");
        }

        @Override
        public void selfConnectPrevented(String network, Addr raddr, int portLow, int portHigh) {
            boom("selfConnectPrevented");
        }

        @Override
        public void selfConnectRetry(String network, Addr raddr, Addr laddr, int retry, IOException err) {
            boom("selfConnectRetry");
        }

        @Override
        public void fallbackStart(String network, List<? extends Addr> fallbacks) {
            boom("fallbackStart");
        }

        @Override
        public void dialDone(String network, String address, Conn conn, IOException err) {
            boom("dialDone");
        }
    }

    /**
     * Every address refused on Go's serial path ("tcp4" to multi.test: 127.0.0.1 then 127.0.0.2):
     * the error is the first address's, Go's text, with the second's attached as suppressed.
     */
    @Test
    void serialFailureCarriesTheOthersSuppressed() throws IOException {
        int closed = closedPort();
        IOException e = assertThrows(IOException.class, () -> dialer(null).build().dial("tcp4", "multi.test:" + closed));
        assertEquals("dial tcp4 127.0.0.1:" + closed + ": connect: connection refused", e.getMessage());
        Throwable[] s = e.getSuppressed();
        assertEquals(1, s.length, () -> Arrays.toString(s));
        OpError other = assertInstanceOf(OpError.class, s[0]);
        assertEquals("dial tcp4 127.0.0.2:" + closed + ": connect: connection refused", other.getMessage());
        assertEquals(0, other.getSuppressed().length);
    }

    /**
     * Both families refused on Go's parallel path: the primary's (IPv6) error, with the fallback's
     * attached; one address alone has nothing suppressed.
     */
    @Test
    void parallelFailureCarriesTheFallbackSuppressed() throws IOException {
        int closed = closedPort();
        RecordingTrace t = new RecordingTrace();
        IOException e = assertThrows(IOException.class, () -> dialer(t).build().dial("tcp", "dual.test:" + closed));
        assertEquals("dial tcp [::1]:" + closed + ": connect: connection refused", e.getMessage());
        Throwable[] s = e.getSuppressed();
        assertEquals(1, s.length, () -> Arrays.toString(s));
        assertEquals("dial tcp 127.0.0.1:" + closed + ": connect: connection refused", s[0].getMessage());
        assertEquals(1, t.count("fallbackStart"));
        assertSame(e, t.first("dialDone", "dual.test:" + closed).err());

        IOException one = assertThrows(IOException.class, () -> dialer(null).build().dial("tcp", "127.0.0.1:" + closed));
        assertEquals(0, one.getSuppressed().length);
    }
}
