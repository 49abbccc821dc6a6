package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Conn;
import dev.netdial.api.Listener;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.resolver.FakeDnsResolvers;
import dev.netdial.resolver.message.AAAAResource;
import dev.netdial.resolver.message.AResource;
import dev.netdial.resolver.message.DnsClass;
import dev.netdial.resolver.message.RCode;
import dev.netdial.resolver.message.Resource;
import dev.netdial.resolver.message.ResourceHeader;
import dev.netdial.resolver.message.Type;
import dev.netdial.testing.Capabilities;
import dev.netdial.testing.FakeDnsServer;
import dev.netdial.testing.FakeDnsServer.Query;
import dev.netdial.testing.FakeDnsServer.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A dial asks the DNS server only for the family its network allows: "tcp4" sends A queries
 * only, "tcp6" AAAA only, "tcp" both, on every host (Go has no step turning "tcp" into "tcp4"
 * where IPv6 is missing; {@link Ipv4OnlyDialTest} checks a host without it). Counted at a {@link FakeDnsServer} (Go's DNS client); the C
 * library's path is counted at dnsmasq by {@code ResolverDnsmasqTest.dialAsksOnlyItsFamily}.
 *
 * <p>Go: {@code src/net/ipsock.go} {@code (*Resolver).internetAddrList} (which passes the network
 * to {@code lookupIPAddr}); {@code src/net/dnsclient_unix.go} {@code goLookupIPCNAMEOrder}
 * ({@code ipVersion} picks the query types).
 */
@Timeout(60)
class DialFamilyQueryTest {

    private static final byte[] V4 = {127, 0, 0, 1};
    private static final byte[] V6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    /** A: 127.0.0.1, AAAA: ::1. */
    private static List<Reply> loopbackAnswer(Query q) {
        ResourceHeader h = new ResourceHeader(q.question().name(), q.question().type(), DnsClass.INET, 60);
        Resource r = q.question().type().equals(Type.A) ? new Resource(h, new AResource(V4))
                : new Resource(h, new AAAAResource(V6));
        return List.of(Reply.of(FakeDnsServer.response(q, RCode.SUCCESS, List.of(r))));
    }

    private static Dialer dialer(FakeDnsServer s) {
        return Dialer.builder().resolver(FakeDnsResolvers.of(s)).build();
    }

    private static long count(FakeDnsServer s, Type t) {
        return s.queries().stream().filter(q -> q.question().type().equals(t)).count();
    }

    /** Dials {@code network} to "fam.test:PORT" with a listener on {@code listenAddr}. */
    private static FakeDnsServer dialOnce(String network, String listenAddr) throws Exception {
        FakeDnsServer s = FakeDnsServer.start(DialFamilyQueryTest::loopbackAnswer);
        try (Listener ln = Net.listen("tcp", listenAddr)) {
            int port = ((TCPAddr) ln.addr()).port();
            try (Conn c = dialer(s).dial(network, "fam.test:" + port); Conn peer = ln.accept()) {
                assertEquals(c.localAddr().toString(), peer.remoteAddr().toString());
            }
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
        return s;
    }

    @Test
    void tcp4AsksOnlyA() throws Exception {
        try (FakeDnsServer s = dialOnce("tcp4", "127.0.0.1:0")) {
            assertEquals(1, count(s, Type.A), () -> "queries: " + s.queries());
            assertEquals(0, count(s, Type.AAAA), () -> "a tcp4 dial asked AAAA: " + s.queries());
        }
    }

    @Test
    void tcp6AsksOnlyAAAA() throws Exception {
        Capabilities.require("an IPv6 loopback (::1)", IpSockPosix.supportsIPv6());
        try (FakeDnsServer s = dialOnce("tcp6", "[::1]:0")) {
            assertEquals(1, count(s, Type.AAAA), () -> "queries: " + s.queries());
            assertEquals(0, count(s, Type.A), () -> "a tcp6 dial asked A: " + s.queries());
        }
    }

    @Test
    void tcpAsksBoth() throws Exception {
        try (FakeDnsServer s = dialOnce("tcp", "127.0.0.1:0")) {
            assertEquals(1, count(s, Type.A), () -> "queries: " + s.queries());
            assertEquals(1, count(s, Type.AAAA), () -> "queries: " + s.queries());
            assertTrue(s.queries().size() <= 2, () -> "queries: " + s.queries());
        }
    }
}
