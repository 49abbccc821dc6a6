package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Context;
import dev.netdial.api.OpError;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.LibC;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code TCP_USER_TIMEOUT} on loopback: what {@link TCPConn#setUserTimeout} and the Dialer's and
 * ListenConfig's settings leave in the kernel, read back with getsockopt through
 * {@link TCPConn#userTimeout()}; rounding to milliseconds, saturation, zero as the kernel's
 * default, negatives rejected, and Multipath TCP (which Linux does not let take the option).
 * The fault itself (a blocked write failing) is {@link UserTimeoutTest}'s.
 *
 * <p>netdial's own: Go has no user timeout setting.
 */
@Timeout(30)
class UserTimeoutOptionTest {
    private static final Duration MAX = Duration.ofMillis(Integer.MAX_VALUE);

    /** A dialed conn and its accepted peer; closing closes both and the listener. */
    private record Pair(TCPListener ln, TCPConn dialed, TCPConn accepted) implements AutoCloseable {
        static Pair open(Dialer d, ListenConfig lc) throws IOException {
            TCPListener ln = (TCPListener) lc.listen(Context.background(), "tcp4", "127.0.0.1:0");
            try {
                TCPConn c = (TCPConn) d.dial("tcp4", ln.addr().toString());
                return new Pair(ln, c, ln.acceptTCP());
            } catch (IOException | RuntimeException e) {
                ln.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try (ln; dialed; accepted) {
                // closes all three
            }
        }
    }

    @Test
    void setterReadsBackTheKernelValue() throws Exception {
        try (Pair p = Pair.open(new Dialer(), new ListenConfig())) {
            TCPConn c = p.dialed();
            assertEquals(Duration.ZERO, c.userTimeout(), "the kernel's default before any set");
            c.setUserTimeout(Duration.ofMillis(1500));
            assertEquals(Duration.ofMillis(1500), c.userTimeout());
            c.setUserTimeout(Duration.ofNanos(1));
            assertEquals(Duration.ofMillis(1), c.userTimeout(), "a partial millisecond rounds up, never to 0");
            c.setUserTimeout(Duration.ofMillis(2).plusNanos(1));
            assertEquals(Duration.ofMillis(3), c.userTimeout());
            for (Duration huge : new Duration[] {MAX, MAX.plusNanos(1), Duration.ofDays(200_000),
                    Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)}) {
                c.setUserTimeout(huge);
                assertEquals(MAX, c.userTimeout(), huge + " saturates at Integer.MAX_VALUE ms");
            }
            c.setUserTimeout(Duration.ZERO);
            assertEquals(Duration.ZERO, c.userTimeout(), "zero restores the kernel's default");
            assertEquals(Duration.ZERO, p.accepted().userTimeout(), "the peer is untouched");
        }
    }

    @Test
    void negativeIsRejected() throws Exception {
        Duration neg = Duration.ofMillis(-1);
        try (Pair p = Pair.open(new Dialer(), new ListenConfig())) {
            p.dialed().setUserTimeout(Duration.ofSeconds(2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.dialed().setUserTimeout(neg));
            assertEquals("negative user timeout: PT-0.001S", e.getMessage());
            assertEquals(Duration.ofSeconds(2), p.dialed().userTimeout(), "a rejected value changes nothing");
            assertThrows(NullPointerException.class, () -> p.dialed().setUserTimeout(null));
        }
        assertThrows(IllegalArgumentException.class, () -> Dialer.builder().userTimeout(neg));
        assertThrows(IllegalArgumentException.class, () -> ListenConfig.builder().userTimeout(neg));
        // null is the zero value in the builders, as for their other durations
        Dialer.builder().userTimeout(null).build();
        ListenConfig.builder().userTimeout(null).build();
    }

    @Test
    void dialerAndListenConfigApplyTheirs() throws Exception {
        Dialer d = Dialer.builder().userTimeout(Duration.ofMillis(2500)).build();
        ListenConfig lc = ListenConfig.builder().userTimeout(Duration.ofMillis(750)).build();
        try (Pair p = Pair.open(d, lc)) {
            assertEquals(Duration.ofMillis(2500), p.dialed().userTimeout(), "the Dialer's, on the dialed conn");
            assertEquals(Duration.ofMillis(750), p.accepted().userTimeout(), "the ListenConfig's, on the accepted conn");
        }
        try (Pair p = Pair.open(d.toBuilder().userTimeout(Duration.ofNanos(10)).build(), new ListenConfig())) {
            assertEquals(Duration.ofMillis(1), p.dialed().userTimeout(), "rounded up as the setter rounds");
            assertEquals(Duration.ZERO, p.accepted().userTimeout(), "a zero ListenConfig leaves the default");
        }
        try (Pair p = Pair.open(d.toBuilder().userTimeout(Duration.ZERO).build(), new ListenConfig())) {
            assertEquals(Duration.ZERO, p.dialed().userTimeout(), "zero: the kernel's default");
        }
    }

    /**
     * A Multipath TCP socket refuses TCP_USER_TIMEOUT on Linux (ENOPROTOOPT, up to 6.18 at
     * least): a Dialer asking for both gets a plain TCP conn that has the timeout (the MPTCP
     * attempt fails and falls back), and a listener accepts an MPTCP client without it.
     */
    @Test
    void multipathTcp() throws Exception {
        Dialer mp = Dialer.builder().multipathTCP(true).userTimeout(Duration.ofSeconds(3)).build();
        ListenConfig lc = ListenConfig.builder().multipathTCP(true).userTimeout(Duration.ofSeconds(4)).build();
        try (TCPListener ln = (TCPListener) lc.listen(Context.background(), "tcp4", "127.0.0.1:0");
                TCPConn c = (TCPConn) mp.dial("tcp4", ln.addr().toString())) {
            assertEquals(Duration.ofSeconds(3), c.userTimeout(), "the Dialer's timeout holds on what it returns");
            assertEquals(Constants.IPPROTO_TCP, protocol(c), "plain TCP");
            ln.setDeadline(Instant.now().plusSeconds(5));
            if (Mptcp.supported()) {
                // The refused MPTCP connection was connected and closed before the fallback's.
                ln.acceptTCP().close();
            }
            try (TCPConn s = ln.acceptTCP()) {
                assertEquals(Duration.ofSeconds(4), s.userTimeout(), "a plain client's conn on an MPTCP listener has it");
            }
            if (!Mptcp.supported()) {
                return;
            }
            try (TCPConn m = (TCPConn) Dialer.builder().multipathTCP(true).build().dial("tcp4", ln.addr().toString());
                    TCPConn s = ln.acceptTCP()) {
                assertEquals(Mptcp.IPPROTO_MPTCP, protocol(s), "an MPTCP conn");
                OpError e = assertThrows(OpError.class, s::userTimeout);
                assertTrue(e.getMessage().startsWith("get tcp4 " + s.localAddr() + "->" + s.remoteAddr() + ": getsockopt: "),
                        e.getMessage());
                m.write(new byte[] {42}, 0, 1);
                byte[] b = new byte[1];
                assertEquals(1, s.read(b, 0, 1), "accepted without the timeout, and working");
                assertEquals(42, b[0]);
            }
        }
    }

    /** The socket's SO_PROTOCOL. */
    private static int protocol(TCPConn c) throws IOException {
        int[] v = new int[1];
        int[] r = new int[1];
        c.syscallConn().control(fd -> r[0] = LibC.getsockoptInt(fd, Constants.SOL_SOCKET, 38 /* SO_PROTOCOL */, v));
        assertEquals(0, r[0], "getsockopt(SO_PROTOCOL)");
        return v[0];
    }
}
