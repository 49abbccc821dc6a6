package dev.netdial.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests of {@link Json} and {@link Conformance}. */
class JsonTest {

    @Test
    void testValues() {
        Object o = Json.parse(" {\"s\":\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\",\"i\":-42,\"big\":12345678901234,"
                + "\"f\":1.5e2,\"z\":0,\"t\":true,\"n\":null,\"a\":[1,[],{}],\"e\":{}} ");
        Map<?, ?> m = assertInstanceOf(LinkedHashMap.class, o);
        assertEquals(List.of("s", "i", "big", "f", "z", "t", "n", "a", "e"), List.copyOf(m.keySet()), "document order");
        assertEquals("a\"b\\c/d\né\uD83D\uDE00", m.get("s"));
        assertEquals(-42L, m.get("i"));
        assertEquals(12345678901234L, m.get("big"));
        assertEquals(150.0, m.get("f"));
        assertEquals(0L, m.get("z"));
        assertEquals(Boolean.TRUE, m.get("t"));
        assertTrue(m.containsKey("n"));
        assertNull(m.get("n"));
        assertEquals(Arrays.asList(1L, List.of(), Map.of()), m.get("a"));
        assertEquals(Map.of(), m.get("e"));
        assertEquals(1.0E30, Json.parse("1000000000000000000000000000000"), "beyond long: a double");
        assertEquals("x", Json.parse("\"x\""));
    }

    @Test
    void testStrictness() {
        List<String> bad = List.of("", " ", "{", "[1,]", "{\"a\":1,}", "{'a':1}", "01", "-", "1.", ".5", "1e",
                "+1", "tru", "nul", "[1 2]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "\"\\x\"", "\"a\nb\"", "\"abc",
                "\"\\ud800\"", "\"\\udc00\"", "\"\\u12g4\"", "{\"a\":1,\"a\":2}", "1 2", "[1] x", "// c\n1",
                "NaN", "Infinity", "[" .repeat(600) + "]".repeat(600));
        for (int i = 0; i < bad.size(); i++) {
            String text = bad.get(i);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text),
                    "#" + i + " " + text);
            assertTrue(e.getMessage().startsWith("json: ") && e.getMessage().contains("offset"), e.getMessage());
        }
    }

    @Test
    void testStringifyRoundTrip() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "quote\" back\\ nl\n tab\t ctl\u0001 é 😀 lone\uD800");
        m.put("l", 7L);
        m.put("d", 2.5);
        m.put("b", false);
        m.put("n", null);
        m.put("a", List.of(1L, "x", Map.of("k", List.of())));
        String s = Json.stringify(m);
        assertTrue(s.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "ASCII only, one line: " + s);
        Map<String, Object> expect = new LinkedHashMap<>(m);
        expect.put("s", "quote\" back\\ nl\n tab\t ctl\u0001 é 😀 lone\uFFFD");
        assertEquals(expect, Json.parse(s));
        assertThrows(IllegalArgumentException.class, () -> Json.stringify(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.stringify(new Object()));
    }

    @Test
    void testParseFileNamesTheFile() throws Exception {
        Path f = Files.createTempFile("json-test", ".json");
        try {
            Files.writeString(f, "{\"a\": [1, 2,]}");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parseFile(f));
            assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("line 1"), e.getMessage());
            Files.writeString(f, "{\"a\": [1, 2]}");
            assertEquals(Map.of("a", List.of(1L, 2L)), Json.parseFile(f));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** The conformance folder is found and every vector file parses to an object with cases. */
    @Test
    void testConformanceVectorsParse() throws Exception {
        Path dir = Conformance.dir();
        assertTrue(Files.isDirectory(dir.resolve("vectors")), dir.toString());
        List<Path> files;
        try (var s = Files.list(dir.resolve("vectors"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 7, files.toString());
        for (Path f : files) {
            Map<?, ?> m = assertInstanceOf(Map.class, Json.parseFile(f), f.toString());
            List<?> cases = assertInstanceOf(List.class, m.get("cases"), f + ": cases");
            assertTrue(!cases.isEmpty(), f + ": no cases");
        }
        assertInstanceOf(Map.class, Conformance.vectors("hostport.json"));
        assertThrows(IllegalStateException.class, () -> Conformance.file("vectors/no-such.json"));
    }

    @Test
    void testConformanceBadPropertyFails() {
        String old = System.getProperty(Conformance.PROPERTY);
        System.setProperty(Conformance.PROPERTY, "/no/such/conformance/dir");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, Conformance::dir);
            assertTrue(e.getMessage().contains("/no/such/conformance/dir"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(Conformance.PROPERTY);
            } else {
                System.setProperty(Conformance.PROPERTY, old);
            }
        }
    }
}
