package dev.netdial.resolver;

import dev.netdial.api.IP;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed hosts file ({@code /etc/hosts}): the addresses of each name and the names of each
 * address. Immutable and thread-safe; parsing never throws on bad input and takes time linear in
 * the text.
 *
 * <p>Lines are "address name [alias...]"; '#' starts a comment; lines whose first field is not
 * an IP literal, or that have no name, are skipped. Addresses are kept in Go's canonical text
 * ("fe80::1%lo0", "::ffff:1.2.3.4", "127.0.0.1").
 *
 * <p>Go: {@code src/net/hosts.go}.
 *
 * <p>Differs: Go keeps one process-wide table re-read from {@code /etc/hosts}; here a table is a
 * value, and the re-reading cache is {@link HostsCache}, one per {@link Resolver}.
 */
public final class HostsFile {

    /** The entries of one lower-cased name: its addresses in file order and its canonical name. */
    private record ByName(List<String> addrs, String canonicalName) {
    }

    private static final HostsFile EMPTY = new HostsFile(Map.of(), Map.of());

    /** Lower-cased, rooted (when dotted) name → addresses and canonical name. */
    private final Map<String, ByName> byName;
    /** Canonical address text → names as written (rooted when dotted). */
    private final Map<String, List<String>> byAddr;

    private HostsFile(Map<String, ByName> byName, Map<String, List<String>> byAddr) {
        this.byName = byName;
        this.byAddr = byAddr;
    }

    /**
     * Parses the text of a hosts file. Never throws; malformed lines are skipped.
     *
     * <p>Go: {@code src/net/hosts.go} {@code readHosts} (the loop over lines).
     */
    public static HostsFile parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> addrsOf = new HashMap<>();
        Map<String, String> canonicalOf = new HashMap<>();
        Map<String, List<String>> is = new HashMap<>();
        for (String line : Parse.lines(text)) {
            List<String> f = Parse.getFields(Parse.stripComment(line));
            if (f.size() < 2) {
                continue;
            }
            String addr = parseLiteralIP(f.get(0));
            if (addr.isEmpty()) {
                continue;
            }
            String canonical = null;
            for (int i = 1; i < f.size(); i++) {
                String name = absDomainName(f.get(i));
                String key = absDomainName(Parse.lowerASCII(f.get(i)));
                if (i == 1) {
                    canonical = key;
                }
                is.computeIfAbsent(addr, k -> new ArrayList<>()).add(name);
                List<String> addrs = addrsOf.get(key);
                if (addrs == null) {
                    addrs = new ArrayList<>();
                    addrsOf.put(key, addrs);
                    // The first line naming a host decides its canonical name.
                    canonicalOf.put(key, canonical);
                }
                addrs.add(addr);
            }
        }
        Map<String, ByName> hs = new HashMap<>(addrsOf.size() * 2);
        for (Map.Entry<String, List<String>> e : addrsOf.entrySet()) {
            hs.put(e.getKey(), new ByName(List.copyOf(e.getValue()), canonicalOf.get(e.getKey())));
        }
        Map<String, List<String>> ia = new HashMap<>(is.size() * 2);
        for (Map.Entry<String, List<String>> e : is.entrySet()) {
            ia.put(e.getKey(), List.copyOf(e.getValue()));
        }
        return new HostsFile(Collections.unmodifiableMap(hs), Collections.unmodifiableMap(ia));
    }

    /**
     * Reads and parses a hosts file.
     *
     * <p>Go: {@code src/net/hosts.go} {@code readHosts}.
     *
     * @throws IOException if the file cannot be read
     */
    public static HostsFile read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return parse(Parse.readFile(path));
    }

    /** The table of a missing file: no entries. */
    static HostsFile empty() {
        return EMPTY;
    }

    /**
     * Whether the table has no names (Go re-checks the file on every lookup then).
     *
     * <p>Go: {@code src/net/hosts.go} {@code readHosts} ({@code len(hosts.byName) > 0}).
     */
    boolean isEmpty() {
        return byName.isEmpty();
    }

    /**
     * The addresses listed for {@code name}, in file order; empty when none. The match ignores
     * ASCII case; a dotted name matches with or without a trailing dot, a dotless one only
     * without ("odin." does not match "odin").
     *
     * <p>Go: {@code src/net/hosts.go} {@code lookupStaticHost} (its addresses).
     */
    public List<String> lookupHost(String name) {
        Objects.requireNonNull(name, "name");
        ByName b = find(name);
        return b == null ? List.of() : b.addrs();
    }

    /**
     * The canonical name of {@code name}: the first name, lower-cased and rooted when dotted, of
     * the first line that lists {@code name}; {@code null} when the file does not list it.
     *
     * <p>Go: {@code src/net/hosts.go} {@code lookupStaticHost} (its canonical name).
     */
    public String canonicalName(String name) {
        Objects.requireNonNull(name, "name");
        ByName b = find(name);
        return b == null ? null : b.canonicalName();
    }

    /**
     * The names listed for the address {@code addr} (any spelling of the same IP, with its
     * zone), as written in the file and rooted when dotted; empty when none or when {@code addr}
     * is not an IP literal.
     *
     * <p>Go: {@code src/net/hosts.go} {@code lookupStaticAddr}.
     */
    public List<String> lookupAddr(String addr) {
        Objects.requireNonNull(addr, "addr");
        if (addr == null) {
            return List.of();
        }
        String a = parseLiteralIP(addr);
        if (a.isEmpty()) {
            return List.of();
        }
        List<String> names = byAddr.get(a);
        return names == null ? List.of() : names;
    }

    /** The entry of a name, looked up lower-cased and rooted. Go: {@code src/net/hosts.go} {@code lookupStaticHost} (the key). */
    private ByName find(String name) {
        if (name == null || byName.isEmpty()) {
            return null;
        }
        return byName.get(absDomainName(Parse.lowerASCII(name)));
    }

    /**
     * A name with a dot gets a trailing dot, so that it is absolute like the names DNS answers
     * carry; a dotless name ("localhost") is left bare, since it is most likely a local one.
     *
     * <p>Go: {@code src/net/dnsclient.go} {@code absDomainName}.
     */
    static String absDomainName(String s) {
        if (s.indexOf('.') >= 0 && s.charAt(s.length() - 1) != '.') {
            return s + ".";
        }
        return s;
    }

    /**
     * The canonical text of an IP literal, with its zone ("fe80::1%lo0"), or "" when {@code addr}
     * is not one. The first '.', ':' or '%' decides the kind; an IPv4 address takes no zone, an
     * IPv6 zone must not be empty; an IPv4-mapped IPv6 address stays in IPv6 form
     * ("::ffff:1.2.3.4").
     *
     * <p>Go: {@code src/net/hosts.go} {@code parseLiteralIP}; {@code src/net/netip/netip.go}
     * {@code ParseAddr}, {@code Addr.String}.
     */
    static String parseLiteralIP(String addr) {
        IP.Zoned p = IP.parseZoned(addr);
        return p == null ? "" : IPAddrs.netipString(p);
    }
}
