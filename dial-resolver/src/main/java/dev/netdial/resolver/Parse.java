package dev.netdial.resolver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The small text helpers the configuration file readers share: lines, whitespace-separated
 * fields and ASCII lower-casing (decimal numbers: {@link dev.netdial.posix.internal.Dtoi}, shared
 * with the socket layer). None of them throws on any input, and each is
 * linear in its input.
 *
 * <p>Go: {@code src/net/parse.go}.
 */
final class Parse {

    private Parse() {
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
