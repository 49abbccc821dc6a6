package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netdial.api.Context;
import dev.netdial.api.IP;
import dev.netdial.resolver.message.AAAAResource;
import dev.netdial.resolver.message.AResource;
import dev.netdial.resolver.message.DnsClass;
import dev.netdial.resolver.message.Message;
import dev.netdial.resolver.message.RCode;
import dev.netdial.resolver.message.Resource;
import dev.netdial.resolver.message.ResourceHeader;
import dev.netdial.resolver.message.Type;
import dev.netdial.testing.FakeDnsServer;
import dev.netdial.testing.FakeDnsServer.Query;
import dev.netdial.testing.FakeDnsServer.Reply;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared first exchange of A and AAAA ({@code DnsClientUnix.firstExchanges}, one thread
 * reading both replies) never times out a reply that has arrived: each type is judged by its
 * own deadline and what is already in its socket, as Go's goroutine per type (issue 16: with A
 * held back, the AAAA reply sat in its socket past its deadline and {@code lookupIP("ip")}
 * failed 19 times in 20 with "i/o timeout").
 *
 * <p>Go: {@code src/net/dnsclient_unix.go} {@code goLookupIPCNAME} (a goroutine per type).
 */
@Timeout(60)
class DnsFirstExchangeTest {

    private static final String HOST = "www.example.com.";
    private static final InetAddress V4 = IP.parse("192.0.2.1");
    private static final InetAddress V6 = IP.parse("2001:db8::1");
    /** Each case waits out one 1 s timeout; a few rounds make a 1-in-20 pass of the old bug unlikely. */
    private static final int ROUNDS = 3;

    private static Message answer(Query q) {
        ResourceHeader h = new ResourceHeader(q.question().name(), q.question().type(), DnsClass.INET, 60);
        Resource r = q.question().type().equals(Type.A)
                ? new Resource(h, new AResource(V4.getAddress()))
                : new Resource(h, new AAAAResource(V6.getAddress()));
        return FakeDnsServer.response(q, RCode.SUCCESS, List.of(r));
    }

    private static List<InetAddress> lookup(FakeDnsServer s) throws Exception {
        Resolver r = Resolver.builder().hosts(HostsFile.parse("")).preferGo(true)
                .config(DnsConfig.parse("options timeout:1 attempts:1\n", null).withServers(List.of(s.address())))
                .build();
        return r.lookupIP(Context.background(), "ip", HOST);
    }

    /** A never answered (read first), AAAA at once: the AAAA address, after A's timeout. */
    @Test
    void aHeldBack() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(
                q -> q.question().type().equals(Type.A) ? List.of() : List.of(Reply.of(answer(q))))) {
            for (int i = 0; i < ROUNDS; i++) {
                assertEquals(List.of(V6), lookup(s), "round " + i);
            }
        }
    }

    /** AAAA never answered, A at once: the A address (AAAA times out, as in Go). */
    @Test
    void aaaaHeldBack() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(
                q -> q.question().type().equals(Type.AAAA) ? List.of() : List.of(Reply.of(answer(q))))) {
            for (int i = 0; i < ROUNDS; i++) {
                assertEquals(List.of(V4), lookup(s), "round " + i);
            }
        }
    }

    /**
     * A answered truncated after 400 ms, its TCP retry 800 ms later (inside its own new
     * deadline); AAAA at once over UDP. A's exchange ends past AAAA's UDP deadline: both
     * addresses all the same.
     */
    @Test
    void aTruncatedThenSlowTcp() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> {
            if (!q.question().type().equals(Type.A)) {
                return List.of(Reply.of(answer(q)));
            }
            if (q.transport().equals("udp")) {
                Message tc = FakeDnsServer.response(q, RCode.SUCCESS, List.of());
                tc = FakeDnsServer.withHeader(tc, FakeDnsServer.withFlags(tc.header(), true, false, true, true));
                return List.of(Reply.of(tc).after(Duration.ofMillis(400)));
            }
            return List.of(Reply.of(answer(q)).after(Duration.ofMillis(800)));
        })) {
            for (int i = 0; i < ROUNDS; i++) {
                assertEquals(java.util.Set.of(V6, V4), java.util.Set.copyOf(lookup(s)), "round " + i);
            }
        }
    }

    /** A truncated, its TCP retry never answering: A fails at its TCP deadline, AAAA's address stays. */
    @Test
    void aTruncatedThenTcpStalls() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> {
            if (!q.question().type().equals(Type.A)) {
                return List.of(Reply.of(answer(q)));
            }
            if (q.transport().equals("udp")) {
                Message tc = FakeDnsServer.response(q, RCode.SUCCESS, List.of());
                tc = FakeDnsServer.withHeader(tc, FakeDnsServer.withFlags(tc.header(), true, false, true, true));
                return List.of(Reply.of(tc));
            }
            return List.of(Reply.stall());
        })) {
            for (int i = 0; i < ROUNDS; i++) {
                assertEquals(List.of(V6), lookup(s), "round " + i);
            }
        }
    }
}
