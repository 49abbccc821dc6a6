package dev.netdial.tcp;

import static dev.netdial.tcp.ProbeSupport.map;
import static dev.netdial.tcp.ProbeSupport.n;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.testing.Netns;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Failed dials give their socket back. A probe JVM ({@link DialLeakProbe}) limited to
 * {@value #NOFILE} open files, in a private namespace where nothing listens on
 * 127.0.0.1:{@value #PORT}, dials there {@value #DIALS} times: a single leaked fd per dial
 * would exhaust the limit within some 230 dials (the JVM holds about 25 fds of its own) and
 * turn every later error into {@code EMFILE}.
 *
 * <p>Go: the socket-leak checks of {@code src/net/main_test.go} ({@code printLeakedSockets});
 * the JDK's {@code java/net/Socket/OpenLeak.java}. docs/TESTING.md §5, row "failed-dial leak".
 */
@Tag("netns")
class DialLeakTest {

    /** The probe's open-files limit, soft and hard. */
    static final int NOFILE = 256;
    /** A port nothing listens on in the probe's namespace. */
    static final int PORT = 9;
    static final int DIALS = 20_000;
    /** All dials must finish within this. */
    static final long LIMIT_MILLIS = 90_000;

    /**
     * 20,000 dials to a closed port: 20,000 end in exactly "dial tcp 127.0.0.1:9: connect:
     * connection refused" (every 100th also passes {@code GoErrors.checkDial}), none in
     * {@code EMFILE}, within 90 s; the SocketSwitch they went through closed every socket it
     * opened, and the probe's fd count is the same after as before.
     */
    @Test
    void testRefusedDialsDoNotLeak() {
        Netns.assumeAvailable();
        Netns.ProbeResult probe = Netns.run(DialLeakProbe.class, List.of(Netns.prlimitNofile(NOFILE)),
                List.of(Integer.toString(PORT), Integer.toString(DIALS)), Duration.ofMillis(LIMIT_MILLIS + 30_000))
                .requireSuccess();
        Map<String, Object> r = probe.requireJson();
        assertNull(r.get("crash"), () -> "the probe failed: " + probe);
        Map<String, Object> sw = map(r, "switch");
        System.out.printf("DialLeakTest.testRefusedDialsDoNotLeak: nofile %s; %d/%d refused, %d EMFILE, %d other, "
                        + "%d ms for all dials; fds %d -> %d; switch %s; probe %d ms%n",
                r.get("nofile"), n(r, "exactRefused"), DIALS, n(r, "emfile"), n(r, "other"), n(r, "elapsedMillis"),
                n(r, "fdsBefore"), n(r, "fdsAfter"), sw, probe.elapsed().toMillis());
        assertEquals(NOFILE + " " + NOFILE, r.get("nofile"), "the limit reached the probe JVM");
        assertEquals(DIALS, n(r, "dials"));
        assertEquals(0, n(r, "conns"), "nothing listens on port " + PORT + ": " + r);
        assertEquals(DIALS, n(r, "exactRefused"),
                "each error is exactly 'dial tcp 127.0.0.1:" + PORT + ": connect: connection refused'; first other: "
                        + r.get("firstOther"));
        assertEquals(0, n(r, "emfile"), "EMFILE means an fd leaked: " + r.get("firstOther"));
        assertEquals(0, n(r, "other"), String.valueOf(r.get("firstOther")));
        assertEquals(n(r, "shapeChecked"), n(r, "shapeOk"), "GoErrors.checkDial on every 100th error");
        assertEquals(DIALS / 100, n(r, "shapeChecked"));
        assertTrue(n(r, "elapsedMillis") <= LIMIT_MILLIS, n(r, "elapsedMillis") + " ms for " + DIALS + " dials");
        assertEquals(DIALS + 1, n(sw, "opened"), "one socket per dial, warm-up included: " + sw);
        assertEquals(n(sw, "opened"), n(sw, "closed"), "every socket closed: " + sw);
        assertEquals(0, n(sw, "live"), sw.toString());
        assertEquals(n(r, "fdsBefore"), n(r, "fdsAfter"), "open fds before and after the dials");
        assertEquals(n(r, "socketFdsBefore"), n(r, "socketFdsAfter"), "socket fds before and after the dials");
    }
}
