package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netdial.testing.Conformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DnsConfig} (resolv.conf parsing, defaults, {@code nameList}) and
 * {@link ResolverConfig} (reloading), from Go's tables and the shared conformance vectors.
 *
 * <p>Go: {@code src/net/dnsconfig_unix_test.go}; {@code nameList}/{@code avoidDNS} cases from
 * {@code src/net/dnsclient_unix_test.go}.
 */
class DnsConfigUnixTest {

    private static final String HOST = "host.domain.local";

    /**
     * Vector cases whose {@code expected} disagrees with Go, with Go's answer and the reason.
     * Each one is still checked, against Go.
     */
    private static final Map<String, Map<String, Object>> GO_OVERRIDES = Map.of(
            // dnsconfig_unix_test.go lists search: []string{} for this file, but TestDNSReadConfig
            // replaces an empty want.search with dnsDefaultSearch() before comparing, and
            // dnsReadConfig does the same (len(conf.search) == 0 → dnsDefaultSearch()). Go's
            // answer for host "host.domain.local" is therefore ["domain.local."], not [].
            "config/testdata/search-single-dot-resolv.conf", Map.of("search", List.of("domain.local.")));

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases(String kind) {
        Map<String, Object> doc = (Map<String, Object>) Conformance.vectors("resolvconf.json");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (List<Object>) doc.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            if (c.get("kind").equals(kind)) {
                out.add(c);
            }
        }
        return out;
    }

    private static String text(Map<String, Object> c) throws IOException {
        if (c.containsKey("resolvConfFile")) {
            return Files.readString(Conformance.file((String) c.get("resolvConfFile")), StandardCharsets.UTF_8);
        }
        return (String) c.get("resolvConf");
    }

    /** Compares every key of {@code expected} with the configuration; failures name the case. */
    private static void checkConfig(String id, Map<String, Object> expected, DnsConfig conf) {
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            Object want = e.getValue();
            Object got = switch (e.getKey()) {
                case "servers" -> conf.servers();
                case "search" -> conf.search();
                case "ndots" -> (long) conf.ndots();
                case "timeoutSeconds" -> conf.timeout().toSeconds();
                case "attempts" -> (long) conf.attempts();
                case "rotate" -> conf.rotate();
                case "unknownOpt" -> conf.unknownOpt();
                case "singleRequest" -> conf.singleRequest();
                case "useTCP" -> conf.useTCP();
                case "trustAD" -> conf.trustAD();
                case "noReload" -> conf.noReload();
                default -> throw new AssertionError(id + ": unknown expected key " + e.getKey());
            };
            assertEquals(want, got, id + ": " + e.getKey() + " (" + conf + ")");
        }
    }

    /**
     * Every {@code kind=config} vector: Go's testdata files, the default search list, and the
     * parse rules.
     *
     * <p>Go: {@code TestDNSReadConfig}, {@code TestDNSDefaultSearch}.
     */
    @Test
    void testDNSReadConfig() throws IOException {
        List<Map<String, Object>> cases = cases("config");
        assertEquals(35, cases.size(), "config vectors");
        for (Map<String, Object> c : cases) {
            String id = (String) c.get("id");
            @SuppressWarnings("unchecked")
            Map<String, Object> expected = new java.util.LinkedHashMap<>((Map<String, Object>) c.get("expected"));
            expected.putAll(GO_OVERRIDES.getOrDefault(id, Map.of()));
            DnsConfig conf = DnsConfig.parse(text(c), (String) c.get("hostname"));
            checkConfig(id, expected, conf);
            assertTrue(conf.err().isEmpty(), id + ": parse never records an error");
            assertNull(conf.mtime(), id + ": parse has no file time");
        }
    }

    /**
     * The files themselves, read from disk: the same answers as parsing their text, plus the
     * file's modification time.
     *
     * <p>Go: {@code TestDNSReadConfig} (which reads the files).
     */
    @Test
    void testDNSReadConfigFromFiles() throws IOException {
        for (Map<String, Object> c : cases("config")) {
            if (!c.containsKey("resolvConfFile")) {
                continue;
            }
            String id = (String) c.get("id");
            Path file = Conformance.file((String) c.get("resolvConfFile"));
            DnsConfig read = DnsConfig.read(file, () -> HOST);
            DnsConfig parsed = DnsConfig.parse(Files.readString(file), HOST);
            assertEquals(parsed.toString(), read.toString().replaceAll(", mtime=[^}]*", ""), id);
            assertEquals(Files.getLastModifiedTime(file).toInstant(), read.mtime(), id + ": mtime");
            assertTrue(read.err().isEmpty(), id);
        }
    }

    /**
     * A missing file gives Go's defaults and Go's error text.
     *
     * <p>Go: {@code TestDNSReadMissingFile}.
     */
    @Test
    void testDNSReadMissingFile() {
        List<Map<String, Object>> cases = cases("readMissing");
        assertEquals(1, cases.size());
        for (Map<String, Object> c : cases) {
            String id = (String) c.get("id");
            Path file = Conformance.dir().resolve((String) c.get("resolvConfFile"));
            DnsConfig conf = DnsConfig.read(file, () -> HOST);
            @SuppressWarnings("unchecked")
            Map<String, Object> expected = (Map<String, Object>) c.get("expected");
            checkConfig(id, expected, conf);
            assertEquals(List.of("domain.local."), conf.search(), id);
            IOException err = conf.err().orElseThrow(() -> new AssertionError(id + ": no err"));
            assertEquals("open " + file + ": no such file or directory", err.getMessage(), id);
            assertInstanceOf(NoSuchFileException.class, err.getCause(), id);
            assertTrue(conf.errNotExist(), id);
            assertFalse(conf.errPermission(), id);
            assertNull(conf.mtime(), id);
        }
        // The system host name path: still the defaults, never an exception.
        DnsConfig sys = DnsConfig.read(Conformance.dir().resolve("go-testdata/a-nonexistent-file"));
        assertEquals(DnsConfig.DEFAULT_NS, sys.servers());
        assertTrue(sys.err().isPresent());
    }

    private record DefaultSearchCase(String hostname, List<String> want) {
    }

    /**
     * The search list implied by the host name; {@code null} is Go's {@code getHostname}
     * error.
     *
     * <p>Go: {@code TestDNSDefaultSearch}.
     */
    @Test
    void testDNSDefaultSearch() {
        List<DefaultSearchCase> tests = List.of(
                new DefaultSearchCase("host.long.domain.local", List.of("long.domain.local.")),
                new DefaultSearchCase("host.local", List.of("local.")),
                new DefaultSearchCase("host", List.of()),
                new DefaultSearchCase(null, List.of()),
                new DefaultSearchCase("foo.", List.of())); // never [""]: that would repeat lookups
        for (DefaultSearchCase tt : tests) {
            assertEquals(tt.want(), DnsConfig.dnsDefaultSearch(tt.hostname()), "hostname " + tt.hostname());
            assertEquals(tt.want(), DnsConfig.parse("", tt.hostname()).search(), "parse, hostname " + tt.hostname());
        }
    }

    /**
     * No candidate is longer than 254 bytes, a name that fits only unsuffixed gives one
     * candidate, and a name too long for DNS gives none.
     *
     * <p>Go: {@code TestDNSNameLength}.
     */
    @Test
    void testDNSNameLength() throws IOException {
        String char63 = "a".repeat(63);
        String longDomain = (char63 + ".").repeat(5) + "example";
        int files = 0;
        for (Map<String, Object> c : cases("config")) {
            if (!c.containsKey("resolvConfFile")) {
                continue;
            }
            files++;
            String id = (String) c.get("id");
            DnsConfig conf = DnsConfig.read(Conformance.file((String) c.get("resolvConfFile")), () -> HOST);
            List<String> suffixList = conf.search();
            int shortestSuffix = 0;
            for (String suffix : suffixList) {
                if (shortestSuffix == 0 || suffix.length() < shortestSuffix) {
                    shortestSuffix = suffix.length();
                }
            }
            // Maximally long once the shortest suffix (and the dot before it) is added.
            String longName = longDomain.substring(longDomain.length() - 254 + 1 + shortestSuffix);
            if (longName.charAt(0) == '.' || longName.charAt(1) == '.') {
                longName = "aa." + longName.substring(3);
            }
            for (String fqdn : conf.nameList(longName)) {
                assertTrue(fqdn.length() <= 254, id + ": got " + fqdn.length() + "; want <= 254");
            }
            String unsuffixable = "a." + longName.substring(1);
            List<String> unsuffixableResults = conf.nameList(unsuffixable);
            assertEquals(1, unsuffixableResults.size(),
                    id + ": suffixed names " + unsuffixableResults);
            String tooLong = "a." + longDomain;
            assertEquals(List.of(), conf.nameList(tooLong), id + ": too long");
        }
        assertEquals(14, files, "testdata files");
    }

    /**
     * Every {@code kind=nameList} vector.
     *
     * <p>Go: {@code (*dnsConfig).nameList} on the testdata files; {@code TestAvoidDNSName}.
     */
    @Test
    void testNameList() throws IOException {
        List<Map<String, Object>> cases = cases("nameList");
        assertEquals(60, cases.size(), "nameList vectors");
        for (Map<String, Object> c : cases) {
            String id = (String) c.get("id");
            DnsConfig conf = DnsConfig.parse(text(c), (String) c.get("hostname"));
            assertEquals(c.get("expected"), conf.nameList((String) c.get("name")), id);
        }
    }

    private record NameListCase(String resolv, String name, List<String> want) {
    }

    /**
     * Boundaries of {@code nameList}: rooted names up to 254 bytes, unrooted up to 253, byte
     * (not char) lengths, ndots 0, and .onion per candidate.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code nameList}.
     */
    @Test
    void testNameListBoundaries() {
        String l253 = ("a".repeat(62) + ".").repeat(4) + "a"; // 4*63 + 1 = 253
        assertEquals(253, l253.length());
        List<NameListCase> tests = List.of(
                new NameListCase("search x", l253 + ".", List.of(l253 + ".")), // rooted 254: fine
                new NameListCase("search x", l253 + "a", List.of()), // unrooted 254: too long
                new NameListCase("search x", l253, List.of(l253 + ".")), // no room for ".x."
                new NameListCase("search x", "a".repeat(255) + ".", List.of()),
                new NameListCase("search x", "\u00e9".repeat(127), List.of()), // 254 bytes, 127 chars
                new NameListCase("search x\noptions ndots:0", "www", List.of("www.", "www.x.")),
                new NameListCase("search onion", "foo", List.of("foo.")),
                new NameListCase("search x", "foo.onion.", List.of()),
                new NameListCase("search x", "", List.of(".x.", ".")),
                new NameListCase("", "www", List.of("www.")));
        for (NameListCase tt : tests) {
            DnsConfig conf = DnsConfig.parse(tt.resolv(), null);
            assertEquals(tt.want(), conf.nameList(tt.name()), tt.resolv() + " / " + tt.name());
        }
        assertEquals("name", assertThrows(NullPointerException.class,
                () -> DnsConfig.parse("", null).nameList(null)).getMessage(), "the API's one rule for null");
    }

    private record AvoidCase(String name, boolean avoid) {
    }

    /**
     * .onion names never go to DNS; .local names do.
     *
     * <p>Go: {@code src/net/dnsclient_unix_test.go} {@code TestAvoidDNSName}.
     */
    @Test
    void testAvoidDNSName() {
        List<AvoidCase> tests = List.of(
                new AvoidCase("foo.com", false),
                new AvoidCase("foo", false),
                new AvoidCase("foo.onion", true),
                new AvoidCase("foo.onion.", true),
                new AvoidCase("foo.ONION", true),
                new AvoidCase("foo.ONION.", true),
                new AvoidCase("foo.local.", false), // go.dev/issue/16739
                new AvoidCase("foo.local", false),
                new AvoidCase("foo.LOCAL", false),
                new AvoidCase("foo.LOCAL.", false),
                new AvoidCase("", true),
                new AvoidCase("onion", false),
                new AvoidCase("local", false),
                new AvoidCase("local.", false),
                // ASCII folding only, as Go: these are not ".onion".
                new AvoidCase("foo.on\u0130on", false),
                new AvoidCase("foo.on\u0131on", false));
        for (AvoidCase tt : tests) {
            assertEquals(tt.avoid(), DnsConfig.avoidDNS(tt.name()), "avoidDNS(" + tt.name() + ")");
        }
    }

    /**
     * Options and keywords beyond Go's testdata: edns0 is known, unknown keywords and options
     * set unknownOpt, number parsing as Go's {@code dtoi}, zones kept, IPv4 zones and empty
     * zones rejected.
     *
     * <p>Go: {@code src/net/dnsconfig_unix.go} {@code dnsReadConfig}.
     */
    @Test
    void testDNSReadConfigOptions() {
        DnsConfig c = DnsConfig.parse("options edns0 ndots:3x timeout:0 attempts:-4\n", null);
        assertFalse(c.unknownOpt(), "edns0 is known");
        assertEquals(3, c.ndots());
        assertEquals(Duration.ofSeconds(1), c.timeout());
        assertEquals(1, c.attempts());
        c = DnsConfig.parse("options timeout:99999999999 attempts:7\n", null);
        assertEquals(Duration.ofSeconds(0xFFFFFF), c.timeout(), "dtoi stops at 0xFFFFFF");
        assertEquals(7, c.attempts());
        c = DnsConfig.parse("options Rotate NDOTS:2\n", null);
        assertTrue(c.unknownOpt(), "options are case-sensitive");
        assertFalse(c.rotate());
        assertEquals(1, c.ndots());
        c = DnsConfig.parse("nameserver 1.2.3.4%eth0\nnameserver fe80::1%\nnameserver ::ffff:1.2.3.4\n"
                + "nameserver fe80::2%2\nnameserver 10.0.0.1\n", null);
        assertEquals(List.of("[::ffff:1.2.3.4]:53", "[fe80::2%2]:53", "10.0.0.1:53"), c.servers());
        c = DnsConfig.parse("nameserver\t192.0.2.1\r\nsearch\ta.example\tb.example\r\n", null);
        assertEquals(List.of("192.0.2.1:53"), c.servers());
        assertEquals(List.of("a.example.", "b.example."), c.search());
        c = DnsConfig.parse("domain .\n", "h.example");
        assertEquals(List.of("."), c.search(), "a domain of '.' is kept, as in Go");
        c = DnsConfig.parse("search\n", "h.example");
        assertEquals(List.of("example."), c.search(), "an empty search line falls back to the host name");
        c = DnsConfig.parse("lookup file bind\n", null);
        assertEquals(List.of("file", "bind"), c.lookup());
        assertFalse(c.unknownOpt());
        c = DnsConfig.parse("", null);
        assertEquals(DnsConfig.DEFAULT_NS, c.servers());
    }

    /**
     * With {@code rotate} the server offset counts up from 0; without it, it stays 0.
     *
     * <p>Go: {@code src/net/dnsconfig.go} {@code serverOffset}.
     */
    @Test
    void testServerOffset() {
        DnsConfig r = DnsConfig.parse("options rotate\n", null);
        assertEquals(0, r.serverOffset());
        assertEquals(1, r.serverOffset());
        assertEquals(2, r.serverOffset());
        DnsConfig n = DnsConfig.parse("", null);
        assertEquals(0, n.serverOffset());
        assertEquals(0, n.serverOffset());
        DnsConfig w = r.withServers(List.of("127.0.0.1:5353"));
        assertEquals(List.of("127.0.0.1:5353"), w.servers());
        assertTrue(w.rotate());
    }

    /**
     * Parsing is total: 20,000 random inputs built from resolv.conf's vocabulary never throw,
     * and every result keeps Go's invariants.
     *
     * <p>Java-specific (the fuzz target {@code fuzzDnsConfigParse} in miniature).
     */
    @Test
    void testParseNeverThrows() {
        String[] words = {"nameserver", "search", "domain", "options", "lookup", "ndots:", "timeout:", "attempts:",
            "rotate", "#", ";", " ", "\t", "\r", "\n", ".", "1.2.3.4", "::1", "fe80::1%", "%", "9999999999", "-1",
            "\u00e9", "\ud800", "onion", "x"};
        Random rnd = new Random(6724);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(30);
            for (int j = 0; j < n; j++) {
                sb.append(words[rnd.nextInt(words.length)]);
                if (rnd.nextInt(3) == 0) {
                    sb.append(' ');
                }
            }
            String in = sb.toString();
            DnsConfig c = DnsConfig.parse(in, rnd.nextBoolean() ? null : "h.x");
            assertTrue(c.servers().size() >= 1 && c.servers().size() <= 3, in);
            assertTrue(c.ndots() >= 0 && c.ndots() <= 15, in);
            assertTrue(c.attempts() >= 1 && c.timeout().toSeconds() >= 1, in);
            for (String s : c.search()) {
                assertTrue(s.endsWith("."), in);
            }
            for (String fqdn : c.nameList(in.length() > 40 ? in.substring(0, 40) : in)) {
                assertTrue(DnsConfig.utf8Length(fqdn) <= 254, in);
            }
        }
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock implements InstantSource {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-01-01T00:00:00Z"));

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    private static void write(Path p, String text, Instant mtime) throws IOException {
        Files.writeString(p, text);
        Files.setLastModifiedTime(p, FileTime.from(mtime));
    }

    /**
     * The configuration is read once at first use, re-read only after five seconds and only
     * when the modification time changed, and a missing file keeps the defaults without
     * re-reading.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*resolverConfig).tryUpdate}; the
     * reload tests of {@code dnsclient_unix_test.go} ({@code TestUpdateResolvConf}).
     */
    @Test
    void testResolverConfigReload(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("resolv.conf");
        Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
        write(file, "nameserver 192.0.2.1\n", t0);
        ManualClock clock = new ManualClock();
        AtomicInteger reads = new AtomicInteger();
        ResolverConfig rc = new ResolverConfig(file, clock, p -> {
            reads.incrementAndGet();
            return DnsConfig.read(p, () -> HOST);
        });
        assertEquals(0, reads.get(), "lazy");
        assertEquals(List.of("192.0.2.1:53"), rc.get().servers());
        assertEquals(1, reads.get(), "the first use reads once");

        write(file, "nameserver 192.0.2.2\n", t0.plusSeconds(1));
        clock.advance(Duration.ofSeconds(4));
        assertEquals(List.of("192.0.2.1:53"), rc.get().servers(), "checked less than 5 s ago");
        assertEquals(1, reads.get());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("192.0.2.2:53"), rc.get().servers(), "5 s later and changed");
        assertEquals(2, reads.get());

        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of("192.0.2.2:53"), rc.get().servers());
        assertEquals(2, reads.get(), "unchanged mtime: not re-read");

        // Same mtime, different content: Go trusts the mtime and does not re-read.
        write(file, "nameserver 192.0.2.9\n", t0.plusSeconds(1));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of("192.0.2.2:53"), rc.get().servers());
        assertEquals(2, reads.get());

        Files.delete(file);
        clock.advance(Duration.ofSeconds(10));
        DnsConfig gone = rc.get();
        assertEquals(DnsConfig.DEFAULT_NS, gone.servers(), "a deleted file gives the defaults");
        assertTrue(gone.errNotExist());
        assertEquals(3, reads.get());
        clock.advance(Duration.ofSeconds(10));
        assertSame(gone, rc.get(), "still missing: both times are Go's zero time");
        assertEquals(3, reads.get());

        write(file, "nameserver 192.0.2.3\n", t0.plusSeconds(2));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(List.of("192.0.2.3:53"), rc.get().servers(), "the file is back");
        assertEquals(4, reads.get());
    }

    /**
     * A configuration with {@code options no-reload} is never re-read, whatever the file does.
     *
     * <p>Go: {@code (*resolverConfig).tryUpdate}'s {@code noReload} check.
     */
    @Test
    void testResolverConfigNoReload(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("resolv.conf");
        Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
        write(file, "nameserver 192.0.2.1\noptions no-reload\n", t0);
        ManualClock clock = new ManualClock();
        ResolverConfig rc = new ResolverConfig(file, clock, p -> DnsConfig.read(p, () -> HOST));
        DnsConfig first = rc.get();
        assertTrue(first.noReload());
        write(file, "nameserver 192.0.2.2\n", t0.plusSeconds(60));
        clock.advance(Duration.ofMinutes(5));
        assertSame(first, rc.get(), "no-reload: never re-read");
        assertSame(first, rc.current());
    }

    /**
     * A forced configuration stays until its {@code lastChecked} is five seconds old.
     *
     * <p>Go: {@code dnsclient_unix_test.go} {@code forceUpdateConf}.
     */
    @Test
    void testResolverConfigForceUpdate(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("resolv.conf");
        write(file, "nameserver 192.0.2.1\n", Instant.parse("2020-01-01T00:00:00Z"));
        ManualClock clock = new ManualClock();
        ResolverConfig rc = new ResolverConfig(file, clock, p -> DnsConfig.read(p, () -> HOST));
        DnsConfig forced = DnsConfig.parse("nameserver 198.51.100.1\n", null);
        rc.forceUpdateConf(forced, clock.instant().plus(Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(30));
        assertSame(forced, rc.get());
        clock.advance(Duration.ofMinutes(31));
        assertEquals(List.of("192.0.2.1:53"), rc.get().servers(), "the file's mtime differs from the forced one");
    }

    /**
     * Many threads calling {@code get} at once see one initial read and at most one re-read
     * per change.
     *
     * <p>Go: {@code resolverConfig}'s {@code initOnce} and one-slot semaphore.
     */
    @Test
    void testResolverConfigConcurrent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("resolv.conf");
        Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
        write(file, "nameserver 192.0.2.1\n", t0);
        ManualClock clock = new ManualClock();
        AtomicInteger reads = new AtomicInteger();
        ResolverConfig rc = new ResolverConfig(file, clock, p -> {
            reads.incrementAndGet();
            return DnsConfig.read(p, () -> HOST);
        });
        runConcurrently(rc);
        assertEquals(1, reads.get(), "one initial read");
        write(file, "nameserver 192.0.2.2\n", t0.plusSeconds(1));
        clock.advance(Duration.ofSeconds(6));
        runConcurrently(rc);
        assertEquals(2, reads.get(), "one re-read");
        assertEquals(List.of("192.0.2.2:53"), rc.current().servers());
    }

    private static void runConcurrently(ResolverConfig rc) throws InterruptedException {
        int n = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < n; i++) {
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    for (int k = 0; k < 100; k++) {
                        if (rc.get() == null) {
                            fail("null configuration");
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertNull(failure.get());
    }
}
