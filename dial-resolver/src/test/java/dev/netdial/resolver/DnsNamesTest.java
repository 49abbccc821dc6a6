package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.testing.Conformance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link DnsNames#isDomainName} against the shared conformance vectors.
 *
 * <p>Go: {@code src/net/dnsname_test.go}.
 */
class DnsNamesTest {

    /**
     * Every domainname.json case.
     *
     * <p>Go: {@code src/net/dnsname_test.go} {@code TestDNSName}.
     */
    @Test
    void dnsName() {
        Map<?, ?> doc = (Map<?, ?>) Conformance.vectors("domainname.json");
        List<?> cases = (List<?>) doc.get("cases");
        assertTrue(cases.size() > 10, "domainname vectors: " + cases.size());
        int n = 0;
        for (Object o : cases) {
            Map<?, ?> c = (Map<?, ?>) o;
            assertEquals("isDomainName", c.get("kind"), (String) c.get("id"));
            assertEquals(c.get("expected"), DnsNames.isDomainName((String) c.get("input")), (String) c.get("id"));
            n++;
        }
        assertEquals(cases.size(), n);
    }
}
