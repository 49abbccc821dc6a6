package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Context;
import dev.netdial.api.DNSError;
import dev.netdial.api.IP;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Resolver#lookupIPAddr} and {@link Resolver#lookupNetIP}: both families with zones as
 * scopes, literals answered at once, "" refused as Go refuses it.
 *
 * <p>Go: {@code src/net/lookup_test.go} ({@code LookupIPAddr}, {@code LookupNetIP} callers).
 */
class LookupIPAddrTest {

    private static final Resolver HOSTS = Resolver.builder()
            .hosts(HostsFile.parse("192.0.2.1 both.test\n2001:db8::1 both.test\n")).build();

    /** Both families from the hosts file, in file order; no filter and no extra 0.0.0.0. */
    @Test
    void testLookupIPAddr() throws Exception {
        Context ctx = Context.background();
        assertEquals(List.of(IP.parse("192.0.2.1"), IP.parse("2001:db8::1")), HOSTS.lookupIPAddr(ctx, "both.test"));
        assertEquals(List.of(IP.parse("::")), HOSTS.lookupIPAddr(ctx, "::"));
        List<InetAddress> zoned = HOSTS.lookupIPAddr(ctx, "fe80::1%1");
        assertEquals(1, zoned.size());
        assertEquals(1, ((Inet6Address) zoned.get(0)).getScopeId());
        DNSError e = assertThrows(DNSError.class, () -> HOSTS.lookupIPAddr(ctx, ""));
        assertEquals("lookup : no such host", e.getMessage());
        assertTrue(e.isNotFound());
        assertEquals("host", assertThrows(NullPointerException.class, () -> HOSTS.lookupIPAddr(ctx, null)).getMessage());
    }

    /** lookupNetIP filters by network as lookupIP does. */
    @Test
    void testLookupNetIP() throws Exception {
        Context ctx = Context.background();
        assertEquals(List.of(IP.parse("192.0.2.1")), HOSTS.lookupNetIP(ctx, "ip4", "both.test"));
        assertEquals(List.of(IP.parse("2001:db8::1")), HOSTS.lookupNetIP(ctx, "ip6", "both.test"));
        assertEquals(HOSTS.lookupIP(ctx, "ip", "both.test"), HOSTS.lookupNetIP(ctx, "ip", "both.test"));
        assertEquals("unknown network tcp", assertThrows(java.io.IOException.class,
                () -> HOSTS.lookupNetIP(ctx, "tcp", "both.test")).getMessage());
    }
}
