package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.netdial.testing.Netns;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On a host without IPv6 a "tcp" dial is still a "tcp" dial, as in current Go: the resolver is
 * asked for both families (no rewrite to "tcp4"), RFC 6724 puts the unreachable ::1 after
 * 127.0.0.1, and the dial connects over IPv4.
 *
 * <p>Go: {@code src/net/dial.go} {@code (*Dialer).DialContext} (resolves with the network as given).
 */
@Tag("netns")
class Ipv4OnlyDialTest {

    @Test
    @Timeout(90)
    void tcpDialOnIpv4OnlyHost() {
        Netns.assumeAvailable();
        Netns.ProbeResult r = Netns.run(Ipv4OnlyDialProbe.class,
                List.of("echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6",
                        "echo 1 > /proc/sys/net/ipv6/conf/lo/disable_ipv6"),
                List.of(), Duration.ofSeconds(60));
        Map<String, Object> j = r.requireJson();
        assertNull(j.get("crash"), () -> String.valueOf(j.get("crash")));
        assertEquals(false, j.get("supportsIPv6"), () -> "IPv6 still works in the namespace: " + j);
        assertNull(j.get("error"), () -> "the dial failed: " + j);
        assertEquals("127.0.0.1", ((String) j.get("remote")).replaceAll(":\\d+$", ""), () -> j.toString());
        assertEquals(1L, ((Number) j.get("queriesA")).longValue(), () -> j.toString());
        assertEquals(1L, ((Number) j.get("queriesAAAA")).longValue(), () -> "a tcp dial asks AAAA too, as Go's: " + j);
    }
}
