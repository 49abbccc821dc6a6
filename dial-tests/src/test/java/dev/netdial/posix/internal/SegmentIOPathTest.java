package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * Which SegmentIO and SocketDowncalls this JVM loaded: dial-posix is a multi-release jar, and both
 * of its paths must be exercised by the suite. The default run on JDK 22+ takes the Foreign downcalls; the surefire
 * execution {@code java21-path} turns multi-release jars off
 * ({@code -Djdk.util.jar.enableMultiRelease=false}), so the same tests run on the Java 21 classes
 * (JNA for every syscall) on this JDK.
 *
 * <p>netdial's own test.
 */
class SegmentIOPathTest {
    @Test
    void theExpectedSegmentIOIsLoaded() {
        boolean multiRelease = !"false".equals(System.getProperty("jdk.util.jar.enableMultiRelease"));
        boolean expectDowncalls = multiRelease && Runtime.version().feature() >= 22;
        URL where = SegmentIO.class.getResource("SegmentIO.class");
        // The jar, not a classes directory: a directory on the class path is never multi-release.
        assertTrue(String.valueOf(where).startsWith("jar:"), "dial-posix on the class path as a jar: " + where);
        assertEquals(expectDowncalls, SegmentIO.pins(),
                "SegmentIO.pins() with multi-release " + multiRelease + " on Java " + Runtime.version().feature());
        assertEquals(expectDowncalls, SocketDowncalls.available(),
                "SocketDowncalls.available() with multi-release " + multiRelease + " on Java " + Runtime.version().feature());
    }
}
