package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.resolver.NssConf.Criterion;
import dev.netdial.resolver.NssConf.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link NssConf}: parsing nsswitch.conf and judging its criteria.
 *
 * <p>Go: {@code src/net/nss_test.go}.
 */
class NssTest {

    private static final String UBUNTU_TRUSTY_AVAHI = """
            # /etc/nsswitch.conf
            #
            # Example configuration of GNU Name Service Switch functionality.
            # If you have the libc-doc-reference' and nfo' packages installed, try:
            # nfo libc "Name Service Switch"' for information about this file.

            passwd:         compat
            group:          compat
            shadow:         compat

            hosts:          files mdns4_minimal [NOTFOUND=return] dns mdns4
            networks:       files

            protocols:      db files
            services:       db files
            ethers:         db files
            rpc:            db files

            netgroup:       nis
            """;

    private record ParseCase(String name, String in, Map<String, List<Source>> want) {
    }

    private static Source s(String name) {
        return new Source(name);
    }

    /**
     * Go's table: whitespace, comments, criteria (negated and lower-cased), a real file.
     *
     * <p>Go: {@code TestParseNSSConf}.
     */
    @Test
    void testParseNSSConf() {
        List<Source> ab = List.of(s("a"), s("b"));
        List<ParseCase> tests = List.of(
                new ParseCase("no_newline", "foo: a b", Map.of("foo", ab)),
                new ParseCase("newline", "foo: a b\n", Map.of("foo", ab)),
                new ParseCase("whitespace", "   foo:a    b    \n", Map.of("foo", ab)),
                new ParseCase("comment1", "   foo:a    b#c\n", Map.of("foo", ab)),
                new ParseCase("comment2", "   foo:a    b #c \n", Map.of("foo", ab)),
                new ParseCase("crit", "   foo:a    b [!a=b    X=Y ] c#d \n", Map.of("foo", List.of(
                        s("a"),
                        new Source("b", List.of(new Criterion(true, "a", "b"), new Criterion(false, "x", "y"))),
                        s("c")))),
                new ParseCase("ubuntu_trusty_avahi", UBUNTU_TRUSTY_AVAHI, Map.of(
                        "passwd", List.of(s("compat")),
                        "group", List.of(s("compat")),
                        "shadow", List.of(s("compat")),
                        "hosts", List.of(
                                s("files"),
                                new Source("mdns4_minimal", List.of(new Criterion(false, "notfound", "return"))),
                                s("dns"),
                                s("mdns4")),
                        "networks", List.of(s("files")),
                        "protocols", List.of(s("db"), s("files")),
                        "services", List.of(s("db"), s("files")),
                        "ethers", List.of(s("db"), s("files")),
                        "rpc", List.of(s("db"), s("files")),
                        "netgroup", List.of(s("nis")))));
        for (ParseCase tt : tests) {
            NssConf got = NssConf.parse(tt.in(), null);
            assertNull(got.err(), tt.name());
            assertEquals(tt.want(), got.sources(), tt.name());
        }
    }

    private record ErrCase(String in, String err, Map<String, List<Source>> kept) {
    }

    /**
     * Malformed files: Go's error texts, with the lines before the error kept.
     *
     * <p>Go: {@code src/net/nss.go} {@code parseNSSConf}, {@code parseCriteria}.
     */
    @Test
    void testParseNSSConfErrors() {
        List<ErrCase> tests = List.of(
                new ErrCase("hosts files dns\n", "no colon on line", Map.of()),
                new ErrCase("a: x\nhosts: files [NOTFOUND=return dns\n", "unclosed criterion bracket",
                        Map.of("a", List.of(s("x")))), // "files" waits for its criteria, so it is lost too
                new ErrCase("hosts: files [ab]\n", "invalid criteria: ab", Map.of("hosts", List.of())),
                new ErrCase("hosts: files [!=a]\n", "invalid criteria: !=a", Map.of("hosts", List.of())),
                new ErrCase("hosts: files [abc]\n", "invalid criteria: abc", Map.of("hosts", List.of())));
        for (ErrCase tt : tests) {
            NssConf got = NssConf.parse(tt.in(), null);
            assertEquals(tt.err(), got.err() == null ? null : got.err().getMessage(), tt.in());
            assertFalse(got.errNotExist(), tt.in());
            Map<String, List<Source>> kept = new java.util.LinkedHashMap<>(tt.kept());
            kept.values().removeIf(List::isEmpty);
            assertEquals(kept, got.sources(), tt.in());
        }
        // Tabs do not separate sources; an empty criteria block is fine.
        NssConf tabs = NssConf.parse("hosts:\tfiles\tdns\n", null);
        assertEquals(List.of(s("files\tdns")), tabs.sources("hosts"));
        NssConf empty = NssConf.parse("hosts: files [] dns\n", null);
        assertNull(empty.err());
        assertEquals(List.of(s("files"), s("dns")), empty.sources("hosts"));
        assertEquals(List.of(), NssConf.parse(null, null).sources("hosts"));
    }

    private record CritCase(String criteria, boolean standard) {
    }

    /**
     * Which criteria are glibc's defaults: success=return, others=continue, and "return" on
     * the last criterion; anything negated or unknown is not.
     *
     * <p>Go: {@code (nssSource).standardCriteria}, {@code (nssCriterion).standardStatusAction}.
     */
    @Test
    void testStandardCriteria() {
        List<CritCase> tests = List.of(
                new CritCase("", true),
                new CritCase("success=return notfound=continue unavail=continue tryagain=continue", true),
                new CritCase("notfound=return", true), // last: return is harmless
                new CritCase("notfound=return success=return", false),
                new CritCase("SUCCESS=RETURN", true),
                new CritCase("success=continue", false),
                new CritCase("!success=return", false),
                new CritCase("bogus=return", false));
        for (CritCase tt : tests) {
            NssConf c = NssConf.parse("hosts: dns [" + tt.criteria() + "]\n", null);
            assertNull(c.err(), tt.criteria());
            assertEquals(tt.standard(), c.sources("hosts").get(0).standardCriteria(), tt.criteria());
        }
        assertTrue(new Source("files").standardCriteria());
    }
}
