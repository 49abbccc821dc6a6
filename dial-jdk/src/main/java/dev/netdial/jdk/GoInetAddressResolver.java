package dev.netdial.jdk;

import dev.netdial.api.Context;
import dev.netdial.api.IP;
import dev.netdial.resolver.Resolver;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The JDK's {@link InetAddressResolver} answered by a netdial {@link Resolver}. Netdial's resolver
 * never calls {@code InetAddress} to look a name up (it reads the hosts file and resolv.conf and
 * speaks DNS on its own sockets), so answering {@code InetAddress} through it cannot recurse.
 *
 * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupIP} for {@link #lookupByName} (with
 * {@code src/net/addrselect.go} {@code sortByRFC6724}'s order, as Go's resolver returns it) and
 * {@code (*Resolver).LookupAddr} for {@link #lookupByAddress}.
 */
final class GoInetAddressResolver implements InetAddressResolver {
    private final Resolver resolver;

    GoInetAddressResolver(Resolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * The addresses of {@code host}: IPv4 only, IPv6 only or both as the policy asks ("ip4", "ip6"
     * or "ip" to Go's {@code LookupIP}), IPv4 or IPv6 first when it says so, else Go's order. Each
     * address carries {@code host} as its name, as the JDK's own resolver's do. Errors are
     * {@link UnknownHostException}s with Go's text and netdial's error as cause.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupIP}.
     * <p>Differs: the JDK's policy may ask for one family first; Go's RFC 6724 order is kept
     * within each family.
     */
    @Override
    public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(policy, "policy");
        int c = policy.characteristics();
        boolean v4 = (c & LookupPolicy.IPV4) != 0;
        boolean v6 = (c & LookupPolicy.IPV6) != 0;
        String network = v4 && !v6 ? "ip4" : v6 && !v4 ? "ip6" : "ip";
        List<InetAddress> ips;
        try {
            ips = resolver.lookupIP(Context.background(), network, host);
        } catch (IOException e) {
            UnknownHostException u = new UnknownHostException(e.getMessage());
            u.initCause(e);
            throw u;
        }
        List<InetAddress> out = new ArrayList<>(ips.size());
        if ((c & LookupPolicy.IPV4_FIRST) != 0) {
            addFamily(out, ips, Inet4Address.class, host);
            addFamily(out, ips, Inet6Address.class, host);
        } else if ((c & LookupPolicy.IPV6_FIRST) != 0) {
            addFamily(out, ips, Inet6Address.class, host);
            addFamily(out, ips, Inet4Address.class, host);
        } else {
            for (InetAddress ip : ips) {
                out.add(named(host, ip));
            }
        }
        return out.stream();
    }

    private static void addFamily(List<InetAddress> out, List<InetAddress> ips, Class<?> family, String host)
            throws UnknownHostException {
        for (InetAddress ip : ips) {
            if (family.isInstance(ip)) {
                out.add(named(host, ip));
            }
        }
    }

    /** {@code ip} with {@code host} as its name (and an IPv6 address's scope kept). */
    private static InetAddress named(String host, InetAddress ip) throws UnknownHostException {
        if (ip instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            return Inet6Address.getByAddress(host, v6.getAddress(), v6.getScopeId());
        }
        return InetAddress.getByAddress(host, ip.getAddress());
    }

    /**
     * The first name Go's {@code LookupAddr} gives for {@code addr}, without its final dot (the
     * JDK's host names are not rooted).
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupAddr}.
     */
    @Override
    public String lookupByAddress(byte[] addr) throws UnknownHostException {
        Objects.requireNonNull(addr, "addr");
        if (addr.length != 4 && addr.length != 16) {
            throw new IllegalArgumentException("Invalid address length");
        }
        String literal = IP.format(addr);
        List<String> names;
        try {
            names = resolver.lookupAddr(Context.background(), literal);
        } catch (IOException e) {
            UnknownHostException u = new UnknownHostException(e.getMessage());
            u.initCause(e);
            throw u;
        }
        if (names.isEmpty()) {
            throw new UnknownHostException("lookup " + literal + ": no such host");
        }
        String name = names.get(0);
        return name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }
}
