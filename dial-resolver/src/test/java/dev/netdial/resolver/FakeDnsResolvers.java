package dev.netdial.resolver;

import dev.netdial.testing.FakeDnsServer;
import java.util.List;

/**
 * Test helper (netdial's own): a {@link Resolver} that asks only a {@link FakeDnsServer}, with an
 * empty hosts table, for tests of other packages (the server list with a port is package-private).
 */
public final class FakeDnsResolvers {
    private FakeDnsResolvers() {
    }

    /** Go's DNS client against {@code s} only: 5 s per attempt, one attempt, no hosts entries. */
    public static Resolver of(FakeDnsServer s) {
        return Resolver.builder().hosts(HostsFile.parse(""))
                .config(DnsConfig.parse("options timeout:5 attempts:1\n", null).withServers(List.of(s.address())))
                .build();
    }
}
