package dev.netdial.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.netdial.testing.Dnsmasq;
import dev.netdial.testing.Netns;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The JDK's own stack on Go's resolver: a JVM run with {@code -Dnetdial.inetaddress=go}
 * ({@link NetdialInetAddressResolverProvider}) beside dnsmasq serving {@code netdial.test}
 * ({@link Dnsmasq}) resolves through netdial: {@code InetAddress.getAllByName}, the search list,
 * Go's error text for a name the zone lacks, a PTR lookup, and a {@code java.net.http.HttpClient}
 * request by name. The nx text ("lookup nx.netdial.test on 127.0.0.53:53: no such host") is
 * Go's, which only netdial's resolver writes: it proves the provider answered.
 *
 * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupGoogleHost}, {@code TestLookupDotsWithRemoteSource}
 * (the lookups' shapes); the provider is netdial's own.
 */
@Tag("netns")
class InetAddressProviderDnsmasqTest {

    private static Netns.ProbeResult probe;
    private static Map<String, Object> result;
    /** A second JVM with {@code -Djava.net.preferIPv6Addresses=system}: no family first, Go's order. */
    private static Netns.ProbeResult systemProbe;

    @BeforeAll
    static void runProbe() {
        Dnsmasq.assumeAvailable();
        probe = Dnsmasq.run(InetAddressProviderDnsmasqProbe.class, List.of("-Dnetdial.inetaddress=go"), List.of(),
                Duration.ofSeconds(60)).requireSuccess();
        result = probe.requireJson();
        assertNull(result.get("crash"), () -> "the probe failed: " + probe);
        systemProbe = Dnsmasq.run(InetAddressProviderDnsmasqProbe.class,
                List.of("-Dnetdial.inetaddress=go", "-Djava.net.preferIPv6Addresses=system"), List.of(),
                Duration.ofSeconds(60)).requireSuccess();
        assertNull(systemProbe.requireJson().get("crash"), () -> "the probe failed: " + systemProbe);
    }

    @Test
    void getAllByNameAsTheJdkPolicyAsks() {
        // The JDK's default policy (preferIPv6Addresses=false) asks for IPv4 first.
        assertEquals(List.of("127.0.0.1", "0:0:0:0:0:0:0:1"), result.get("www"), probe::toString);
    }

    @Test
    void getAllByNameInGoOrderWhenThePolicyLeavesItToTheSystem() {
        // RFC 6724 as Go sorts it: ::1 (same scope and label as its source ::1) before 127.0.0.1.
        assertEquals(List.of("0:0:0:0:0:0:0:1", "127.0.0.1"), systemProbe.requireJson().get("www"),
                systemProbe::toString);
    }

    @Test
    void searchList() {
        assertEquals(List.of("127.0.0.1", "0:0:0:0:0:0:0:1"), result.get("search"), probe::toString);
    }

    @Test
    void unknownHostCarriesGoText() {
        assertEquals("lookup nx.netdial.test on 127.0.0.53:53: no such host", result.get("nx"), probe::toString);
    }

    @Test
    void reverseLookupIsGoLookupAddr() {
        assertEquals("mail.netdial.test", result.get("ptr"), probe::toString);
    }

    @Test
    void httpClientByName() {
        assertEquals("200 hello from 127.0.0.1", result.get("http"), probe::toString);
    }
}
