package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netdial.api.DNSError;
import dev.netdial.api.OpError;
import dev.netdial.resolver.FakeDnsResolvers;
import dev.netdial.testing.FakeDnsServer;
import java.net.Inet4Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dialer's literal check is the resolver's ({@link dev.netdial.api.IP#parseZoned}): an empty
 * zone is no literal, so "[fe80::1%]:80" fails as Go's dial does ("lookup fe80::1%: no such
 * host", no query sent); a zone keeps everything after the first '%'.
 *
 * <p>Go: {@code src/net/ipsock.go} {@code (*Resolver).internetAddrList}; {@code src/net/lookup.go}
 * {@code lookupIPAddr} ({@code netip.ParseAddr}).
 */
class IpSockZoneTest {

    @Test
    void parseIPZone() {
        assertNull(IpSock.parseIPZone("fe80::1%"));
        assertNull(IpSock.parseIPZone("127.0.0.1%eth0"));
        assertEquals("eth0%x", IpSock.parseIPZone("fe80::1%eth0%x").zone());
        assertEquals("lo", IpSock.parseIPZone("fe80::1%lo").zone());
        IpSock.IPAddr mapped = IpSock.parseIPZone("::ffff:192.0.2.1");
        assertInstanceOf(Inet4Address.class, mapped.ip());
        assertEquals("", mapped.zone());
    }

    @Test
    void emptyZoneDialFails() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of())) {
            Dialer d = Dialer.builder().resolver(FakeDnsResolvers.of(s)).build();
            OpError e = assertThrows(OpError.class, () -> d.dial("tcp", "[fe80::1%]:80"));
            assertEquals("dial tcp: lookup fe80::1%: no such host", e.getMessage());
            assertInstanceOf(DNSError.class, e.getCause());
            assertEquals(0, s.queries().size(), () -> "queries: " + s.queries());
        }
    }
}
