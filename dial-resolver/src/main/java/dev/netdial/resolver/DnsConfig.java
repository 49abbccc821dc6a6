package dev.netdial.resolver;

import dev.netdial.posix.internal.Dtoi;
import dev.netdial.api.Errno;
import dev.netdial.api.HostPort;
import dev.netdial.api.IP;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The stub resolver configuration of {@code /etc/resolv.conf}: name servers, search list and
 * options, with Go's defaults for whatever the file leaves out.
 *
 * <p>Instances are immutable apart from the rotation counter behind {@link #serverOffset()}.
 *
 * <p>Go: {@code src/net/dnsconfig.go} {@code dnsConfig}; {@code src/net/dnsconfig_unix.go}
 * {@code dnsReadConfig}; {@code src/net/dnsclient_unix.go} {@code nameList}, {@code avoidDNS}.
 */
public final class DnsConfig {

    /** Go: {@code defaultNS}, used when no usable {@code nameserver} line is present. */
    static final List<String> DEFAULT_NS = List.of("127.0.0.1:53", "[::1]:53");

    private final List<String> servers;
    private final List<String> search;
    private final int ndots;
    private final Duration timeout;
    private final int attempts;
    private final boolean rotate;
    private final boolean unknownOpt;
    private final List<String> lookup;
    private final IOException err;
    private final Instant mtime;
    private final boolean singleRequest;
    private final boolean useTCP;
    private final boolean trustAD;
    private final boolean noReload;
    private final AtomicInteger soffset = new AtomicInteger();

    /** The immutable configuration from what the parser gathered. netdial's own: Go fills one mutable {@code dnsConfig}. */
    private DnsConfig(Parsed p) {
        this.servers = List.copyOf(p.servers);
        this.search = List.copyOf(p.search);
        this.ndots = p.ndots;
        this.timeout = p.timeout;
        this.attempts = p.attempts;
        this.rotate = p.rotate;
        this.unknownOpt = p.unknownOpt;
        this.lookup = List.copyOf(p.lookup);
        this.err = p.err;
        this.mtime = p.mtime;
        this.singleRequest = p.singleRequest;
        this.useTCP = p.useTCP;
        this.trustAD = p.trustAD;
        this.noReload = p.noReload;
    }

    /** The mutable state of one parse; frozen into a {@link DnsConfig} at the end. */
    private static final class Parsed {
        List<String> servers = new ArrayList<>();
        List<String> search; // null until a search or domain line sets it, as Go's nil slice
        int ndots = 1;
        Duration timeout = Duration.ofSeconds(5);
        int attempts = 2;
        boolean rotate;
        boolean unknownOpt;
        List<String> lookup = List.of();
        IOException err;
        Instant mtime;
        boolean singleRequest;
        boolean useTCP;
        boolean trustAD;
        boolean noReload;
    }

    /**
     * Parses the text of a resolv.conf file. No file or system access: {@code hostname} is the
     * host name the default search list comes from when the text has no {@code search} or
     * {@code domain} line; {@code null} means the host name is unknown, so there is no default
     * search list. Never throws for any text; a null text is a {@code NullPointerException}.
     *
     * <p>Go: {@code src/net/dnsconfig_unix.go} {@code dnsReadConfig}, past the open and stat.
     */
    public static DnsConfig parse(String resolvConf, String hostname) {
        Objects.requireNonNull(resolvConf, "resolvConf");
        Parsed p = new Parsed();
        parseLines(p, resolvConf);
        return finish(p, () -> hostname);
    }

    /**
     * Reads and parses a resolv.conf file, taking the default search list from the system's
     * host name. A file that cannot be opened gives Go's defaults, with the cause in
     * {@link #err()} worded as Go's ("open /etc/resolv.conf: no such file or directory").
     *
     * <p>Go: {@code src/net/dnsconfig_unix.go} {@code dnsReadConfig}.
     */
    public static DnsConfig read(Path resolvConf) {
        Objects.requireNonNull(resolvConf, "resolvConf");
        return read(resolvConf, DnsConfig::systemHostname);
    }

    /**
     * {@link #read(Path)} with the host name from {@code hostname} (which returns {@code null}
     * when it is unknown); asked only when the default search list is needed.
     *
     * <p>Go: {@code src/net/dnsconfig_unix.go} {@code dnsReadConfig}; the supplier stands for
     * Go's {@code getHostname} test variable.
     * <p>Differs: Go reads through its 64 KiB line buffer and silently stops at a longer line
     * or at a read error; here the whole file is read, and a read error after a successful open
     * (a directory, say) leaves an empty configuration with no error, as Go's loop ends.
     */
    static DnsConfig read(Path path, Supplier<String> hostname) {
        Parsed p = new Parsed();
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (IOException e) {
            return failed(p, hostname, pathError("open", path, e));
        }
        byte[] data;
        try {
            try {
                p.mtime = Files.getLastModifiedTime(path).toInstant();
            } catch (IOException e) {
                return failed(p, hostname, pathError("stat", path, e));
            }
            try {
                data = in.readAllBytes();
            } catch (IOException e) {
                data = new byte[0];
            }
        } finally {
            closeQuietly(in);
        }
        parseLines(p, new String(data, StandardCharsets.UTF_8));
        return finish(p, hostname);
    }

    /**
     * Go's defaults with the open or stat error recorded.
     *
     * <p>Go: {@code src/net/dnsconfig_unix.go} {@code dnsReadConfig}, its early return when the file cannot be opened.
     */
    private static DnsConfig failed(Parsed p, Supplier<String> hostname, IOException err) {
        p.servers = new ArrayList<>(DEFAULT_NS);
        p.search = dnsDefaultSearch(hostname.get());
        p.err = err;
        p.mtime = null;
        return new DnsConfig(p);
    }

    /** Closes the file, ignoring the error. Go: {@code dnsReadConfig}'s {@code defer file.close()}. */
    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the data is already read; Go ignores close errors here too
        }
    }

    /**
     * Applies Go's defaults for servers and the search list.
     *
     * <p>Go: the end of {@code src/net/dnsconfig_unix.go} {@code dnsReadConfig}.
     */
    private static DnsConfig finish(Parsed p, Supplier<String> hostname) {
        if (p.servers.isEmpty()) {
            p.servers = new ArrayList<>(DEFAULT_NS);
        }
        if (p.search == null || p.search.isEmpty()) {
            p.search = dnsDefaultSearch(hostname.get());
        }
        return new DnsConfig(p);
    }

    /**
     * The line loop: comments, then one keyword per line.
     *
     * <p>Go: {@code src/net/dnsconfig_unix.go} {@code dnsReadConfig}.
     */
    private static void parseLines(Parsed conf, String text) {
        int start = 0;
        int n = text.length();
        while (start < n) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? n : nl;
            parseLine(conf, text.substring(start, end));
            start = end + 1;
        }
    }

    /**
     * One line of resolv.conf: a comment, or a keyword ({@code nameserver}, {@code domain},
     * {@code search}, {@code options}, {@code lookup}) with its fields; anything else marks
     * {@code unknownOpt}.
     *
     * <p>Go: {@code src/net/dnsconfig_unix.go} {@code dnsReadConfig}, the body of its line loop.
     */
    private static void parseLine(Parsed conf, String line) {
        if (!line.isEmpty() && (line.charAt(0) == ';' || line.charAt(0) == '#')) {
            return; // a comment only when the first byte says so
        }
        List<String> f = getFields(line);
        if (f.isEmpty()) {
            return;
        }
        switch (f.get(0)) {
            case "nameserver" -> {
                // At most three servers count, and only IP literals: a name would need DNS.
                if (f.size() > 1 && conf.servers.size() < 3 && isAddr(f.get(1))) {
                    conf.servers.add(HostPort.join(f.get(1), "53"));
                }
            }
            case "domain" -> {
                if (f.size() > 1) {
                    conf.search = new ArrayList<>(List.of(ensureRooted(f.get(1))));
                }
            }
            case "search" -> {
                conf.search = new ArrayList<>(f.size() - 1);
                for (int i = 1; i < f.size(); i++) {
                    String name = ensureRooted(f.get(i));
                    if (name.equals(".")) {
                        continue; // the root adds nothing to a search list
                    }
                    conf.search.add(name);
                }
            }
            case "options" -> {
                for (int i = 1; i < f.size(); i++) {
                    parseOption(conf, f.get(i));
                }
            }
            case "lookup" -> conf.lookup = List.copyOf(f.subList(1, f.size())); // OpenBSD
            default -> conf.unknownOpt = true;
        }
    }

    /** One word of an {@code options} line. Go: {@code dnsReadConfig}'s options switch. */
    private static void parseOption(Parsed conf, String s) {
        if (s.startsWith("ndots:")) {
            conf.ndots = Math.min(Math.max(Dtoi.of(s.substring(6)).n(), 0), 15);
        } else if (s.startsWith("timeout:")) {
            conf.timeout = Duration.ofSeconds(Math.max(Dtoi.of(s.substring(8)).n(), 1));
        } else if (s.startsWith("attempts:")) {
            conf.attempts = Math.max(Dtoi.of(s.substring(9)).n(), 1);
        } else {
            switch (s) {
                case "rotate" -> conf.rotate = true;
                // Linux: A and AAAA one after the other instead of in parallel.
                case "single-request", "single-request-reopen" -> conf.singleRequest = true;
                // Linux (use-vc), FreeBSD (usevc), OpenBSD (tcp): TCP only.
                case "use-vc", "usevc", "tcp" -> conf.useTCP = true;
                case "trust-ad" -> conf.trustAD = true;
                case "edns0" -> {
                    // EDNS(0) is always on; nothing to record.
                }
                case "no-reload" -> conf.noReload = true;
                default -> conf.unknownOpt = true;
            }
        }
    }

    /**
     * Whether {@code s} is an IP address literal, an IPv6 one possibly with a non-empty zone.
     *
     * <p>Go: {@code net/netip.ParseAddr} succeeding.
     */
    static boolean isAddr(String s) {
        return IP.parseZoned(s) != null;
    }

    /**
     * Splits at spaces, tabs, carriage returns and newlines, dropping empty fields.
     *
     * <p>Go: {@code src/net/parse.go} {@code getFields}.
     */
    static List<String> getFields(String s) {
        List<String> out = new ArrayList<>();
        int last = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\r' || c == '\t' || c == '\n') {
                if (last < i) {
                    out.add(s.substring(last, i));
                }
                last = i + 1;
            }
        }
        if (last < s.length()) {
            out.add(s.substring(last));
        }
        return out;
    }

    /** Go: {@code src/net/dnsconfig.go} {@code ensureRooted}. */
    static String ensureRooted(String s) {
        return !s.isEmpty() && s.charAt(s.length() - 1) == '.' ? s : s + ".";
    }

    /**
     * The search list implied by the host name: the text after its first dot, rooted; empty
     * when the name is unknown ({@code null}), has no dot, or ends at its first dot.
     *
     * <p>Go: {@code src/net/dnsconfig_unix.go} {@code dnsDefaultSearch}.
     */
    static List<String> dnsDefaultSearch(String hostname) {
        if (hostname == null) {
            return new ArrayList<>();
        }
        int i = hostname.indexOf('.');
        if (i >= 0 && i < hostname.length() - 1) {
            return new ArrayList<>(List.of(ensureRooted(hostname.substring(i + 1))));
        }
        return new ArrayList<>();
    }

    /**
     * The host name the kernel reports (the UTS node name), or {@code null} when it cannot be
     * read.
     *
     * <p>Go: {@code src/os/sys_linux.go} {@code hostname}.
     * <p>Differs: Go asks {@code uname(2)} first and falls back to
     * {@code /proc/sys/kernel/hostname}; both return the same node name, and only the file is
     * read here, since LibC maps no {@code uname}.
     */
    static String systemHostname() {
        try {
            String s = new String(Files.readAllBytes(Path.of("/proc/sys/kernel/hostname")), StandardCharsets.UTF_8);
            if (s.endsWith("\n")) {
                s = s.substring(0, s.length() - 1);
            }
            return s;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * An error worded as Go's {@code *os.PathError} ("open /etc/resolv.conf: no such file or
     * directory"), keeping the Java exception as its cause.
     *
     * <p>Go: {@code src/io/fs/fs.go} {@code (*PathError).Error}.
     * <p>Differs: the errno text is recovered from the JDK's exception type or reason, as Java
     * gives no errno.
     */
    static IOException pathError(String op, Path path, IOException cause) {
        String text;
        if (cause instanceof NoSuchFileException) {
            text = Errno.ENOENT.message();
        } else if (cause instanceof AccessDeniedException) {
            text = Errno.EACCES.message();
        } else if (cause instanceof NotDirectoryException) {
            text = Errno.ENOTDIR.message();
        } else if (cause instanceof FileSystemException fse && fse.getReason() != null) {
            text = fse.getReason();
            // The JDK gives strerror's text ("Is a directory"); Go's table writes it in lower case.
            for (Errno e : Errno.values()) {
                if (e.message().equalsIgnoreCase(text)) {
                    text = e.message();
                    break;
                }
            }
        } else {
            text = String.valueOf(cause.getMessage());
        }
        return new IOException(op + " " + path + ": " + text, cause);
    }

    // ---- accessors ----

    /** Go: {@code dnsConfig.err}, the failure to open or stat the file, if any. */
    public Optional<IOException> err() {
        return Optional.ofNullable(err);
    }

    /** Whether {@link #err()} says the file does not exist (Go: {@code errors.Is(err, fs.ErrNotExist)}). */
    boolean errNotExist() {
        return isNotExist(err);
    }

    /** Whether {@link #err()} is a permission failure (Go: {@code errors.Is(err, fs.ErrPermission)}). */
    boolean errPermission() {
        return isPermission(err);
    }

    /**
     * Go's {@code errors.Is(err, fs.ErrNotExist)} for an error from {@link #pathError}: the
     * file is missing (ENOENT only, as Go's {@code Errno.Is}).
     */
    static boolean isNotExist(IOException err) {
        return err != null && err.getCause() instanceof NoSuchFileException;
    }

    /** Go's {@code errors.Is(err, fs.ErrPermission)}: EACCES or EPERM. */
    static boolean isPermission(IOException err) {
        return err != null && (err.getCause() instanceof AccessDeniedException
                || err.getCause() instanceof FileSystemException f && Errno.EPERM.message().equalsIgnoreCase(f.getReason()));
    }

    /** Go: {@code dnsConfig.servers}: "host:port", at most three, never empty. */
    public List<String> servers() {
        return servers;
    }

    /** Go: {@code dnsConfig.search}: rooted suffixes. */
    public List<String> search() {
        return search;
    }

    /** Go: {@code dnsConfig.ndots}, 0..15. */
    public int ndots() {
        return ndots;
    }

    /** Go: {@code dnsConfig.timeout}, at least one second. */
    public Duration timeout() {
        return timeout;
    }

    /** Go: {@code dnsConfig.attempts}, at least 1. */
    public int attempts() {
        return attempts;
    }

    /** Go: {@code dnsConfig.rotate}. */
    public boolean rotate() {
        return rotate;
    }

    /** Go: {@code dnsConfig.unknownOpt}: a keyword or option this parser does not know. */
    public boolean unknownOpt() {
        return unknownOpt;
    }

    /** Go: {@code dnsConfig.singleRequest}. */
    public boolean singleRequest() {
        return singleRequest;
    }

    /** Go: {@code dnsConfig.useTCP}. */
    public boolean useTCP() {
        return useTCP;
    }

    /** Go: {@code dnsConfig.trustAD}. */
    public boolean trustAD() {
        return trustAD;
    }

    /** Go: {@code dnsConfig.noReload}. */
    public boolean noReload() {
        return noReload;
    }

    /** Go: {@code dnsConfig.lookup}, OpenBSD's "lookup" line (kept, unused on Linux). */
    List<String> lookup() {
        return lookup;
    }

    /**
     * Go: {@code dnsConfig.mtime}, the file's modification time when it was read; {@code null}
     * for Go's zero time (not read from a file, or the stat failed).
     */
    Instant mtime() {
        return mtime;
    }

    /**
     * The index offset for choosing servers: 0 every time unless {@code rotate} is set, then
     * 0, 1, 2, ... (an unsigned 32-bit counter; use {@link Integer#remainderUnsigned}).
     *
     * <p>Go: {@code src/net/dnsconfig.go} {@code (*dnsConfig).serverOffset}.
     */
    int serverOffset() {
        return rotate ? soffset.getAndIncrement() : 0;
    }

    /**
     * A copy of this configuration with other servers, given in "host:port" form. For tests
     * that point the resolver at a fake server on an ephemeral port.
     *
     * <p>netdial's own: Go's tests set {@code dnsConfig.servers} directly; the fields here are final.
     */
    DnsConfig withServers(List<String> hostPorts) {
        Parsed p = new Parsed();
        p.servers = new ArrayList<>(hostPorts);
        p.search = search;
        p.ndots = ndots;
        p.timeout = timeout;
        p.attempts = attempts;
        p.rotate = rotate;
        p.unknownOpt = unknownOpt;
        p.lookup = lookup;
        p.err = err;
        p.mtime = mtime;
        p.singleRequest = singleRequest;
        p.useTCP = useTCP;
        p.trustAD = trustAD;
        p.noReload = noReload;
        return new DnsConfig(p);
    }

    // ---- names to try ----

    /**
     * Whether DNS must not be asked about {@code name}: the empty name, and {@code .onion}
     * names (RFC 7686), in any ASCII case, with or without the trailing dot. {@code .local}
     * names still go to DNS (go.dev/issue/16739).
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code avoidDNS}.
     */
    static boolean avoidDNS(String name) {
        if (name.isEmpty()) {
            return true;
        }
        if (name.charAt(name.length() - 1) == '.') {
            name = name.substring(0, name.length() - 1);
        }
        return hasSuffixFoldASCII(name, ".onion");
    }

    /** Whether {@code s} ends with {@code suffix}, ASCII case ignored. Go: {@code src/net/parse.go} {@code stringsHasSuffixFold}. */
    static boolean hasSuffixFoldASCII(String s, String suffix) {
        int off = s.length() - suffix.length();
        if (off < 0) {
            return false;
        }
        for (int i = 0; i < suffix.length(); i++) {
            if (lowerASCII(s.charAt(off + i)) != lowerASCII(suffix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Go: {@code src/net/parse.go} {@code lowerASCII}. */
    static char lowerASCII(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /**
     * The fully qualified names to query for {@code name}, in order: a rooted name alone; else
     * the name itself first when it has at least {@code ndots} dots, then the name with each
     * search suffix, then the name itself last when it has fewer dots. Names over 254 bytes
     * (253 unrooted) give nothing, suffixed names over 254 bytes are skipped, and every
     * candidate {@link #avoidDNS} rejects is left out.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*dnsConfig).nameList}.
     */
    public List<String> nameList(String name) {
        Objects.requireNonNull(name, "name");
        // Lengths are in bytes, as in Go; more chars than 254 is always too long.
        if (name.length() > 254) {
            return List.of();
        }
        int l = utf8Length(name);
        boolean rooted = l > 0 && name.charAt(name.length() - 1) == '.';
        if (l > 254 || l == 254 && !rooted) {
            return List.of();
        }
        if (rooted) {
            return avoidDNS(name) ? List.of() : List.of(name);
        }
        boolean hasNdots = count(name, '.') >= ndots;
        name += ".";
        l++;
        List<String> names = new ArrayList<>(1 + search.size());
        if (hasNdots && !avoidDNS(name)) {
            names.add(name);
        }
        for (String suffix : search) {
            String fqdn = name + suffix;
            if (!avoidDNS(fqdn) && l + utf8Length(suffix) <= 254) {
                names.add(fqdn);
            }
        }
        if (!hasNdots && !avoidDNS(name)) {
            names.add(name);
        }
        return Collections.unmodifiableList(names);
    }

    /** How many times {@code c} occurs in {@code s}. Go: {@code src/net/parse.go} {@code count}. */
    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /**
     * The length of {@code s} in UTF-8, as Go's {@code len} counts a string.
     *
     * <p>netdial's own: a Go string is its UTF-8 bytes, so Go needs no such helper.
     */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3; // a lone surrogate becomes U+FFFD, three bytes, as Go converts it
            }
        }
        return n;
    }

    /** The settings, for logs and test failures. netdial's own: Go's {@code dnsConfig} has no {@code String}. */
    @Override
    public String toString() {
        return "DnsConfig{servers=" + servers + ", search=" + search + ", ndots=" + ndots + ", timeout=" + timeout
                + ", attempts=" + attempts + ", rotate=" + rotate + ", unknownOpt=" + unknownOpt
                + ", singleRequest=" + singleRequest + ", useTCP=" + useTCP + ", trustAD=" + trustAD
                + ", noReload=" + noReload + (lookup.isEmpty() ? "" : ", lookup=" + lookup)
                + (err == null ? "" : ", err=" + err.getMessage()) + (mtime == null ? "" : ", mtime=" + mtime) + "}";
    }
}
