package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Context;
import dev.netdial.resolver.message.AAAAResource;
import dev.netdial.resolver.message.AResource;
import dev.netdial.resolver.message.DnsClass;
import dev.netdial.resolver.message.RCode;
import dev.netdial.resolver.message.Resource;
import dev.netdial.resolver.message.ResourceHeader;
import dev.netdial.resolver.message.Type;
import dev.netdial.testing.FakeDnsServer;
import dev.netdial.testing.FakeDnsServer.Query;
import dev.netdial.testing.FakeDnsServer.Reply;
import java.io.IOException;
import java.net.InetAddress;
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
 * The JFR event {@code netdial.Lookup}, one per DNS exchange of Go's DNS client, read back in
 * process through a {@link RecordingStream}: the two questions of an "ip" lookup (sent together),
 * an NXDOMAIN, a single-question lookup, and a server that never answers.
 */
@Timeout(60)
class LookupEventTest {
    private static final byte[] V4 = {127, 0, 0, 7};
    private static final byte[] V6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7};

    private FakeDnsServer dns;
    private RecordingStream rs;
    private final List<RecordedEvent> events = new CopyOnWriteArrayList<>();

    /** "nx." names are NXDOMAIN, "stall." names never answered, every other name has A and AAAA. */
    private static List<Reply> answer(Query q) {
        String n = q.question().name().toString();
        if (n.startsWith("stall.")) {
            return List.of(Reply.stall());
        }
        if (n.startsWith("nx.")) {
            return List.of(Reply.of(FakeDnsServer.response(q, RCode.NAME_ERROR, List.of())));
        }
        Type t = q.question().type();
        ResourceHeader h = new ResourceHeader(q.question().name(), t, DnsClass.INET, 60);
        Resource r = t.equals(Type.A) ? new Resource(h, new AResource(V4)) : new Resource(h, new AAAAResource(V6));
        return List.of(Reply.of(FakeDnsServer.response(q, RCode.SUCCESS, List.of(r))));
    }

    @BeforeEach
    void setUp() throws IOException {
        dns = FakeDnsServer.start(LookupEventTest::answer);
        rs = new RecordingStream();
        rs.enable("netdial.Lookup");
        rs.onEvent(events::add);
        rs.startAsync();
    }

    @AfterEach
    void tearDown() throws IOException {
        rs.close();
        dns.close();
    }

    private Resolver resolver(int timeoutSeconds) {
        return Resolver.builder().hosts(HostsFile.parse(""))
                .config(DnsConfig.parse("options timeout:" + timeoutSeconds + " attempts:1\n", null)
                        .withServers(List.of(dns.address())))
                .build();
    }

    /** The recorded events for {@code name} matching {@code p}, once {@code n} have arrived (10 s at most). */
    private List<RecordedEvent> await(String name, Predicate<RecordedEvent> p, int n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (;;) {
            List<RecordedEvent> got = events.stream().filter(e -> e.getString("name").equals(name)).filter(p).toList();
            if (got.size() >= n || System.nanoTime() > end) {
                return got;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void bothQuestionsOfAnIpLookup() throws Exception {
        List<InetAddress> ips = resolver(5).lookupIP(Context.background(), "ip", "both.test");
        assertEquals(2, ips.size(), ips::toString);
        List<RecordedEvent> got = await("both.test.", e -> true, 2);
        assertEquals(List.of("TypeA", "TypeAAAA"), got.stream().map(e -> e.getString("type")).sorted().toList(),
                () -> "events: " + events);
        for (RecordedEvent e : got) {
            assertEquals(dns.address(), e.getString("server"));
            assertEquals("RCodeSuccess", e.getString("rcode"));
            assertEquals("", e.getString("error"));
            assertTrue(e.getDuration().toNanos() > 0, "a duration: " + e.getDuration());
        }
    }

    @Test
    void nxdomainCarriesItsRcode() throws Exception {
        IOException e = assertThrows(IOException.class,
                () -> resolver(5).lookupIP(Context.background(), "ip4", "nx.test"));
        assertEquals("lookup nx.test on " + dns.address() + ": no such host", e.getMessage());
        List<RecordedEvent> got = await("nx.test.", x -> true, 1);
        assertEquals(1, got.size(), () -> "events: " + events);
        assertEquals("TypeA", got.get(0).getString("type"));
        assertEquals("RCodeNameError", got.get(0).getString("rcode"));
    }

    /** A TXT lookup goes through the one-question exchange. */
    @Test
    void singleQuestionExchange() throws Exception {
        IOException e = assertThrows(IOException.class,
                () -> resolver(5).lookupTXT(Context.background(), "nx.txt.test"));
        assertTrue(e.getMessage().contains("no such host"), e.getMessage());
        List<RecordedEvent> got = await("nx.txt.test.", x -> true, 1);
        assertEquals(1, got.size(), () -> "events: " + events);
        assertEquals("TypeTXT", got.get(0).getString("type"));
        assertEquals("RCodeNameError", got.get(0).getString("rcode"));
    }

    /** No reply within the 1 s timeout: the exchange's event has no rcode and Go's timeout text. */
    @Test
    void timeoutHasAnError() throws Exception {
        IOException e = assertThrows(IOException.class,
                () -> resolver(1).lookupIP(Context.background(), "ip4", "stall.test"));
        assertTrue(e.getMessage().contains("i/o timeout"), e.getMessage());
        List<RecordedEvent> got = await("stall.test.", x -> true, 1);
        assertEquals(1, got.size(), () -> "events: " + events);
        assertEquals("", got.get(0).getString("rcode"));
        assertTrue(got.get(0).getString("error").contains("i/o timeout"), got.get(0).getString("error"));
        assertTrue(got.get(0).getDuration().toMillis() >= 900, "about the timeout: " + got.get(0).getDuration());
    }
}
