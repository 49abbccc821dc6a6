package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Context;
import dev.netdial.api.DNSError;
import dev.netdial.api.Errno;
import dev.netdial.api.IP;
import dev.netdial.api.NetException;
import dev.netdial.api.OpError;
import dev.netdial.api.SyscallError;
import dev.netdial.api.TCPAddr;
import dev.netdial.resolver.message.AAAAResource;
import dev.netdial.resolver.message.AResource;
import dev.netdial.resolver.message.DnsClass;
import dev.netdial.resolver.message.Header;
import dev.netdial.resolver.message.MXResource;
import dev.netdial.resolver.message.Message;
import dev.netdial.resolver.message.NSResource;
import dev.netdial.resolver.message.Name;
import dev.netdial.resolver.message.OPTResource;
import dev.netdial.resolver.message.PTRResource;
import dev.netdial.resolver.message.Question;
import dev.netdial.resolver.message.RCode;
import dev.netdial.resolver.message.Resource;
import dev.netdial.resolver.message.ResourceHeader;
import dev.netdial.resolver.message.Type;
import dev.netdial.testing.FakeDnsServer;
import dev.netdial.testing.FakeDnsServer.Query;
import dev.netdial.testing.FakeDnsServer.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Go's pure DNS client against {@link FakeDnsServer} on real loopback UDP and TCP: transport
 * fallback, forgeries, rcodes, retries, rotation, strict errors, names, and the randomness of
 * IDs and source ports.
 *
 * <p>Go: {@code src/net/dnsclient_unix_test.go}.
 */
class DnsClientUnixTest {

    private static final byte[] TEST_ADDR = {(byte) 192, 0, 2, 1};
    private static final byte[] TEST_ADDR6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private static Resource a(Name name, byte[] ip) {
        return new Resource(new ResourceHeader(name, Type.A, DnsClass.INET, 60), new AResource(ip));
    }

    private static Resource aaaa(Name name, byte[] ip) {
        return new Resource(new ResourceHeader(name, Type.AAAA, DnsClass.INET, 60), new AAAAResource(ip));
    }

    /** The genuine answer: A 192.0.2.1 for an A question, no records otherwise. */
    private static Message success(Query q) {
        Question qq = q.question();
        List<Resource> ans = qq.type().equals(Type.A) ? List.of(a(qq.name(), TEST_ADDR)) : List.of();
        return FakeDnsServer.response(q, RCode.SUCCESS, ans);
    }

    private static DnsConfig conf(String resolvConf, FakeDnsServer... servers) {
        List<String> addrs = new ArrayList<>();
        for (FakeDnsServer s : servers) {
            addrs.add(s.address());
        }
        return DnsConfig.parse(resolvConf, null).withServers(addrs);
    }

    private static Resolver resolver(DnsConfig conf, boolean strict) {
        return Resolver.builder().hosts(HostsFile.parse("")).config(conf).strictErrors(strict).build();
    }

    private static DnsClientUnix client() {
        return new DnsClientUnix(null, false, new SecureRandom(), () -> HostsFile.parse(""));
    }

    private static Question question(String name, Type t) {
        return new Question(Name.mustOf(name), t, DnsClass.INET);
    }

    /** Go: {@code TestDNSTransportFallback}: TC on UDP → one UDP and one TCP query, TCP's answer. */
    @Test
    void testDNSTransportFallback() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> {
            Message r = FakeDnsServer.response(q, RCode.SUCCESS, List.of());
            if (q.transport().equals("udp")) {
                r = FakeDnsServer.withHeader(r, FakeDnsServer.withFlags(r.header(), true, false, true, true));
            }
            return List.of(Reply.of(r));
        })) {
            DnsClientUnix.Response r = client().exchange(Context.background(), s.address(),
                    question("com.", Type.ALL), Duration.ofSeconds(1), DnsClientUnix.USE_UDP_OR_TCP, false);
            assertEquals(RCode.SUCCESS, r.h().rCode());
            assertFalse(r.h().truncated(), "the answer must come from TCP");
            assertEquals(1, s.count("udp"));
            assertEquals(1, s.count("tcp"));
        }
    }

    /** Go: {@code TestDNSTransportNoFallbackOnTCP}: a truncated TCP answer is used. */
    @Test
    void testDNSTransportNoFallbackOnTCP() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> {
            List<Resource> ans = q.transport().equals("tcp") ? List.of(a(q.question().name(), TEST_ADDR)) : List.of();
            Message r = FakeDnsServer.response(q, RCode.SUCCESS, ans);
            r = FakeDnsServer.withHeader(r, FakeDnsServer.withFlags(r.header(), true, false, true, true));
            return List.of(Reply.of(r));
        })) {
            DnsClientUnix.Response r = client().exchange(Context.background(), s.address(),
                    question("com.", Type.A), Duration.ofSeconds(1), DnsClientUnix.USE_UDP_OR_TCP, false);
            assertEquals(RCode.SUCCESS, r.h().rCode());
            assertEquals(1, r.p().allAnswers().size());
            assertEquals(1, s.count("tcp"));
        }
    }

    /** Go: {@code TestDNSUseTCP}: use-vc sends no UDP at all. */
    @Test
    void testDNSUseTCP() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of(Reply.of(success(q))))) {
            DnsClientUnix.Response r = client().exchange(Context.background(), s.address(),
                    question("com.", Type.A), Duration.ofSeconds(1), DnsClientUnix.USE_TCP_ONLY, false);
            assertEquals(RCode.SUCCESS, r.h().rCode());
            assertEquals(0, s.count("udp"));
            assertEquals(1, s.count("tcp"));
            // And through the Resolver with "options use-vc".
            List<InetAddress> ips = resolver(conf("options use-vc\n", s), false)
                    .lookupIP(Context.background(), "ip4", "www.example.com.");
            assertEquals(List.of(InetAddress.getByAddress(TEST_ADDR)), ips);
            assertEquals(0, s.count("udp"));
        }
    }

    /** A forgery: a name and a function from the genuine reply to the forged bytes. */
    private record Forgery(String name, Function<Message, byte[]> forge, String tcpErr) {
    }

    private static final List<Forgery> FORGERIES = List.of(
            new Forgery("garbage", m -> FakeDnsServer.garbage(), "cannot unmarshal DNS message"),
            new Forgery("ID+1", m -> FakeDnsServer.pack(FakeDnsServer.withHeader(m,
                    FakeDnsServer.withId(m.header(), m.header().id() + 1))), "invalid DNS response"),
            new Forgery("wrong qname", m -> FakeDnsServer.pack(FakeDnsServer.withQuestions(m, List.of(
                    new Question(Name.mustOf("wrong.example.com."), m.questions().get(0).type(), DnsClass.INET)))),
                    "invalid DNS response"),
            new Forgery("wrong qtype", m -> FakeDnsServer.pack(FakeDnsServer.withQuestions(m, List.of(
                    new Question(m.questions().get(0).name(), Type.CNAME, DnsClass.INET)))), "invalid DNS response"),
            new Forgery("wrong qclass", m -> FakeDnsServer.pack(FakeDnsServer.withQuestions(m, List.of(
                    new Question(m.questions().get(0).name(), m.questions().get(0).type(), DnsClass.CHAOS)))),
                    "invalid DNS response"),
            new Forgery("QR=0", m -> FakeDnsServer.pack(FakeDnsServer.withHeader(m,
                    FakeDnsServer.withFlags(m.header(), false, false, false, true))), "invalid DNS response"));

    /**
     * Go: {@code TestIgnoreDNSForgeries}: over UDP each forgery sent before the genuine reply is
     * dropped and 192.0.2.1 is returned; over TCP the forgery is the error.
     */
    @Test
    void testIgnoreDNSForgeries() throws Exception {
        for (Forgery f : FORGERIES) {
            try (FakeDnsServer s = FakeDnsServer.start(q -> {
                Message genuine = success(q);
                return List.of(Reply.of(f.forge().apply(genuine)), Reply.of(genuine));
            })) {
                List<InetAddress> ips = resolver(conf("options timeout:2 attempts:1\n", s), false)
                        .lookupIP(Context.background(), "ip4", "www.example.com.");
                assertEquals(List.of(InetAddress.getByAddress(TEST_ADDR)), ips, f.name());
                assertEquals(1, s.count("udp"), f.name());
                NetException e = assertThrows(NetException.class, () -> client().exchange(Context.background(),
                        s.address(), question("www.example.com.", Type.A), Duration.ofSeconds(2),
                        DnsClientUnix.USE_TCP_ONLY, false), f.name());
                assertEquals(f.tcpErr(), e.getMessage(), f.name());
            }
        }
    }

    /** Go: {@code TestNoSuchHost}: NXDOMAIN after exactly one query, "no such host", not found. */
    @Test
    void testNoSuchHost() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of(Reply.of(
                FakeDnsServer.response(q, RCode.NAME_ERROR, List.of()))))) {
            DnsConfig c = conf("options attempts:3\n", s, s);
            DNSError e = assertThrows(DNSError.class,
                    () -> resolver(c, false).lookupIP(Context.background(), "ip4", "nx.test."));
            assertEquals("lookup nx.test. on " + s.address() + ": no such host", e.getMessage());
            assertTrue(e.isNotFound());
            assertFalse(e.isTemporary());
            assertEquals(1, s.queries().size());
        }
    }

    /** Go: {@code TestIssue8434}: SERVFAIL is a temporary "server misbehaving". */
    @Test
    void testServfail() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of(Reply.of(
                FakeDnsServer.response(q, RCode.SERVER_FAILURE, List.of()))))) {
            DNSError e = assertThrows(DNSError.class, () -> resolver(conf("options attempts:1\n", s), false)
                    .lookupIP(Context.background(), "ip4", "www.example.com."));
            assertEquals("lookup www.example.com. on " + s.address() + ": server misbehaving", e.getMessage());
            assertTrue(e.isTemporary());
            assertTrue(e.temporary());
            assertFalse(e.isNotFound());
        }
    }

    /**
     * Go: {@code TestIssue8434}, {@code TestIgnoreLameReferrals}: SERVFAIL, NOTIMP, REFUSED and a
     * lame referral from the first server move on to the second, whose answer is returned.
     */
    @Test
    void testNextServerOnFailure() throws Exception {
        record Case(String name, Function<Query, Message> first, boolean temporary) {
        }
        List<Case> cases = List.of(
                new Case("SERVFAIL", q -> FakeDnsServer.response(q, RCode.SERVER_FAILURE, List.of()), true),
                new Case("NOTIMP", q -> FakeDnsServer.response(q, RCode.NOT_IMPLEMENTED, List.of()), false),
                new Case("REFUSED", q -> FakeDnsServer.response(q, RCode.REFUSED, List.of()), false),
                new Case("lame referral", q -> {
                    Message m = FakeDnsServer.response(q, RCode.SUCCESS, List.of());
                    return FakeDnsServer.withHeader(m, FakeDnsServer.withFlags(m.header(), true, false, false, false));
                }, false));
        for (Case c : cases) {
            try (FakeDnsServer bad = FakeDnsServer.start(q -> List.of(Reply.of(c.first().apply(q))));
                    FakeDnsServer good = FakeDnsServer.start(q -> List.of(Reply.of(success(q))))) {
                List<InetAddress> ips = resolver(conf("options attempts:1\n", bad, good), false)
                        .lookupIP(Context.background(), "ip4", "www.example.com.");
                assertEquals(List.of(InetAddress.getByAddress(TEST_ADDR)), ips, c.name());
                assertEquals(1, bad.queries().size(), c.name());
                assertEquals(1, good.queries().size(), c.name());
                DNSError e = assertThrows(DNSError.class, () -> resolver(conf("options attempts:1\n", bad), false)
                        .lookupIP(Context.background(), "ip4", "www.example.com."), c.name());
                String want = c.name().equals("lame referral") ? "lame referral" : "server misbehaving";
                assertEquals("lookup www.example.com. on " + bad.address() + ": " + want, e.getMessage(), c.name());
                assertEquals(c.temporary(), e.isTemporary(), c.name());
            }
        }
    }

    /** Go: {@code TestExtendedRCode}: NXDOMAIN in the header with OPT's extension bits is not NXDOMAIN. */
    @Test
    void testExtendedRCode() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> {
            Message m = FakeDnsServer.response(q, RCode.NAME_ERROR, List.of());
            ResourceHeader opt = new ResourceHeader(Name.ROOT, Type.OPT, DnsClass.INET, 0)
                    .setEDNS0(1232, RCode.of(0x10 | 3), false);
            m = new Message(m.header(), m.questions(), List.of(), List.of(), List.of(new Resource(opt, new OPTResource())));
            return List.of(Reply.of(m));
        })) {
            DNSError e = assertThrows(DNSError.class, () -> resolver(conf("options attempts:1\n", s), false)
                    .lookupIP(Context.background(), "ip4", "www.example.com."));
            assertEquals("lookup www.example.com. on " + s.address() + ": server misbehaving", e.getMessage());
            assertFalse(e.isNotFound());
        }
    }

    /**
     * Go: {@code TestRetryTimeout}: the first server never answers; the second gets a fresh
     * deadline and answers.
     */
    @Test
    void testRetryTimeout() throws Exception {
        try (FakeDnsServer silent = FakeDnsServer.start(q -> List.of());
                FakeDnsServer good = FakeDnsServer.start(q -> List.of(Reply.of(success(q))))) {
            long t0 = System.nanoTime();
            List<InetAddress> ips = resolver(conf("options timeout:1 attempts:1\n", silent, good), false)
                    .lookupIP(Context.background(), "ip4", "www.example.com.");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(List.of(InetAddress.getByAddress(TEST_ADDR)), ips);
            assertTrue(ms >= 900 && ms < 1900, "took " + ms + " ms");
            DNSError e = assertThrows(DNSError.class, () -> resolver(conf("options timeout:1 attempts:1\n", silent), false)
                    .lookupIP(Context.background(), "ip4", "www.example.com."));
            assertTrue(e.isTimeout(), e.getMessage());
            assertTrue(e.getMessage().startsWith("lookup www.example.com. on " + silent.address() + ": read udp 127.0.0.1:"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("->" + silent.address() + ": i/o timeout"), e.getMessage());
        }
    }

    /** Go: {@code TestRotate}: with rotate each lookup starts at the next server; without, at the first. */
    @Test
    void testRotate() throws Exception {
        for (boolean rotate : new boolean[] {false, true}) {
            List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
            try (FakeDnsServer s1 = FakeDnsServer.start(q -> {
                order.add("s1");
                return List.of(Reply.of(FakeDnsServer.response(q, RCode.NAME_ERROR, List.of())));
            }); FakeDnsServer s2 = FakeDnsServer.start(q -> {
                order.add("s2");
                return List.of(Reply.of(FakeDnsServer.response(q, RCode.NAME_ERROR, List.of())));
            }); FakeDnsServer s3 = FakeDnsServer.start(q -> {
                order.add("s3");
                return List.of(Reply.of(FakeDnsServer.response(q, RCode.NAME_ERROR, List.of())));
            })) {
                Resolver r = resolver(conf(rotate ? "options rotate\n" : "", s1, s2, s3), false);
                for (int i = 0; i < 4; i++) {
                    assertThrows(DNSError.class, () -> r.lookupIP(Context.background(), "ip4", "www.example.com."));
                }
                List<String> want = rotate ? List.of("s1", "s2", "s3", "s1") : List.of("s1", "s1", "s1", "s1");
                assertEquals(want, order, "rotate=" + rotate);
            }
        }
    }

    /**
     * Go: {@code TestStrictErrorsLookupIP}: AAAA times out while A answers; without strict errors
     * the A address is returned, with them the lookup fails with the timeout.
     */
    @Test
    void testStrictErrorsLookupIP() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> q.question().type().equals(Type.AAAA)
                ? List.of() : List.of(Reply.of(success(q))))) {
            DnsConfig c = conf("options timeout:1 attempts:1\n", s);
            List<InetAddress> ips = resolver(c, false).lookupIP(Context.background(), "ip", "www.example.com.");
            assertEquals(List.of(InetAddress.getByAddress(TEST_ADDR)), ips);
            DNSError e = assertThrows(DNSError.class,
                    () -> resolver(c, true).lookupIP(Context.background(), "ip", "www.example.com."));
            assertTrue(e.isTimeout(), e.getMessage());
            assertEquals("www.example.com.", e.name());
        }
    }

    /**
     * Go: {@code TestStrictErrorsLookupTXT}: a temporary failure on the first search name stops
     * the search only with strict errors.
     */
    @Test
    void testStrictErrorsLookupTXT() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> {
            if (q.question().name().toString().equals("www.first.test.")) {
                return List.of(Reply.of(FakeDnsServer.response(q, RCode.SERVER_FAILURE, List.of())));
            }
            Message m = FakeDnsServer.response(q, RCode.SUCCESS, List.of(new Resource(
                    new ResourceHeader(q.question().name(), Type.TXT, DnsClass.INET, 60),
                    new dev.netdial.resolver.message.TXTResource(List.of("a", "b")))));
            return List.of(Reply.of(m));
        })) {
            DnsConfig c = conf("search first.test second.test\noptions ndots:2 attempts:1\n", s);
            assertEquals(List.of("ab"), resolver(c, false).lookupTXT(Context.background(), "www"));
            DNSError e = assertThrows(DNSError.class, () -> resolver(c, true).lookupTXT(Context.background(), "www"));
            assertEquals("lookup www on " + s.address() + ": server misbehaving", e.getMessage());
        }
    }

    /** Go: {@code TestLookupTorOnion}, {@code TestAvoidDNSName}: ".onion" sends no query. */
    @Test
    void testAvoidDNSName() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of(Reply.of(success(q))))) {
            Resolver r = resolver(conf("", s), false);
            assertEquals(List.of(), r.lookupHost(Context.background(), "foo.onion."));
            assertEquals(List.of(), r.lookupHost(Context.background(), "foo.ONION"));
            assertEquals(0, s.queries().size());
        }
    }

    /** One of Go's lookup kinds: its name, the call, and how many queries a success sends. */
    private record LookupKind(String name, LookupCall call, int queries) {
    }

    /** A lookup whose result is reduced to something comparable. */
    @FunctionalInterface
    private interface LookupCall {
        Object run(Resolver r, String req) throws IOException;
    }

    /** A row of Go's table: the name and whether every lookup must fail. */
    private record LongName(String req, boolean fail) {
    }

    /**
     * The reply of Go's {@code TestLongDNSNames} server: one record of the type asked for (A
     * 192.0.2.1, AAAA 2001:db8::1, TXT ".", MX/NS/SRV "go.dev.", CNAME "fake.cname.").
     */
    private static Message longNamesAnswer(Query q) {
        Question qq = q.question();
        ResourceHeader h = new ResourceHeader(qq.name(), qq.type(), DnsClass.INET, 0);
        Name goDev = Name.mustOf("go.dev.");
        dev.netdial.resolver.message.ResourceBody body;
        if (qq.type().equals(Type.A)) {
            body = new AResource(TEST_ADDR);
        } else if (qq.type().equals(Type.AAAA)) {
            body = new AAAAResource(TEST_ADDR6);
        } else if (qq.type().equals(Type.TXT)) {
            body = new dev.netdial.resolver.message.TXTResource(List.of("."));
        } else if (qq.type().equals(Type.MX)) {
            body = new MXResource(0, goDev);
        } else if (qq.type().equals(Type.NS)) {
            body = new NSResource(goDev);
        } else if (qq.type().equals(Type.SRV)) {
            body = new dev.netdial.resolver.message.SRVResource(0, 0, 0, goDev);
        } else if (qq.type().equals(Type.CNAME)) {
            body = new dev.netdial.resolver.message.CNAMEResource(Name.mustOf("fake.cname."));
        } else {
            throw new IllegalStateException("unexpected query type " + qq.type());
        }
        return FakeDnsServer.response(q, RCode.SUCCESS, List.of(new Resource(h, body)));
    }

    /**
     * Go: {@code TestLongDNSNames}: Go's five names at the 253/254/255-octet boundaries through
     * Go's nine lookups. Go's LookupIPAddr and LookupNetIP are {@code lookupIP(ctx, "ip", ...)}
     * here, as both are in Go. A rooted name of 254 octets and an unrooted one of 253 succeed,
     * asking the server exactly the name (the long search suffix is dropped); 255 rooted and 254
     * unrooted fail with Go's errNoSuchHost DNSError (name as given, no server, not found) and
     * no query at all. Go's loop stops a failing row after its first lookup; here all nine are
     * checked.
     */
    @Test
    void testLongDNSNames() throws Exception {
        String suffix = ".go.dev.";
        String suffixNoDot = ".go.dev";
        String prefix = "verylongdomainlabel.".repeat(20);
        List<LongName> table = List.of(
                new LongName(prefix.substring(0, 255 - suffix.length()) + suffix, true),
                new LongName(prefix.substring(0, 254 - suffix.length()) + suffix, false),
                new LongName(prefix.substring(0, 253 - suffix.length()) + suffix, false),
                new LongName(prefix.substring(0, 253 - suffixNoDot.length()) + suffixNoDot, false),
                new LongName(prefix.substring(0, 254 - suffixNoDot.length()) + suffixNoDot, true));
        String service = "service";
        String proto = "proto";
        int srvCut = service.length() + proto.length() + 4;
        // The order of the two is RFC 6724's, which depends on this machine's routes.
        Set<InetAddress> both = Set.of(InetAddress.getByAddress(TEST_ADDR6), InetAddress.getByAddress(TEST_ADDR));
        List<LookupKind> kinds = List.of(
                new LookupKind("CNAME", (r, req) -> r.lookupCNAME(Context.background(), req), 3),
                new LookupKind("Host", (r, req) -> new HashSet<>(r.lookupHost(Context.background(), req)), 2),
                new LookupKind("IP", (r, req) -> new HashSet<>(r.lookupIP(Context.background(), "ip", req)), 2),
                new LookupKind("IPAddr", (r, req) -> new HashSet<>(r.lookupIP(Context.background(), "ip", req)), 2),
                new LookupKind("MX", (r, req) -> r.lookupMX(Context.background(), req), 1),
                new LookupKind("NS", (r, req) -> r.lookupNS(Context.background(), req), 1),
                new LookupKind("NetIP", (r, req) -> new HashSet<>(r.lookupIP(Context.background(), "ip", req)), 2),
                new LookupKind("SRV", (r, req) -> r.lookupSRV(Context.background(), service, proto,
                        req.substring(srvCut)), 1),
                new LookupKind("TXT", (r, req) -> r.lookupTXT(Context.background(), req), 1));
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of(Reply.of(longNamesAnswer(q))))) {
            // A search suffix that no candidate of these lengths can take (Go: nameList drops it).
            Resolver r = resolver(conf("search example.com\noptions attempts:1\n", s), false);
            for (int i = 0; i < table.size(); i++) {
                LongName v = table.get(i);
                String rooted = v.req().endsWith(".") ? v.req() : v.req() + ".";
                for (LookupKind k : kinds) {
                    String id = i + " (" + v.req().length() + " octets): Lookup" + k.name();
                    int before = s.queries().size();
                    String name = k.name().equals("SRV") ? "_" + service + "._" + proto + "." + v.req().substring(srvCut)
                            : v.req();
                    if (v.fail()) {
                        DNSError e = assertThrows(DNSError.class, () -> k.call().run(r, v.req()), id);
                        assertEquals("no such host", e.err(), id);
                        assertEquals(name, e.name(), id);
                        assertEquals("", e.server(), id);
                        assertTrue(e.isNotFound(), id);
                        assertFalse(e.isTemporary(), id);
                        assertFalse(e.isTimeout(), id);
                        assertEquals("lookup " + name + ": no such host", e.getMessage(), id);
                        assertEquals(before, s.queries().size(), id + ": a query was sent");
                        continue;
                    }
                    Object got = k.call().run(r, v.req());
                    Object want = switch (k.name()) {
                        case "CNAME" -> rooted;
                        case "Host" -> Set.of("192.0.2.1", "2001:db8::1");
                        case "IP", "IPAddr", "NetIP" -> both;
                        case "MX" -> List.of(new MX("go.dev.", 0));
                        case "NS" -> List.of(new NS("go.dev."));
                        case "SRV" -> List.of(new SRV("go.dev.", 0, 0, 0));
                        case "TXT" -> List.of(".");
                        default -> throw new IllegalStateException(k.name());
                    };
                    assertEquals(want, got, id);
                    List<Query> sent = s.queries().subList(before, s.queries().size());
                    assertEquals(k.queries(), sent.size(), id);
                    String wantName = name.endsWith(".") ? name : name + ".";
                    for (Query q : sent) {
                        assertEquals(wantName, q.question().name().toString(), id);
                        assertTrue(wantName.length() <= 254, id);
                    }
                }
            }
        }
    }

    /** TC=1 over UDP; over TCP the genuine answer. */
    private static List<Reply> truncatedOnUdp(Query q) {
        Message m = success(q);
        if (q.transport().equals("udp")) {
            m = FakeDnsServer.withHeader(m, FakeDnsServer.withFlags(m.header(), true, false, true, true));
        }
        return List.of(Reply.of(m));
    }

    /**
     * Go: {@code TestDNSDialTCP} and {@code (*Resolver).dial} with {@code Resolver.Dial} set: the
     * builder's {@link DialFunc} opens every connection, asked for the configured address (here
     * 192.0.2.53:53, where nothing answers, so only the dial function's redirect to the fake
     * server can succeed) with a context that carries the attempt's deadline: one "udp" call for
     * an A lookup, "udp" then "tcp" after TC, "tcp" only with use-vc; each connection is closed.
     * Its errors become Go's DNSErrors: any error's text after "lookup NAME on SERVER: ",
     * temporary only for an {@link OpError}; every attempt dials again.
     */
    @Test
    void testResolverDial() throws Exception {
        String configured = "192.0.2.53:53";
        String host = "www.example.com.";
        InetAddress want = InetAddress.getByAddress(TEST_ADDR);
        try (FakeDnsServer s = FakeDnsServer.start(DnsClientUnixTest::truncatedOnUdp)) {
            for (String opts : List.of("", "options use-vc\n")) {
                RecordingDial d = RecordingDial.to(s.address());
                Resolver r = Resolver.builder().hosts(HostsFile.parse("")).dial(d)
                        .config(DnsConfig.parse(opts + "options attempts:1 timeout:2\n", null)
                                .withServers(List.of(configured)))
                        .build();
                assertEquals(List.of(want), r.lookupIP(Context.background(), "ip4", host), opts);
                List<RecordingDial.Call> wantCalls = opts.isEmpty()
                        ? List.of(new RecordingDial.Call("udp", configured, true), new RecordingDial.Call("tcp", configured, true))
                        : List.of(new RecordingDial.Call("tcp", configured, true));
                assertEquals(wantCalls, d.calls(), opts);
                assertEquals(0, d.open(), opts + ": a connection was left open");
            }
            assertEquals(1, s.count("udp"));
            assertEquals(2, s.count("tcp"));
        }
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of(Reply.of(success(q))))) {
            RecordingDial d = RecordingDial.to(s.address());
            Resolver r = Resolver.builder().hosts(HostsFile.parse("")).dial(d)
                    .config(DnsConfig.parse("options attempts:1\n", null).withServers(List.of(configured))).build();
            assertEquals(List.of(want), r.lookupIP(Context.background(), "ip4", host));
            assertEquals(List.of(new RecordingDial.Call("udp", configured, true)), d.calls());
            assertEquals(1, s.count("udp"));
        }

        record DialFailure(String name, IOException err, String text, boolean temporary) {
        }
        List<DialFailure> failures = List.of(
                new DialFailure("plain error", new IOException("dialer says no"), "dialer says no", false),
                new DialFailure("OpError", new OpError("dial", "udp", null, new TCPAddr(IP.parse("192.0.2.53"), 53),
                        new SyscallError("connect", Errno.ECONNREFUSED)),
                        "dial udp 192.0.2.53:53: connect: connection refused", true));
        for (DialFailure f : failures) {
            RecordingDial d = RecordingDial.failing(f.err());
            Resolver r = Resolver.builder().hosts(HostsFile.parse("")).dial(d)
                    .config(DnsConfig.parse("options attempts:2\n", null).withServers(List.of(configured))).build();
            DNSError e = assertThrows(DNSError.class, () -> r.lookupIP(Context.background(), "ip4", host), f.name());
            assertEquals("lookup " + host + " on " + configured + ": " + f.text(), e.getMessage(), f.name());
            assertEquals(f.temporary(), e.isTemporary(), f.name());
            assertFalse(e.isTimeout(), f.name());
            assertFalse(e.isNotFound(), f.name());
            assertEquals(2, d.calls().size(), f.name() + ": one dial per attempt");
        }
    }

    /** A TCP reply with broken framing and the io.ReadFull error Go reports for it. */
    private record Framing(String name, Function<Query, List<Reply>> replies, String err) {
    }

    private static final List<Framing> HOSTILE_FRAMINGS = List.of(
            new Framing("prefix 100, 10 bytes, close",
                    q -> List.of(Reply.of(new byte[] {0, 100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}).unframed()),
                    "unexpected EOF"),
            new Framing("prefix 100, no body, close", q -> List.of(Reply.of(new byte[] {0, 100}).unframed()), "EOF"),
            new Framing("prefix 65535, 1 byte, close",
                    q -> List.of(Reply.of(new byte[] {(byte) 0xFF, (byte) 0xFF, 1}).unframed()), "unexpected EOF"),
            new Framing("half a prefix, close", q -> List.of(Reply.of(new byte[] {0}).unframed()), "unexpected EOF"),
            new Framing("nothing, close", q -> List.of(), "EOF"),
            new Framing("genuine prefix, body one byte short, close", q -> {
                byte[] m = FakeDnsServer.pack(success(q));
                byte[] b = new byte[m.length + 1];
                b[0] = (byte) (m.length >> 8);
                b[1] = (byte) m.length;
                System.arraycopy(m, 0, b, 2, m.length - 1);
                return List.of(Reply.of(b).unframed());
            }, "unexpected EOF"));

    /**
     * Go: {@code dnsStreamRoundTrip} ({@code io.ReadFull} of the length and of the body): a
     * server that announces more than it sends and closes fails that server's attempt at once
     * with "EOF" (nothing of the part read) or "unexpected EOF" (some of it), neither timeout nor
     * temporary, and the next server answers. Also reached after TC over UDP.
     */
    @Test
    void testDNSStreamRoundTripShortRead() throws Exception {
        String host = "www.example.com.";
        for (Framing f : HOSTILE_FRAMINGS) {
            try (FakeDnsServer bad = FakeDnsServer.start(q -> f.replies().apply(q));
                    FakeDnsServer good = FakeDnsServer.start(q -> List.of(Reply.of(success(q))))) {
                long t0 = System.nanoTime();
                DNSError e = assertThrows(DNSError.class, () -> resolver(conf("options use-vc attempts:1 timeout:3\n", bad),
                        false).lookupIP(Context.background(), "ip4", host), f.name());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 1500, f.name() + ": took " + ms + " ms");
                assertEquals("lookup " + host + " on " + bad.address() + ": " + f.err(), e.getMessage(), f.name());
                assertFalse(e.isTimeout(), f.name());
                assertFalse(e.isTemporary(), f.name());
                assertFalse(e.isNotFound(), f.name());
                assertEquals(1, bad.count("tcp"), f.name());

                List<InetAddress> ips = resolver(conf("options use-vc attempts:1 timeout:3\n", bad, good), false)
                        .lookupIP(Context.background(), "ip4", host);
                assertEquals(List.of(InetAddress.getByAddress(TEST_ADDR)), ips, f.name());
                assertEquals(2, bad.count("tcp"), f.name());
                assertEquals(1, good.count("tcp"), f.name());
            }
        }
        // The same after a truncated UDP answer.
        Framing f = HOSTILE_FRAMINGS.get(0);
        try (FakeDnsServer bad = FakeDnsServer.start(q -> q.transport().equals("udp") ? truncatedOnUdp(q)
                : f.replies().apply(q))) {
            DNSError e = assertThrows(DNSError.class, () -> resolver(conf("options attempts:1\n", bad), false)
                    .lookupIP(Context.background(), "ip4", host));
            assertEquals("lookup " + host + " on " + bad.address() + ": unexpected EOF", e.getMessage());
            assertEquals(1, bad.count("udp"));
            assertEquals(1, bad.count("tcp"));
        }
    }

    /**
     * Go: {@code dnsStreamRoundTrip} under the attempt's deadline: a server that sends a length
     * prefix (or nothing) and then holds the connection fails that attempt when the 1 s timeout
     * ends, with Go's "read tcp LOCAL->SERVER: i/o timeout" (timeout, and temporary as every
     * {@code OpError} in {@code tryOneName}); the client closes the connection, and the next
     * server answers within the next attempt.
     */
    @Test
    void testDNSStreamRoundTripStall() throws Exception {
        String host = "www.example.com.";
        List<Framing> stalls = List.of(
                new Framing("prefix then stall", q -> List.of(Reply.of(new byte[] {0, 100}).unframed(), Reply.stall()), ""),
                new Framing("stall", q -> List.of(Reply.stall()), ""));
        for (Framing f : stalls) {
            try (FakeDnsServer bad = FakeDnsServer.start(q -> f.replies().apply(q));
                    FakeDnsServer good = FakeDnsServer.start(q -> List.of(Reply.of(success(q))))) {
                long t0 = System.nanoTime();
                DNSError e = assertThrows(DNSError.class, () -> resolver(conf("options use-vc attempts:1 timeout:1\n", bad),
                        false).lookupIP(Context.background(), "ip4", host), f.name());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms >= 900 && ms < 1900, f.name() + ": took " + ms + " ms");
                String m = e.getMessage();
                assertTrue(m.startsWith("lookup " + host + " on " + bad.address() + ": read tcp 127.0.0.1:"), f.name() + ": " + m);
                assertTrue(m.endsWith("->" + bad.address() + ": i/o timeout"), f.name() + ": " + m);
                assertTrue(e.isTimeout(), f.name());
                assertTrue(e.isTemporary(), f.name());
                awaitClientCloses(bad, 1, f.name());

                t0 = System.nanoTime();
                List<InetAddress> ips = resolver(conf("options use-vc attempts:1 timeout:1\n", bad, good), false)
                        .lookupIP(Context.background(), "ip4", host);
                ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(List.of(InetAddress.getByAddress(TEST_ADDR)), ips, f.name());
                assertTrue(ms >= 900 && ms < 1900, f.name() + ": took " + ms + " ms");
                assertEquals(1, good.count("tcp"), f.name());
                awaitClientCloses(bad, 2, f.name());
            }
        }
    }

    private static void awaitClientCloses(FakeDnsServer s, int n, String id) throws InterruptedException {
        long end = System.nanoTime() + 2_000_000_000L;
        while (s.clientCloses() < n) {
            assertTrue(System.nanoTime() < end, id + ": the client kept " + (n - s.clientCloses()) + " connection(s) open");
            Thread.sleep(5);
        }
    }

    /** Go: {@code TestDNSTrustAD}: AD is set in queries only with "options trust-ad". */
    @Test
    void testDNSTrustAD() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of(Reply.of(success(q))))) {
            resolver(conf("", s), false).lookupIP(Context.background(), "ip4", "www.example.com.");
            resolver(conf("options trust-ad\n", s), false).lookupIP(Context.background(), "ip4", "www.example.com.");
            List<Query> qs = s.queries();
            assertEquals(2, qs.size());
            assertFalse(qs.get(0).message().header().authenticData());
            assertTrue(qs.get(1).message().header().authenticData());
            assertTrue(qs.get(0).message().header().recursionDesired());
        }
    }

    /** Go: {@code TestDNSPacketSize}: every query carries an EDNS0 OPT record advertising 1232. */
    @Test
    void testDNSPacketSize() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of(Reply.of(success(q))))) {
            resolver(conf("", s), false).lookupIP(Context.background(), "ip4", "www.example.com.");
            Message m = s.queries().get(0).message();
            assertEquals(1, m.additionals().size());
            ResourceHeader opt = m.additionals().get(0).header();
            assertEquals(Type.OPT, opt.type());
            assertEquals(1232, opt.dnsClass().value());
            assertEquals(Name.ROOT, opt.name());
        }
    }

    /** Go: {@code TestSingleRequestLookup}: with single-request AAAA is asked after A is answered. */
    @Test
    void testSingleRequestLookup() throws Exception {
        List<Long> times = java.util.Collections.synchronizedList(new ArrayList<>());
        try (FakeDnsServer s = FakeDnsServer.start(q -> {
            times.add(System.nanoTime());
            Reply r = Reply.of(success(q));
            return List.of(q.question().type().equals(Type.A) ? r.after(Duration.ofMillis(300)) : r);
        })) {
            List<InetAddress> ips = resolver(conf("options single-request\n", s), false)
                    .lookupIP(Context.background(), "ip", "www.example.com.");
            assertEquals(List.of(InetAddress.getByAddress(TEST_ADDR)), ips);
            List<Query> qs = s.queries();
            assertEquals(2, qs.size());
            assertEquals(Type.A, qs.get(0).question().type());
            assertEquals(Type.AAAA, qs.get(1).question().type());
            assertTrue(times.get(1) - times.get(0) >= 250_000_000L, "AAAA asked before A was answered");
        }
    }

    /**
     * Without single-request both queries are in flight together: AAAA is asked while A's
     * answer is still held back by the server.
     */
    @Test
    void testParallelLookup() throws Exception {
        List<Long> times = java.util.Collections.synchronizedList(new ArrayList<>());
        try (FakeDnsServer s = FakeDnsServer.start(q -> {
            times.add(System.nanoTime());
            Reply r = Reply.of(success(q));
            return List.of(q.question().type().equals(Type.A) ? r.after(Duration.ofMillis(300)) : r);
        })) {
            List<InetAddress> ips = resolver(conf("", s), false).lookupIP(Context.background(), "ip", "www.example.com.");
            assertEquals(List.of(InetAddress.getByAddress(TEST_ADDR)), ips);
            List<Query> qs = s.queries();
            assertEquals(2, qs.size());
            assertEquals(Set.of(Type.A, Type.AAAA), Set.of(qs.get(0).question().type(), qs.get(1).question().type()));
            assertTrue(Math.abs(times.get(1) - times.get(0)) < 250_000_000L, "the second query waited for the first answer");
        }
    }

    /**
     * The first exchange of each type is made together; a type it does not settle goes on to
     * the next server while the other keeps its answer: A gets SERVFAIL from the first server
     * and asks the second, AAAA's empty success there ends its search.
     */
    @Test
    void testFirstExchangeThenNextServer() throws Exception {
        try (FakeDnsServer bad = FakeDnsServer.start(q -> List.of(Reply.of(q.question().type().equals(Type.A)
                        ? FakeDnsServer.response(q, RCode.SERVER_FAILURE, List.of()) : success(q))));
                FakeDnsServer good = FakeDnsServer.start(q -> List.of(Reply.of(success(q))))) {
            List<InetAddress> ips = resolver(conf("options attempts:1\n", bad, good), false)
                    .lookupIP(Context.background(), "ip", "www.example.com.");
            assertEquals(List.of(InetAddress.getByAddress(TEST_ADDR)), ips);
            assertEquals(2, bad.queries().size());
            assertEquals(List.of(Type.A), good.queries().stream().map(q -> q.question().type()).toList());
        }
    }

    /**
     * Types whose first exchange failed go on in parallel, as Go's goroutines do: two silent
     * servers, then a good one; both queries reach the second silent server together (not a
     * whole timeout apart), and the lookup gets the third's answer.
     */
    @Test
    void testRetriesStayParallel() throws Exception {
        List<Long> second = java.util.Collections.synchronizedList(new ArrayList<>());
        try (FakeDnsServer silent1 = FakeDnsServer.start(q -> List.of());
                FakeDnsServer silent2 = FakeDnsServer.start(q -> {
                    second.add(System.nanoTime());
                    return List.of();
                });
                FakeDnsServer good = FakeDnsServer.start(q -> List.of(Reply.of(success(q))))) {
            List<InetAddress> ips = resolver(conf("options timeout:1 attempts:1\n", silent1, silent2, good), false)
                    .lookupIP(Context.background(), "ip", "www.example.com.");
            assertEquals(List.of(InetAddress.getByAddress(TEST_ADDR)), ips);
            assertEquals(2, silent1.queries().size());
            assertEquals(2, second.size());
            assertTrue(Math.abs(second.get(1) - second.get(0)) < 500_000_000L,
                    "the second server's queries came " + Math.abs(second.get(1) - second.get(0)) / 1_000_000 + " ms apart");
            assertEquals(2, good.queries().size());
        }
    }

    /** A configuration without servers fails the lookup with a {@link DNSError} and sends nothing. */
    @Test
    void testNoServers() {
        DnsConfig c = DnsConfig.parse("", null).withServers(List.of());
        DNSError e = assertThrows(DNSError.class,
                () -> resolver(c, false).lookupIP(Context.background(), "ip", "www.example.com."));
        assertEquals("lookup www.example.com.: no answer from DNS server", e.getMessage());
    }

    /** Go: {@code TestGoLookupIPWithResolverConfig} (dual stack): both families, IPv6 first (RFC 6724). */
    @Test
    void testLookupHostBothFamilies() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> {
            Question qq = q.question();
            List<Resource> ans = qq.type().equals(Type.A) ? List.of(a(qq.name(), TEST_ADDR))
                    : List.of(aaaa(qq.name(), TEST_ADDR6));
            return List.of(Reply.of(FakeDnsServer.response(q, RCode.SUCCESS, ans)));
        })) {
            List<String> addrs = resolver(conf("", s), false).lookupHost(Context.background(), "www.example.com.");
            assertEquals(Set.of("192.0.2.1", "2001:db8::1"), new HashSet<>(addrs));
            assertEquals(2, s.queries().size());
        }
    }

    /**
     * Go: {@code TestCVE202133195}: malformed names in PTR answers are filtered out with Go's
     * error; a null MX "." and the root NS "." are valid.
     */
    @Test
    void testCVE202133195() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> {
            Question qq = q.question();
            List<Resource> ans = new ArrayList<>();
            if (qq.type().equals(Type.PTR)) {
                ans.add(new Resource(new ResourceHeader(qq.name(), Type.PTR, DnsClass.INET, 60),
                        new PTRResource(Name.mustOf("<html>.golang.org."))));
                ans.add(new Resource(new ResourceHeader(qq.name(), Type.PTR, DnsClass.INET, 60),
                        new PTRResource(Name.mustOf("good.golang.org."))));
            } else if (qq.type().equals(Type.MX)) {
                ans.add(new Resource(new ResourceHeader(qq.name(), Type.MX, DnsClass.INET, 60),
                        new MXResource(0, Name.ROOT)));
            } else if (qq.type().equals(Type.NS)) {
                ans.add(new Resource(new ResourceHeader(qq.name(), Type.NS, DnsClass.INET, 60),
                        new NSResource(Name.ROOT)));
            }
            return List.of(Reply.of(FakeDnsServer.response(q, RCode.SUCCESS, ans)));
        })) {
            Resolver r = resolver(conf("", s), false);
            DnsClientUnix.Filtered<String> ptr = r.lookupAddrFiltered(Context.background(), "192.0.2.42");
            assertEquals(List.of("good.golang.org."), ptr.records());
            assertNotNull(ptr.err());
            assertEquals("lookup 192.0.2.42: DNS response contained records which contain invalid names",
                    ptr.err().getMessage());
            DNSError e = assertThrows(DNSError.class, () -> r.lookupAddr(Context.background(), "192.0.2.42"));
            assertEquals(ptr.err().getMessage(), e.getMessage());
            assertEquals("42.2.0.192.in-addr.arpa.", s.queries().get(0).question().name().toString());
            assertEquals(List.of(new MX(".", 0)), r.lookupMX(Context.background(), "golang.org"));
            assertEquals(List.of(new NS(".")), r.lookupNS(Context.background(), "golang.org"));
        }
    }

    /**
     * Go: {@code TestDNSQueryIDRandomness} (extended): 10,000 IDs from {@code newRequest} give at
     * least 9,000 distinct values and at most 1% successor pairs; 1,000 real queries come from
     * at least 950 distinct source ports.
     */
    @Test
    void testQueryIdAndPortSpread() throws Exception {
        DnsClientUnix c = client();
        Question q = question("www.example.com.", Type.A);
        Set<Integer> ids = new HashSet<>();
        int successors = 0;
        int prev = -1;
        for (int i = 0; i < 10_000; i++) {
            int id = c.newRequest(q, false).id();
            ids.add(id);
            if (prev >= 0 && id == ((prev + 1) & 0xFFFF)) {
                successors++;
            }
            prev = id;
        }
        assertTrue(ids.size() >= 9_000, "distinct IDs " + ids.size());
        assertTrue(successors <= 100, "successor pairs " + successors);

        try (FakeDnsServer s = FakeDnsServer.start(qq -> List.of(Reply.of(success(qq))))) {
            for (int i = 0; i < 1_000; i++) {
                c.exchange(Context.background(), s.address(), q, Duration.ofSeconds(2), DnsClientUnix.USE_UDP_OR_TCP, false);
            }
            Set<Integer> ports = new HashSet<>();
            for (Query qq : s.queries()) {
                ports.add(qq.sourcePort());
            }
            assertEquals(1_000, s.queries().size());
            assertTrue(ports.size() >= 950, "distinct source ports " + ports.size());
        }
    }
}
