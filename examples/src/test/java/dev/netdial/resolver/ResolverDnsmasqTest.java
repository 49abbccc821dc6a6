package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.netdial.examples.LocalDns;
import dev.netdial.examples.LocalDnsAnswers;
import dev.netdial.testing.Dnsmasq;
import dev.netdial.testing.Netns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link Resolver} against a real DNS server: dnsmasq serving {@link LocalDns}'s zone
 * {@code netdial.test} on 127.0.0.53:53 in private namespaces ({@link Dnsmasq}). One probe JVM
 * ({@link ResolverDnsmasqProbe}) does every lookup; each test checks one kind against the zone.
 * Go's own tests of these lookups ask public servers (google.com, gmail.com); this zone is
 * their offline stand-in, with the same checks.
 *
 * <p>Go: {@code src/net/lookup_test.go}; {@code src/net/cgo_unix_test.go}.
 */
@Tag("netns")
class ResolverDnsmasqTest {

    private static Netns.ProbeResult probe;
    private static Map<String, Object> result;

    @BeforeAll
    static void runProbe() {
        Dnsmasq.assumeAvailable();
        probe = Dnsmasq.run(ResolverDnsmasqProbe.class, List.of(), List.of(), Duration.ofSeconds(60))
                .requireSuccess();
        result = probe.requireJson();
        assertNull(result.get("crash"), () -> "the probe failed: " + probe);
        System.out.println("ResolverDnsmasqTest: probe " + probe.elapsed().toMillis() + " ms");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertInstanceOf(Map.class, v, () -> key + " is not an object: " + probe);
        return (Map<String, Object>) v;
    }

    /** The zone's answer for {@code q} equals what {@code answers} holds under "KIND NAME". */
    private static void assertZoneAnswer(String what, Map<String, Object> answers, LocalDnsAnswers.Query q) {
        String key = q.kind() + " " + q.name();
        Object got = answers.get(key);
        assertInstanceOf(List.class, got, () -> what + " " + key + ": no answer list: " + got + "\n" + probe);
        List<Object> want = new ArrayList<>(q.answers());
        List<Object> have = new ArrayList<>((List<?>) got);
        if (!q.ordered()) {
            want.sort(null);
            have.sort(null);
        }
        assertEquals(want, have, () -> what + " " + key);
    }

    private static void checkKind(String kind) {
        int n = 0;
        for (LocalDnsAnswers.Query q : LocalDnsAnswers.QUERIES) {
            if (q.kind().equals(kind)) {
                assertZoneAnswer("go", map(result, "go"), q);
                n++;
            }
        }
        assertEquals(true, n > 0, "the zone has no " + kind + " query");
    }

    /**
     * A and AAAA of www, of "www" through the search list, of a CNAME and of an IPv4-only name,
     * in RFC 6724 order.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupGoogleHost}.
     */
    @Test
    void testLookupHost() {
        checkKind("host");
    }

    /**
     * {@code lookupIP("ip")} gives both families; "ip4" and "ip6" one each.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupGoogleIP}, {@code TestLookupIPNetworks}.
     */
    @Test
    void testLookupIP() {
        checkKind("ip");
        assertEquals(List.of("127.0.0.1"), result.get("ip4"), () -> "ip4: " + probe);
        assertEquals(List.of("::1"), result.get("ip6"), () -> "ip6: " + probe);
    }

    /**
     * A dial asks only the family its network allows, counted in dnsmasq's log: through Go's
     * client a tcp4 dial sends A only and a tcp6 dial AAAA only; through getaddrinfo a tcp4 dial
     * (AF_INET hints) sends A only. A tcp6 dial through getaddrinfo may also ask A: Go's hints
     * carry AI_V4MAPPED|AI_ALL, with which the C library maps IPv4 answers; it is reported only.
     *
     * <p>Go: {@code src/net/ipsock.go} {@code (*Resolver).internetAddrList};
     * {@code src/net/cgo_unix.go} {@code cgoLookupHostIP} (hints family by {@code ipVersion}).
     */
    @Test
    void dialAsksOnlyItsFamily() {
        Map<String, Object> fam = map(result, "familyQueries");
        System.out.println("ResolverDnsmasqTest: family queries " + fam);
        for (String key : List.of("go4", "go6", "cgo4", "cgo6")) {
            String err = String.valueOf(map(fam, key).get("error"));
            assertEquals(true, err.endsWith("no such host"), () -> key + " (an NXDOMAIN name): " + fam);
        }
        assertEquals(true, count(fam, "go4", "A") >= 1, () -> "go4: " + fam);
        assertEquals(0L, count(fam, "go4", "AAAA"), () -> "go4 asked AAAA: " + fam);
        assertEquals(0L, count(fam, "go6", "A"), () -> "go6 asked A: " + fam);
        assertEquals(true, count(fam, "go6", "AAAA") >= 1, () -> "go6: " + fam);
        assertEquals(true, count(fam, "cgo4", "A") >= 1, () -> "cgo4: " + fam);
        assertEquals(0L, count(fam, "cgo4", "AAAA"), () -> "cgo4 asked AAAA: " + fam);
    }

    private static long count(Map<String, Object> fam, String key, String type) {
        return ((Number) map(fam, key).get(type)).longValue();
    }

    /**
     * A CNAME's target, and a name without one answering itself, rooted.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupCNAME}.
     */
    @Test
    void testLookupCNAME() {
        checkKind("cname");
    }

    /**
     * Two MX records, by preference.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupGmailMX}.
     */
    @Test
    void testLookupMX() {
        checkKind("mx");
    }

    /**
     * Two SRV records by priority, asked by the record's full name and as
     * {@code lookupSRV("http", "tcp", "netdial.test")}.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupGoogleSRV}.
     */
    @Test
    void testLookupSRV() {
        checkKind("srv");
        LocalDnsAnswers.Query q = LocalDnsAnswers.QUERIES.stream().filter(x -> x.kind().equals("srv")).findFirst().orElseThrow();
        assertEquals(q.answers(), result.get("srvParts"), () -> "lookupSRV(http, tcp, netdial.test): " + probe);
    }

    /**
     * Two NS records.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupGmailNS}.
     */
    @Test
    void testLookupNS() {
        checkKind("ns");
    }

    /**
     * Two TXT records; the second's two strings joined into one.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupGmailTXT}.
     */
    @Test
    void testLookupTXT() {
        checkKind("txt");
    }

    /**
     * The PTR record of 192.0.2.10.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupGooglePublicDNSAddr}.
     */
    @Test
    void testLookupAddr() {
        checkKind("addr");
    }

    /**
     * NXDOMAIN for every kind: Go's text "lookup nx.netdial.test on 127.0.0.53:53: no such
     * host", the name as asked (not the search-list suffixed one), {@code isNotFound}, neither
     * temporary nor a timeout; for an address without a PTR record, the same about its rooted
     * reverse name.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupNoSuchHost}.
     */
    @Test
    void testLookupNoSuchHost() {
        Map<String, Object> nx = map(result, "goNx");
        assertEquals(List.of("host", "ip", "cname", "srv", "mx", "ns", "txt", "addr"), new ArrayList<>(nx.keySet()),
                () -> probe.toString());
        for (Map.Entry<String, Object> e : nx.entrySet()) {
            String kind = e.getKey();
            boolean addr = kind.equals("addr");
            assertNotFound(kind, map(nx, kind), addr ? LocalDnsAnswers.NX_ADDR_ERROR : LocalDnsAnswers.NX_ERROR,
                    addr ? "99.2.0.192.in-addr.arpa." : LocalDns.NX, LocalDns.SERVER);
        }
    }

    private static void assertNotFound(String what, Map<String, Object> d, String message, String name, String server) {
        assertEquals(message, d.get("message"), () -> what + ": " + d);
        assertEquals("DNSError", d.get("class"), () -> what + ": " + d);
        assertEquals("no such host", d.get("err"), () -> what + ": " + d);
        assertEquals(name, d.get("name"), () -> what + ": " + d);
        assertEquals(server, d.get("server"), () -> what + ": " + d);
        assertEquals(true, d.get("isNotFound"), () -> what + ": " + d);
        assertEquals(false, d.get("isTemporary"), () -> what + ": " + d);
        assertEquals(false, d.get("isTimeout"), () -> what + ": " + d);
    }

    /**
     * NXDOMAIN through the C library: Go's cgo text, which names no server ("lookup
     * nx.netdial.test: no such host"), {@code isNotFound}.
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoLookupHostIP} (EAI_NONAME).
     */
    @Test
    void testCgoLookupNoSuchHost() {
        Map<String, Object> nx = map(result, "cgoNx");
        for (String kind : List.of("host", "ip")) {
            assertNotFound("cgo " + kind, map(nx, kind), "lookup " + LocalDns.NX + ": no such host", LocalDns.NX, "");
        }
    }

    /**
     * The C library's getaddrinfo ({@code netdns=cgo}), asking the same server through the
     * same files, gives the same addresses in the same order as Go's client.
     *
     * <p>Go: {@code src/net/cgo_unix_test.go} {@code TestCgoLookupIP}.
     */
    @Test
    void testCgoLookupHost() {
        Map<String, Object> cgo = map(result, "cgo");
        int n = 0;
        for (LocalDnsAnswers.Query q : LocalDnsAnswers.QUERIES) {
            if (q.kind().equals("host") || q.kind().equals("ip")) {
                assertZoneAnswer("cgo", cgo, q);
                String key = q.kind() + " " + q.name();
                assertEquals(map(result, "go").get(key), cgo.get(key), () -> "go and cgo differ for " + key);
                n++;
            }
        }
        assertEquals(5, n, "host and ip queries of the zone");
    }

    /**
     * On the C library's order a CNAME lookup asks {@code res_nsearch} for the CNAME record and
     * reads its answer with netdial's DNS parser; a name with no CNAME record (www has only A and
     * AAAA) makes the search fail and goes to Go's resolver, which answers with the name itself.
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoLookupCNAME}, {@code cgoResSearch};
     * {@code src/net/lookup_unix.go} {@code lookupCNAME}.
     */
    @Test
    void testCgoLookupCNAME() {
        assertEquals(List.of("TypeCNAME CNAMEResource[cname=" + LocalDns.WWW + ".]"), result.get("resNsearch"),
                () -> "res_nsearch " + LocalDns.ALIAS + ": " + probe);
        assertEquals("res_nsearch failure", map(map(result, "resNsearchNx"), "error").get("message"),
                () -> "res_nsearch " + LocalDns.NX);
        assertEquals(List.of(LocalDns.WWW + ".", LocalDns.WWW + "."), result.get("cgoCNAME"), "cgo lookupCNAME");
    }

    /**
     * {@code Resolver.builder().preferGo(true)} uses Go's DNS client even when
     * {@code netdial.netdns=cgo} asks for the C library (whose NXDOMAIN text names no server).
     *
     * <p>Go: {@code src/net/conf.go} {@code mustUseGoResolver} ({@code Resolver.PreferGo}).
     */
    @Test
    void testPreferGo() {
        assertEquals("lookup " + LocalDns.NX + ": no such host", map(map(result, "builtCgo"), "error").get("message"),
                "netdns=cgo");
        assertEquals(LocalDnsAnswers.NX_ERROR, map(map(result, "builtPreferGo"), "error").get("message"),
                "netdns=cgo with preferGo");
    }

    /**
     * {@code Dialer.dial("tcp", "www.netdial.test:PORT")} reaches a listener on
     * 127.0.0.1:PORT through each resolver (::1 comes first and is refused; 127.0.0.1 answers).
     *
     * <p>Go: {@code src/net/dial_test.go} {@code TestDialerDualStack} (by name, not literal).
     */
    @Test
    void testDialByName() {
        for (String key : List.of("dial", "dialCgo")) {
            Map<String, Object> d = map(result, key);
            assertNull(d.get("error"), () -> key + ": " + d);
            assertEquals("127.0.0.1:" + d.get("port"), d.get("remote"), () -> key + ": " + d);
            assertEquals(d.get("local"), d.get("acceptedFrom"), () -> key + ": " + d);
            assertEquals(42L, d.get("echo"), () -> key + ": " + d);
        }
    }
}
