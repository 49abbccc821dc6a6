package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.testing.Conformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HostsFile} and {@link HostsCache}: Go's hosts-file tables from the shared conformance
 * vectors (Go's testdata files), the immutability of answers, re-reading on change, and
 * robustness on hostile text.
 *
 * <p>Go: {@code src/net/hosts_test.go}.
 */
class HostsTest {

    @TempDir
    Path tmp;

    /** The hosts text of a vector case: inline {@code hostsText} or the named testdata file. */
    private static String hostsText(Map<?, ?> c) throws IOException {
        Object inline = c.get("hostsText");
        if (inline != null) {
            return (String) inline;
        }
        return Files.readString(Conformance.file((String) c.get("hostsFile")), StandardCharsets.UTF_8);
    }

    /** The cases of hosts.json of one kind. */
    private static List<Map<?, ?>> cases(String kind) {
        Map<?, ?> doc = (Map<?, ?>) Conformance.vectors("hosts.json");
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object o : (List<?>) doc.get("cases")) {
            Map<?, ?> c = (Map<?, ?>) o;
            if (kind.equals(c.get("kind"))) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Every lookupHost vector: addresses in file order, case-insensitive names, Go's trailing-dot
     * rule, canonical address text with zones.
     *
     * <p>Go: {@code src/net/hosts_test.go} {@code TestLookupStaticHost}.
     */
    @Test
    void lookupStaticHost() throws IOException {
        List<Map<?, ?>> cases = cases("lookupHost");
        assertEquals(24, cases.size(), "lookupHost vectors");
        for (Map<?, ?> c : cases) {
            HostsFile h = HostsFile.parse(hostsText(c));
            assertEquals(c.get("expected"), h.lookupHost((String) c.get("name")), (String) c.get("id"));
        }
    }

    /**
     * Every lookupAddr vector: names as written, rooted when dotted, any spelling of the address.
     *
     * <p>Go: {@code src/net/hosts_test.go} {@code TestLookupStaticAddr}.
     */
    @Test
    void lookupStaticAddr() throws IOException {
        List<Map<?, ?>> cases = cases("lookupAddr");
        assertEquals(16, cases.size(), "lookupAddr vectors");
        for (Map<?, ?> c : cases) {
            HostsFile h = HostsFile.parse(hostsText(c));
            assertEquals(c.get("expected"), h.lookupAddr((String) c.get("addr")), (String) c.get("id"));
        }
    }

    /**
     * Every canonicalName vector: the first name of the first line listing the host.
     *
     * <p>Go: {@code src/net/hosts_test.go} {@code TestLookupStaticHostAliases}.
     */
    @Test
    void lookupStaticHostAliases() throws IOException {
        List<Map<?, ?>> cases = cases("canonicalName");
        assertEquals(8, cases.size(), "canonicalName vectors");
        for (Map<?, ?> c : cases) {
            HostsFile h = HostsFile.parse(hostsText(c));
            assertEquals(c.get("expected"), h.canonicalName((String) c.get("name")), (String) c.get("id"));
        }
        assertEquals(null, HostsFile.parse("127.0.0.1 a\n").canonicalName("b"), "unknown name");
    }

    /**
     * Go's resolver with a hosts-file order answers a hosts-file name's CNAME lookup with its
     * canonical name, without any query. (The C library's order skips the hosts file for CNAME
     * lookups, as current Go does; see ResolverDnsmasqTest.)
     *
     * <p>Go: {@code src/net/dnsclient_unix_test.go}
     * {@code TestGoLookupIPCNAMEOrderHostsAliasesFilesOnlyMode} and {@code ...FilesDNSMode}.
     */
    @Test
    void lookupStaticHostAliasesThroughResolver() throws IOException {
        HostsFile h = HostsFile.read(Conformance.file("go-testdata/aliases"));
        DnsClientUnix dns = new DnsClientUnix(null, false, new java.security.SecureRandom(), () -> h);
        // A cancelled context: any DNS query would fail, so the answers can only be the hosts file's.
        dev.netdial.api.Context ctx = dev.netdial.api.Context.background().withCancel();
        ctx.cancel();
        DnsConfig conf = DnsConfig.parse("nameserver 127.0.0.1\n", "host.example");
        for (HostLookupOrder order : List.of(HostLookupOrder.FILES, HostLookupOrder.FILES_DNS)) {
            assertEquals("test4.example.com.", dns.goLookupCNAME(ctx, "test5.example.com", order, conf), order.toString());
            assertEquals("test3.", dns.goLookupCNAME(ctx, "test3.example.com", order, conf), order.toString());
        }
    }

    /**
     * Answers cannot be changed by the caller (go.dev/issue/14212).
     *
     * <p>Go: {@code src/net/hosts_test.go} {@code TestHostCacheModification}.
     */
    @Test
    void hostCacheModification() throws IOException {
        HostsCache cache = new HostsCache(Conformance.file("go-testdata/ipv4-hosts"));
        List<String> addrs = cache.get().lookupHost("localhost");
        assertEquals(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"), addrs);
        assertThrows(UnsupportedOperationException.class, () -> addrs.set(0, "junk"));
        assertEquals(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"), cache.get().lookupHost("localhost"));
        List<String> names = cache.get().lookupAddr("127.0.0.3");
        assertEquals(List.of("localhost", "localhost.localdomain."), names);
        assertThrows(UnsupportedOperationException.class, () -> names.set(0, "junk"));
        assertEquals(List.of("localhost", "localhost.localdomain."), cache.get().lookupAddr("127.0.0.3"));
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock implements InstantSource {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    /**
     * The cache trusts its table for 5 s, then re-reads the file when its modification time or
     * size changed, and keeps the table when neither did; a deleted file is an empty table, and
     * an empty table is re-checked on every lookup.
     *
     * <p>Go: {@code src/net/hosts.go} {@code readHosts} ({@code cacheMaxAge}, the mtime/size
     * check); {@code src/net/hosts_test.go} {@code TestHostCacheModification}.
     */
    @Test
    void hostsCacheRereadsOnChange() throws IOException {
        Path file = tmp.resolve("hosts");
        FileTime t0 = FileTime.from(Instant.parse("2029-01-01T00:00:00Z"));
        Files.writeString(file, "127.0.0.1 alpha\n");
        Files.setLastModifiedTime(file, t0);
        ManualClock clock = new ManualClock();
        HostsCache cache = new HostsCache(file, clock);
        assertEquals(List.of("127.0.0.1"), cache.get().lookupHost("alpha"), "first read");

        // Changed content, within 5 s: the cached table is still trusted.
        Files.writeString(file, "127.0.0.22 alpha\n");
        assertEquals(List.of("127.0.0.1"), cache.get().lookupHost("alpha"), "within max age");
        clock.advance(Duration.ofMillis(4999));
        assertEquals(List.of("127.0.0.1"), cache.get().lookupHost("alpha"), "4.999 s");
        // After 5 s the size differs: re-read.
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of("127.0.0.22"), cache.get().lookupHost("alpha"), "after max age");

        // Same size and same mtime: the file is not parsed again, however old the table.
        HostsFile before = cache.get();
        FileTime t1 = Files.getLastModifiedTime(file);
        Files.writeString(file, "127.0.0.33 alpha\n");
        Files.setLastModifiedTime(file, t1);
        clock.advance(Duration.ofSeconds(6));
        assertSame(before, cache.get(), "unchanged mtime and size keep the table");
        assertEquals(List.of("127.0.0.22"), cache.get().lookupHost("alpha"));

        // A new mtime with the same size is a change.
        Files.setLastModifiedTime(file, FileTime.from(t1.toInstant().plusSeconds(1)));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(List.of("127.0.0.33"), cache.get().lookupHost("alpha"), "mtime change");

        // A deleted file: an empty table.
        Files.delete(file);
        clock.advance(Duration.ofSeconds(6));
        assertEquals(List.of(), cache.get().lookupHost("alpha"), "deleted file");
        // An empty table is re-checked at once (Go: len(hosts.byName) > 0).
        Files.writeString(file, "127.0.0.44 alpha\n");
        assertEquals(List.of("127.0.0.44"), cache.get().lookupHost("alpha"), "re-created file");
    }

    /**
     * Address forms of the first column: zones kept, IPv4-mapped kept in IPv6 form, Go's
     * refusals (zoned IPv4, empty zone, leading zeros, short IPv4).
     *
     * <p>Go: {@code src/net/hosts.go} {@code parseLiteralIP}; {@code src/net/netip/netip.go}
     * {@code ParseAddr}.
     */
    @Test
    void parseLiteralIP() {
        record Case(String in, String want) {
        }
        List<Case> cases = List.of(
                new Case("127.0.0.1", "127.0.0.1"),
                new Case("fe80:0000:0000:0000:0000:0000:0000:0002%lo0", "fe80::2%lo0"),
                new Case("FE80::1%eth0", "fe80::1%eth0"),
                new Case("::ffff:127.0.0.1", "::ffff:127.0.0.1"),
                new Case("::ffff:7f00:1", "::ffff:127.0.0.1"),
                new Case("::1.2.3.4", "::102:304"),
                new Case("fe80::1%", ""),
                new Case("127.0.0.1%eth0", ""),
                new Case("%eth0", ""),
                new Case("123.123.123", ""),
                new Case("321.321.321.321", ""),
                new Case("010.0.0.1", ""),
                new Case("odin", ""),
                new Case("", ""));
        for (Case c : cases) {
            assertEquals(c.want(), HostsFile.parseLiteralIP(c.in()), c.in());
        }
    }

    /**
     * Hostile text never throws and takes linear time: random bytes, a megabyte-long line, a
     * hundred thousand lines, lone CRs, NULs.
     *
     * <p>Go: {@code src/net/hosts.go} {@code readHosts} (never fails on content).
     */
    @Test
    void parseHostileText() {
        Random rnd = new Random(1);
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[rnd.nextInt(2000)];
            rnd.nextBytes(b);
            HostsFile h = HostsFile.parse(new String(b, StandardCharsets.UTF_8));
            h.lookupHost("localhost");
            h.lookupAddr("127.0.0.1");
        }
        String alphabet = "0123456789abcdef.:%# \t\r\n\0zZ";
        for (int i = 0; i < 200; i++) {
            StringBuilder s = new StringBuilder();
            for (int j = rnd.nextInt(500); j > 0; j--) {
                s.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            HostsFile.parse(s.toString()).lookupHost("a");
        }
        long start = System.nanoTime();
        HostsFile big = HostsFile.parse("127.0.0.1 " + "a".repeat(1 << 20) + " b\n");
        assertEquals(List.of("127.0.0.1"), big.lookupHost("b"), "megabyte line");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            many.append("10.0.").append((i >> 8) & 255).append('.').append(i & 255).append(" h").append(i).append('\n');
        }
        HostsFile lots = HostsFile.parse(many.toString());
        assertEquals(List.of("10.0.1.134"), lots.lookupHost("h390"), "100k lines");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 10_000, "hostile parse took " + ms + " ms");
        // Null is no text: the API's one rule for null (issue 16).
        assertEquals("text", assertThrows(NullPointerException.class, () -> HostsFile.parse(null)).getMessage());
    }
}
