package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Conn;
import dev.netdial.api.Listener;
import dev.netdial.testing.Netns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conns and listeners the caller never closes are closed once the collector finds them
 * unreachable, as Go's finalizer on every {@code netFD} does: 1,000 dialed conns, their 1,000
 * accepted peers and 100 listeners are dropped, and the process's socket fds come back to
 * what they were. An explicit close deregisters the action: a conn closed by hand and dropped
 * never closes the fd number a newer conn got.
 *
 * <p>Go: {@code src/net/fd_posix.go} {@code (*netFD).setAddr} ({@code runtime.SetFinalizer}),
 * {@code (*netFD).Close}.
 */
@Timeout(120)
class UnclosedConnCleanerTest {

    private static final int CONNS = 1_000;
    private static final int LISTENERS = 100;

    /** Opens the conns and listeners and drops them all (nothing of them outlives this call). */
    private static void openAndDrop(Listener ln) throws IOException {
        List<Conn> conns = new ArrayList<>(2 * CONNS);
        Dialer d = new Dialer();
        String addr = ln.addr().toString();
        for (int i = 0; i < CONNS; i++) {
            conns.add(d.dial("tcp", addr));
            conns.add(ln.accept());
        }
        List<Listener> lns = new ArrayList<>(LISTENERS);
        for (int i = 0; i < LISTENERS; i++) {
            lns.add(Net.listen("tcp", "127.0.0.1:0"));
        }
        assertEquals(2 * CONNS + LISTENERS, conns.size() + lns.size());
    }

    /** Collects until the socket fds are down to {@code want} (or 60 s pass); the last count. */
    private static long awaitSocketFds(long want) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        long n = ProbeSupport.socketFds();
        while (n > want && System.nanoTime() < end) {
            System.gc();
            Thread.sleep(50);
            n = ProbeSupport.socketFds();
        }
        return n;
    }

    @Test
    void droppedConnsAndListenersAreClosed() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0")) {
            long before = ProbeSupport.socketFds();
            openAndDrop(ln);
            long opened = ProbeSupport.socketFds();
            assertTrue(opened >= before + 2 * CONNS + LISTENERS, () -> "only " + opened + " socket fds, "
                    + before + " before");
            long after = awaitSocketFds(before);
            assertTrue(after <= before, () -> after + " socket fds remain of " + opened + ", " + before + " before");
        }
    }

    @Test
    void explicitCloseDeregisters() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0")) {
            Dialer d = new Dialer();
            String addr = ln.addr().toString();
            long before = ProbeSupport.socketFds();
            closeAndDrop(d, ln, addr);
            // The fd numbers just freed go to the next sockets; collecting the closed conns must
            // leave these open.
            try (Conn c = d.dial("tcp", addr); Conn s = ln.accept()) {
                for (int i = 0; i < 5; i++) {
                    System.gc();
                    Thread.sleep(50);
                }
                byte[] msg = "still open".getBytes(StandardCharsets.US_ASCII);
                c.write(msg, 0, msg.length);
                byte[] got = new byte[msg.length];
                int n = 0;
                while (n < got.length) {
                    int r = s.read(got, n, got.length - n);
                    assertTrue(r > 0, "end of stream");
                    n += r;
                }
                assertArrayEquals(msg, got);
                assertEquals(before + 2, ProbeSupport.socketFds());
            }
        }
    }

    private static void closeAndDrop(Dialer d, Listener ln, String addr) throws IOException {
        for (int i = 0; i < 10; i++) {
            try (Conn c = d.dial("tcp", addr); Conn s = ln.accept()) {
                assertEquals(c.localAddr().toString(), s.remoteAddr().toString());
            }
        }
    }

    /**
     * The first collected unclosed conn is logged at DEBUG, once for the JVM: 100 fds closed by
     * the cleaner, one log line (a probe JVM with NetFD's logger at DEBUG).
     */
    @Test
    void collectedConnIsLoggedOnce() {
        Netns.assumeAvailable();
        Netns.ProbeResult r = Netns.run(UnclosedConnLogProbe.class, List.of(),
                List.of("-Dorg.slf4j.simpleLogger.log.dev.netdial.posix.internal.NetFD=debug"), List.of(),
                Duration.ofSeconds(60));
        Map<String, Object> j = r.requireJson();
        assertEquals(null, j.get("crash"), () -> String.valueOf(j.get("crash")));
        assertTrue(((Number) j.get("after")).longValue() <= ((Number) j.get("before")).longValue(), j::toString);
        long lines = r.stderr().lines().filter(l -> l.contains("was collected; its fd is closed now")).count();
        assertEquals(1, lines, () -> "log lines about collected conns:\n" + r.stderr());
    }
}
