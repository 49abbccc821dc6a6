package dev.netdial.resolver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed {@code /etc/nsswitch.conf}: for each database ("hosts", ...) its sources in
 * order, each with its {@code [STATUS=ACTION]} criteria. Immutable.
 *
 * <p>Go: {@code src/net/nss.go} {@code nssConf}, {@code parseNSSConfFile}, {@code parseNSSConf}.
 */
final class NssConf {

    /**
     * One source of a database line, e.g. {@code mdns4_minimal [NOTFOUND=return]}.
     *
     * <p>Go: {@code src/net/nss.go} {@code nssSource}.
     */
    record Source(String source, List<Criterion> criteria) {
        Source {
            criteria = List.copyOf(criteria);
        }

        Source(String source) {
            this(source, List.of());
        }

        /**
         * Whether every criterion is the action glibc takes anyway.
         *
         * <p>Go: {@code (nssSource).standardCriteria}.
         */
        boolean standardCriteria() {
            for (int i = 0; i < criteria.size(); i++) {
                if (!criteria.get(i).standardStatusAction(i == criteria.size() - 1)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * One {@code [!]STATUS=ACTION} inside the brackets, lower-cased.
     *
     * <p>Go: {@code src/net/nss.go} {@code nssCriterion}.
     */
    record Criterion(boolean negate, String status, String action) {

        /**
         * Whether this criterion changes nothing: success returns, the other known statuses
         * continue, and on the last criterion "return" is as good as the default.
         *
         * <p>Go: {@code (nssCriterion).standardStatusAction}.
         */
        boolean standardStatusAction(boolean last) {
            if (negate) {
                return false;
            }
            String def;
            switch (status) {
                case "success" -> def = "return";
                case "notfound", "unavail", "tryagain" -> def = "continue";
                default -> {
                    return false; // a status we do not know
                }
            }
            if (last && action.equals("return")) {
                return true;
            }
            return action.equals(def);
        }
    }

    private final Instant mtime;
    private final IOException err;
    private final Map<String, List<Source>> sources;

    private NssConf(Instant mtime, IOException err, Map<String, List<Source>> sources) {
        this.mtime = mtime;
        this.err = err;
        Map<String, List<Source>> copy = new LinkedHashMap<>();
        sources.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.sources = Collections.unmodifiableMap(copy);
    }

    /** Go: {@code nssConf.mtime}; {@code null} is Go's zero time. */
    Instant mtime() {
        return mtime;
    }

    /** Go: {@code nssConf.err}: the open, stat or parse failure, if any. */
    IOException err() {
        return err;
    }

    /** Whether {@link #err()} says the file does not exist (Go: {@code errors.Is(err, fs.ErrNotExist)}). */
    boolean errNotExist() {
        return DnsConfig.isNotExist(err);
    }

    /** Go: {@code nssConf.sources}, by database; lines parsed before a parse error are kept. */
    Map<String, List<Source>> sources() {
        return sources;
    }

    /** The sources of one database, empty when it has none. */
    List<Source> sources(String db) {
        return sources.getOrDefault(db, List.of());
    }

    /** A configuration that failed with {@code err} (Go tests build {@code &nssConf{err: ...}}). */
    static NssConf ofError(IOException err) {
        return new NssConf(null, err, Map.of());
    }

    /**
     * Reads and parses a file; failures to open or stat it end up in {@link #err()}.
     *
     * <p>Go: {@code src/net/nss.go} {@code parseNSSConfFile}.
     * <p>Differs: the whole file is read rather than through Go's 64 KiB line buffer.
     */
    static NssConf parseFile(Path file) {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            return ofError(DnsConfig.pathError("open", file, e));
        }
        try {
            Instant mtime;
            try {
                mtime = Files.getLastModifiedTime(file).toInstant();
            } catch (IOException e) {
                return ofError(DnsConfig.pathError("stat", file, e));
            }
            byte[] data;
            try {
                data = in.readAllBytes();
            } catch (IOException e) {
                data = new byte[0]; // Go's line reader stops at a read error
            }
            return parse(new String(data, StandardCharsets.UTF_8), mtime);
        } finally {
            try {
                in.close();
            } catch (IOException e) {
                // everything is read; Go ignores close errors here too
            }
        }
    }

    /**
     * Parses nsswitch.conf text. Never throws; a malformed line stops the parse with Go's
     * error text in {@link #err()}.
     *
     * <p>Go: {@code src/net/nss.go} {@code parseNSSConf}.
     */
    static NssConf parse(String text, Instant mtime) {
        Map<String, List<Source>> sources = new LinkedHashMap<>();
        if (text == null) {
            text = "";
        }
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String line = trimSpace(removeComment(text.substring(start, end)));
            start = end + 1;
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon == -1) {
                return new NssConf(mtime, new IOException("no colon on line"), sources);
            }
            String db = trimSpace(line.substring(0, colon));
            String srcs = line.substring(colon + 1);
            while (true) {
                srcs = trimSpace(srcs);
                if (srcs.isEmpty()) {
                    break;
                }
                // Sources are separated by spaces only, as in Go.
                int sp = srcs.indexOf(' ');
                String src;
                if (sp == -1) {
                    src = srcs;
                    srcs = "";
                } else {
                    src = srcs.substring(0, sp);
                    srcs = trimSpace(srcs.substring(sp + 1));
                }
                List<Criterion> criteria = List.of();
                if (!srcs.isEmpty() && srcs.charAt(0) == '[') {
                    int bclose = srcs.indexOf(']');
                    if (bclose == -1) {
                        return new NssConf(mtime, new IOException("unclosed criterion bracket"), sources);
                    }
                    String inside = srcs.substring(1, bclose);
                    criteria = parseCriteria(inside);
                    if (criteria == null) {
                        return new NssConf(mtime, new IOException("invalid criteria: " + inside), sources);
                    }
                    srcs = srcs.substring(bclose + 1);
                }
                sources.computeIfAbsent(db, k -> new ArrayList<>()).add(new Source(src, criteria));
            }
        }
        return new NssConf(mtime, null, sources);
    }

    /**
     * Parses "foo=bar !foo=bar"; {@code null} when a criterion is shorter than three bytes
     * (after the '!') or has no '='.
     *
     * <p>Go: {@code src/net/nss.go} {@code parseCriteria}, with {@code foreachField}.
     */
    static List<Criterion> parseCriteria(String x) {
        List<Criterion> c = new ArrayList<>();
        x = trimSpace(x);
        while (!x.isEmpty()) {
            int sp = x.indexOf(' ');
            String field;
            if (sp == -1) {
                field = x;
                x = "";
            } else {
                field = trimSpace(x.substring(0, sp));
                x = trimSpace(x.substring(sp + 1));
            }
            if (field.isEmpty()) {
                continue;
            }
            boolean not = false;
            if (field.charAt(0) == '!') {
                not = true;
                field = field.substring(1);
            }
            if (field.length() < 3) {
                return null; // "criterion too short"
            }
            int eq = field.indexOf('=');
            if (eq == -1) {
                return null; // "criterion lacks equal sign"
            }
            field = lowerASCII(field);
            c.add(new Criterion(not, field.substring(0, eq), field.substring(eq + 1)));
        }
        return c;
    }

    /** {@code s} with ASCII upper case letters lowered. Go: {@code src/net/parse.go} {@code lowerASCIIBytes}. */
    private static String lowerASCII(String s) {
        char[] a = s.toCharArray();
        for (int i = 0; i < a.length; i++) {
            a[i] = DnsConfig.lowerASCII(a[i]);
        }
        return new String(a);
    }

    /** {@code x} without leading and trailing ASCII space, tab, CR and LF. Go: {@code src/net/parse.go} {@code trimSpace}. */
    static String trimSpace(String x) {
        int a = 0;
        int b = x.length();
        while (a < b && isSpace(x.charAt(a))) {
            a++;
        }
        while (b > a && isSpace(x.charAt(b - 1))) {
            b--;
        }
        return x.substring(a, b);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Go: {@code src/net/parse.go} {@code removeComment}. */
    static String removeComment(String line) {
        int i = line.indexOf('#');
        return i == -1 ? line : line.substring(0, i);
    }

    @Override
    public String toString() {
        return "NssConf{sources=" + sources + (err == null ? "" : ", err=" + err.getMessage()) + "}";
    }
}
