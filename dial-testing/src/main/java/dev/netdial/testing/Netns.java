package dev.netdial.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe JVM in a fresh, private network namespace.
 *
 * <p>The command is {@code unshare -rn -- sh -c 'ip link set lo up && SETUP… && exec JAVA -cp
 * CLASSPATH OPTS MAIN ARGS…'}: the probe sees only a loopback interface, and because the
 * namespace is its own, the setup commands may change its sysctls ({@code sysctl -w
 * net.ipv4.ip_local_port_range="P Q"}), add {@code nft} rules or limits without touching the
 * host. {@code -r} maps the caller to root inside a new user namespace, so this works without
 * privileges where user namespaces are enabled, and as root everywhere.
 *
 * <p>The probe prints one JSON object on its last line starting with an opening brace; it is parsed
 * with {@link Json} into {@link ProbeResult#json()}.
 *
 * <p>See {@code docs/TESTING.md} §2 "How netns tests run".
 */
public final class Netns {

    /** The probe's java binary (env variable, so the script needs no quoting of it). */
    private static final String ENV_JAVA = "NETDIAL_PROBE_JAVA";
    /** The probe's class path. */
    private static final String ENV_CP = "NETDIAL_PROBE_CP";

    /** The namespaces of {@link #run(Class, List, List, Duration)}: user (mapped to root) and network. */
    private static final List<String> DEFAULT_UNSHARE_OPTIONS = List.of("-rn");

    private static volatile Availability availability;

    private Netns() {
    }

    /**
     * What a probe JVM did.
     *
     * @param exitCode its exit status
     * @param stdout its standard output, line by line
     * @param stderr its standard error
     * @param json the last stdout line that starts with an opening brace, parsed; null if there is none
     * @param elapsed how long the probe ran, namespace set-up and JVM start included
     */
    public record ProbeResult(int exitCode, List<String> stdout, String stderr, Map<String, Object> json,
                              Duration elapsed) {
        public ProbeResult {
            stdout = List.copyOf(stdout);
        }

        /** The JSON result, failing with the probe's output if it printed none. */
        public Map<String, Object> requireJson() {
            if (json == null) {
                throw new AssertionError("probe printed no JSON line; " + this);
            }
            return json;
        }

        /** Fails with the probe's output unless it exited 0. Returns this. */
        public ProbeResult requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("probe exited " + exitCode + "; " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return "exit=" + exitCode + ", elapsed=" + elapsed.toMillis() + " ms\n--- stdout ---\n"
                    + String.join("\n", stdout) + "\n--- stderr ---\n" + stderr;
        }
    }

    private record Availability(boolean ok, String detail) {
    }

    /**
     * Whether {@code unshare -rn} works here (and {@code ip link set lo up} inside it). Probed once
     * per JVM.
     */
    public static boolean available() {
        return availability().ok();
    }

    /**
     * Skips the calling test when network namespaces are unavailable, or fails it under CI.
     *
     * @see Capabilities#require(String, boolean, String)
     */
    public static void assumeAvailable() {
        Availability a = availability();
        Capabilities.require("network namespaces (unshare -rn, ip link set lo up)", a.ok(), a.detail());
    }

    private static Availability availability() {
        Availability a = availability;
        if (a == null) {
            synchronized (Netns.class) {
                a = availability;
                if (a == null) {
                    a = probeAvailability();
                    availability = a;
                }
            }
        }
        return a;
    }

    private static Availability probeAvailability() {
        ProcessBuilder pb = new ProcessBuilder("unshare", "-rn", "--", "sh", "-c", "ip link set lo up");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                killTree(p);
                return new Availability(false, "'unshare -rn -- sh -c \"ip link set lo up\"' did not finish in 10 s");
            }
            int rc = p.exitValue();
            String text = new String(out, StandardCharsets.UTF_8).strip();
            return rc == 0 ? new Availability(true, "")
                    : new Availability(false, "'unshare -rn -- sh -c \"ip link set lo up\"' exited " + rc
                    + (text.isEmpty() ? "" : ": " + text));
        } catch (IOException e) {
            return new Availability(false, "cannot run unshare: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Availability(false, "interrupted while probing unshare");
        }
    }

    /**
     * A setup command that limits the probe's open files to {@code n} (soft and hard), for EMFILE
     * tests. It runs {@code prlimit} on the namespace's shell itself ({@code $$}); the shell then
     * {@code exec}s the JVM, which keeps the limit. Put it in {@code setupShellCommands}; the
     * JVM needs a few dozen fds of its own before {@code main} runs.
     *
     * <p>Equivalent to wrapping the exec in {@code prlimit --nofile=N:N --}.
     */
    public static String prlimitNofile(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("nofile limit must be positive: " + n);
        }
        return "prlimit --pid $$ --nofile=" + n + ":" + n;
    }

    /** A setup command that narrows the ephemeral port range to {@code [lo, hi]}. */
    public static String portRange(int lo, int hi) {
        if (lo < 1 || hi > 65535 || lo > hi) {
            throw new IllegalArgumentException("bad port range " + lo + ".." + hi);
        }
        return "sysctl -q -w net.ipv4.ip_local_port_range=" + shellQuote(lo + " " + hi);
    }

    /**
     * Runs {@code probeMain} in a new network namespace after {@code setupShellCommands} (each a
     * {@code sh} command; they are joined with {@code &&}, so the first failing one stops the
     * probe with its exit status). The probe gets this JVM's class path, its {@code -D} system
     * properties, memory and stack sizes, and {@code args}.
     *
     * <p>Does not check availability; call {@link #assumeAvailable()} first.
     *
     * @throws AssertionError if the probe does not finish within {@code timeout} (it is killed,
     *                        and the message holds its output so far)
     */
    public static ProbeResult run(Class<?> probeMain, List<String> setupShellCommands, List<String> args,
                                  Duration timeout) {
        return run(probeMain, setupShellCommands, List.of(), args, timeout);
    }

    /**
     * As {@link #run(Class, List, List, Duration)}, with extra JVM options for the probe.
     */
    public static ProbeResult run(Class<?> probeMain, List<String> setupShellCommands, List<String> jvmOptions,
                                  List<String> args, Duration timeout) {
        return run(DEFAULT_UNSHARE_OPTIONS, probeMain, setupShellCommands, jvmOptions, args, timeout);
    }

    /**
     * As {@link #run(Class, List, List, List, Duration)}, in the namespaces {@code unshareOptions}
     * ask for instead of {@code -rn}: e.g. {@code -rmnpf} adds a mount namespace (for bind mounts
     * over {@code /etc} files) and a pid namespace (whose end kills daemons the setup started).
     * The options must include {@code -r} and {@code -n} unless the caller is root.
     */
    public static ProbeResult run(List<String> unshareOptions, Class<?> probeMain, List<String> setupShellCommands,
                                  List<String> jvmOptions, List<String> args, Duration timeout) {
        Objects.requireNonNull(probeMain, "probeMain");
        Objects.requireNonNull(timeout, "timeout");
        List<String> cmd = command(unshareOptions, probeMain, setupShellCommands, jvmOptions, args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put(ENV_JAVA, javaBinary());
        pb.environment().put(ENV_CP, System.getProperty("java.class.path"));
        pb.environment().remove("CLASSPATH");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        StringBuffer err = new StringBuffer();
        Thread outPump = pump("netns-probe-stdout", p.getInputStream(), line -> out.add(line));
        Thread errPump = pump("netns-probe-stderr", p.getErrorStream(), line -> err.append(line).append('\n'));
        boolean finished;
        try {
            finished = p.waitFor(saturatedMillis(timeout), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for probe " + probeMain.getName(), e);
        }
        if (!finished) {
            killTree(p);
        }
        join(outPump);
        join(errPump);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        List<String> lines;
        synchronized (out) {
            lines = List.copyOf(out);
        }
        if (!finished) {
            throw new AssertionError("probe " + probeMain.getName() + " did not finish within " + timeout
                    + " and was killed\n--- command ---\n" + String.join(" ", cmd)
                    + "\n--- stdout ---\n" + String.join("\n", lines) + "\n--- stderr ---\n" + err);
        }
        return new ProbeResult(p.exitValue(), lines, err.toString(), lastJson(lines), elapsed);
    }

    /** The command line {@link #run} executes (for messages and tests). */
    static List<String> command(Class<?> probeMain, List<String> setupShellCommands, List<String> jvmOptions,
                                List<String> args) {
        return command(DEFAULT_UNSHARE_OPTIONS, probeMain, setupShellCommands, jvmOptions, args);
    }

    /** As {@link #command(Class, List, List, List)}, with {@code unshare}'s options given. */
    static List<String> command(List<String> unshareOptions, Class<?> probeMain, List<String> setupShellCommands,
                                List<String> jvmOptions, List<String> args) {
        StringBuilder script = new StringBuilder("ip link set lo up");
        for (String s : setupShellCommands) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("empty setup command");
            }
            script.append(" && ").append(s);
        }
        script.append(" && exec \"$").append(ENV_JAVA).append("\" -cp \"$").append(ENV_CP).append('"');
        for (String o : inheritedJvmOptions()) {
            script.append(' ').append(shellQuote(o));
        }
        for (String o : jvmOptions) {
            script.append(' ').append(shellQuote(o));
        }
        script.append(' ').append(shellQuote(probeMain.getName()));
        for (String a : args) {
            script.append(' ').append(shellQuote(a));
        }
        List<String> cmd = new ArrayList<>();
        cmd.add("unshare");
        cmd.addAll(unshareOptions);
        cmd.addAll(List.of("--", "sh", "-c", script.toString()));
        return List.copyOf(cmd);
    }

    /**
     * The options of this JVM worth passing on: system properties, heap and stack sizes, module
     * opens and native access. Debug agents, class path and launcher internals are left out.
     */
    static List<String> inheritedJvmOptions() {
        List<String> opts = new ArrayList<>();
        List<String> in = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < in.size(); i++) {
            String a = in.get(i);
            if (a.startsWith("-D")) {
                String key = a.substring(2).split("=", 2)[0];
                if (key.equals("java.class.path") || key.startsWith("surefire.") || key.startsWith("basedir")
                        || key.equals("localRepository") || key.startsWith("jdk.module.")) {
                    continue;
                }
                opts.add(a);
            } else if (a.startsWith("-Xss") || a.startsWith("-Xmx") || a.startsWith("-Xms")
                    || a.startsWith("--enable-native-access") || a.startsWith("--add-opens=")
                    || a.startsWith("--add-exports=") || a.equals("-ea") || a.equals("-enableassertions")) {
                opts.add(a);
            } else if ((a.equals("--add-opens") || a.equals("--add-exports")) && i + 1 < in.size()) {
                opts.add(a);
                opts.add(in.get(++i));
            }
        }
        // Properties surefire sets after start-up (systemPropertyVariables) are not on the command line.
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String o : opts) {
            if (o.startsWith("-D")) {
                seen.add(o.substring(2).split("=", 2)[0]);
            }
        }
        for (String key : new java.util.TreeSet<>(System.getProperties().stringPropertyNames())) {
            if ((key.startsWith("netdial.") || key.startsWith("jna.")) && !seen.contains(key)) {
                opts.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        return opts;
    }

    /** This JVM's java binary. */
    static String javaBinary() {
        String cmd = ProcessHandle.current().info().command().orElse(null);
        if (cmd != null && Files.isExecutable(Paths.get(cmd))) {
            return cmd;
        }
        Path p = Paths.get(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(p)) {
            return p.toString();
        }
        throw new IllegalStateException("cannot find this JVM's java binary (command=" + cmd + ", java.home="
                + System.getProperty("java.home") + ")");
    }

    /** Single-quotes {@code s} for {@code sh}. */
    public static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> lastJson(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i).strip();
            if (l.startsWith("{")) {
                Object o;
                try {
                    o = Json.parse(l);
                } catch (IllegalArgumentException e) {
                    throw new AssertionError("probe's last JSON line does not parse: " + l, e);
                }
                return (Map<String, Object>) o;
            }
        }
        return null;
    }

    private interface LineSink {
        void line(String l);
    }

    private static Thread pump(String name, InputStream in, LineSink sink) {
        return Thread.ofPlatform().daemon().name(name).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    sink.line(l);
                }
            } catch (IOException ignored) {
                // The process was killed; what was read so far is kept.
            }
        });
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long saturatedMillis(Duration d) {
        try {
            return Math.max(0, d.toMillis());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
