package dev.netdial.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netdial.testing.Conformance;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link IP} and {@link HostPort}: Go's IP literal parsing and printing, and host:port
 * splitting and joining, from Go's own tables and the shared conformance vectors.
 *
 * <p>Go: {@code src/net/ip_test.go}.
 */
class IpTest {

    private record ParseCase(String in, String hex16) {
    }

    /**
     * Go's {@code parseIPTests} (current Go: a group of more than four hex digits is invalid);
     * {@code hex16} is the 16-byte form, {@code null} for invalid.
     */
    private static final List<ParseCase> PARSE_IP_TESTS = List.of(
            new ParseCase("127.0.1.2", "00000000000000000000ffff7f000102"),
            new ParseCase("127.0.0.1", "00000000000000000000ffff7f000001"),
            new ParseCase("::ffff:127.1.2.3", "00000000000000000000ffff7f010203"),
            new ParseCase("::ffff:7f01:0203", "00000000000000000000ffff7f010203"),
            new ParseCase("0:0:0:0:0000:ffff:127.1.2.3", "00000000000000000000ffff7f010203"),
            new ParseCase("0:0:0:0:000000:ffff:127.1.2.3", null),
            new ParseCase("0:0:0:0::ffff:127.1.2.3", "00000000000000000000ffff7f010203"),
            new ParseCase("2001:4860:0:2001::68", "20014860000020010000000000000068"),
            new ParseCase("2001:4860:0000:2001:0000:0000:0000:0068", "20014860000020010000000000000068"),
            new ParseCase("-0.0.0.0", null),
            new ParseCase("0.-1.0.0", null),
            new ParseCase("0.0.-2.0", null),
            new ParseCase("0.0.0.-3", null),
            new ParseCase("127.0.0.256", null),
            new ParseCase("abc", null),
            new ParseCase("123:", null),
            new ParseCase("fe80::1%lo0", null),
            new ParseCase("fe80::1%911", null),
            new ParseCase("", null),
            new ParseCase("a1:a2:a3:a4::b1:b2:b3:b4", null), // go.dev/issue/6628
            new ParseCase("127.001.002.003", null),
            new ParseCase("::ffff:127.001.002.003", null),
            new ParseCase("123.000.000.000", null),
            new ParseCase("1.2..4", null),
            new ParseCase("0123.0.0.1", null),
            // Further edges of netip's parser.
            new ParseCase("%eth0", null),
            new ParseCase("::", "00000000000000000000000000000000"),
            new ParseCase("::1", "00000000000000000000000000000001"),
            new ParseCase("1::", "00010000000000000000000000000000"),
            new ParseCase("1:2:3:4:5:6:7:8", "00010002000300040005000600070008"),
            new ParseCase("1:2:3:4:5:6:7:8:9", null),
            new ParseCase("1:2:3:4:5:6:7::8", null),
            new ParseCase("1:2:3:4:5:6:7:", null),
            new ParseCase(":1:2:3:4:5:6:7", null),
            new ParseCase("1::2::3", null),
            new ParseCase("::ffff:1.2.3", null),
            new ParseCase("1:2:3:4:5:6:1.2.3.4", "00010002000300040005000601020304"),
            new ParseCase("1:2:3:4:5:1.2.3.4", null),
            new ParseCase("1:2:3:4:5:6:7:1.2.3.4", null),
            new ParseCase("::1.2.3.4", "00000000000000000000000001020304"),
            new ParseCase("[::1]", null),
            new ParseCase("::fffff", null),
            new ParseCase("::g", null),
            new ParseCase("1.2.3.4:80", null),
            new ParseCase("1.2.3.4%eth0", null),
            new ParseCase("0.0.0.0", "00000000000000000000ffff00000000"),
            new ParseCase("\uff11.2.3.4", null));

    /**
     * Go's {@code parseIPTests}: valid literals give the right bytes and class (Inet4Address
     * exactly when Go's {@code To4} is non-nil), invalid ones {@code null}.
     *
     * <p>Go: {@code src/net/ip_test.go} {@code TestParseIP}.
     */
    @Test
    void testParseIP() {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < PARSE_IP_TESTS.size(); i++) {
            ParseCase tt = PARSE_IP_TESTS.get(i);
            String got = check(tt.in(), tt.hex16());
            if (got != null) {
                failures.add("case " + i + " " + got);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** Null if {@code IP.parse(in)} matches {@code hex16} (null = invalid), else why not. */
    private static String check(String in, String hex16) {
        InetAddress ip = IP.parse(in);
        if (hex16 == null) {
            return ip == null ? null : "parse(\"" + in + "\") = " + IP.format(ip) + ", want null";
        }
        if (ip == null) {
            return "parse(\"" + in + "\") = null, want " + hex16;
        }
        byte[] want = HexFormat.of().parseHex(hex16);
        boolean is4 = IP.isV4Mapped(want);
        if (is4) {
            if (!(ip instanceof Inet4Address)) {
                return "parse(\"" + in + "\") is " + ip.getClass().getSimpleName() + ", want Inet4Address";
            }
            if (!Arrays.equals(ip.getAddress(), Arrays.copyOfRange(want, 12, 16))) {
                return "parse(\"" + in + "\") = " + HexFormat.of().formatHex(ip.getAddress()) + ", want " + hex16;
            }
        } else {
            if (!(ip instanceof Inet6Address)) {
                return "parse(\"" + in + "\") is " + ip.getClass().getSimpleName() + ", want Inet6Address";
            }
            if (!Arrays.equals(ip.getAddress(), want)) {
                return "parse(\"" + in + "\") = " + HexFormat.of().formatHex(ip.getAddress()) + ", want " + hex16;
            }
        }
        return null;
    }

    private record StringCase(byte[] in, String str) {
    }

    /** Go's {@code ipStringTests}. */
    private static final List<StringCase> IP_STRING_TESTS = List.of(
            new StringCase(bytes(192, 0, 2, 1), "192.0.2.1"),
            new StringCase(bytes(0, 0, 0, 0), "0.0.0.0"),
            new StringCase(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1), "192.0.2.1"),
            new StringCase(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0), "0.0.0.0"),
            new StringCase(bytes(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0x1, 0x23, 0, 0x12, 0, 0x1), "2001:db8::123:12:1"),
            new StringCase(bytes(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1), "2001:db8::1"),
            new StringCase(bytes(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0x1, 0, 0, 0, 0x1, 0, 0, 0, 0x1), "2001:db8:0:1:0:1:0:1"),
            new StringCase(bytes(0x20, 0x1, 0xd, 0xb8, 0, 0x1, 0, 0, 0, 0x1, 0, 0, 0, 0x1, 0, 0), "2001:db8:1:0:1:0:1:0"),
            new StringCase(bytes(0x20, 0x1, 0, 0, 0, 0, 0, 0, 0, 0x1, 0, 0, 0, 0, 0, 0x1), "2001::1:0:0:1"),
            new StringCase(bytes(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0x1, 0, 0, 0, 0, 0, 0), "2001:db8:0:0:1::"),
            new StringCase(bytes(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0x1, 0, 0, 0, 0, 0, 0x1), "2001:db8::1:0:0:1"),
            new StringCase(bytes(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0xa, 0, 0xb, 0, 0xc, 0, 0xd), "2001:db8::a:b:c:d"),
            new StringCase(new byte[16], "::"),
            new StringCase(null, "<nil>"),
            new StringCase(bytes(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef), "?0123456789abcdef"),
            // A lone zero group is not compressed; "::" needs two.
            new StringCase(bytes(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0x1, 0, 0x1, 0, 0x1, 0, 0x1, 0, 0x1), "2001:db8:0:1:1:1:1:1"),
            new StringCase(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), "::1"),
            new StringCase(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4), "::102:304"),
            new StringCase(bytes(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), "fe80::1"));

    /**
     * Go's {@code ipStringTests}: RFC 5952 text, IPv4-mapped as dotted quad, nil and opaque
     * byte strings.
     *
     * <p>Go: {@code src/net/ip_test.go} {@code TestIPString}.
     */
    @Test
    void testIPString() {
        for (int i = 0; i < IP_STRING_TESTS.size(); i++) {
            StringCase tt = IP_STRING_TESTS.get(i);
            assertEquals(tt.str(), IP.format(tt.in()), "case " + i);
            if (tt.in() != null && (tt.in().length == 4 || tt.in().length == 16)) {
                assertEquals(tt.str(), IP.format(address(tt.in())), "case " + i + " as InetAddress");
            }
        }
        assertEquals("<nil>", IP.format((InetAddress) null));
    }

    /**
     * A zone-carrying {@link Inet6Address} prints without its scope, as Go's {@code IP} has none;
     * and printing then parsing gives the address back for every valid case.
     *
     * <p>Go: {@code src/net/ip_test.go} {@code TestIPString} (round trip, as
     * {@code TestParseIP}'s UnmarshalText check).
     */
    @Test
    void testIPStringRoundTrip() throws Exception {
        Inet6Address scoped = Inet6Address.getByAddress(null, IP.parse("fe80::1").getAddress(), 3);
        assertEquals("fe80::1", IP.format(scoped));
        for (int i = 0; i < PARSE_IP_TESTS.size(); i++) {
            InetAddress ip = IP.parse(PARSE_IP_TESTS.get(i).in());
            if (ip != null) {
                assertEquals(ip, IP.parse(IP.format(ip)), "case " + i);
            }
        }
    }

    private record SplitCase(String hostport, String host, String port, String err) {
    }

    /** Go's {@code TestSplitHostPort} tables: successes (err null) and failures. */
    private static final List<SplitCase> SPLIT_TESTS = List.of(
            new SplitCase("localhost:http", "localhost", "http", null),
            new SplitCase("[::1]:80", "::1", "80", null),
            new SplitCase("[localhost%lo0]:80", "localhost%lo0", "80", null),
            new SplitCase("[]:80", "", "80", null),
            new SplitCase(":", "", "", null),
            new SplitCase("golang.org", null, null, "missing port in address"),
            new SplitCase("[::1]", null, null, "missing port in address"),
            new SplitCase("::1", null, null, "too many colons in address"),
            new SplitCase("[::1]x:80", null, null, "missing port in address"),
            new SplitCase("[::1]:80:90", null, null, "too many colons in address"),
            new SplitCase("[::1:80", null, null, "missing ']' in address"),
            new SplitCase("[foo:bar]", null, null, "missing port in address"),
            new SplitCase("foo[bar]:baz", null, null, "unexpected '[' in address"),
            new SplitCase("[foo]bar]:baz", null, null, "missing port in address"),
            new SplitCase("[fo[o]:baz", null, null, "unexpected '[' in address"),
            new SplitCase("[foo]:[baz]", null, null, "unexpected '[' in address"),
            new SplitCase("[foo:bar]baz", null, null, "missing port in address"),
            new SplitCase("[foo]bar:baz", null, null, "missing port in address"),
            new SplitCase("[foo]:[bar]:baz", null, null, "too many colons in address"),
            new SplitCase("[foo]:[bar]baz", null, null, "unexpected '[' in address"),
            new SplitCase("foo]bar:baz", null, null, "unexpected ']' in address"),
            new SplitCase("fe80::1%lo0:80", null, null, "too many colons in address"),
            new SplitCase("[foo]:b]az", null, null, "unexpected ']' in address"),
            new SplitCase("foo]:baz", null, null, "unexpected ']' in address"),
            new SplitCase("", null, null, "missing port in address"));

    /**
     * Successful splits give Go's host and port; failures throw {@link AddrError} with Go's
     * reason, the input as its address, and Go's message.
     *
     * <p>Go: {@code src/net/ip_test.go} {@code TestSplitHostPort}.
     */
    @Test
    void testSplitHostPort() {
        for (int i = 0; i < SPLIT_TESTS.size(); i++) {
            SplitCase tt = SPLIT_TESTS.get(i);
            if (tt.err() == null) {
                HostPort hp = assertDoesNotThrowAddrError(tt.hostport(), i);
                assertEquals(tt.host(), hp.host(), "case " + i + " host");
                assertEquals(tt.port(), hp.port(), "case " + i + " port");
                // Joining a split gives back an equivalent address.
                assertEquals(hp, assertDoesNotThrowAddrError(HostPort.join(hp.host(), hp.port()), i));
            } else {
                AddrError e = assertThrows(AddrError.class, () -> HostPort.split(tt.hostport()), "case " + i);
                assertEquals(tt.err(), e.err(), "case " + i);
                assertEquals(tt.hostport(), e.addr(), "case " + i);
                String want = tt.hostport().isEmpty() ? tt.err() : "address " + tt.hostport() + ": " + tt.err();
                assertEquals(want, e.getMessage(), "case " + i);
                assertFalse(e.timeout(), "case " + i);
                assertFalse(e.temporary(), "case " + i);
            }
        }
    }

    private static HostPort assertDoesNotThrowAddrError(String hostport, int i) {
        try {
            return HostPort.split(hostport);
        } catch (AddrError e) {
            return fail("case " + i + ": split(\"" + hostport + "\") threw " + e.getMessage());
        }
    }

    /**
     * Hosts with a colon are bracketed, others not.
     *
     * <p>Go: {@code src/net/ip_test.go} {@code TestJoinHostPort}.
     */
    @Test
    void testJoinHostPort() {
        assertEquals("[::1]:80", HostPort.join("::1", "80"));
        assertEquals("localhost%lo0:http", HostPort.join("localhost%lo0", "http"));
        assertEquals("[fe80::1%lo0]:80", HostPort.join("fe80::1%lo0", "80"));
        assertEquals(":80", HostPort.join("", "80"));
        assertEquals("[::1]:80", new HostPort("::1", "80").toString());
    }

    /**
     * Every case of {@code vectors/hostport.json}, as its notes say: {@code split} compares
     * host and port, or the {@link AddrError}'s message, {@code err()} and {@code addr()};
     * {@code join} compares the string.
     *
     * <p>Go: {@code src/net/ip_test.go} {@code TestSplitHostPort}, {@code TestJoinHostPort}.
     */
    @Test
    void testConformanceHostPort() {
        List<Map<String, Object>> cases = cases("hostport.json");
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Map<String, Object> c : cases) {
            String id = (String) c.get("id");
            String kind = (String) c.get("kind");
            n++;
            switch (kind) {
                case "split" -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> exp = (Map<String, Object>) c.get("expected");
                    String in = (String) c.get("hostport");
                    try {
                        HostPort hp = HostPort.split(in);
                        if (exp.containsKey("error")) {
                            failures.add(id + ": split succeeded with " + hp + ", want " + exp.get("error"));
                        } else if (!hp.host().equals(exp.get("host")) || !hp.port().equals(exp.get("port"))) {
                            failures.add(id + ": got " + hp.host() + " / " + hp.port() + ", want " + exp);
                        }
                    } catch (AddrError e) {
                        if (!exp.containsKey("error")) {
                            failures.add(id + ": split threw " + e.getMessage() + ", want " + exp);
                        } else if (!e.getMessage().equals(exp.get("error")) || !e.err().equals(exp.get("err"))
                                || !e.addr().equals(exp.get("addr"))) {
                            failures.add(id + ": got error (" + e.getMessage() + " | " + e.err() + " | " + e.addr()
                                    + "), want " + exp);
                        }
                    }
                }
                case "join" -> {
                    String got = HostPort.join((String) c.get("host"), (String) c.get("port"));
                    if (!got.equals(c.get("expected"))) {
                        failures.add(id + ": join = " + got + ", want " + c.get("expected"));
                    }
                }
                default -> failures.add(id + ": unknown kind " + kind);
            }
        }
        assertEquals(40, n, "hostport.json case count");
        assertTrue(failures.isEmpty(), failures.size() + " of " + n + " failed:\n" + String.join("\n", failures));
    }

    /**
     * Every case of {@code vectors/parseip.json}, as its notes say: {@code null} expected means
     * invalid; otherwise {@code is4} picks {@link Inet4Address} and the last 4 bytes of
     * {@code hex16}, else {@link Inet6Address} and all 16; {@code string} is Go's
     * {@code String()}.
     *
     * <p>Go: {@code src/net/ip_test.go} {@code TestParseIP}, {@code TestIPString}.
     */
    @Test
    void testConformanceParseIP() {
        List<Map<String, Object>> cases = cases("parseip.json");
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Map<String, Object> c : cases) {
            String id = (String) c.get("id");
            assertEquals("parseIP", c.get("kind"), id);
            n++;
            String in = (String) c.get("input");
            @SuppressWarnings("unchecked")
            Map<String, Object> exp = (Map<String, Object>) c.get("expected");
            InetAddress ip = IP.parse(in);
            if (exp == null) {
                if (ip != null) {
                    failures.add(id + ": parse = " + IP.format(ip) + ", want null");
                }
                continue;
            }
            if (ip == null) {
                failures.add(id + ": parse = null, want " + exp);
                continue;
            }
            byte[] hex16 = HexFormat.of().parseHex((String) exp.get("hex16"));
            boolean is4 = (Boolean) exp.get("is4");
            byte[] want = is4 ? Arrays.copyOfRange(hex16, 12, 16) : hex16;
            if (is4 != (ip instanceof Inet4Address)) {
                failures.add(id + ": got " + ip.getClass().getSimpleName() + ", want is4=" + is4);
            }
            if (!Arrays.equals(want, ip.getAddress())) {
                failures.add(id + ": bytes " + HexFormat.of().formatHex(ip.getAddress()) + ", want "
                        + HexFormat.of().formatHex(want));
            }
            if (!IP.format(ip).equals(exp.get("string"))) {
                failures.add(id + ": format = " + IP.format(ip) + ", want " + exp.get("string"));
            }
        }
        assertEquals(37, n, "parseip.json case count");
        assertTrue(failures.isEmpty(), failures.size() + " of " + n + " failed:\n" + String.join("\n", failures));
    }

    /**
     * Parsing never consults a resolver: a name is refused without a lookup, and the result
     * carries no host name.
     *
     * <p>Go: {@code src/net/ip_test.go} {@code TestParseIP} ("abc" is nil).
     */
    @Test
    void testParseIPNeverResolves() {
        assertNull(IP.parse("localhost"));
        assertNull(IP.parse(null));
        InetAddress ip = IP.parse("127.0.0.1");
        assertInstanceOf(Inet4Address.class, ip);
        // getByAddress without a name: toString has an empty name before the slash.
        assertEquals("/127.0.0.1", ip.toString());
        assertArrayEquals(new byte[] {127, 0, 0, 1}, ip.getAddress());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases(String file) {
        Map<String, Object> doc = (Map<String, Object>) Conformance.vectors(file);
        return (List<Map<String, Object>>) doc.get("cases");
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
