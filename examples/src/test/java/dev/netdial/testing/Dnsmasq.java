package dev.netdial.testing;

import dev.netdial.examples.LocalDns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a probe JVM beside a real DNS server: dnsmasq serving {@link LocalDns}'s zone
 * {@code netdial.test} on 127.0.0.53:53, in private user, mount, network and pid namespaces
 * whose {@code /etc/resolv.conf}, {@code /etc/hosts} and {@code /etc/nsswitch.conf} are
 * {@link LocalDns}'s. The probe's lookups, by netdial or by the C library, go to that server
 * and nowhere else. dnsmasq ends with the probe (the pid namespace ends).
 *
 * <p>The namespaces and the probe are {@link Netns}'s; the zone, the files and the set-up
 * commands are {@link LocalDns}'s, shared with the {@code netdial} command.
 */
public final class Dnsmasq {

    private Dnsmasq() {
    }

    private record Availability(boolean ok, String detail) {
    }

    /** Probed once per JVM, on first use. */
    private static final class Probed {
        static final Availability AVAILABILITY = probeAvailability();
    }

    /** Whether dnsmasq is installed and starts in the namespaces here. */
    public static boolean available() {
        return Probed.AVAILABILITY.ok();
    }

    /**
     * Skips the calling test when dnsmasq or the namespaces are missing, or fails it under CI.
     *
     * @see Capabilities#require(String, boolean, String)
     */
    public static void assumeAvailable() {
        Netns.assumeAvailable();
        Availability a = Probed.AVAILABILITY;
        Capabilities.require("dnsmasq in a private namespace (Debian package dnsmasq-base; unshare "
                + String.join(" ", LocalDns.UNSHARE_OPTIONS) + ")", a.ok(), a.detail());
    }

    private static Availability probeAvailability() {
        if (LocalDns.findDnsmasq().isEmpty()) {
            return new Availability(false, "no dnsmasq on PATH or in /usr/sbin, /sbin, /usr/local/sbin");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("netdial-dnsmasq-check");
        } catch (IOException e) {
            return new Availability(false, "cannot make a temporary directory: " + e.getMessage());
        }
        try {
            LocalDns dns = LocalDns.create(dir);
            List<String> cmd = dns.command("true");
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.redirectErrorStream(true);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Availability(false, "the set-up did not finish in 10 s: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                return new Availability(false, "'" + String.join(" ", cmd) + "' exited " + p.exitValue() + ": "
                        + new String(out, StandardCharsets.UTF_8).strip() + log(dns));
            }
            return new Availability(true, "");
        } catch (IOException e) {
            return new Availability(false, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Availability(false, "interrupted while starting dnsmasq");
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Runs {@code probeMain} with {@code args} and the zone's server, as
     * {@link Netns#run(Class, List, List, List, Duration)} does in a network namespace alone. When
     * the probe exits non-zero, dnsmasq's log (its start-up and every query) is printed to
     * {@code System.out}, for the report.
     *
     * <p>Does not check availability; call {@link #assumeAvailable()} first.
     */
    public static Netns.ProbeResult run(Class<?> probeMain, List<String> jvmOptions, List<String> args,
                                        Duration timeout) {
        Path dir;
        try {
            dir = Files.createTempDirectory("netdial-dnsmasq");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            LocalDns dns = LocalDns.create(dir);
            Netns.ProbeResult r = Netns.run(LocalDns.UNSHARE_OPTIONS, probeMain, dns.setupCommands(), jvmOptions,
                    args, timeout);
            if (r.exitCode() != 0) {
                System.out.println("Dnsmasq.run(" + probeMain.getSimpleName() + "): exit " + r.exitCode() + log(dns));
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    private static String log(LocalDns dns) {
        try {
            return "\n--- dnsmasq log ---\n" + Files.readString(dns.logFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "\n(no dnsmasq log: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary directory left behind is harmless; the test's result stands.
        }
    }
}
