package dev.netdial.resolver;

import dev.netdial.posix.internal.Dtoi;
import dev.netdial.api.DNSError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Service names to port numbers: Go's small built-in table merged with a services file
 * ({@code /etc/services}, "http 80/tcp www"), whose entries win. Immutable and thread-safe.
 *
 * <p>Go: {@code src/net/lookup.go} {@code services}, {@code lookupPortMap},
 * {@code lookupPortMapWithNetwork}; {@code src/net/port_unix.go} {@code readServices},
 * {@code goLookupPort}; {@code src/net/port.go} {@code parsePort}.
 *
 * <p>Differs: Go reads {@code /etc/services} once into its global table; here each table is a
 * value built by {@link #read(Path)} or {@link #parse(String)}.
 */
final class Services {

    /** Go's built-in table, for systems without a complete services file. */
    private static final Map<String, Map<String, Integer>> BUILTIN = Map.of(
            "udp", Map.of("domain", 53),
            "tcp", Map.ofEntries(
                    Map.entry("ftp", 21),
                    Map.entry("ftps", 990),
                    Map.entry("gopher", 70),
                    Map.entry("http", 80),
                    Map.entry("https", 443),
                    Map.entry("imap2", 143),
                    Map.entry("imap3", 220),
                    Map.entry("imaps", 993),
                    Map.entry("pop3", 110),
                    Map.entry("pop3s", 995),
                    Map.entry("smtp", 25),
                    Map.entry("submissions", 465),
                    Map.entry("ssh", 22),
                    Map.entry("telnet", 23)));

    /** The longest service name looked up: "mobility-header" and some room, in bytes. */
    static final int MAX_PORT_BUF_SIZE = "mobility-header".length() + 10;

    /** The outcome of {@link #parsePort}: a number, or the need to look a name up. */
    record ParsedPort(int port, boolean needsLookup) {
    }

    /** network ("tcp", "udp", ...) → service name → port. */
    private final Map<String, Map<String, Integer>> services;

    private Services(Map<String, Map<String, Integer>> services) {
        this.services = services;
    }

    /**
     * Go's built-in table alone.
     *
     * <p>Go: {@code src/net/lookup.go} {@code services}.
     */
    static Services builtin() {
        return new Services(BUILTIN);
    }

    /**
     * The built-in table merged with a services file; a file that cannot be read adds nothing.
     *
     * <p>Go: {@code src/net/port_unix.go} {@code readServices}.
     */
    static Services read(Path path) {
        String text;
        try {
            text = Parse.readFile(path);
        } catch (IOException e) {
            return builtin();
        }
        return parse(text);
    }

    /**
     * The built-in table merged with the text of a services file. Never throws; malformed lines
     * are skipped; a later line overrides an earlier one, and the file overrides the built-ins.
     * Names are stored as written (a lookup lower-cases only the name asked for, as Go does).
     *
     * <p>Go: {@code src/net/port_unix.go} {@code readServices}.
     */
    static Services parse(String text) {
        Map<String, Map<String, Integer>> m = new HashMap<>();
        for (Map.Entry<String, Map<String, Integer>> e : BUILTIN.entrySet()) {
            m.put(e.getKey(), new HashMap<>(e.getValue()));
        }
        for (String line : Parse.lines(text)) {
            List<String> f = Parse.getFields(Parse.stripComment(line));
            if (f.size() < 2) {
                continue;
            }
            String portnet = f.get(1); // "80/tcp"
            Dtoi d = Dtoi.of(portnet);
            int j = d.i();
            if (!d.ok() || d.n() <= 0 || j >= portnet.length() || portnet.charAt(j) != '/') {
                continue;
            }
            Map<String, Integer> byName = m.computeIfAbsent(portnet.substring(j + 1), k -> new HashMap<>());
            for (int i = 0; i < f.size(); i++) {
                if (i != 1) {
                    byName.put(f.get(i), d.n());
                }
            }
        }
        Map<String, Map<String, Integer>> frozen = new HashMap<>();
        for (Map.Entry<String, Map<String, Integer>> e : m.entrySet()) {
            frozen.put(e.getKey(), Map.copyOf(e.getValue()));
        }
        return new Services(Collections.unmodifiableMap(frozen));
    }

    /**
     * The port of {@code service} for a network: "ip" tries TCP then UDP; "tcp4"/"tcp6" and
     * "udp4"/"udp6" use the TCP and UDP tables. An unknown name is a {@link DNSError} "lookup
     * tcp/foo: unknown port" ({@code isNotFound}); an unknown network "lookup foo/bar: unknown
     * network".
     *
     * <p>Go: {@code src/net/lookup.go} {@code lookupPortMap}.
     */
    int lookupPortMap(String network, String service) throws DNSError {
        switch (network) {
            case "ip":
                try {
                    return lookupPortMapWithNetwork("tcp", "ip", service);
                } catch (DNSError e) {
                    return lookupPortMapWithNetwork("udp", "ip", service);
                }
            case "tcp", "tcp4", "tcp6":
                return lookupPortMapWithNetwork("tcp", "tcp", service);
            case "udp", "udp4", "udp6":
                return lookupPortMapWithNetwork("udp", "udp", service);
            default:
                throw new DNSError("unknown network", network + "/" + service, "", false, false, false);
        }
    }

    /**
     * One table's port for {@code service}, matched after ASCII lower-casing; names longer than
     * {@link #MAX_PORT_BUF_SIZE} bytes never match.
     *
     * <p>Go: {@code src/net/lookup.go} {@code lookupPortMapWithNetwork}.
     */
    private int lookupPortMapWithNetwork(String network, String errNetwork, String service) throws DNSError {
        Map<String, Integer> m = services.get(network);
        if (m == null) {
            throw new DNSError("unknown network", errNetwork + "/" + service, "", false, false, false);
        }
        if (service.getBytes(StandardCharsets.UTF_8).length <= MAX_PORT_BUF_SIZE) {
            Integer port = m.get(Parse.lowerASCII(service));
            if (port != null) {
                return port;
            }
        }
        throw unknownPort(errNetwork + "/" + service);
    }

    /**
     * Go's "unknown port" lookup error, a not-found error.
     *
     * <p>Go: {@code src/net/net.go} {@code errUnknownPort}, {@code newDNSError}.
     */
    static DNSError unknownPort(String name) {
        return new DNSError("unknown port", name, "", false, false, true);
    }

    /**
     * Reads {@code service} as a decimal port: "" is 0; an optional sign; digits only, else a
     * name lookup is needed. Out-of-range numbers are kept large (clamped to about ±2^30) so
     * that the caller's range check refuses them instead of wrapping.
     *
     * <p>Go: {@code src/net/port.go} {@code parsePort}.
     */
    static ParsedPort parsePort(String service) {
        if (service.isEmpty()) {
            // Go keeps "" meaning port 0 (go.dev/issue/13610).
            return new ParsedPort(0, false);
        }
        final long max = (1L << 32) - 1;
        final long cutoff = 1L << 30;
        boolean neg = false;
        int start = 0;
        if (service.charAt(0) == '+') {
            start = 1;
        } else if (service.charAt(0) == '-') {
            neg = true;
            start = 1;
        }
        long n = 0;
        for (int i = start; i < service.length(); i++) {
            char c = service.charAt(i);
            if (c < '0' || c > '9') {
                return new ParsedPort(0, true);
            }
            if (n >= cutoff) {
                n = max;
                break;
            }
            n = n * 10 + (c - '0');
            if (n > max) {
                n = max;
                break;
            }
        }
        long port;
        if (!neg && n >= cutoff) {
            port = cutoff - 1;
        } else if (neg && n > cutoff) {
            port = cutoff;
        } else {
            port = n;
        }
        return new ParsedPort((int) (neg ? -port : port), false);
    }
}
