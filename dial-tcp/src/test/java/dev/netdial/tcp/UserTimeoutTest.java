package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.testing.Netns;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code TCP_USER_TIMEOUT} against a real fault: in a private network namespace nft drops every
 * packet of an established connection, and a write that fills the send buffer blocks. With a user
 * timeout of 1 s, set through the Dialer, the ListenConfig (the accepted end writing) or
 * {@link TCPConn#setUserTimeout}, the blocked write fails with Go's "write tcp4 A->B: write:
 * connection timed out" (the probe dials "tcp4") no sooner than the timeout and well before 30 s;
 * without one, the write is still blocked after 3 s (the kernel's default is about 15 minutes of
 * retransmissions).
 *
 * <p>netdial's own: Go has no user timeout setting (its users set the option through
 * {@code RawConn.Control}).
 */
class UserTimeoutTest {
    private static final long TIMEOUT_MS = 1000;
    private static final Pattern WRITE_TIMED_OUT =
            Pattern.compile("write tcp4 127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:\\d+: write: connection timed out");

    @Test
    @Timeout(120)
    void blockedWriteFailsWithinTheUserTimeout() {
        Netns.assumeAvailable();
        NftRules.assumeAvailable();
        Netns.ProbeResult r = Netns.run(UserTimeoutProbe.class, NftRules.table(),
                List.of(Long.toString(TIMEOUT_MS), "3000"), Duration.ofSeconds(100));
        Map<String, Object> j = r.requireJson();
        assertNull(j.get("crash"), () -> String.valueOf(j.get("crash")));
        Map<String, Object> cases = ProbeSupport.map(j, "cases");
        for (String name : List.of("dialer", "listenConfig", "setUserTimeout")) {
            Map<String, Object> c = ProbeSupport.map(cases, name);
            System.out.printf("user timeout %s: failed after %d ms, %d bytes written: %s%n", name,
                    ProbeSupport.n(c, "elapsedMillis"), ProbeSupport.n(c, "written"), c.get("error"));
            assertEquals(TIMEOUT_MS, ProbeSupport.n(c, "kernelMillis"), name + ": the writer's TCP_USER_TIMEOUT");
            String err = String.valueOf(c.get("error"));
            assertTrue(WRITE_TIMED_OUT.matcher(err).matches(), name + ": " + err);
            assertEquals("ETIMEDOUT", c.get("errno"), name);
            assertEquals(Boolean.TRUE, c.get("timeout"), name + ": ETIMEDOUT is a timeout, as Go's Errno.Timeout");
            assertEquals("ok", c.get("shape"), name);
            long written = ProbeSupport.n(c, "written");
            assertTrue(written >= 0 && written < 8 << 20, name + ": the write failed part-way, " + written);
            long ms = ProbeSupport.n(c, "elapsedMillis");
            assertTrue(ms >= TIMEOUT_MS - 50, name + ": failed after " + ms + " ms, before the user timeout");
            assertTrue(ms < 30_000, name + ": failed after " + ms + " ms");
        }
        Map<String, Object> none = ProbeSupport.map(cases, "none");
        System.out.printf("no user timeout: still blocked after 3 s: %s; then %s%n", none.get("stillBlocked"),
                none.get("errorAfterClose"));
        assertEquals(0L, ProbeSupport.n(none, "kernelMillis"), "the kernel's default");
        assertEquals(Boolean.TRUE, none.get("stillBlocked"), "without a user timeout the write stays blocked");
        assertTrue(String.valueOf(none.get("errorAfterClose")).endsWith(": use of closed network connection"),
                String.valueOf(none.get("errorAfterClose")));
        assertEquals(ProbeSupport.n(j, "socketFdsBefore"), ProbeSupport.n(j, "socketFdsAfter"), "socket fds leaked");
    }
}
