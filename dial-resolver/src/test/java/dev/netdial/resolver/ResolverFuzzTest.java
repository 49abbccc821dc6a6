package dev.netdial.resolver;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.netdial.testing.LeakGateExempt;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for the resolver's file parsers (docs/TESTING.md section 3): whatever the bytes,
 * parsing a resolv.conf or a hosts file throws nothing, and the result can be used. A plain
 * {@code mvn test} runs them in Jazzer's regression mode over the seed corpus in
 * {@code src/test/resources/dev/netdial/resolver/ResolverFuzzTestInputs/<method>/} (the
 * {@code go-*} seeds are Go's {@code src/net/testdata} files, see
 * {@code conformance/go-testdata/LICENSE-NOTE.md}); {@code JAZZER_FUZZ=1} fuzzes one target for
 * at most {@code maxDuration}.
 *
 * <p>Go: {@code src/net/dnsconfig_unix.go} {@code dnsReadConfig}, {@code src/net/hosts.go}
 * {@code readHosts} (Go has no fuzz target for them; its parsers cannot panic on any input).
 */
@LeakGateExempt(reason = "Jazzer loads its agent through the attach API on first use; the JVM's attach"
        + " listener then keeps its UNIX socket open for the JVM's life. The targets open no fds or threads.")
class ResolverFuzzTest {

    /**
     * {@link DnsConfig#parse} of the bytes read as a file is (UTF-8), with and without a host
     * name for the default search list, then the candidate names of a short and a rooted name.
     */
    @FuzzTest(maxDuration = "5m")
    void fuzzDnsConfigParse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        for (String hostname : new String[] {null, "host.example.com"}) {
            DnsConfig c = DnsConfig.parse(text, hostname);
            c.nameList("www");
            c.nameList("www.example.com.");
            c.toString();
        }
    }

    /** {@link HostsFile#parse} of the bytes read as a file is (UTF-8), then lookups both ways. */
    @FuzzTest(maxDuration = "5m")
    void fuzzHostsParse(byte[] data) {
        HostsFile h = HostsFile.parse(new String(data, StandardCharsets.UTF_8));
        h.lookupHost("localhost");
        h.canonicalName("localhost");
        h.lookupAddr("127.0.0.1");
        h.lookupAddr("::1");
    }
}
