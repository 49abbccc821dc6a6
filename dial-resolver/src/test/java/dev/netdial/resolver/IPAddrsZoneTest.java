package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Context;
import dev.netdial.api.DNSError;
import dev.netdial.testing.FakeDnsServer;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The resolver's literal checks go through {@link dev.netdial.api.IP#parseZoned}, the parser the
 * dialer uses too: "fe80::1%" and "127.0.0.1%eth0" are no literals (so they are looked up as
 * names and fail as Go's do, without a query), "fe80::1%lo" is.
 *
 * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupHost}, {@code lookupIPAddr}
 * ({@code netip.ParseAddr}).
 */
class IPAddrsZoneTest {

    @Test
    void parseIPZone() {
        assertNull(IPAddrs.parseIPZone("fe80::1%"));
        assertNull(IPAddrs.parseIPZone("127.0.0.1%eth0"));
        assertFalse(IPAddrs.isLiteral("fe80::1%"));
        assertFalse(IPAddrs.isLiteral("127.0.0.1%eth0"));
        assertTrue(IPAddrs.isLiteral("fe80::1%lo"));
        InetAddress lo = IPAddrs.parseIPZone("fe80::1%lo");
        Inet6Address v6 = assertInstanceOf(Inet6Address.class, lo);
        assertTrue(v6.getScopeId() > 0, "lo's index as the scope id");
        assertInstanceOf(Inet4Address.class, IPAddrs.parseIPZone("::ffff:192.0.2.1"));
    }

    @Test
    void emptyZoneAndIPv4ZoneAreNoSuchHost() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of())) {
            Resolver r = FakeDnsResolvers.of(s);
            for (String host : List.of("fe80::1%", "127.0.0.1%eth0")) {
                DNSError e = assertThrows(DNSError.class, () -> r.lookupHost(Context.background(), host), host);
                assertEquals("lookup " + host + ": no such host", e.getMessage());
                DNSError e2 = assertThrows(DNSError.class, () -> r.lookupIP(Context.background(), "ip", host), host);
                assertEquals("lookup " + host + ": no such host", e2.getMessage());
            }
            assertEquals(List.of("fe80::1%lo"), r.lookupHost(Context.background(), "fe80::1%lo"));
            assertEquals(0, s.queries().size(), () -> "no name with '%' is asked: " + s.queries());
        }
    }
}
