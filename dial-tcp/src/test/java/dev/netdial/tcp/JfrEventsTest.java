package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Conn;
import dev.netdial.api.Listener;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.EphemeralPorts;
import dev.netdial.resolver.FakeDnsResolvers;
import dev.netdial.testing.Capabilities;
import dev.netdial.testing.FakeDnsServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JFR events {@code netdial.Dial} and {@code netdial.SelfConnect}, read back in process
 * through a {@link RecordingStream}: their fields for a dial that connects, one refused, one that
 * raced two families, and a self-connect the guard prevented.
 */
@Timeout(60)
class JfrEventsTest {
    private FakeDnsServer dns;
    private Listener ln;
    private int open;
    private RecordingStream rs;
    private final List<RecordedEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        dns = FakeDnsServer.start(LoopbackDns.handler());
        ln = Net.listen("tcp4", "127.0.0.1:0");
        open = ((TCPAddr) ln.addr()).port();
        rs = new RecordingStream();
        rs.enable("netdial.Dial");
        rs.enable("netdial.SelfConnect");
        rs.onEvent(events::add);
        rs.startAsync();
    }

    @AfterEach
    void tearDown() throws IOException {
        rs.close();
        ln.close();
        dns.close();
    }

    /** The recorded events named {@code name} matching {@code p}, once {@code n} have arrived (10 s at most). */
    private List<RecordedEvent> await(String name, Predicate<RecordedEvent> p, int n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (;;) {
            List<RecordedEvent> got = events.stream().filter(e -> e.getEventType().getName().equals(name)).filter(p).toList();
            if (got.size() >= n || System.nanoTime() > end) {
                return got;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void dialEventForAConnectedDial() throws Exception {
        String address = "127.0.0.1:" + open;
        String local;
        try (Conn c = new Dialer().dial("tcp", address)) {
            local = c.localAddr().toString();
        }
        List<RecordedEvent> got = await("netdial.Dial", e -> e.getString("address").equals(address), 1);
        assertEquals(1, got.size(), () -> "events: " + events);
        RecordedEvent e = got.get(0);
        assertEquals("tcp", e.getString("network"));
        assertEquals("ok", e.getString("result"));
        assertEquals(local, e.getString("localAddress"));
        assertEquals(address, e.getString("remoteAddress"));
        assertEquals(1, e.getInt("attempts"));
        assertEquals(0, e.getInt("selfConnectRetries"));
        assertTrue(e.getDuration().toNanos() > 0, "a duration: " + e.getDuration());
    }

    @Test
    void dialEventForAFailedDialCarriesGosText() throws Exception {
        int closed;
        try (Listener l = Net.listen("tcp4", "127.0.0.1:0")) {
            closed = ((TCPAddr) l.addr()).port();
        }
        String address = "127.0.0.1:" + closed;
        IOException err = assertThrows(IOException.class, () -> new Dialer().dial("tcp4", address));
        List<RecordedEvent> got = await("netdial.Dial", e -> e.getString("address").equals(address), 1);
        assertEquals(1, got.size(), () -> "events: " + events);
        RecordedEvent e = got.get(0);
        assertEquals(err.getMessage(), e.getString("result"));
        assertEquals("dial tcp4 " + address + ": connect: connection refused", e.getString("result"));
        assertEquals("", e.getString("localAddress"));
        assertEquals(1, e.getInt("attempts"));
    }

    /** dual.test: ::1 refuses, 127.0.0.1 connects: two attempts in one dial event. */
    @Test
    void dialEventCountsTheRacersAttempts() throws Exception {
        String address = "dual.test:" + open;
        Dialer d = Dialer.builder().resolver(FakeDnsResolvers.of(dns)).build();
        try (Conn c = d.dial("tcp", address)) {
            assertEquals("127.0.0.1:" + open, c.remoteAddr().toString());
        }
        List<RecordedEvent> got = await("netdial.Dial", e -> e.getString("address").equals(address), 1);
        assertEquals(1, got.size(), () -> "events: " + events);
        assertEquals(2, got.get(0).getInt("attempts"));
        assertEquals("ok", got.get(0).getString("result"));
        assertEquals("127.0.0.1:" + open, got.get(0).getString("remoteAddress"));
    }

    /**
     * A dial to a loopback listener whose port lies in the ephemeral range: the guard narrows the
     * socket's range, one {@code netdial.SelfConnect} "prevented" event says to what, and the dial
     * event counts it.
     */
    @Test
    void selfConnectPreventedEvent() throws Exception {
        Capabilities.require("IP_LOCAL_PORT_RANGE (Linux 6.3)", SelfConnectGuardTest.kernelHasLocalPortRange());
        EphemeralPorts.Range nr = EphemeralPorts.system().range();
        try (Listener l = SelfConnectGuardTest.listenInRange(nr)) {
            TCPAddr ra = (TCPAddr) l.addr();
            int want = SelfConnectGuard.narrowed(nr.lo(), nr.hi(), 0, ra.port());
            try (Conn c = new Dialer().dial("tcp", ra.toString()); Conn s = l.accept()) {
                assertEquals(ra.toString(), c.remoteAddr().toString());
            }
            List<RecordedEvent> sc = await("netdial.SelfConnect", e -> e.getString("remoteAddress").equals(ra.toString()), 1);
            assertEquals(1, sc.size(), () -> "events: " + events);
            RecordedEvent e = sc.get(0);
            assertEquals("prevented", e.getString("action"));
            assertEquals("tcp", e.getString("network"));
            assertEquals(want & 0xFFFF, e.getInt("portLow"));
            assertEquals(want >>> 16, e.getInt("portHigh"));
            assertEquals(0, e.getInt("retry"));
            List<RecordedEvent> dial = await("netdial.Dial", x -> x.getString("address").equals(ra.toString()), 1);
            assertEquals(1, dial.size(), () -> "events: " + events);
            assertEquals(1, dial.get(0).getInt("selfConnectsPrevented"));
            assertEquals(1, dial.get(0).getInt("attempts"));
        }
    }
}
