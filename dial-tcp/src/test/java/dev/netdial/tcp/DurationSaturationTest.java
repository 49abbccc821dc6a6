package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.KeepAliveConfig;
import dev.netdial.api.Listener;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.resolver.HostsFile;
import dev.netdial.resolver.Resolver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every duration and deadline a caller hands in saturates: a fallback delay, timeout, keep-alive
 * or deadline of centuries behaves as "very long", never as an {@code ArithmeticException}
 * (issue 16: {@code fallbackDelay(Duration.ofSeconds(Long.MAX_VALUE))} threw from
 * {@code dialParallel}).
 *
 * <p>Go: a {@code time.Duration} is an int64 of nanoseconds and cannot hold more; netdial clamps
 * (docs/DESIGN.md, "Time arithmetic saturates").
 */
@Timeout(60)
class DurationSaturationTest {

    private static final List<Duration> HUGE = List.of(Duration.ofSeconds(Long.MAX_VALUE),
            Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), Duration.ofDays(200_000));

    /** A name with an IPv6 and an IPv4 address, so the dial goes through dialParallel. */
    private static Resolver dualStackHosts() {
        return Resolver.builder().preferGo(true)
                .hosts(HostsFile.parse("::1 dual.test\n127.0.0.1 dual.test\n")).build();
    }

    @Test
    void hugeFallbackDelayDials() throws Exception {
        try (Listener ln = Net.listen("tcp4", "127.0.0.1:0")) {
            int port = ((TCPAddr) ln.addr()).port();
            for (Duration d : HUGE) {
                Dialer dialer = Dialer.builder().resolver(dualStackHosts()).fallbackDelay(d).build();
                // ::1 refuses (nothing listens there), which starts the IPv4 fallback at once.
                try (Conn c = dialer.dial("tcp", "dual.test:" + port); Conn s = ln.accept()) {
                    assertEquals(ln.addr().toString(), c.remoteAddr().toString(), d.toString());
                }
            }
        }
    }

    @Test
    void hugeTimeoutsAndDeadlines() throws Exception {
        try (Listener ln = Net.listen("tcp4", "127.0.0.1:0")) {
            for (Duration d : HUGE) {
                Context ctx = Context.background().withTimeout(d);
                try {
                    Dialer dialer = Dialer.builder().timeout(d).deadline(Instant.MAX).keepAlive(d)
                            .keepAliveConfig(new KeepAliveConfig(true, d, d, 3)).build();
                    try (Conn c = dialer.dialContext(ctx, "tcp", ln.addr().toString()); Conn s = ln.accept()) {
                        TCPConn tc = (TCPConn) c;
                        // The kernel caps TCP_KEEPIDLE at 32767 s: Go passes it the huge value and
                        // reports the kernel's EINVAL; so does netdial (no arithmetic error).
                        String einval = "set tcp " + c.localAddr() + "->" + c.remoteAddr()
                                + ": setsockopt: invalid argument";
                        assertEquals(einval, assertThrows(OpError.class, () -> tc.setKeepAlivePeriod(d)).getMessage());
                        assertEquals(einval, assertThrows(OpError.class,
                                () -> tc.setKeepAliveConfig(new KeepAliveConfig(true, d, d, 3))).getMessage());
                        c.setDeadline(Instant.MAX);
                        c.setReadDeadline(Instant.MAX);
                        c.setWriteDeadline(Instant.MAX);
                        c.write(new byte[] {1}, 0, 1);
                        assertEquals(1, s.read(new byte[1], 0, 1));
                    }
                } finally {
                    ctx.cancel();
                }
                try (Conn c = Net.dialTimeout("tcp", ln.addr().toString(), d); Conn s = ln.accept()) {
                    assertTrue(c.isOpen(), "dialTimeout " + d);
                }
            }
        }
    }

    @Test
    void hugeListenKeepAlive() throws Exception {
        for (Duration d : HUGE) {
            ListenConfig lc = ListenConfig.builder().keepAlive(d).build();
            try (Listener ln = lc.listen(Context.background(), "tcp4", "127.0.0.1:0");
                    Conn c = Net.dial("tcp", ln.addr().toString());
                    Conn s = ln.accept()) {
                ((TCPListener) ln).setDeadline(Instant.MAX);
                assertTrue(s.isOpen(), d.toString());
            }
        }
    }
}
