package dev.netdial.tcp;

import static dev.netdial.tcp.ProbeSupport.map;
import static dev.netdial.tcp.ProbeSupport.n;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.netdial.testing.Netns;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Dialer with a local IP and port 0 binds with {@code IP_BIND_ADDRESS_NO_PORT}, so the port
 * is chosen at connect, per 4-tuple: one local IP holds twice the ephemeral range of concurrent
 * connections to two destinations. Without the option (a kernel before 4.2, played by the
 * SocketSwitch) bind reserves the port and the range is shared: once.
 *
 * <p>netdial's own: Go binds the port (go.dev/issue/23469 asks for the option).
 */
class BindNoPortTest {

    static final int RANGE_BASE = 48000;
    static final int N = 50;
    static final int L1 = 46101;
    static final int L2 = 46102;

    /**
     * Range of 50 ports, dials from 127.0.0.1:0 alternating between two listeners: 100
     * conns (50 to each, over 50 distinct local ports, each used towards both), then the 101st
     * fails at connect with {@code EADDRNOTAVAIL}; without the option, 50 conns
     * and the 51st fails at bind with {@code EADDRINUSE}. No socket fd is left.
     */
    @Test
    @Tag("netns")
    void testTwiceTheRangeFromOneIpNetns() {
        Netns.assumeAvailable();
        Netns.ProbeResult probe = Netns.run(BindNoPortProbe.class, List.of(),
                List.of(Integer.toString(RANGE_BASE), Integer.toString(N), Integer.toString(L1), Integer.toString(L2)),
                Duration.ofSeconds(60)).requireSuccess();
        Map<String, Object> r = probe.requireJson();
        assertNull(r.get("crash"), () -> "the probe failed: " + probe);
        Map<String, Object> noPort = map(r, "noPort");
        Map<String, Object> bindPort = map(r, "bindPort");
        System.out.printf("BindNoPortTest: range of %d ports; IP_BIND_ADDRESS_NO_PORT: %d conns (%d+%d, %d local ports), "
                        + "then '%s'; without it: %d conns, then '%s'; probe %d ms%n",
                N, n(noPort, "conns"), n(noPort, "toL1"), n(noPort, "toL2"), n(noPort, "distinctLocalPorts"),
                noPort.get("error"), n(bindPort, "conns"), bindPort.get("error"), probe.elapsed().toMillis());
        assertEquals(2L * N, n(noPort, "conns"), noPort.toString());
        assertEquals((long) N, n(noPort, "toL1"), noPort.toString());
        assertEquals((long) N, n(noPort, "toL2"), noPort.toString());
        assertEquals((long) N, n(noPort, "distinctLocalPorts"), "each port used towards both listeners; " + noPort);
        assertEquals("dial tcp 127.0.0.1:0->127.0.0.1:" + L1 + ": connect: cannot assign requested address",
                noPort.get("error"), noPort.toString());
        assertEquals((long) N, n(bindPort, "conns"), bindPort.toString());
        assertEquals("dial tcp 127.0.0.1:0->127.0.0.1:" + L1 + ": bind: address already in use",
                bindPort.get("error"), bindPort.toString());
        assertEquals(n(r, "socketFdsBefore"), n(noPort, "socketFdsAfterClose"), probe.toString());
        assertEquals(n(r, "socketFdsBefore"), n(bindPort, "socketFdsAfterClose"), probe.toString());
    }
}
