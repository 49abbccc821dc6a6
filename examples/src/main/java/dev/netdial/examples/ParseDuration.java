package dev.netdial.examples;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Go's duration syntax for the command line: a possibly signed run of decimal numbers, each with
 * an optional fraction and a unit ({@code ns}, {@code us}/{@code µs}/{@code μs}, {@code ms},
 * {@code s}, {@code m}, {@code h}), as in {@code 300ms}, {@code -1.5h}, {@code 2h45m}.
 *
 * <p>Works on the UTF-8 bytes of the text, as Go does on its string, so error messages quote the
 * same bytes Go would.
 *
 * <p>Go: {@code src/time/format.go} {@code ParseDuration}.
 */
final class ParseDuration {

    /** 1&lt;&lt;63 read as an unsigned 64-bit number. */
    private static final long ONE_63 = Long.MIN_VALUE;
    private static final int RUNE_SELF = 0x80;
    private static final int RUNE_ERROR = 0xFFFD;
    private static final String LOWER_HEX = "0123456789abcdef";

    /** Unit name (its UTF-8 bytes, one char per byte) → nanoseconds. Go: {@code unitMap}. */
    private static final Map<String, Long> UNIT_MAP = Map.of(
            "ns", 1L,
            "us", 1_000L,
            bytesKey("µ".getBytes(StandardCharsets.UTF_8)) + "s", 1_000L, // U+00B5 micro sign
            bytesKey("μ".getBytes(StandardCharsets.UTF_8)) + "s", 1_000L, // U+03BC Greek mu
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private ParseDuration() {
    }

    /**
     * Parses {@code s}; throws {@link IllegalArgumentException} with Go's message
     * ({@code time: invalid duration "x"}) when it is not a duration.
     *
     * <p>Go: {@code src/time/format.go} {@code ParseDuration}.
     */
    static Duration parseDuration(String s) {
        return Duration.ofNanos(parseDuration(s.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Parses the bytes {@code s} into nanoseconds (Go's {@code Duration}).
     *
     * <p>Go: {@code src/time/format.go} {@code ParseDuration}.
     */
    static long parseDuration(byte[] s) {
        byte[] orig = s;
        int p = 0;
        int n = s.length;
        long d = 0; // unsigned, as Go's uint64
        boolean neg = false;

        if (p < n) {
            byte c = s[p];
            if (c == '-' || c == '+') {
                neg = c == '-';
                p++;
            }
        }
        if (n - p == 1 && s[p] == '0') {
            return 0;
        }
        if (p == n) {
            throw invalid(orig);
        }
        while (p < n) {
            long v;
            long f = 0;
            double scale = 1;

            if (!(s[p] == '.' || '0' <= s[p] && s[p] <= '9')) {
                throw invalid(orig);
            }
            // leadingInt: [0-9]*
            int pl = p;
            v = 0;
            for (; p < n; p++) {
                byte c = s[p];
                if (c < '0' || c > '9') {
                    break;
                }
                if (Long.compareUnsigned(v, Long.divideUnsigned(ONE_63, 10)) > 0) {
                    throw invalid(orig);
                }
                v = v * 10 + (c - '0');
                if (Long.compareUnsigned(v, ONE_63) > 0) {
                    throw invalid(orig);
                }
            }
            boolean pre = pl != p;

            // (\.[0-9]*)?
            boolean post = false;
            if (p < n && s[p] == '.') {
                p++;
                pl = p;
                // leadingFraction: stops gaining precision on overflow instead of failing.
                boolean overflow = false;
                for (; p < n; p++) {
                    byte c = s[p];
                    if (c < '0' || c > '9') {
                        break;
                    }
                    if (overflow) {
                        continue;
                    }
                    if (Long.compareUnsigned(f, Long.MAX_VALUE / 10) > 0) {
                        overflow = true;
                        continue;
                    }
                    long y = f * 10 + (c - '0');
                    if (Long.compareUnsigned(y, ONE_63) > 0) {
                        overflow = true;
                        continue;
                    }
                    f = y;
                    scale *= 10;
                }
                post = pl != p;
            }
            if (!pre && !post) {
                throw invalid(orig); // no digits, as in ".s" or "-.s"
            }

            // The unit runs to the next digit or period.
            int i = p;
            for (; i < n; i++) {
                byte c = s[i];
                if (c == '.' || '0' <= c && c <= '9') {
                    break;
                }
            }
            if (i == p) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
            }
            byte[] u = java.util.Arrays.copyOfRange(s, p, i);
            p = i;
            Long unitBox = UNIT_MAP.get(bytesKey(u));
            if (unitBox == null) {
                throw new IllegalArgumentException("time: unknown unit " + quote(u) + " in duration " + quote(orig));
            }
            long unit = unitBox;
            if (Long.compareUnsigned(v, Long.divideUnsigned(ONE_63, unit)) > 0) {
                throw invalid(orig);
            }
            v *= unit;
            if (f != 0) {
                // A double keeps fractions of an hour exact to the nanosecond.
                v += (long) (unsignedToDouble(f) * ((double) unit / scale));
                if (Long.compareUnsigned(v, ONE_63) > 0) {
                    throw invalid(orig);
                }
            }
            d += v;
            if (Long.compareUnsigned(d, ONE_63) > 0) {
                throw invalid(orig);
            }
        }
        if (neg) {
            return -d;
        }
        if (Long.compareUnsigned(d, Long.MAX_VALUE) > 0) {
            throw invalid(orig);
        }
        return d;
    }

    private static IllegalArgumentException invalid(byte[] orig) {
        return new IllegalArgumentException("time: invalid duration " + quote(orig));
    }

    private static double unsignedToDouble(long x) {
        return x >= 0 ? (double) x : ((double) (x >>> 1)) * 2.0;
    }

    /** The bytes as a string of one char per byte, for the unit table. */
    private static String bytesKey(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /**
     * Double-quotes {@code s}, escaping a quote or backslash with a backslash and writing every
     * byte of a non-ASCII or control rune (and of invalid UTF-8) as {@code \xNN}.
     *
     * <p>Go: {@code src/time/format.go} {@code quote}.
     */
    static String quote(byte[] s) {
        StringBuilder buf = new StringBuilder(s.length + 2).append('"');
        int i = 0;
        while (i < s.length) {
            long rw = decodeRune(s, i);
            int c = (int) (rw >> 8);
            int size = (int) (rw & 0xFF);
            if (c >= RUNE_SELF || c < ' ') {
                int width;
                if (c == RUNE_ERROR) {
                    width = 1;
                    if (i + 2 < s.length && (s[i] & 0xFF) == 0xEF && (s[i + 1] & 0xFF) == 0xBF
                            && (s[i + 2] & 0xFF) == 0xBD) {
                        width = 3;
                    }
                } else {
                    width = size;
                }
                for (int j = 0; j < width; j++) {
                    int b = s[i + j] & 0xFF;
                    buf.append("\\x").append(LOWER_HEX.charAt(b >> 4)).append(LOWER_HEX.charAt(b & 0xF));
                }
            } else {
                if (c == '"' || c == '\\') {
                    buf.append('\\');
                }
                buf.append((char) c);
            }
            i += size;
        }
        return buf.append('"').toString();
    }

    /**
     * The rune at {@code s[i]} and its length in bytes, packed as {@code rune << 8 | size}; an
     * invalid sequence is U+FFFD of length 1, as Go's {@code range} over a string yields.
     *
     * <p>Go: {@code src/unicode/utf8/utf8.go} {@code DecodeRuneInString}.
     */
    private static long decodeRune(byte[] s, int i) {
        int b0 = s[i] & 0xFF;
        if (b0 < 0x80) {
            return ((long) b0 << 8) | 1;
        }
        int need;
        int min;
        int r;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            need = 1;
            min = 0x80;
            r = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            need = 2;
            min = 0x800;
            r = b0 & 0x0F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            need = 3;
            min = 0x10000;
            r = b0 & 0x07;
        } else {
            return ((long) RUNE_ERROR << 8) | 1;
        }
        if (i + need >= s.length) {
            return ((long) RUNE_ERROR << 8) | 1;
        }
        for (int k = 1; k <= need; k++) {
            int b = s[i + k] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                return ((long) RUNE_ERROR << 8) | 1;
            }
            r = (r << 6) | (b & 0x3F);
        }
        if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
            return ((long) RUNE_ERROR << 8) | 1;
        }
        return ((long) r << 8) | (need + 1);
    }
}
