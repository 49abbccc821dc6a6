package dev.netdial.examples;

import dev.netdial.api.Context;
import dev.netdial.api.IP;
import dev.netdial.resolver.Resolver;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code netdial lookup KIND NAME}: one lookup through {@link Resolver#defaultResolver()}, one
 * answer a line. KIND is host, ip, port, cname, srv, mx, ns, txt or addr. NAME is the name to
 * look up; for port it is {@code NETWORK/SERVICE} ({@code tcp/http}, {@code udp/53}; a bare
 * SERVICE means tcp), the form of Go's "lookup tcp/foo: unknown port"; for srv it is the whole
 * record name ({@code _http._tcp.example.com}, Go's {@code LookupSRV("", "", name)}); for
 * addr an IP address. A failure prints Go's error text and exits 1.
 *
 * <p>Output: host and addr as Go returns them; ip as {@link IP#format}; srv as
 * {@code target port priority weight}; mx as {@code host pref}; ns as the host; txt one record
 * a line (its strings joined, as Go does).
 *
 * <p>Go: {@code src/net/lookup.go} {@code LookupHost}, {@code LookupIP}, {@code LookupPort},
 * {@code LookupCNAME}, {@code LookupSRV}, {@code LookupMX}, {@code LookupNS}, {@code LookupTXT},
 * {@code LookupAddr}.
 */
public final class LookupCommand {

    /** The kinds, in the order the usage lists them. */
    static final List<String> KINDS = List.of("host", "ip", "port", "cname", "srv", "mx", "ns", "txt", "addr");

    private final PrintStream out;
    private final PrintStream err;

    LookupCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws Flags.UsageException {
        Flags f = Flags.parse(args, Set.of(), Set.of());
        if (f.positional().size() != 2) {
            throw new Flags.UsageException("want KIND NAME, got " + f.positional());
        }
        String kind = f.positional().get(0);
        String name = f.positional().get(1);
        if (!KINDS.contains(kind)) {
            throw new Flags.UsageException("unknown KIND \"" + kind + "\", want one of " + String.join(", ", KINDS));
        }
        List<String> answers;
        try {
            answers = lookup(Resolver.defaultResolver(), Context.background(), kind, name);
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        for (String a : answers) {
            out.println(a);
        }
        return 0;
    }

    /**
     * The answer lines of one lookup of a known {@code kind}, as {@code netdial lookup} prints
     * them (the namespace tests compare against these lines too).
     */
    public static List<String> lookup(Resolver r, Context ctx, String kind, String name) throws IOException {
        return switch (kind) {
            case "host" -> r.lookupHost(ctx, name);
            case "ip" -> r.lookupIP(ctx, "ip", name).stream().map(IP::format).toList();
            case "port" -> {
                int slash = name.indexOf('/');
                String network = slash < 0 ? "tcp" : name.substring(0, slash);
                String service = slash < 0 ? name : name.substring(slash + 1);
                yield List.of(Integer.toString(r.lookupPort(ctx, network, service)));
            }
            case "cname" -> List.of(r.lookupCNAME(ctx, name));
            case "srv" -> r.lookupSRV(ctx, "", "", name).stream()
                    .map(s -> s.target() + " " + s.port() + " " + s.priority() + " " + s.weight()).toList();
            case "mx" -> r.lookupMX(ctx, name).stream().map(m -> m.host() + " " + m.pref()).toList();
            case "ns" -> r.lookupNS(ctx, name).stream().map(n -> n.host()).toList();
            case "txt" -> r.lookupTXT(ctx, name);
            case "addr" -> r.lookupAddr(ctx, name);
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }
}
