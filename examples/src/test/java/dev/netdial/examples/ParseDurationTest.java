package dev.netdial.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Go: {@code src/time/time_test.go} — the ParseDuration tables.
 */
class ParseDurationTest {

    private static final long NS = 1;
    private static final long US = 1_000;
    private static final long MS = 1_000_000;
    private static final long S = 1_000_000_000;
    private static final long M = 60 * S;
    private static final long H = 60 * M;

    private record Ok(String in, long want) {
    }

    /** An input as raw bytes (Go strings may hold invalid UTF-8) and the quoted text the error must contain. */
    private record Bad(byte[] in, String expect) {
        static Bad of(String in, String expect) {
            return new Bad(in.getBytes(StandardCharsets.UTF_8), expect);
        }

        String show() {
            return ParseDuration.quote(in);
        }
    }

    /** Go: {@code parseDurationTests}. */
    private static final List<Ok> PARSE_DURATION_TESTS = List.of(
            // simple
            new Ok("0", 0),
            new Ok("5s", 5 * S),
            new Ok("30s", 30 * S),
            new Ok("1478s", 1478 * S),
            // sign
            new Ok("-5s", -5 * S),
            new Ok("+5s", 5 * S),
            new Ok("-0", 0),
            new Ok("+0", 0),
            // decimal
            new Ok("5.0s", 5 * S),
            new Ok("5.6s", 5 * S + 600 * MS),
            new Ok("5.s", 5 * S),
            new Ok(".5s", 500 * MS),
            new Ok("1.0s", 1 * S),
            new Ok("1.00s", 1 * S),
            new Ok("1.004s", 1 * S + 4 * MS),
            new Ok("1.0040s", 1 * S + 4 * MS),
            new Ok("100.00100s", 100 * S + 1 * MS),
            // different units
            new Ok("10ns", 10 * NS),
            new Ok("11us", 11 * US),
            new Ok("12µs", 12 * US), // U+00B5
            new Ok("12μs", 12 * US), // U+03BC
            new Ok("13ms", 13 * MS),
            new Ok("14s", 14 * S),
            new Ok("15m", 15 * M),
            new Ok("16h", 16 * H),
            // composite durations
            new Ok("3h30m", 3 * H + 30 * M),
            new Ok("10.5s4m", 4 * M + 10 * S + 500 * MS),
            new Ok("-2m3.4s", -(2 * M + 3 * S + 400 * MS)),
            new Ok("1h2m3s4ms5us6ns", 1 * H + 2 * M + 3 * S + 4 * MS + 5 * US + 6 * NS),
            new Ok("39h9m14.425s", 39 * H + 9 * M + 14 * S + 425 * MS),
            // large value
            new Ok("52763797000ns", 52763797000L * NS),
            // more than 9 digits after the decimal point (go.dev/issue/6617)
            new Ok("0.3333333333333333333h", 20 * M),
            // 1<<53+1 does not fit a float64 exactly
            new Ok("9007199254740993ns", (1L << 53) + 1),
            // the largest duration
            new Ok("9223372036854775807ns", Long.MAX_VALUE),
            new Ok("9223372036854775.807us", Long.MAX_VALUE),
            new Ok("9223372036s854ms775us807ns", Long.MAX_VALUE),
            new Ok("-9223372036854775808ns", Long.MIN_VALUE),
            new Ok("-9223372036854775.808us", Long.MIN_VALUE),
            new Ok("-9223372036s854ms775us808ns", Long.MIN_VALUE),
            // the smallest duration
            new Ok("-9223372036854775808ns", Long.MIN_VALUE),
            // the smallest duration that round-trips through String (go.dev/issue/48629)
            new Ok("-2562047h47m16.854775808s", Long.MIN_VALUE),
            // a long fraction (go.dev/issue/15011)
            new Ok("0.100000000000000000000h", 6 * M),
            // leadingFraction's first overflow check
            new Ok("0.830103483285477580700h", 49 * M + 48 * S + 372539827 * NS));

    /** Go: {@code parseDurationErrorTests}. */
    private static final List<Bad> PARSE_DURATION_ERROR_TESTS = List.of(
            // invalid
            Bad.of("", "\"\""),
            Bad.of("3", "\"3\""),
            Bad.of("-", "\"-\""),
            Bad.of("s", "\"s\""),
            Bad.of(".", "\".\""),
            Bad.of("-.", "\"-.\""),
            Bad.of(".s", "\".s\""),
            Bad.of("+.s", "\"+.s\""),
            Bad.of("1d", "\"1d\""),
            new Bad(new byte[] {(byte) 0x85, (byte) 0x85}, "\"\\x85\\x85\""),
            new Bad(new byte[] {(byte) 0xff, 'f', 'f'}, "\"\\xffff\""),
            new Bad(concat("hello ".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xff, 'f', 'f'},
                    " world".getBytes(StandardCharsets.US_ASCII)), "\"hello \\xffff world\""),
            Bad.of("\uFFFD", "\"\\xef\\xbf\\xbd\""), // utf8.RuneError
            Bad.of("\uFFFD hello \uFFFD world", "\"\\xef\\xbf\\xbd hello \\xef\\xbf\\xbd world\""),
            // overflow
            Bad.of("9223372036854775810ns", "\"9223372036854775810ns\""),
            Bad.of("9223372036854775808ns", "\"9223372036854775808ns\""),
            Bad.of("-9223372036854775809ns", "\"-9223372036854775809ns\""),
            Bad.of("9223372036854776us", "\"9223372036854776us\""),
            Bad.of("3000000h", "\"3000000h\""),
            Bad.of("9223372036854775.808us", "\"9223372036854775.808us\""),
            Bad.of("9223372036854ms775us808ns", "\"9223372036854ms775us808ns\""));

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /** Go: {@code TestParseDuration}. */
    @Test
    void parseDuration() {
        for (Ok tc : PARSE_DURATION_TESTS) {
            Duration d = assertDoesNotThrow(tc.in());
            assertEquals(Duration.ofNanos(tc.want()), d, "ParseDuration(\"" + tc.in() + "\")");
        }
    }

    private static Duration assertDoesNotThrow(String in) {
        try {
            return ParseDuration.parseDuration(in);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("ParseDuration(\"" + in + "\") failed: " + e.getMessage(), e);
        }
    }

    /** Go: {@code TestParseDurationErrors}. */
    @Test
    void parseDurationErrors() {
        for (Bad tc : PARSE_DURATION_ERROR_TESTS) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ParseDuration.parseDuration(tc.in()), "ParseDuration(" + tc.show() + ") = _, nil");
            assertTrue(e.getMessage().contains(tc.expect()),
                    "ParseDuration(" + tc.show() + ") = _, \"" + e.getMessage() + "\", error does not contain "
                            + tc.expect());
        }
    }

    /** The whole message, byte for byte, for each of Go's three error forms. */
    @Test
    void parseDurationErrorTexts() {
        record Case(String in, String want) {
        }
        for (Case c : List.of(
                new Case("x", "time: invalid duration \"x\""),
                new Case("", "time: invalid duration \"\""),
                new Case("3", "time: missing unit in duration \"3\""),
                new Case("1d", "time: unknown unit \"d\" in duration \"1d\""),
                new Case("1\"s", "time: unknown unit \"\\\"s\" in duration \"1\\\"s\""),
                new Case("1é", "time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\""))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ParseDuration.parseDuration(c.in()), c.in());
            assertEquals(c.want(), e.getMessage(), "ParseDuration(\"" + c.in() + "\")");
        }
    }

    /**
     * The extremes round-trip through Go's String form.
     *
     * <p>Go: {@code TestParseDurationRoundTrip} (its fixed cases; the random ones need
     * {@code Duration.String}, which is not ported).
     */
    @Test
    void parseDurationRoundTrip() {
        assertEquals(Long.MAX_VALUE, ParseDuration.parseDuration("2562047h47m16.854775807s").toNanos());
        assertEquals(Long.MIN_VALUE, ParseDuration.parseDuration("-2562047h47m16.854775808s").toNanos());
    }
}
