package dev.netdial.resolver;

import dev.netdial.posix.internal.Dtoi;
import dev.netdial.api.AddrError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IP protocol names to numbers ("icmp" → 1), for networks such as "ip4:icmp": Go's built-in
 * table plus a protocols file ({@code /etc/protocols}), which only adds names the table lacks.
 * Immutable and thread-safe.
 *
 * <p>Go: {@code src/net/lookup.go} {@code protocols}, {@code lookupProtocolMap};
 * {@code src/net/lookup_unix.go} {@code readProtocols}, {@code lookupProtocol}.
 */
final class Protocols {

    /** Go's built-in table. */
    private static final Map<String, Integer> BUILTIN = Map.of(
            "icmp", 1, "igmp", 2, "tcp", 6, "udp", 17, "ipv6-icmp", 58);

    /** The longest protocol name looked up: "RSVP-E2E-IGNORE" and some room, in bytes. */
    static final int MAX_PROTO_LENGTH = "RSVP-E2E-IGNORE".length() + 10;

    private final Map<String, Integer> protocols;

    private Protocols(Map<String, Integer> protocols) {
        this.protocols = protocols;
    }

    /**
     * The built-in table plus a protocols file; a file that cannot be read adds nothing.
     *
     * <p>Go: {@code src/net/lookup_unix.go} {@code readProtocols}.
     */
    static Protocols read(Path path) {
        try {
            return parse(Parse.readFile(path));
        } catch (IOException e) {
            return new Protocols(BUILTIN);
        }
    }

    /**
     * The built-in table plus the text of a protocols file ("tcp 6 TCP # comment"): the name and
     * its aliases are added when not yet known. Never throws.
     *
     * <p>Go: {@code src/net/lookup_unix.go} {@code readProtocols}.
     */
    static Protocols parse(String text) {
        Map<String, Integer> m = new HashMap<>(BUILTIN);
        for (String line : Parse.lines(text)) {
            List<String> f = Parse.getFields(Parse.stripComment(line));
            if (f.size() < 2) {
                continue;
            }
            Dtoi d = Dtoi.of(f.get(1));
            if (d.ok()) {
                m.putIfAbsent(f.get(0), d.n());
                for (String alias : f.subList(2, f.size())) {
                    m.putIfAbsent(alias, d.n());
                }
            }
        }
        return new Protocols(Map.copyOf(m));
    }

    /**
     * The number of protocol {@code name}, matched after ASCII lower-casing.
     *
     * <p>Go: {@code src/net/lookup.go} {@code lookupProtocolMap}.
     *
     * @throws AddrError "address foo: unknown IP protocol specified"
     */
    int lookupProtocol(String name) throws AddrError {
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_PROTO_LENGTH) {
            Integer p = protocols.get(Parse.lowerASCII(name));
            if (p != null) {
                return p;
            }
        }
        throw new AddrError("unknown IP protocol specified", name);
    }
}
