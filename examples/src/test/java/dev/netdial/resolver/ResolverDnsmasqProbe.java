package dev.netdial.resolver;

import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.DNSError;
import dev.netdial.api.IP;
import dev.netdial.api.Listener;
import dev.netdial.api.TCPAddr;
import dev.netdial.examples.LocalDns;
import dev.netdial.examples.LocalDnsAnswers;
import dev.netdial.examples.LookupCommand;
import dev.netdial.resolver.message.DnsClass;
import dev.netdial.resolver.message.Type;
import dev.netdial.tcp.Dialer;
import dev.netdial.tcp.Net;
import dev.netdial.testing.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe JVM of {@link ResolverDnsmasqTest}, run beside dnsmasq serving {@link LocalDns}'s
 * zone on 127.0.0.53:53. It asks two resolvers made over the namespace's {@code /etc} files:
 * one forced to Go's DNS client ({@code netdns=go}), one to the C library ({@code netdns=cgo},
 * getaddrinfo) where the kind allows.
 *
 * <p>Keys: {@code go} and {@code cgo}: "KIND NAME" → the answer lines (as {@code netdial
 * lookup} prints them) or {@code {"error": …}}; {@code goNx}: kind → the error of looking up
 * {@link LocalDns#NX} ({@code message}, {@code class}, {@code name}, {@code server},
 * {@code err}, {@code isNotFound}, {@code isTemporary}, {@code isTimeout}), and under "addr" the error of
 * looking up {@link LocalDns#NX_ADDR}; {@code cgoNx}: the same for host and ip through the C
 * library; {@code srvParts}:
 * {@code lookupSRV("http", "tcp", "netdial.test")}; {@code ip4} and {@code ip6}: lookupIP with
 * those networks; {@code dial} and {@code dialCgo}: a dial to {@code www.netdial.test:PORT}
 * through each resolver, with a listener on 127.0.0.1:PORT ({@code remote}, {@code echo});
 * {@code familyQueries}: for go4, go6, cgo4, cgo6 a tcp4/tcp6 dial through that resolver to a
 * name of its own (family-KEY.netdial.test, NXDOMAIN) and the A and AAAA queries dnsmasq logged
 * for it ({@code A}, {@code AAAA}, {@code error});
 * {@code crash} on failure.
 */
public final class ResolverDnsmasqProbe {

    private ResolverDnsmasqProbe() {
    }

    public static void main(String[] args) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            run(out);
        } catch (Throwable t) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            out.put("crash", sw.toString());
        }
        System.out.println(Json.stringify(out));
        System.out.flush();
    }

    /** A resolver over the system's files, deciding as {@code netdial.netdns=netdns} would. */
    static Resolver resolver(String netdns) {
        return new Resolver(new HostsCache(Path.of("/etc/hosts")), new SystemResolver(),
                Services.read(Path.of("/etc/services")), Protocols.read(Path.of("/etc/protocols")),
                new ResolverConfig(), null, null, false, netdns);
    }

    private static void run(Map<String, Object> out) throws IOException {
        Resolver go = resolver("go");
        Resolver cgo = resolver("cgo");
        Context ctx = Context.background();
        Map<String, Object> goAnswers = new LinkedHashMap<>();
        Map<String, Object> cgoAnswers = new LinkedHashMap<>();
        for (LocalDnsAnswers.Query q : LocalDnsAnswers.QUERIES) {
            String key = q.kind() + " " + q.name();
            goAnswers.put(key, answerOrError(go, ctx, q.kind(), q.name()));
            if (q.kind().equals("host") || q.kind().equals("ip")) {
                cgoAnswers.put(key, answerOrError(cgo, ctx, q.kind(), q.name()));
            }
        }
        out.put("go", goAnswers);
        out.put("cgo", cgoAnswers);
        Map<String, Object> nx = new LinkedHashMap<>();
        for (String kind : List.of("host", "ip", "cname", "srv", "mx", "ns", "txt")) {
            try {
                nx.put(kind, List.of("unexpected answer", String.join(",", lookup(go, ctx, kind, LocalDns.NX))));
            } catch (IOException e) {
                nx.put(kind, describe(e));
            }
        }
        try {
            nx.put("addr", List.of("unexpected answer", String.join(",", go.lookupAddr(ctx, LocalDns.NX_ADDR))));
        } catch (IOException e) {
            nx.put("addr", describe(e));
        }
        out.put("goNx", nx);
        Map<String, Object> cgoNx = new LinkedHashMap<>();
        for (String kind : List.of("host", "ip")) {
            try {
                cgoNx.put(kind, List.of("unexpected answer", String.join(",", lookup(cgo, ctx, kind, LocalDns.NX))));
            } catch (IOException e) {
                cgoNx.put(kind, describe(e));
            }
        }
        out.put("cgoNx", cgoNx);
        out.put("srvParts", answerOrError(() -> go.lookupSRV(ctx, "http", "tcp", LocalDns.DOMAIN).stream()
                .map(s -> s.target() + " " + s.port() + " " + s.priority() + " " + s.weight()).toList()));
        out.put("ip4", answerOrError(() -> go.lookupIP(ctx, "ip4", LocalDns.WWW).stream().map(IP::format).toList()));
        out.put("ip6", answerOrError(() -> go.lookupIP(ctx, "ip6", LocalDns.WWW).stream().map(IP::format).toList()));
        // The C library's CNAME lookup: res_nsearch's own answer records, and the public call.
        out.put("resNsearch", answerOrError(() -> SystemResolver.cgoResSearch(LocalDns.ALIAS, Type.CNAME.value(),
                DnsClass.INET.value()).stream().map(r -> r.header().type() + " " + r.body()).toList()));
        out.put("resNsearchNx", answerOrError(() -> SystemResolver.cgoResSearch(LocalDns.NX, Type.CNAME.value(),
                DnsClass.INET.value()).stream().map(r -> r.header().type() + " " + r.body()).toList()));
        out.put("cgoCNAME", answerOrError(() -> List.of(cgo.lookupCNAME(ctx, LocalDns.ALIAS), cgo.lookupCNAME(ctx,
                LocalDns.WWW))));
        // Builder.preferGo wins over netdial.netdns=cgo; the NXDOMAIN text tells the paths apart.
        System.setProperty("netdial.netdns", "cgo");
        out.put("builtCgo", answerOrError(() -> Resolver.builder().build().lookupHost(ctx, LocalDns.NX)));
        out.put("builtPreferGo", answerOrError(() -> Resolver.builder().preferGo(true).build().lookupHost(ctx,
                LocalDns.NX)));
        System.clearProperty("netdial.netdns");
        out.put("dial", dial(Dialer.builder().resolver(go).build()));
        out.put("dialCgo", dial(Dialer.builder().resolver(cgo).build()));
        Map<String, Object> fam = new LinkedHashMap<>();
        fam.put("go4", familyQueries(go, "tcp4", "family-go4.netdial.test"));
        fam.put("go6", familyQueries(go, "tcp6", "family-go6.netdial.test"));
        fam.put("cgo4", familyQueries(cgo, "tcp4", "family-cgo4.netdial.test"));
        fam.put("cgo6", familyQueries(cgo, "tcp6", "family-cgo6.netdial.test"));
        out.put("familyQueries", fam);
    }

    /**
     * dnsmasq's log file, from its command line ({@code --log-facility=PATH}): the pid namespace
     * shows only the probe, its shell and dnsmasq.
     */
    private static Path dnsmasqLog() throws IOException {
        try (var procs = java.nio.file.Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                byte[] cmd;
                try {
                    cmd = java.nio.file.Files.readAllBytes(p.resolve("cmdline"));
                } catch (IOException e) {
                    continue;
                }
                for (String arg : new String(cmd, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
                    if (arg.startsWith("--log-facility=")) {
                        return Path.of(arg.substring("--log-facility=".length()));
                    }
                }
            }
        }
        throw new IOException("no dnsmasq with --log-facility in /proc");
    }

    /** How many "query[TYPE] NAME" lines dnsmasq's log holds. */
    private static long logged(String type, String name) throws IOException {
        String needle = "query[" + type + "] " + name + " ";
        try (var lines = java.nio.file.Files.lines(dnsmasqLog())) {
            return lines.filter(l -> l.contains(needle)).count();
        }
    }

    /**
     * Dials {@code network} to {@code name}:PORT, a name of the zone that nothing else asks for
     * (so the counts start at 0 whatever dnsmasq's log still has to write) and that does not
     * exist (dnsmasq logs a query for it all the same), and counts the A and AAAA queries dnsmasq
     * logged for exactly that name. Rooted, so no search-list suffix is tried.
     */
    private static Map<String, Object> familyQueries(Resolver r, String network, String name) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        try (Conn c = Dialer.builder().resolver(r).build().dial(network, name + ".:80")) {
            m.put("remote", c.remoteAddr().toString());
        } catch (IOException e) {
            m.put("error", e.getMessage());
        }
        // dnsmasq's log can lag behind its answers: wait for the first line, then for the rest.
        long end = System.nanoTime() + 5_000_000_000L;
        while (logged("A", name) + logged("AAAA", name) == 0 && System.nanoTime() < end) {
            sleep(20);
        }
        sleep(500);
        m.put("A", logged("A", name));
        m.put("AAAA", logged("AAAA", name));
        return m;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Lookup {
        List<String> get() throws IOException;
    }

    private static Object answerOrError(Lookup l) {
        try {
            return l.get();
        } catch (IOException e) {
            return Map.of("error", describe(e));
        }
    }

    private static Object answerOrError(Resolver r, Context ctx, String kind, String name) {
        return answerOrError(() -> lookup(r, ctx, kind, name));
    }

    /** One lookup's answer lines, in {@code netdial lookup}'s form. */
    static List<String> lookup(Resolver r, Context ctx, String kind, String name) throws IOException {
        return LookupCommand.lookup(r, ctx, kind, name);
    }

    private static Map<String, Object> describe(IOException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", e.getMessage());
        m.put("class", e.getClass().getSimpleName());
        if (e instanceof DNSError d) {
            m.put("err", d.err());
            m.put("name", d.name());
            m.put("server", d.server());
            m.put("isNotFound", d.isNotFound());
            m.put("isTemporary", d.isTemporary());
            m.put("isTimeout", d.isTimeout());
        }
        return m;
    }

    /** Dials www.netdial.test:PORT, a listener on 127.0.0.1:PORT echoing one byte. */
    private static Map<String, Object> dial(Dialer d) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0")) {
            int port = ((TCPAddr) ln.addr()).port();
            m.put("port", (long) port);
            try (Conn c = d.dial("tcp", LocalDns.WWW + ":" + port); Conn s = ln.accept()) {
                m.put("remote", c.remoteAddr().toString());
                m.put("acceptedFrom", s.remoteAddr().toString());
                m.put("local", c.localAddr().toString());
                c.write(new byte[] {42}, 0, 1);
                byte[] b = new byte[1];
                m.put("echo", (long) (s.read(b, 0, 1) == 1 ? b[0] : -1));
            } catch (IOException e) {
                m.put("error", describe(e));
            }
        }
        return m;
    }
}
