package dev.netdial.jdk;

import dev.netdial.resolver.Resolver;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.function.Supplier;

/**
 * Puts Go's resolver under the JDK's {@code InetAddress}, <b>opt-in</b>: only when the JVM runs
 * with {@code -Dnetdial.inetaddress=go} do {@code InetAddress.getAllByName},
 * {@code getByName} and {@code getHostName} (and so every JDK client: {@code HttpClient},
 * {@code URL}, JDBC drivers that resolve themselves) answer through netdial's pure Go resolver:
 * {@code /etc/hosts}, {@code /etc/resolv.conf} with its search list, {@code ndots} and options,
 * answers in RFC 6724 order, reverse lookups as Go's {@code LookupAddr}. A failed lookup's
 * {@link java.net.UnknownHostException} carries Go's {@code DNSError} text
 * ("lookup nx.example on 127.0.0.53:53: no such host").
 *
 * <p>Without the property (or with {@code -Dnetdial.inetaddress=jdk}) the provider hands the JDK
 * its own built-in resolver, so having the jar on the class or module path changes nothing by
 * itself. Any other value fails the first lookup with an {@link IllegalArgumentException} naming
 * the property, rather than resolving some other way than asked. The property is read once, when
 * the JDK loads its resolver (on the first lookup of the JVM's life).
 *
 * <p>The JDK asks no provider at all when it runs with {@code -Djdk.net.hosts.file=...}; the
 * first provider {@code ServiceLoader} finds wins when there are several.
 *
 * <p>The JDK finds the provider through {@code ServiceLoader}: this module {@code provides} it, and
 * the jar lists it in {@code META-INF/services/java.net.spi.InetAddressResolverProvider}.
 *
 * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).LookupIPAddr}, {@code (*Resolver).LookupAddr}
 * (the resolver answering); the provider itself is netdial's own.
 */
public final class NetdialInetAddressResolverProvider extends InetAddressResolverProvider {
    /** The system property that turns netdial's resolver on: {@value}. */
    public static final String PROPERTY = "netdial.inetaddress";

    /** Made by the JDK's {@code ServiceLoader}. */
    public NetdialInetAddressResolverProvider() {
    }

    /**
     * The JDK's built-in resolver, or Go's when {@value #PROPERTY} is "go".
     *
     * <p>netdial's own: see the class comment.
     */
    @Override
    public InetAddressResolver get(Configuration configuration) {
        return resolverFor(System.getProperty(PROPERTY), configuration::builtinResolver);
    }

    /**
     * The resolver for a value of {@value #PROPERTY} (null: unset); {@code builtin} gives the
     * JDK's (the JDK's {@code Configuration} is sealed, so tests pass a supplier).
     *
     * <p>netdial's own: the switch, apart from the property for tests.
     */
    static InetAddressResolver resolverFor(String mode, Supplier<InetAddressResolver> builtin) {
        if (mode == null || mode.isEmpty() || mode.equals("jdk")) {
            return builtin.get();
        }
        if (mode.equals("go")) {
            return new GoInetAddressResolver(Resolver.builder().preferGo(true).build());
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + mode + ": unknown value (want go, jdk or unset)");
    }

    @Override
    public String name() {
        return "netdial";
    }
}
