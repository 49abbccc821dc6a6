package dev.netdial.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader (RFC 8259) for the conformance vectors and the probe JVMs' one-line
 * results.
 *
 * <p>Values map to: object → {@code Map<String,Object>} ({@link LinkedHashMap}, in document
 * order), array → {@code List<Object>}, string → {@link String}, number → {@link Long} when it
 * is an integer without fraction or exponent that fits in a {@code long}, else {@link Double},
 * {@code true}/{@code false} → {@link Boolean}, {@code null} → {@code null}.
 *
 * <p>Strict means: no comments, no trailing commas, no single quotes, no leading zeros, no
 * unescaped control characters in strings, no duplicate object keys, no lone surrogate escapes,
 * nothing but whitespace after the value. Any violation throws {@link IllegalArgumentException}
 * naming the offset.
 */
public final class Json {

    private final String s;
    private int pos;
    private int depth;

    /** Deeper nesting than this is refused instead of risking a {@link StackOverflowError}. */
    private static final int MAX_DEPTH = 512;

    private Json(String s) {
        this.s = s;
    }

    /**
     * Parses one JSON document.
     *
     * @throws IllegalArgumentException if {@code text} is not exactly one valid JSON value
     */
    public static Object parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("json: null text");
        }
        Json p = new Json(text);
        p.skipWs();
        Object v = p.value();
        p.skipWs();
        if (p.pos != text.length()) {
            throw p.error("unexpected trailing data");
        }
        return v;
    }

    /** Reads {@code file} as UTF-8 and {@link #parse parses} it. */
    public static Object parseFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("json: cannot read " + file, e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code value} as compact, ASCII-only JSON on one line (for probe JVMs' results:
     * {@code parse(stringify(v))} equals {@code v} for what {@code parse} returns). Accepts what
     * {@link #parse} returns, plus any {@link Number}, {@link CharSequence}, {@link Map} with
     * string keys and {@link Iterable}; non-finite doubles are refused.
     */
    public static String stringify(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("json: cannot write " + d);
            }
            b.append(d);
        } else if (v instanceof Number) {
            b.append(v);
        } else if (v instanceof CharSequence cs) {
            quote(b, cs.toString());
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException("json: object key is not a string: " + e.getKey());
                }
                if (!first) {
                    b.append(',');
                }
                first = false;
                quote(b, k);
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof Iterable<?> it) {
            b.append('[');
            boolean first = true;
            for (Object o : it) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                write(b, o);
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("json: cannot write a " + v.getClass().getName());
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isSurrogate(c) && !validSurrogateAt(s, i)) {
                        b.append("\\ufffd"); // a lone surrogate is not text; parse() would refuse it
                    } else if (c < 0x20 || c >= 0x7f) {
                        // ASCII only: a probe's stdout encoding may not be UTF-8.
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private Object value() {
        if (pos >= s.length()) {
            throw error("unexpected end of input");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character " + describe(c));
        }
    }

    private Map<String, Object> object() {
        enter();
        pos++; // '{'
        Map<String, Object> m = new LinkedHashMap<>();
        skipWs();
        if (peek() == '}') {
            pos++;
            depth--;
            return m;
        }
        while (true) {
            skipWs();
            if (peek() != '"') {
                throw error("expected object key string");
            }
            int keyAt = pos;
            String key = string();
            skipWs();
            expect(':');
            skipWs();
            Object v = value();
            if (m.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            m.put(key, v);
            skipWs();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                depth--;
                return m;
            } else {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array() {
        enter();
        pos++; // '['
        List<Object> l = new ArrayList<>();
        skipWs();
        if (peek() == ']') {
            pos++;
            depth--;
            return l;
        }
        while (true) {
            skipWs();
            l.add(value());
            skipWs();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                depth--;
                return l;
            } else {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("unescaped control character " + describe(c) + " in string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("unterminated escape");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"' -> b.append('"');
                case '\\' -> b.append('\\');
                case '/' -> b.append('/');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    char u = hex4();
                    if (Character.isHighSurrogate(u)) {
                        if (pos + 1 < s.length() && s.charAt(pos) == '\\' && s.charAt(pos + 1) == 'u') {
                            pos += 2;
                            char low = hex4();
                            if (!Character.isLowSurrogate(low)) {
                                throw error("high surrogate not followed by a low surrogate");
                            }
                            b.append(u).append(low);
                        } else {
                            throw error("lone high surrogate");
                        }
                    } else if (Character.isLowSurrogate(u)) {
                        throw error("lone low surrogate");
                    } else {
                        b.append(u);
                    }
                }
                default -> {
                    pos--;
                    throw error("invalid escape \\" + e);
                }
            }
        }
    }

    private char hex4() {
        if (pos + 4 > s.length()) {
            throw error("short \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos), 16);
            if (d < 0 || s.charAt(pos) > 'f') {
                throw error("bad hex digit in \\u escape");
            }
            v = v << 4 | d;
            pos++;
        }
        return (char) v;
    }

    private Object number() {
        int start = pos;
        boolean integral = true;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in number");
            }
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("expected digit");
        }
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("expected digit after '.'");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected digit in exponent");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        String text = s.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                // Falls through: an integer beyond long's range is kept approximately, like Go's float64.
            }
        }
        return Double.parseDouble(text);
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw error("invalid literal, expected " + word);
        }
        pos += word.length();
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** The next character, or NUL at the end (NUL cannot start any token outside a string). */
    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                break;
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private IllegalArgumentException error(String msg) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, s.length()); i++) {
            if (s.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new IllegalArgumentException(
                "json: " + msg + " at offset " + pos + " (line " + line + ", column " + col + ")");
    }
}
