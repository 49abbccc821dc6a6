package dev.netdial.resolver;

import dev.netdial.resolver.internal.Lookup;
import dev.netdial.posix.internal.Dtoi;
import dev.netdial.api.AddrError;
import dev.netdial.api.Context;
import dev.netdial.api.DNSError;
import dev.netdial.api.Errors;
import dev.netdial.api.NetException;
import dev.netdial.api.UnknownNetworkError;
import dev.netdial.api.internal.NetErrors;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Looks up host names, addresses, service ports, canonical names and DNS records. IP literals
 * are answered at once; otherwise nsswitch.conf and resolv.conf decide, as Go's {@code conf.go}
 * does, between the hosts file plus Go's own DNS client ({@link DnsClientUnix}, "files,dns" and
 * the other orders) and the C library's resolver ({@code getaddrinfo}, "cgo"). SRV, MX, NS and
 * TXT records always come from the DNS client. Concurrent identical IP lookups share one
 * lookup. Nothing is cached. Thread-safe.
 *
 * <p>The system property {@code netdial.netdns} (Go's {@code GODEBUG=netdns}: "go", "cgo",
 * with "+1"/"+2" for debug logging) is read once, when the resolver is made.
 *
 * <p>Go: {@code src/net/lookup.go} {@code Resolver}; {@code src/net/lookup_unix.go};
 * {@code src/net/dnsclient_unix.go} {@code goLookupHostOrder}, {@code goLookupIPFiles},
 * {@code goLookupPTR}; {@code src/net/ipsock.go} {@code (*Resolver).internetAddrList} (for {@link #lookupIP}).
 *
 * <p>Differs: a resolver built with {@link Builder#config} or {@link Builder#dial} always uses
 * the DNS client (Go's {@code PreferGo}), since the C library can honour neither. In the "cgo"
 * order the hosts table given to the builder is still consulted first. Where Go returns the
 * valid records together with a "records which contain invalid names" error, Java has one
 * outcome: the error.
 */
public final class Resolver {

    private static final Path ETC_HOSTS = Path.of("/etc/hosts");
    private static final Path ETC_SERVICES = Path.of("/etc/services");
    private static final Path ETC_PROTOCOLS = Path.of("/etc/protocols");

    /** The hosts table to consult first; the default re-reads {@code /etc/hosts} when it changes. */
    private final Supplier<HostsFile> hosts;
    private final SystemResolver system;
    private final Services services;
    private final Protocols protocols;
    /** The system's resolv.conf, re-read when it changes. */
    private final ResolverConfig resolvConf;
    /** The configuration given to the builder; {@code null} for the system's. */
    private final DnsConfig config;
    /** Go's {@code Resolver.PreferGo}. */
    private final boolean preferGo;
    /** The nsswitch.conf/resolv.conf decision (Go: {@code systemConf()}), per resolver. */
    private final LookupOrder lookupOrder;
    private final DnsClientUnix dns;
    /** Go: {@code Resolver.lookupGroup}. */
    private final SingleFlight<List<InetAddress>> lookupGroup = new SingleFlight<>();

    /**
     * A resolver over a hosts table source and a system resolver, with the system's services and
     * protocols files (a test seam).
     *
     * <p>Go: {@code src/net/lookup.go} {@code Resolver}.
     */
    Resolver(Supplier<HostsFile> hosts, SystemResolver system) {
        this(hosts, system, Services.read(ETC_SERVICES), Protocols.read(ETC_PROTOCOLS));
    }

    /**
     * A resolver with every source given (a test seam).
     *
     * <p>Go: {@code src/net/lookup.go} {@code Resolver}.
     */
    Resolver(Supplier<HostsFile> hosts, SystemResolver system, Services services, Protocols protocols) {
        this(hosts, system, services, protocols, new ResolverConfig(), null, null, false, "cgo");
    }

    /**
     * A resolver with every source and DNS setting given (a test seam): {@code config} and
     * {@code dial} may be {@code null} for the system's resolv.conf and sockets of its own;
     * {@code netdns} is the {@code netdial.netdns} value to decide with (the seams above pass
     * "cgo", as Go's tests of the cgo resolver set {@code GODEBUG=netdns=cgo}).
     *
     * <p>Go: {@code src/net/lookup.go} {@code Resolver}.
     */
    Resolver(Supplier<HostsFile> hosts, SystemResolver system, Services services, Protocols protocols,
            ResolverConfig resolvConf, DnsConfig config, DialFunc dial, boolean strictErrors, String netdns) {
        this(hosts, system, services, protocols, resolvConf, config, dial, strictErrors, netdns, false);
    }

    /**
     * As above, and {@code preferGo} asks for Go's DNS client even where the C library would be
     * chosen (a config or dial of its own implies it).
     *
     * <p>Go: {@code src/net/lookup.go} {@code Resolver} (its {@code PreferGo} and {@code Dial} fields).
     * <p>Differs: Go's zero {@code Resolver} reads its sources lazily; here they are handed in once.
     */
    Resolver(Supplier<HostsFile> hosts, SystemResolver system, Services services, Protocols protocols,
            ResolverConfig resolvConf, DnsConfig config, DialFunc dial, boolean strictErrors, String netdns,
            boolean preferGo) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.system = Objects.requireNonNull(system, "system");
        this.services = Objects.requireNonNull(services, "services");
        this.protocols = Objects.requireNonNull(protocols, "protocols");
        this.resolvConf = Objects.requireNonNull(resolvConf, "resolvConf");
        this.config = config;
        this.preferGo = preferGo || config != null || dial != null;
        this.lookupOrder = LookupOrder.system(netdns, resolvConf);
        this.dns = new DnsClientUnix(dial, strictErrors, new SecureRandom(), hosts);
    }

    /** Go: {@code src/net/lookup.go} {@code DefaultResolver}, created on first use. */
    private static final class Default {
        static final Resolver INSTANCE = new Resolver(new HostsCache(ETC_HOSTS), new SystemResolver(),
                Services.read(ETC_SERVICES), Protocols.read(ETC_PROTOCOLS), new ResolverConfig(), null, null, false,
                System.getProperty(LookupOrder.NETDNS_PROPERTY));
    }

    /**
     * The resolver used when none is given: {@code /etc/hosts} and {@code /etc/resolv.conf}
     * (each re-read when it changes, checked at most every 5 s), with the DNS client or the C
     * library as nsswitch.conf and {@code netdial.netdns} decide. One instance per process, like
     * Go's.
     *
     * <p>Go: {@code src/net/lookup.go} {@code DefaultResolver}.
     */
    public static Resolver defaultResolver() {
        return Default.INSTANCE;
    }

    /**
     * A builder for a resolver with its own settings.
     *
     * <p>Go: {@code src/net/lookup.go} {@code Resolver} (its fields).
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link Resolver}.
     *
     * <p>Go: {@code src/net/lookup.go} {@code Resolver} (its fields).
     */
    public static final class Builder {
        private HostsFile hosts;
        private DnsConfig config;
        private DialFunc dial;
        private boolean strictErrors;
        private boolean preferGo;

        private Builder() {
        }

        /**
         * Uses {@code hosts} instead of {@code /etc/hosts}; {@code null} restores the default.
         *
         * <p>Go: {@code src/net/hook.go} {@code hostsFilePath} (a test hook in Go).
         */
        public Builder hosts(HostsFile hosts) {
            this.hosts = hosts;
            return this;
        }

        /**
         * Uses {@code config} (servers, search list, options) instead of {@code /etc/resolv.conf};
         * {@code null} restores the default. Lookups then always use the DNS client.
         *
         * <p>Go: {@code src/net/dnsclient_unix.go} {@code getSystemDNSConfig} (a test hook in Go).
         */
        public Builder config(DnsConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Opens the DNS client's connections with {@code dial} instead of sockets of its own;
         * {@code null} restores the default. Lookups then always use the DNS client.
         *
         * <p>Go: {@code src/net/lookup.go} {@code Resolver.Dial}.
         */
        public Builder dial(DialFunc dial) {
            this.dial = dial;
            return this;
        }

        /**
         * With {@code true}, a temporary error (timeout, SERVFAIL, socket error) fails the whole
         * lookup instead of trying more names or returning the other address family's answers.
         *
         * <p>Go: {@code src/net/lookup.go} {@code Resolver.StrictErrors}.
         */
        public Builder strictErrors(boolean strictErrors) {
            this.strictErrors = strictErrors;
            return this;
        }

        /**
         * With {@code true}, lookups use Go's DNS client (with the hosts file as nsswitch.conf
         * orders it) even where the C library would be chosen, {@code netdial.netdns=cgo} included.
         *
         * <p>Go: {@code src/net/lookup.go} {@code Resolver.PreferGo}.
         */
        public Builder preferGo(boolean preferGo) {
            this.preferGo = preferGo;
            return this;
        }

        /**
         * The resolver.
         *
         * <p>Go: {@code src/net/lookup.go} {@code Resolver}.
         */
        public Resolver build() {
            HostsFile h = hosts;
            Supplier<HostsFile> source = h != null ? () -> h : new HostsCache(ETC_HOSTS);
            return new Resolver(source, new SystemResolver(), Services.read(ETC_SERVICES), Protocols.read(ETC_PROTOCOLS),
                    new ResolverConfig(), config, dial, strictErrors, System.getProperty(LookupOrder.NETDNS_PROPERTY),
                    preferGo);
        }
    }

    /**
     * The addresses of {@code host} as text ("192.0.2.1", "fe80::1%eth0"). An IP literal is
     * returned as given; hosts-file entries win; "" is "lookup : no such host".
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupHost}; {@code src/net/lookup_unix.go}
     * {@code (*Resolver).lookupHost}; {@code src/net/dnsclient_unix.go} {@code goLookupHostOrder}.
     */
    public List<String> lookupHost(Context ctx, String host) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw LookupErrors.noSuchHost(host, "");
        }
        if (IPAddrs.isLiteral(host)) {
            return List.of(host);
        }
        LookupOrder.Result o = lookupOrder.hostLookupOrder(preferGo, host);
        if (o.order() == HostLookupOrder.CGO) {
            List<String> addrs = hosts.get().lookupHost(host);
            if (!addrs.isEmpty()) {
                return addrs;
            }
            return List.copyOf(system.cgoLookupHost(ctx, host));
        }
        return List.copyOf(dns.goLookupHostOrder(ctx, host, o.order(), dnsConfig(o)));
    }

    /**
     * The addresses of {@code host} for network "ip", "ip4" or "ip6" (optionally with a
     * protocol, "ip4:icmp"). An IP literal, zoned or not ("fe80::1%lo" gives an
     * {@link Inet6Address} with the interface's scope id), is answered without any I/O. "ip4"
     * keeps IPv4 addresses only, "ip6" IPv6 ones; when none remain the error is "address HOST: no
     * suitable address found". "::" alone also gives 0.0.0.0 (go.dev/issue/18806).
     *
     * <p>Errors: an unknown network is {@link UnknownNetworkError}; "" is "lookup : no such
     * host"; a context that ends first gives "lookup HOST: operation was canceled" or "lookup
     * HOST: i/o timeout"; other failures are {@link DNSError}s as Go maps them.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupIP}, {@code lookupIPAddr};
     * {@code src/net/ipsock.go} {@code (*Resolver).internetAddrList}, {@code filterAddrList}.
     *
     * <p>Differs: Go's {@code internetAddrList} answers "" with one nil address; here "" is Go's
     * {@code LookupIPAddr} error, as a list has no nil IP to hold.
     */
    public List<InetAddress> lookupIP(Context ctx, String network, String host) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(host, "host");
        String afnet = parseNetwork(network, false);
        switch (afnet) {
            case "ip", "ip4", "ip6" -> {
            }
            default -> throw new UnknownNetworkError(network);
        }
        List<InetAddress> ips = new ArrayList<>(lookupIPAddr(ctx, afnet, host));
        if (ips.size() == 1 && ips.get(0) instanceof Inet6Address v6 && v6.isAnyLocalAddress()) {
            ips.add(Inet4Address.getByAddress(new byte[4]));
        }
        Predicate<InetAddress> filter = switch (Lookup.ipVersion(afnet)) {
            case '4' -> ip -> ip instanceof Inet4Address;
            case '6' -> ip -> ip instanceof Inet6Address;
            default -> ip -> true;
        };
        List<InetAddress> out = new ArrayList<>(ips.size());
        for (InetAddress ip : ips) {
            if (filter.test(ip)) {
                out.add(ip);
            }
        }
        if (out.isEmpty()) {
            throw new AddrError(LookupErrors.NO_SUITABLE_ADDRESS, host);
        }
        return List.copyOf(out);
    }

    /**
     * The addresses of {@code host}: a literal at once, else one lookup shared by every
     * concurrent caller asking the same; a caller whose context ends first gets "lookup HOST:
     * operation was canceled" or "i/o timeout" while the lookup goes on for the others (and is
     * canceled when nobody else waits).
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).lookupIPAddr}.
     */
    private List<InetAddress> lookupIPAddr(Context ctx, String network, String host) throws IOException {
        if (host.isEmpty()) {
            throw LookupErrors.noSuchHost(host, "");
        }
        InetAddress literal = IPAddrs.parseIPZone(host);
        if (literal != null) {
            return List.of(literal);
        }
        IOException ctxErr = ctx.err();
        if (ctxErr != null) {
            throw LookupErrors.newDNSError(NetErrors.mapErr(ctxErr), host, "");
        }
        Context lookupGroupCtx = Context.background().withCancel();
        String lookupKey = network + "\0" + host;
        // A caller whose context never ends waits for the lookup to finish in any case, so it
        // can run the lookup itself (no thread hand-off); others start it on a thread of its own.
        SingleFlight.Call<List<InetAddress>> call = ctx == Context.background()
                ? lookupGroup.doInline(lookupKey, () -> lookupIPOrder(ctx, network, host))
                : lookupGroup.doChan(lookupKey, () -> lookupIPOrder(lookupGroupCtx, network, host));
        CompletableFuture<Boolean> first = new CompletableFuture<>();
        call.done.whenComplete((v, e) -> first.complete(Boolean.TRUE));
        BooleanSupplier stop = ctx.afterFunc(() -> first.complete(Boolean.FALSE));
        Boolean finished = awaitOrInterrupt(first);
        stop.getAsBoolean();
        if (finished != Boolean.TRUE) {
            if (lookupGroup.forgetUnshared(lookupKey)) {
                lookupGroupCtx.cancel();
            } else {
                call.done.whenComplete((v, e) -> lookupGroupCtx.cancel());
            }
            // null: this thread was interrupted, which cancels its wait as a cancelled context would.
            NetException why = finished == null ? Errors.canceled() : NetErrors.mapErr(ctx.err());
            throw LookupErrors.newDNSError(why, host, "");
        }
        lookupGroupCtx.cancel();
        try {
            return call.done.get();
        } catch (ExecutionException e) {
            Throwable err = e.getCause();
            if (Thread.currentThread().isInterrupted()) {
                // The lookup ran on this thread (or ended as it was interrupted): an interrupt
                // cuts its waits short, and that is the cancellation to report.
                throw LookupErrors.newDNSError(Errors.canceled(), host, "");
            }
            if (err instanceof DNSError d) {
                throw d;
            }
            if (err instanceof IOException io) {
                throw LookupErrors.newDNSError(NetErrors.mapErr(io), host, "");
            }
            if (err instanceof RuntimeException re) {
                throw re;
            }
            throw (Error) err;
        } catch (InterruptedException e) {
            throw new AssertionError("the result is complete", e);
        }
    }

    /**
     * Waits for {@code f}; null when this thread is (or was already) interrupted, its interrupt
     * status kept for the caller.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).lookupIPAddr}, its {@code select} on
     * {@code ctx.Done()} and the lookup's channel.
     * <p>Differs: Java's interrupt has no Go counterpart; it ends the wait as a cancelled
     * context ends Go's {@code select}.
     */
    private static <T> T awaitOrInterrupt(CompletableFuture<T> f) {
        try {
            if (Thread.currentThread().isInterrupted()) {
                return f.getNow(null);
            }
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return f.getNow(null);
        } catch (ExecutionException e) {
            throw new AssertionError("completed normally only", e);
        }
    }

    /**
     * The addresses of {@code host} by the order nsswitch.conf gives: the C library (after the
     * hosts table) for "cgo", else the hosts file and the DNS client, sorted by RFC 6724.
     *
     * <p>Go: {@code src/net/lookup_unix.go} {@code (*Resolver).lookupIP}.
     */
    private List<InetAddress> lookupIPOrder(Context ctx, String network, String host) throws IOException {
        LookupOrder.Result o = lookupOrder.hostLookupOrder(preferGo, host);
        if (o.order() == HostLookupOrder.CGO) {
            List<String> fromFile = hosts.get().lookupHost(host);
            List<InetAddress> addrs = new ArrayList<>(fromFile.size());
            for (String a : fromFile) {
                InetAddress ip = IPAddrs.parseIPZone(a);
                if (ip != null) {
                    addrs.add(ip);
                }
            }
            if (!addrs.isEmpty()) {
                return addrs;
            }
            return system.cgoLookupIP(ctx, network, host);
        }
        return dns.goLookupIPCNAMEOrder(ctx, network, host, o.order(), dnsConfig(o)).addrs();
    }

    /**
     * The DNS configuration to use: the builder's, else the one the decision read, else the
     * system's.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code getSystemDNSConfig} (when {@code conf} is nil).
     */
    private DnsConfig dnsConfig(LookupOrder.Result o) {
        if (config != null) {
            return config;
        }
        if (o != null && o.dnsConf() != null) {
            return o.dnsConf();
        }
        return resolvConf.get();
    }

    /**
     * The port of {@code service} for network "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6" or
     * "ip" ("" means "ip"). A decimal string is a port without any lookup ("" is 0); names go to
     * the C library, then to Go's built-in table and the services file (only to those when Go's
     * resolver is preferred or chosen, as for host names). The port must be in 0..65535.
     *
     * <p>Errors: "address foo: unknown network" and "address 65536: invalid port"
     * ({@link AddrError}); "lookup tcp/foo: unknown port" ({@link DNSError}, not found).
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupPort}; {@code src/net/lookup_unix.go}
     * {@code (*Resolver).lookupPort}.
     */
    public int lookupPort(Context ctx, String network, String service) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(service, "service");
        Services.ParsedPort pp = Services.parsePort(service);
        int port = pp.port();
        if (pp.needsLookup()) {
            switch (network) {
                case "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "ip" -> {
                }
                case "" -> network = "ip"; // Go 1.0's undocumented wildcard
                default -> throw new AddrError("unknown network", network);
            }
            port = lookupPortInternal(ctx, network, service);
        }
        if (port < 0 || port > 65535) {
            throw new AddrError("invalid port", service);
        }
        return port;
    }

    /**
     * The C library first, unless this resolver prefers Go's ({@code preferGo}) or the lookup
     * order would not use the C library ({@code netdial.netdns=go}, or nsswitch.conf and
     * resolv.conf that Go's resolver handles): then only Go's built-in table and the services
     * file. When the C library fails, the table and file may still know the name
     * (go.dev/issue/18213); otherwise the C library's error.
     *
     * <p>Go: {@code src/net/lookup_unix.go} {@code (*Resolver).lookupPort}; {@code src/net/conf.go}
     * {@code (*conf).canUseCgo}.
     */
    private int lookupPortInternal(Context ctx, String network, String service) throws IOException {
        if (!preferGo && lookupOrder.hostLookupOrder(false, "").order() == HostLookupOrder.CGO) {
            try {
                return system.cgoLookupPort(ctx, network, service);
            } catch (IOException e) {
                try {
                    return services.lookupPortMap(network, service);
                } catch (DNSError ignored) {
                    throw e;
                }
            }
        }
        return services.lookupPortMap(network, service);
    }

    /**
     * The addresses of {@code host}, both families, each IPv6 address with its zone as the
     * {@link Inet6Address}'s scope (Go's {@code IPAddr{IP, Zone}}: Java's {@code InetAddress}
     * carries both). Unlike {@link #lookupIP}, no network filter and no 0.0.0.0 for "::".
     * Errors as {@link #lookupIP}'s ("lookup : no such host" for "", {@link DNSError}s).
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupIPAddr}.
     */
    public List<InetAddress> lookupIPAddr(Context ctx, String host) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(host, "host");
        return List.copyOf(lookupIPAddr(ctx, "ip", host));
    }

    /**
     * The addresses of {@code host} for network "ip", "ip4" or "ip6": the same answer as
     * {@link #lookupIP}. Go has two IP types ({@code net.IP} and {@code netip.Addr}) and so two
     * methods; Java's {@code InetAddress} is both, and this one is here for readers coming from Go.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupNetIP}.
     * <p>Differs: an IPv4 address stays an {@link Inet4Address} (Go's {@code AddrFromSlice} of a
     * 16-byte IPv4 gives an IPv4-mapped IPv6 address), and zones are kept as scopes.
     */
    public List<InetAddress> lookupNetIP(Context ctx, String network, String host) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(host, "host");
        return lookupIP(ctx, network, host);
    }

    /**
     * The canonical name of {@code host}, rooted ("www.example.com."). With the C library's
     * order, the CNAME record its stub resolver ({@code res_nsearch}) finds; otherwise, or when
     * that finds none, Go's resolver: the hosts file (per the order), then the CNAME chain of
     * the A/AAAA answers. A name that is not a valid domain name is refused.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupCNAME};
     * {@code src/net/lookup_unix.go} {@code (*Resolver).lookupCNAME}.
     */
    public String lookupCNAME(Context ctx, String host) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(host, "host");
        LookupOrder.Result o = lookupOrder.hostLookupOrder(preferGo, host);
        String cname = null;
        if (o.order() == HostLookupOrder.CGO) {
            cname = system.cgoLookupCNAME(ctx, host);
        }
        if (cname == null) {
            cname = dns.goLookupCNAME(ctx, host, o.order(), dnsConfig(o));
        }
        if (!DnsClient.isDomainName(cname)) {
            throw new DNSError(LookupErrors.MALFORMED_DNS_RECORDS_DETAIL, host, "", false, false, false);
        }
        return cname;
    }

    /**
     * The names of the address {@code addr} ("192.0.2.1", "fe80::1%eth0"): the hosts file's, else
     * the C library's {@code getnameinfo} (NI_NAMEREQD), rooted when dotted. Names that are not
     * valid domain names make the lookup fail.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupAddr}; {@code src/net/lookup_unix.go}
     * {@code (*Resolver).lookupAddr}; {@code src/net/dnsclient_unix.go} {@code goLookupPTR}.
     *
     * <p>Differs: when some names are malformed Go returns the valid ones together with the
     * error; Java has one outcome, the error.
     */
    public List<String> lookupAddr(Context ctx, String addr) throws IOException {
        Objects.requireNonNull(addr, "addr");
        return orThrow(lookupAddrFiltered(ctx, addr));
    }

    /**
     * {@link #lookupAddr} as Go returns it: the valid names, and an error when some were not.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupAddr}.
     */
    DnsClientUnix.Filtered<String> lookupAddrFiltered(Context ctx, String addr) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        List<String> names;
        LookupOrder.Result o = lookupOrder.addrLookupOrder(preferGo, addr);
        if (o.order() == HostLookupOrder.CGO) {
            names = hosts.get().lookupAddr(addr);
            if (names.isEmpty()) {
                names = system.cgoLookupPTR(ctx, addr);
            }
        } else {
            names = dns.goLookupPTR(ctx, addr, o.order(), dnsConfig(o));
        }
        List<String> filtered = new ArrayList<>(names.size());
        for (String name : names) {
            if (DnsClient.isDomainName(name)) {
                filtered.add(name);
            }
        }
        return filtered(filtered, names.size(), addr);
    }

    /**
     * The records with Go's "invalid names" error when some were filtered out.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupMX} (and its siblings), the
     * {@code errMalformedDNSRecordsDetail} error returned beside the kept records.
     */
    private static <T> DnsClientUnix.Filtered<T> filtered(List<T> kept, int total, String name) {
        DNSError err = kept.size() != total
                ? new DNSError(LookupErrors.MALFORMED_DNS_RECORDS_DETAIL, name, "", false, false, false)
                : null;
        return new DnsClientUnix.Filtered<>(List.copyOf(kept), err);
    }

    /**
     * The records, or the error Go returns beside them.
     *
     * <p>Differs: Go returns both; a Java method returns or throws, so the strict lookups throw
     * and the {@code *Filtered} variants keep both.
     */
    private static <T> List<T> orThrow(DnsClientUnix.Filtered<T> f) throws DNSError {
        if (f.err() != null) {
            throw f.err();
        }
        return f.records();
    }

    /**
     * The SRV records of "_service._proto.name" ({@code name} itself when service and proto are
     * both ""), ordered by priority and shuffled by weight within one priority. An invalid owner
     * name is "lookup NAME: SRV header name is invalid"; targets that are not valid domain names
     * make the lookup fail.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupSRV}.
     */
    public List<SRV> lookupSRV(Context ctx, String service, String proto, String name) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(proto, "proto");
        Objects.requireNonNull(name, "name");
        return orThrow(lookupSRVFiltered(ctx, service, proto, name).srvs());
    }

    /** SRV owner name and records as Go's {@code LookupSRV} returns them. */
    record SrvLookup(String cname, DnsClientUnix.Filtered<SRV> srvs) {
    }

    /**
     * {@link #lookupSRV} as Go returns it: the owner name, the valid records, and an error when
     * some were not.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupSRV}.
     */
    SrvLookup lookupSRVFiltered(Context ctx, String service, String proto, String name) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        DnsClientUnix.SrvResult r = dns.goLookupSRV(ctx, service, proto, name, dnsConfig(null));
        if (!r.cname().isEmpty() && !DnsClient.isDomainName(r.cname())) {
            throw new DNSError("SRV header name is invalid", name, "", false, false, false);
        }
        List<SRV> kept = new ArrayList<>(r.srvs().size());
        for (SRV srv : r.srvs()) {
            if (DnsClient.isDomainName(srv.target())) {
                kept.add(srv);
            }
        }
        return new SrvLookup(r.cname(), filtered(kept, r.srvs().size(), name));
    }

    /**
     * The MX records of {@code name} by preference (equal preferences in random order). Hosts
     * that are not valid domain names make the lookup fail; "." (a null MX) is valid.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupMX}.
     */
    public List<MX> lookupMX(Context ctx, String name) throws IOException {
        Objects.requireNonNull(name, "name");
        return orThrow(lookupMXFiltered(ctx, name));
    }

    /**
     * The MX records whose hosts are valid domain names, with Go's error when some were not.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupMX}, with its filtered list.
     */
    DnsClientUnix.Filtered<MX> lookupMXFiltered(Context ctx, String name) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        List<MX> records = dns.goLookupMX(ctx, name, dnsConfig(null));
        List<MX> kept = new ArrayList<>(records.size());
        for (MX mx : records) {
            if (DnsClient.isDomainName(mx.host())) {
                kept.add(mx);
            }
        }
        return filtered(kept, records.size(), name);
    }

    /**
     * The NS records of {@code name}. Hosts that are not valid domain names make the lookup
     * fail; "." (the root) is valid.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupNS}.
     */
    public List<NS> lookupNS(Context ctx, String name) throws IOException {
        Objects.requireNonNull(name, "name");
        return orThrow(lookupNSFiltered(ctx, name));
    }

    /**
     * The NS records whose hosts are valid domain names, with Go's error when some were not.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupNS}, with its filtered list.
     */
    DnsClientUnix.Filtered<NS> lookupNSFiltered(Context ctx, String name) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        List<NS> records = dns.goLookupNS(ctx, name, dnsConfig(null));
        List<NS> kept = new ArrayList<>(records.size());
        for (NS ns : records) {
            if (DnsClient.isDomainName(ns.host())) {
                kept.add(ns);
            }
        }
        return filtered(kept, records.size(), name);
    }

    /**
     * The TXT records of {@code name}, the strings of each record joined.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupTXT}.
     */
    public List<String> lookupTXT(Context ctx, String name) throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ctx, "ctx");
        return List.copyOf(dns.goLookupTXT(ctx, name, dnsConfig(null)));
    }

    /**
     * The address-family part of a network name ("ip4" of "ip4:icmp"), checking the protocol
     * when {@code needsProto}.
     *
     * <p>Go: {@code src/net/dial.go} {@code parseNetwork}.
     */
    String parseNetwork(String network, boolean needsProto) throws NetException {
        int i = network.lastIndexOf(':');
        if (i < 0) {
            switch (network) {
                case "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix", "unixgram", "unixpacket":
                    break;
                case "ip", "ip4", "ip6":
                    if (needsProto) {
                        throw new UnknownNetworkError(network);
                    }
                    break;
                default:
                    throw new UnknownNetworkError(network);
            }
            return network;
        }
        String afnet = network.substring(0, i);
        switch (afnet) {
            case "ip", "ip4", "ip6": {
                String protostr = network.substring(i + 1);
                Dtoi d = Dtoi.of(protostr);
                if (!d.ok() || d.i() != protostr.length()) {
                    protocols.lookupProtocol(protostr);
                }
                return afnet;
            }
            default:
                throw new UnknownNetworkError(network);
        }
    }
}
