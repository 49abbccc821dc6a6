package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.testing.Netns;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * netdial under {@code EMFILE}: a probe JVM ({@link ResourceLimitProbe}) runs with its open
 * files limited to {@value #NOFILE} ({@code prlimit} through {@link Netns#prlimitNofile}, in a
 * private network namespace so its loopback is its own), dials a loopback listener until the fd
 * table is full, accepts while it is full, then frees ten fds and dials again.
 *
 * <p>The limit: the probe JVM holds about 25 fds before its first dial (stdio, the runtime
 * image, class-path jars, the poller's epoll fd and eventfd, a wake-up eventfd; 23 under
 * surefire here, reported as {@code fdsBeforeDials}). 64, the figure of docs/TESTING.md, leaves room
 * for some 40 connections: enough that "close ten, dial again" means something. The test
 * requires at least {@value #MIN_DIALS} dials, so a JVM grown to eat the headroom fails loudly
 * instead of passing vacuously.
 *
 * <p>Go treats {@code EMFILE} as temporary ({@code syscall.Errno.Temporary}), returns it from
 * {@code socket} and {@code accept4} as it is (no retry in the poll layer; servers back off
 * themselves), and its error text is "socket: too many open files" / "accept4: too many open
 * files". The probe wraps each error as Go's dialer ({@code OpError{Op: "dial"}}) and listener
 * ({@code OpError{Op: "accept"}}) do and runs {@code GoErrors} on it.
 *
 * <p>Go: {@code src/syscall/syscall_unix.go} {@code Errno.Temporary};
 * {@code src/internal/poll/fd_unix.go} {@code (*FD).Accept}; {@code src/net/sock_cloexec.go}
 * {@code sysSocket}. docs/TESTING.md §5, row "EMFILE".
 */
@Tag("netns")
class ResourceLimitTest {

    /** The probe's open-file limit, soft and hard. */
    static final int NOFILE = 64;
    /** The fewest dials that make the scenario meaningful (ten are closed later). */
    static final int MIN_DIALS = 20;
    /** An accept under EMFILE must return within this. */
    static final long ACCEPT_LIMIT_MILLIS = 1000;
    /** The process may use at most 20% of one core over the 1 s an accept is watched. */
    static final long CPU_LIMIT_MILLIS = 200;

    private static Netns.ProbeResult probe;
    private static Map<String, Object> result;

    @BeforeAll
    static void runProbe() {
        Netns.assumeAvailable();
        probe = Netns.run(ResourceLimitProbe.class, List.of(Netns.prlimitNofile(NOFILE)), List.of(),
                Duration.ofSeconds(60));
        probe.requireSuccess();
        result = probe.requireJson();
        assertNull(result.get("crash"), () -> "the probe failed: " + result.get("crash") + "\n" + probe);
        assertEquals(NOFILE + " " + NOFILE, result.get("nofile"), "the limit reached the probe JVM");
    }

    /**
     * Dialing until the table is full ends with "dial tcp 127.0.0.1:P: socket: too many open
     * files": a {@code SyscallError} of {@code socket} over {@code Errno.EMFILE}, temporary and
     * not a timeout, with Go's shape. It happens exactly when the table is full (the dials that
     * succeeded plus the fds open before them make the limit): no dial leaves an fd behind.
     */
    @Test
    void testDialUntilEMFILE() {
        long before = number("fdsBeforeDials");
        long dials = number("dials");
        assertTrue(dials >= MIN_DIALS, "only " + dials + " dials fitted (" + before + " fds open before); " + probe);
        assertEquals(NOFILE, before + dials, "fds open before the dials + successful dials; " + probe);
        assertEquals(NOFILE, number("fdsWhenFull"), "fds open right after the failed dial: the table is full; " + probe);
        Map<String, Object> dial = phase("dial");
        assertEquals(Boolean.FALSE, dial.get("ok"), dial.toString());
        String port = port();
        assertEquals("dial tcp 127.0.0.1:" + port + ": socket: too many open files", dial.get("message"));
        assertEquals("SyscallError", dial.get("class"));
        assertEquals("socket", dial.get("syscall"));
        assertEquals("EMFILE", dial.get("errno"));
        assertEquals(Boolean.TRUE, dial.get("temporary"), "EMFILE is temporary");
        assertEquals(Boolean.FALSE, dial.get("timeout"));
        assertEquals("ok", dial.get("shape"), "GoErrors.checkDial");
    }

    /**
     * An accept while the table is full, with connections waiting in the queue, returns
     * "accept tcp 127.0.0.1:P: accept4: too many open files" (temporary) within 1 s, on a
     * platform and on a virtual thread, without spinning: over the second after the call the
     * whole probe process uses under 20% of one core.
     */
    @Test
    void testAcceptEMFILE() {
        String port = port();
        for (String kind : List.of("acceptPlatform", "acceptVirtual")) {
            Map<String, Object> a = phase(kind);
            assertEquals(Boolean.TRUE, a.get("returned"), kind + " returned within 1 s: " + a);
            long elapsed = ((Number) a.get("elapsedMillis")).longValue();
            assertTrue(elapsed >= 0 && elapsed <= ACCEPT_LIMIT_MILLIS, kind + ": returned after " + elapsed + " ms");
            long cpu = ((Number) a.get("cpuMillis")).longValue();
            long window = ((Number) a.get("windowMillis")).longValue();
            assertTrue(window >= 1000, kind + ": watched for " + window + " ms");
            assertTrue(cpu < CPU_LIMIT_MILLIS, kind + ": the process used " + cpu + " ms of CPU in " + window + " ms: " + a);
            assertEquals(Boolean.FALSE, a.get("ok"), kind + ": accepted a connection with no fd free: " + a);
            assertEquals("accept tcp 127.0.0.1:" + port + ": accept4: too many open files", a.get("message"), kind);
            assertEquals("accept4", a.get("syscall"), kind);
            assertEquals("EMFILE", a.get("errno"), kind);
            assertEquals(Boolean.TRUE, a.get("temporary"), kind + ": EMFILE is temporary");
            assertEquals("ok", a.get("shape"), kind + ": GoErrors.checkAccept");
        }
    }

    /** After ten connections are closed, the next dial succeeds, and so does the next accept. */
    @Test
    void testDialAfterCloseUnderLimit() {
        Map<String, Object> d = phase("dialAfterClose");
        assertEquals(Boolean.TRUE, d.get("ok"), "dial after closing ten: " + d);
        assertTrue(String.valueOf(d.get("local")).startsWith("127.0.0.1:"), d.toString());
        Map<String, Object> a = phase("acceptAfterClose");
        assertEquals(Boolean.TRUE, a.get("ok"), "accept after closing ten: " + a);
        // And everything the probe opened was closed again.
        assertEquals(number("fdsBeforeDials") - 1, number("fdsAtEnd"), "fds at the end (the listener closed too); " + probe);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> phase(String key) {
        Object o = result.get(key);
        assertNotNull(o, () -> "the probe reported no " + key + "; " + probe);
        return (Map<String, Object>) o;
    }

    private static long number(String key) {
        Object o = result.get(key);
        assertNotNull(o, () -> "the probe reported no " + key + "; " + probe);
        return ((Number) o).longValue();
    }

    /** The listener's port, as the probe reported it. */
    private static String port() {
        String l = String.valueOf(result.get("listener"));
        assertTrue(l.startsWith("127.0.0.1:"), "listener " + l);
        return l.substring("127.0.0.1:".length());
    }
}
