package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * With one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1}) pinned, a virtual thread
 * waiting for data still gets it, in both poller modes, in each scenario of
 * {@link PinnedCarrierProbe} (each in its own JVM). The JDK's own sockets are run alongside for
 * the record: in its default poller mode on JDK 25 ({@code VTHREAD_POLLERS}) the JDK hangs when
 * the waiter itself is pinned (its sub-poller is a virtual thread that cannot run); netdial's
 * master stands in for its sub-poller, so netdial does not.
 *
 * <p>netdial's own test; no Go counterpart.
 */
class PinnedCarrierTest {

    private static String probe(String sockets, String mode, String scenario) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(),
                "-Djdk.virtualThreadScheduler.parallelism=1",
                "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-Dnetdial.poller=" + mode,
                "-Djna.nosys=true",
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                PinnedCarrierProbe.class.getName(), sockets, scenario));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "probe did not exit";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        for (String line : out.split("\n")) {
            if (line.equals("ok") || line.equals("hang")) {
                return line;
            }
        }
        return "probe failed: " + out;
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"waiter-pinned", "other-pinned", "other-spinning"})
    void testPinnedCarrierDoesNotStallNetdial(String scenario) throws Exception {
        String jdk = probe("jdk", "carrier", scenario);
        for (String mode : List.of("carrier", "thread")) {
            String nd = probe("netdial", mode, scenario);
            System.out.println("pinned carrier, " + scenario + ": JDK (its default poller mode) " + jdk
                    + ", netdial (" + mode + ") " + nd);
            assertEquals("ok", nd, "netdial " + mode + " " + scenario + " (the JDK: " + jdk + ")");
        }
    }
}
