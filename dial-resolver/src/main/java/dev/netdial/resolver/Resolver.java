package dev.netdial.resolver;

import dev.netdial.api.AddrError;
import dev.netdial.api.Context;
import dev.netdial.api.DNSError;
import dev.netdial.api.Errors;
import dev.netdial.api.NetException;
import dev.netdial.api.UnknownNetworkError;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Looks up host names, addresses, service ports and canonical names: IP literals are answered
 * at once, then the hosts file, then the C library's resolver ({@code getaddrinfo},
 * {@code getnameinfo}) — Go's "files dns" order with its cgo resolver. Thread-safe.
 *
 * <p>Go: {@code src/net/lookup.go} {@code Resolver}; {@code src/net/lookup_unix.go};
 * {@code src/net/dnsclient_unix.go} {@code goLookupHostOrder}, {@code goLookupIPFiles},
 * {@code goLookupPTR} (their hosts-file part); {@code src/net/ipsock.go}
 * {@code internetAddrList} (for {@link #lookupIP}).
 *
 * <p>Differs: Go's singleflight merging of concurrent identical lookups is not ported; each
 * call does its own lookup. Addresses from the hosts file keep file order (Go sorts them by
 * RFC 6724, which comes with {@code AddressSelection}).
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
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.system = Objects.requireNonNull(system, "system");
        this.services = Objects.requireNonNull(services, "services");
        this.protocols = Objects.requireNonNull(protocols, "protocols");
    }

    /** Go: {@code src/net/lookup.go} {@code DefaultResolver}, created on first use. */
    private static final class Default {
        static final Resolver INSTANCE = new Resolver(new HostsCache(ETC_HOSTS), new SystemResolver());
    }

    /**
     * The resolver used when none is given: {@code /etc/hosts} (re-read when it changes, checked
     * at most every 5 s), then the C library. One instance per process, like Go's.
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
         * The resolver.
         *
         * <p>Go: {@code src/net/lookup.go} {@code Resolver}.
         */
        public Resolver build() {
            HostsFile h = hosts;
            Supplier<HostsFile> source = h != null ? () -> h : new HostsCache(ETC_HOSTS);
            return new Resolver(source, new SystemResolver());
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
        if (host.isEmpty()) {
            throw LookupErrors.noSuchHost(host, "");
        }
        if (IPAddrs.isLiteral(host)) {
            return List.of(host);
        }
        List<String> addrs = hosts.get().lookupHost(host);
        if (!addrs.isEmpty()) {
            return addrs;
        }
        return List.copyOf(system.cgoLookupHost(ctx, host));
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
     * {@code src/net/ipsock.go} {@code internetAddrList}, {@code filterAddrList}.
     *
     * <p>Differs: Go's {@code internetAddrList} answers "" with one nil address; here "" is Go's
     * {@code LookupIPAddr} error, as a list has no nil IP to hold.
     */
    public List<InetAddress> lookupIP(Context ctx, String network, String host) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
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
        Predicate<InetAddress> filter = switch (SystemResolver.ipVersion(afnet)) {
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
     * The addresses of {@code host}: a literal at once, the hosts file, then the C library;
     * failures become {@link DNSError}s naming {@code host}.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).lookupIPAddr};
     * {@code src/net/dnsclient_unix.go} {@code goLookupIPFiles}.
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
            throw LookupErrors.newDNSError(Errors.mapErr(ctxErr), host, "");
        }
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
        try {
            return system.cgoLookupIP(ctx, network, host);
        } catch (IOException e) {
            // Go waits on the context beside the lookup: when it ends first, that is the error.
            ctxErr = ctx.err();
            if (ctxErr != null) {
                throw LookupErrors.newDNSError(Errors.mapErr(ctxErr), host, "");
            }
            if (e instanceof DNSError) {
                throw e;
            }
            throw LookupErrors.newDNSError(Errors.mapErr(e), host, "");
        }
    }

    /**
     * The port of {@code service} for network "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6" or
     * "ip" ("" means "ip"). A decimal string is a port without any lookup ("" is 0); names go to
     * the C library, then to Go's built-in table and the services file. The port must be in
     * 0..65535.
     *
     * <p>Errors: "address foo: unknown network" and "address 65536: invalid port"
     * ({@link AddrError}); "lookup tcp/foo: unknown port" ({@link DNSError}, not found).
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupPort}; {@code src/net/lookup_unix.go}
     * {@code (*Resolver).lookupPort}.
     */
    public int lookupPort(Context ctx, String network, String service) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
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
     * The C library first; when it fails, Go's built-in table and the services file may still
     * know the name (go.dev/issue/18213); otherwise the C library's error.
     *
     * <p>Go: {@code src/net/lookup_unix.go} {@code (*Resolver).lookupPort}.
     */
    private int lookupPortInternal(Context ctx, String network, String service) throws IOException {
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

    /**
     * The canonical name of {@code host}: from the hosts file (the first name of its line), else
     * getaddrinfo's canonical name, rooted ("www.example.com."). A name that is not a valid
     * domain name is refused.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupCNAME};
     * {@code src/net/dnsclient_unix.go} {@code goLookupIPCNAMEOrder} (its hosts-file part).
     *
     * <p>Differs: the C library part uses getaddrinfo's AI_CANONNAME as Go did up to 1.20;
     * current Go asks {@code res_nsearch} for the CNAME record.
     */
    public String lookupCNAME(Context ctx, String host) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        String cname = hosts.get().canonicalName(host);
        if (cname == null) {
            cname = system.cgoLookupCNAME(ctx, host);
        }
        if (!DnsNames.isDomainName(cname)) {
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
        Objects.requireNonNull(ctx, "ctx");
        List<String> names = hosts.get().lookupAddr(addr);
        if (names.isEmpty()) {
            names = system.cgoLookupPTR(ctx, addr);
        }
        for (String name : names) {
            if (!DnsNames.isDomainName(name)) {
                throw new DNSError(LookupErrors.MALFORMED_DNS_RECORDS_DETAIL, addr, "", false, false, false);
            }
        }
        return List.copyOf(names);
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
                Parse.Dtoi d = Parse.dtoi(protostr);
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
