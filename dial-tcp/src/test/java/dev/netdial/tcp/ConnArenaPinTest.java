package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netdial.testing.Capabilities;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A shared arena closed by another thread while a read or write uses its memory (issue 16): the
 * segment stays alive for each syscall (a close then is refused, "Session is acquired by N
 * clients"), and a read or write that reaches its syscall after the close fails with the JDK's
 * "Already closed" instead of using freed memory. Before the fix a parked read wrote the peer's
 * bytes into freed memory and a close during write(2) unmapped the memory under the kernel.
 *
 * <p>Needs dial-posix's JDK 22 classes (its multi-release jar, META-INF/versions/22): they are
 * used when this runs against the packaged jar, as in {@code mvn verify}; a plain {@code mvn test}
 * runs against target/classes, where the JVM ignores versioned classes, and this test is skipped.
 * Runs in a child JVM with the source launcher, since this build compiles for Java 21.
 *
 * <p>No Go counterpart: Go's slices cannot be freed under a read.
 */
@Timeout(120)
class ConnArenaPinTest {

    @Test
    void sharedArenaStaysAliveDuringSyscalls() throws Exception {
        Capabilities.require("a JDK 22 or newer (the Foreign API is final from 22)", Runtime.version().feature() >= 22);
        Capabilities.require("dial-posix as a jar, as in verify (a directory on the class path hides its Java 22 classes)", fromJar());
        Path dir = Files.createTempDirectory("netdial-pin");
        Path src = dir.resolve("ArenaPinProbe.java");
        try (InputStream in = ConnArenaPinTest.class.getResourceAsStream("ArenaPinProbe.java")) {
            Files.copy(in, src);
        }
        Path err = dir.resolve("stderr.txt");
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "--class-path", System.getProperty("java.class.path"), src.toString());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(100, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String diag = out + Files.readString(err);
        Files.delete(err);
        Files.delete(src);
        Files.delete(dir);
        assertEquals(0, p.exitValue(), diag);
        assertEquals(String.join("\n",
                "parked close: returned 0",
                "parked read: IllegalStateException Already closed",
                "parked left: hello",
                "write close refused in some round: true",
                "write ends: IllegalStateException Already closed") + "\n", out, diag);
    }

    /** Whether dial-posix comes from its jar (where META-INF/versions/22 is honoured). */
    private static boolean fromJar() {
        java.security.CodeSource cs = dev.netdial.posix.RawConn.class.getProtectionDomain().getCodeSource();
        return cs != null && cs.getLocation().getPath().endsWith(".jar");
    }
}
