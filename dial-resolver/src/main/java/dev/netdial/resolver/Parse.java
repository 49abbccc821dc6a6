package dev.netdial.resolver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The small text helpers the configuration file readers share: lines, whitespace-separated
 * fields, decimal numbers and ASCII lower-casing. None of them throws on any input, and each is
 * linear in its input.
 *
 * <p>Go: {@code src/net/parse.go}.
 */
final class Parse {

    /** Go's cap for {@code dtoi}: larger numbers are refused. */
    static final int BIG = 0xFFFFFF;

    private Parse() {
    }

    /**
     * A decimal number read from the start of a string: its value, the index of the first
     * character after it, and whether there was at least one digit and the value stayed below
     * {@link #BIG}.
     *
     * <p>Go: {@code src/net/parse.go} {@code dtoi} (its three results).
     */
    record Dtoi(int n, int i, boolean ok) {
    }

    /**
     * The whole file as text (UTF-8, malformed bytes replaced, never an exception for content).
     *
     * <p>Go: {@code src/net/parse.go} {@code open}, {@code (*file).readLine}.
     */
    static String readFile(Path path) throws IOException {
        return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    }

    /**
     * Splits text into lines at {@code '\n'}; the last line needs no newline. A {@code '\r'}
     * stays in the line (the field splitter treats it as a separator, as Go does).
     *
     * <p>Go: {@code src/net/parse.go} {@code (*file).readLine}.
     *
     * <p>Differs: Go stops reading a file at a line longer than its 64 KiB buffer; here any line
     * length is read.
     */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        while (start < n) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                out.add(text.substring(start));
                break;
            }
            out.add(text.substring(start, nl));
            start = nl + 1;
        }
        return out;
    }

    /**
     * The line up to its first {@code '#'} (a comment runs to the end of the line).
     *
     * <p>Go: {@code src/net/hosts.go} {@code readHosts} (the comment cut).
     */
    static String stripComment(String line) {
        int i = line.indexOf('#');
        return i >= 0 ? line.substring(0, i) : line;
    }

    /**
     * The fields of a line separated by runs of space, tab, CR or LF.
     *
     * <p>Go: {@code src/net/parse.go} {@code getFields}, {@code splitAtBytes}.
     */
    static List<String> getFields(String s) {
        List<String> out = new ArrayList<>();
        int last = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (isSpace(s.charAt(i))) {
                if (last < i) {
                    out.add(s.substring(last, i));
                }
                last = i + 1;
            }
        }
        if (last < n) {
            out.add(s.substring(last));
        }
        return out;
    }

    /** Go: {@code src/net/parse.go} {@code getFields} (its separator set " \r\t\n"). */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\r' || c == '\t' || c == '\n';
    }

    /**
     * Reads a decimal number at the start of {@code s}.
     *
     * <p>Go: {@code src/net/parse.go} {@code dtoi}.
     */
    static Dtoi dtoi(String s) {
        int n = 0;
        int i = 0;
        for (; i < s.length() && '0' <= s.charAt(i) && s.charAt(i) <= '9'; i++) {
            n = n * 10 + (s.charAt(i) - '0');
            if (n >= BIG) {
                return new Dtoi(BIG, i, false);
            }
        }
        if (i == 0) {
            return new Dtoi(0, 0, false);
        }
        return new Dtoi(n, i, true);
    }

    /**
     * {@code s} with ASCII upper-case letters lowered; other characters are kept.
     *
     * <p>Go: {@code src/net/parse.go} {@code lowerASCIIBytes}, {@code lowerASCII}.
     */
    static String lowerASCII(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if ('A' <= c && c <= 'Z') {
                char[] b = s.toCharArray();
                for (int j = i; j < n; j++) {
                    if ('A' <= b[j] && b[j] <= 'Z') {
                        b[j] += 'a' - 'A';
                    }
                }
                return new String(b);
            }
        }
        return s;
    }
}
