package dev.netdial.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.DNSError;
import dev.netdial.resolver.HostsFile;
import dev.netdial.resolver.Resolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolver.LookupPolicy;
import java.net.spi.InetAddressResolverProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link NetdialInetAddressResolverProvider}: without {@code -Dnetdial.inetaddress=go} it hands
 * the JDK its built-in resolver; with it, lookups go to Go's resolver, honour the JDK's
 * {@link LookupPolicy} and fail with Go's text. The last two checks fork a JVM (the JDK reads the
 * provider once, at its first lookup), with and without the property.
 *
 * <p>Go: {@code src/net/lookup_test.go} (the lookups' expected answers); the provider is netdial's own.
 */
@Timeout(120)
class NetdialInetAddressResolverProviderTest {

    private static final InetAddressResolver BUILTIN = new InetAddressResolver() {
        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy) {
            throw new AssertionError("not called");
        }

        @Override
        public String lookupByAddress(byte[] addr) {
            throw new AssertionError("not called");
        }
    };

    private static final String HOSTS = """
            192.0.2.1 dual.test
            2001:db8::1 dual.test
            192.0.2.2 dual.test
            """;

    private static GoInetAddressResolver go() {
        return new GoInetAddressResolver(Resolver.builder().hosts(HostsFile.parse(HOSTS)).preferGo(true).build());
    }

    @Test
    void withoutThePropertyTheJdkResolverAnswers() {
        Supplier<InetAddressResolver> c = () -> BUILTIN;
        assertSame(BUILTIN, NetdialInetAddressResolverProvider.resolverFor(null, c));
        assertSame(BUILTIN, NetdialInetAddressResolverProvider.resolverFor("", c));
        assertSame(BUILTIN, NetdialInetAddressResolverProvider.resolverFor("jdk", c));
        assertInstanceOf(GoInetAddressResolver.class, NetdialInetAddressResolverProvider.resolverFor("go", c));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetdialInetAddressResolverProvider.resolverFor("cgo", c));
        assertEquals("-Dnetdial.inetaddress=cgo: unknown value (want go, jdk or unset)", e.getMessage());
        assertEquals("netdial", new NetdialInetAddressResolverProvider().name());
    }

    @Test
    void registeredAsAService() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(InetAddressResolverProvider.class).forEach(p -> names.add(p.getClass().getName()));
        assertTrue(names.contains(NetdialInetAddressResolverProvider.class.getName()), names.toString());
    }

    private static List<String> lookup(int characteristics) throws UnknownHostException {
        return go().lookupByName("dual.test", LookupPolicy.of(characteristics)).map(InetAddress::getHostAddress).toList();
    }

    @Test
    void lookupByNameHonoursThePolicy() throws UnknownHostException {
        assertEquals(List.of("192.0.2.1", "192.0.2.2"), lookup(LookupPolicy.IPV4));
        assertEquals(List.of("2001:db8:0:0:0:0:0:1"), lookup(LookupPolicy.IPV6));
        assertEquals(List.of("192.0.2.1", "192.0.2.2", "2001:db8:0:0:0:0:0:1"),
                lookup(LookupPolicy.IPV4 | LookupPolicy.IPV6 | LookupPolicy.IPV4_FIRST));
        assertEquals(List.of("2001:db8:0:0:0:0:0:1", "192.0.2.1", "192.0.2.2"),
                lookup(LookupPolicy.IPV4 | LookupPolicy.IPV6 | LookupPolicy.IPV6_FIRST));
        List<String> both = lookup(LookupPolicy.IPV4 | LookupPolicy.IPV6);
        assertEquals(3, both.size(), both.toString());
        assertTrue(both.containsAll(List.of("192.0.2.1", "192.0.2.2", "2001:db8:0:0:0:0:0:1")), both.toString());
        go().lookupByName("dual.test", LookupPolicy.of(LookupPolicy.IPV4))
                .forEach(ip -> assertEquals("dual.test", ip.getHostName(), "the name travels with the address"));
    }

    @Test
    void unknownHostCarriesGoText() {
        UnknownHostException e = assertThrows(UnknownHostException.class,
                () -> go().lookupByName("nx..invalid", LookupPolicy.of(LookupPolicy.IPV4 | LookupPolicy.IPV6)));
        assertEquals("lookup nx..invalid: no such host", e.getMessage());
        assertInstanceOf(DNSError.class, e.getCause());
    }

    @Test
    void lookupByAddressIsGoLookupAddr() throws UnknownHostException {
        assertEquals("dual.test", go().lookupByAddress(new byte[] {(byte) 192, 0, 2, 1}));
        assertThrows(IllegalArgumentException.class, () -> go().lookupByAddress(new byte[3]));
    }

    /** Runs {@link ProviderProbe} in a fresh JVM with {@code options}; returns its output lines. */
    private static List<String> probe(String... options) throws IOException, InterruptedException {
        Path cp = Files.createTempFile("netdial-provider-probe", ".classpath");
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("-Djna.nosys=true");
            cmd.addAll(List.of(options));
            // The class path goes in an @argfile: the test JVM's may be long.
            Files.writeString(cp, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
            cmd.add("@" + cp);
            cmd.add(ProviderProbe.class.getName());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("the probe did not finish in 60 s:\n" + out);
            }
            assertEquals(0, p.exitValue(), "probe exit; output:\n" + out);
            return out.lines().filter(l -> l.startsWith("probe: ")).toList();
        } finally {
            Files.deleteIfExists(cp);
        }
    }

    @Test
    void forkedJvmWithGoAnswersThroughNetdial() throws Exception {
        List<String> lines = probe("-Dnetdial.inetaddress=go");
        assertTrue(lines.contains("probe: localhost resolves"), lines.toString());
        assertTrue(lines.contains("probe: nx..invalid: UnknownHostException: lookup nx..invalid: no such host"),
                "Go's text, so netdial's resolver answered: " + lines);
    }

    @Test
    void forkedJvmWithoutThePropertyIsTheJdks() throws Exception {
        List<String> lines = probe();
        assertTrue(lines.contains("probe: localhost resolves"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("probe: nx..invalid: UnknownHostException: ")
                && !l.contains("lookup nx..invalid")), "the JDK's own text: " + lines);
    }
}
