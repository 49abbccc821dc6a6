package dev.netdial.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.testing.Dnsmasq;
import dev.netdial.testing.Netns;
import dev.netdial.testing.NginxServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The JDK's own stack over netdial's resolver: in a JVM forked inside the dnsmasq namespaces
 * ({@link Dnsmasq}: the zone {@code netdial.test} on 127.0.0.53:53, the namespace's
 * {@code /etc/resolv.conf} pointing there), {@link JdkHttpClientProbe} resolves
 * {@code www.netdial.test} with {@code InetAddress.getAllByName} and fetches a file from nginx by that
 * name with {@code java.net.http.HttpClient}. With {@code -Dnetdial.inetaddress=go} the answers come
 * from {@link NetdialInetAddressResolverProvider} (a failed lookup carries Go's {@code DNSError}
 * text); without it the same probe gets the JDK's built-in resolver, as the provider is opt-in.
 *
 * <p>It lives in {@code examples}' tests, beside the dnsmasq fixture and its zone ({@code LocalDns},
 * which the {@code netdial} command shares), rather than in {@code dial-jdk}'s.
 */
@Tag("netns")
class JdkHttpClientTest {

    private static Map<String, Object> run(List<String> jvmOptions) {
        Netns.ProbeResult r = Dnsmasq.run(JdkHttpClientProbe.class, jvmOptions, List.of(), Duration.ofSeconds(60))
                .requireSuccess();
        Map<String, Object> json = r.requireJson();
        System.out.println("JdkHttpClientTest " + jvmOptions + ": " + json + " (" + r.elapsed().toMillis() + " ms)");
        return json;
    }

    @BeforeAll
    static void available() {
        Dnsmasq.assumeAvailable();
        NginxServer.assumeAvailable();
    }

    @Test
    void httpClientByNameThroughNetdialsResolver() {
        Map<String, Object> json = run(List.of("-Dnetdial.inetaddress=go"));
        assertEquals("go", json.get("property"));
        @SuppressWarnings("unchecked")
        List<Object> addrs = (List<Object>) json.get("addrs");
        assertTrue(addrs.contains("127.0.0.1") && addrs.size() == 2, "www.netdial.test: " + addrs);
        assertEquals(200L, json.get("status"));
        assertEquals(true, json.get("bodyMatches"));
        // Go's DNSError text: only netdial's resolver says it this way.
        assertEquals("lookup nx.netdial.test on 127.0.0.53:53: no such host", json.get("nx"), json.toString());
        assertEquals("dev.netdial.api.DNSError", json.get("nxCause"), json.toString());
    }

    @Test
    void withoutThePropertyTheJdksResolverAnswers() {
        Map<String, Object> json = run(List.of());
        assertEquals("null", json.get("property"));
        assertEquals(200L, json.get("status"));
        assertEquals(true, json.get("bodyMatches"));
        String nx = String.valueOf(json.get("nx"));
        assertFalse(nx.startsWith("lookup "), "the JDK's resolver answered with Go's text: " + nx);
        assertTrue(nx.contains("nx.netdial.test"), nx);
    }
}
