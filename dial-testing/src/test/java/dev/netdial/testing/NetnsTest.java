package dev.netdial.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Self-test of {@link Netns}: a probe JVM in a fresh network namespace sees only {@code lo},
 * the setup commands change its private sysctls and limits, and its JSON line round-trips.
 */
@Tag("netns")
class NetnsTest {

    /** Only lo, up; the narrowed port range and arguments (quotes included) reach the probe. */
    @Test
    void testProbeSeesPrivateNamespace() {
        Netns.assumeAvailable();
        List<String> args = List.of("plain", "it's \"quoted\" $HOME `x`", "é");
        Netns.ProbeResult r = Netns.run(NetnsSelfTestProbe.class, List.of(Netns.portRange(40000, 40001)), args,
                Duration.ofSeconds(60));
        r.requireSuccess();
        Map<String, Object> j = r.requireJson();
        assertEquals(List.of("lo"), j.get("interfaces"), "/proc/net/dev: " + r);
        assertEquals(List.of("lo"), j.get("javaInterfaces"), "NetworkInterface: " + r);
        assertEquals(Boolean.TRUE, j.get("loUp"), "ip link set lo up ran");
        assertEquals("40000\t40001", j.get("portRange"), "the sysctl took effect inside");
        assertEquals(args, j.get("args"), "arguments arrive unchanged through sh");
        assertEquals(System.getProperty("netdial.short"), j.get("short"), "netdial.* properties are passed on");
        assertTrue(r.stdout().size() >= 2 && r.stdout().get(0).startsWith("not json"), r.stdout().toString());
    }

    /** The host's port range is untouched by the probe's sysctl. */
    @Test
    void testHostUnaffected() throws Exception {
        Netns.assumeAvailable();
        // Not Files.readString: on /proc/sys files the JDK's readAllBytes returns only the first byte.
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        List<String> before = Files.readAllLines(range);
        assertTrue(before.size() == 1 && before.get(0).matches("\\d+\\s+\\d+"), before.toString());
        assertNotEquals("50000\t50000", before.get(0), "the test needs a host range other than the probe's");
        Netns.ProbeResult r = Netns.run(NetnsSelfTestProbe.class, List.of(Netns.portRange(50000, 50000)), List.of(),
                Duration.ofSeconds(60)).requireSuccess();
        assertEquals("50000\t50000", r.requireJson().get("portRange"));
        assertEquals(before, Files.readAllLines(range));
    }

    /** prlimitNofile limits the probe JVM's open files. */
    @Test
    void testPrlimitNofile() {
        Netns.assumeAvailable();
        Netns.ProbeResult r = Netns.run(NetnsSelfTestProbe.class, List.of(Netns.prlimitNofile(200)), List.of(),
                Duration.ofSeconds(60)).requireSuccess();
        String nofile = (String) r.requireJson().get("nofile");
        assertTrue(nofile.matches("200\\s+200\\s+files"), nofile);
    }

    /** A probe's exit status is reported; a failing setup command stops before the JVM. */
    @Test
    void testExitCodesAndFailingSetup() {
        Netns.assumeAvailable();
        Netns.ProbeResult r = Netns.run(NetnsSelfTestProbe.class, List.of(), List.of("exit3"), Duration.ofSeconds(60));
        assertEquals(3, r.exitCode(), r.toString());
        assertEquals(List.of("exit3"), r.requireJson().get("args"));

        Netns.ProbeResult f = Netns.run(NetnsSelfTestProbe.class, List.of("exit 7"), List.of(), Duration.ofSeconds(60));
        assertEquals(7, f.exitCode(), f.toString());
        assertNull(f.json(), "the JVM never ran");
        assertThrows(AssertionError.class, f::requireJson);
        assertThrows(AssertionError.class, f::requireSuccess);
    }

    /** A probe that overruns its timeout is killed and reported with its output so far. */
    @Test
    void testTimeoutKillsProbe() {
        Netns.assumeAvailable();
        long t0 = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class,
                () -> Netns.run(NetnsSelfTestProbe.class, List.of(), List.of("hang"), Duration.ofSeconds(5)));
        long s = (System.nanoTime() - t0) / 1_000_000_000L;
        assertTrue(s < 30, "returned after " + s + " s");
        assertTrue(e.getMessage().contains("did not finish within") && e.getMessage().contains("hang"), e.getMessage());
        // No probe JVM survives the kill.
        boolean survivor = ProcessHandle.current().descendants()
                .anyMatch(p -> p.info().commandLine().orElse("").contains(NetnsSelfTestProbe.class.getName()));
        assertTrue(!survivor, "the probe JVM was killed");
    }

    @Test
    void testSetupHelpersValidate() {
        assertThrows(IllegalArgumentException.class, () -> Netns.prlimitNofile(0));
        assertThrows(IllegalArgumentException.class, () -> Netns.portRange(5, 4));
        assertThrows(IllegalArgumentException.class, () -> Netns.portRange(0, 4));
        assertEquals("'a'\\''b'", Netns.shellQuote("a'b"));
        List<String> cmd = Netns.command(NetnsSelfTestProbe.class, List.of("true"), List.of("-Xmx64m"), List.of("x"));
        assertEquals(List.of("unshare", "-rn", "--", "sh", "-c"), cmd.subList(0, 5));
        assertTrue(cmd.get(5).startsWith("ip link set lo up && true && exec "), cmd.get(5));
        assertTrue(cmd.get(5).endsWith("'-Xmx64m' '" + NetnsSelfTestProbe.class.getName() + "' 'x'"), cmd.get(5));
        assertThrows(IllegalArgumentException.class,
                () -> Netns.command(NetnsSelfTestProbe.class, List.of(" "), List.of(), List.of()));
        List<String> mounted = Netns.command(List.of("-rmnpf"), NetnsSelfTestProbe.class, List.of("true"),
                List.of("-Xmx64m"), List.of("x"));
        assertEquals(List.of("unshare", "-rmnpf", "--", "sh", "-c"), mounted.subList(0, 5));
        assertEquals(cmd.get(5), mounted.get(5), "only unshare's options differ");
    }
}
