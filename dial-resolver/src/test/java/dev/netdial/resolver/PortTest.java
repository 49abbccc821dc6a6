package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.AddrError;
import dev.netdial.api.Context;
import dev.netdial.api.DNSError;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Service ports: {@code parsePort}, Go's {@code LookupPort} tables that need no network, the
 * built-in table and the services-file parser.
 *
 * <p>Go: {@code src/net/port_test.go}; {@code src/net/lookup_test.go} {@code TestLookupPort},
 * {@code TestLookupPort_Minimal}, {@code TestLookupPortNotFound},
 * {@code TestLookupPortDifferentNetwork}, {@code TestLookupPortEmptyNetworkString},
 * {@code TestLookupPortIPNetworkString}.
 */
class PortTest {

    private static final Resolver RESOLVER = new Resolver(HostsFile::empty, new SystemResolver());

    private record ParsePortCase(String service, int port, boolean needsLookup) {
    }

    /**
     * Go's {@code parsePortTests}.
     *
     * <p>Go: {@code src/net/port_test.go} {@code TestParsePort}.
     */
    @Test
    void parsePort() {
        List<ParsePortCase> cases = List.of(
                new ParsePortCase("", 0, false),
                new ParsePortCase("-1073741825", -(1 << 30), false),
                new ParsePortCase("-1073741824", -(1 << 30), false),
                new ParsePortCase("-1073741823", -((1 << 30) - 1), false),
                new ParsePortCase("-123456789", -123456789, false),
                new ParsePortCase("-1", -1, false),
                new ParsePortCase("-0", 0, false),
                new ParsePortCase("0", 0, false),
                new ParsePortCase("+0", 0, false),
                new ParsePortCase("+1", 1, false),
                new ParsePortCase("65535", 65535, false),
                new ParsePortCase("65536", 65536, false),
                new ParsePortCase("123456789", 123456789, false),
                new ParsePortCase("1073741822", (1 << 30) - 2, false),
                new ParsePortCase("1073741823", (1 << 30) - 1, false),
                new ParsePortCase("1073741824", (1 << 30) - 1, false),
                new ParsePortCase("1073741825", (1 << 30) - 1, false),
                new ParsePortCase("99999999999999999999999", (1 << 30) - 1, false),
                new ParsePortCase("abc", 0, true),
                new ParsePortCase("9pfs", 0, true),
                new ParsePortCase("123badport", 0, true),
                new ParsePortCase("bad123port", 0, true),
                new ParsePortCase("badport123", 0, true),
                new ParsePortCase("123456789badport", 0, true),
                new ParsePortCase("-2147483649badport", 0, true),
                new ParsePortCase("2147483649badport", 0, true));
        for (ParsePortCase c : cases) {
            Services.ParsedPort got = Services.parsePort(c.service());
            assertEquals(new Services.ParsedPort(c.port(), c.needsLookup()), got, c.service());
        }
    }

    private record LookupPortCase(String network, String name, int port, String err) {
    }

    /**
     * Go's {@code lookupPortTests}, with the exact error texts; run with a background context
     * (the calling thread) and with a cancellable one (a helper thread).
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupPort}.
     */
    @Test
    void lookupPort() throws Exception {
        List<LookupPortCase> cases = List.of(
                new LookupPortCase("tcp", "0", 0, null),
                new LookupPortCase("udp", "0", 0, null),
                new LookupPortCase("udp", "domain", 53, null),
                new LookupPortCase("--badnet--", "zzz", 0, "address --badnet--: unknown network"),
                new LookupPortCase("tcp", "--badport--", 0, "lookup tcp/--badport--: unknown port"),
                new LookupPortCase("tcp", "-1", 0, "address -1: invalid port"),
                new LookupPortCase("tcp", "65536", 0, "address 65536: invalid port"),
                new LookupPortCase("udp", "-1", 0, "address -1: invalid port"),
                new LookupPortCase("udp", "65536", 0, "address 65536: invalid port"),
                new LookupPortCase("tcp", "123456789", 0, "address 123456789: invalid port"),
                new LookupPortCase("tcp", "http2x", 0, "lookup tcp/http2x: unknown port"),
                // Issue 13610: LookupPort("tcp", "").
                new LookupPortCase("tcp", "", 0, null),
                new LookupPortCase("tcp4", "", 0, null),
                new LookupPortCase("tcp6", "", 0, null),
                new LookupPortCase("udp", "", 0, null),
                new LookupPortCase("udp4", "", 0, null),
                new LookupPortCase("udp6", "", 0, null),
                // A number needs no network check.
                new LookupPortCase("--badnet--", "80", 80, null));
        Context cancellable = Context.background().withCancel();
        try {
            for (Context ctx : List.of(Context.background(), cancellable)) {
                for (LookupPortCase c : cases) {
                    String id = c.network() + "/" + c.name() + " (" + ctx + ")";
                    if (c.err() == null) {
                        assertEquals(c.port(), RESOLVER.lookupPort(ctx, c.network(), c.name()), id);
                        continue;
                    }
                    IOException e = assertThrows(IOException.class, () -> RESOLVER.lookupPort(ctx, c.network(), c.name()), id);
                    assertEquals(c.err(), e.getMessage(), id);
                    if (c.err().startsWith("lookup")) {
                        DNSError de = assertInstanceOf(DNSError.class, e, id);
                        assertTrue(de.isNotFound(), id + ": isNotFound");
                        assertFalse(de.isTemporary(), id + ": isTemporary");
                        assertEquals("", de.server(), id);
                    } else {
                        assertInstanceOf(AddrError.class, e, id);
                    }
                }
            }
        } finally {
            cancellable.cancel();
        }
        LookupTest.awaitNoResolverThreads();
    }

    private record MinimalCase(String network, String name, int port) {
    }

    /**
     * Names every system knows, in any ASCII case, for every TCP network.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupPort_Minimal}.
     */
    @Test
    void lookupPortMinimal() throws IOException {
        List<MinimalCase> cases = List.of(
                new MinimalCase("tcp", "http", 80),
                new MinimalCase("tcp", "HTTP", 80),
                new MinimalCase("tcp", "https", 443),
                new MinimalCase("tcp", "ssh", 22),
                new MinimalCase("tcp", "gopher", 70),
                new MinimalCase("tcp4", "http", 80),
                new MinimalCase("tcp6", "http", 80));
        for (MinimalCase c : cases) {
            assertEquals(c.port(), RESOLVER.lookupPort(Context.background(), c.network(), c.name()), c.toString());
            // The built-in table alone gives the same answer.
            assertEquals(c.port(), Services.builtin().lookupPortMap(c.network(), c.name()), "builtin " + c);
        }
    }

    /**
     * An unknown service, and a TCP-only service asked for UDP, are not-found errors.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupPortNotFound},
     * {@code TestLookupPortDifferentNetwork}.
     */
    @Test
    void lookupPortNotFound() {
        DNSError e = assertThrows(DNSError.class, () -> RESOLVER.lookupPort(Context.background(), "udp", "_-unknown-service-"));
        assertEquals("lookup udp/_-unknown-service-: unknown port", e.getMessage());
        assertTrue(e.isNotFound());
        DNSError d = assertThrows(DNSError.class, () -> RESOLVER.lookupPort(Context.background(), "udp", "submissions"));
        assertEquals("lookup udp/submissions: unknown port", d.getMessage());
        assertTrue(d.isNotFound());
        DNSError b = assertThrows(DNSError.class, () -> Services.builtin().lookupPortMap("udp", "submissions"));
        assertEquals("lookup udp/submissions: unknown port", b.getMessage());
        assertTrue(b.isNotFound());
    }

    /**
     * "" and "ip" as the network look in every table.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupPortEmptyNetworkString},
     * {@code TestLookupPortIPNetworkString}.
     */
    @Test
    void lookupPortEmptyAndIPNetworkString() throws IOException {
        assertEquals(465, RESOLVER.lookupPort(Context.background(), "", "submissions"));
        assertEquals(465, RESOLVER.lookupPort(Context.background(), "ip", "submissions"));
        assertEquals(53, Services.builtin().lookupPortMap("ip", "domain"), "ip falls back to udp");
        DNSError e = assertThrows(DNSError.class, () -> Services.builtin().lookupPortMap("ip", "nope"));
        assertEquals("lookup ip/nope: unknown port", e.getMessage());
        DNSError n = assertThrows(DNSError.class, () -> Services.builtin().lookupPortMap("sctp", "nope"));
        assertEquals("lookup sctp/nope: unknown network", n.getMessage());
        assertFalse(n.isNotFound());
    }

    /**
     * The services-file parser: comments, aliases, later lines win, the file overrides the
     * built-ins, malformed port fields are skipped, names are matched lower-cased (an upper-case
     * name in the file never matches, as in Go), over-long names never match; never throws.
     *
     * <p>Go: {@code src/net/port_unix.go} {@code readServices}; {@code src/net/lookup.go}
     * {@code lookupPortMapWithNetwork}.
     */
    @Test
    void readServices() throws DNSError {
        Services s = Services.parse("""
                # comment line
                http\t\t8080/tcp\twww www-http # overrides the built-in
                foo 1234/tcp bar
                foo 1235/tcp
                Upper 99/tcp
                bad1 0/tcp
                bad2 x/tcp
                bad3 12
                bad4 12/
                onlyname
                quic 443/udp
                sctpsvc 9/sctp
                longname-longname-longname 7/tcp
                """);
        assertEquals(8080, s.lookupPortMap("tcp", "http"));
        assertEquals(8080, s.lookupPortMap("tcp", "WWW"));
        assertEquals(1235, s.lookupPortMap("tcp", "foo"), "later line wins");
        assertEquals(1234, s.lookupPortMap("tcp", "bar"));
        assertEquals(443, s.lookupPortMap("udp", "quic"));
        assertEquals(22, s.lookupPortMap("tcp", "ssh"), "built-ins stay");
        assertThrows(DNSError.class, () -> s.lookupPortMap("tcp", "Upper"));
        assertThrows(DNSError.class, () -> s.lookupPortMap("tcp", "bad1"));
        assertThrows(DNSError.class, () -> s.lookupPortMap("tcp", "bad2"));
        assertThrows(DNSError.class, () -> s.lookupPortMap("tcp", "bad4"));
        DNSError longName = assertThrows(DNSError.class, () -> s.lookupPortMap("tcp", "longname-longname-longname"));
        assertEquals("lookup tcp/longname-longname-longname: unknown port", longName.getMessage());
        Services.parse("\0\0\r\r\n#\n 1/tcp\n x 99999999999/tcp\n");
    }
}
