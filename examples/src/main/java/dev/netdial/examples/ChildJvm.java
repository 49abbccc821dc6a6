package dev.netdial.examples;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the {@code netdial} command again in a child JVM, typically inside a namespace made by
 * {@code unshare}: the same java binary, class path and relevant JVM options, its output passed
 * through to this process's streams.
 *
 * <p>The java binary and class path travel in environment variables, so the shell script that
 * sets the namespace up quotes nothing but the arguments.
 */
final class ChildJvm {

    private static final String ENV_JAVA = "NETDIAL_JAVA";
    private static final String ENV_CP = "NETDIAL_CP";

    private ChildJvm() {
    }

    /**
     * The shell command that starts the child: {@code exec "$NETDIAL_JAVA" OPTIONS -cp
     * "$NETDIAL_CP" dev.netdial.examples.Main ARGS}, with this JVM's options (see
     * {@link #jvmOptions()}) followed by {@code extraOptions}.
     */
    static String execCommand(List<String> extraOptions, List<String> args) {
        StringBuilder script = new StringBuilder("exec \"$").append(ENV_JAVA).append('"');
        List<String> opts = new ArrayList<>(jvmOptions());
        opts.addAll(extraOptions);
        for (String o : opts) {
            script.append(' ').append(LocalDns.quote(o));
        }
        script.append(" -cp \"$").append(ENV_CP).append("\" ").append(Main.class.getName());
        for (String a : args) {
            script.append(' ').append(LocalDns.quote(a));
        }
        return script.toString();
    }

    /**
     * Runs {@code cmd} (which must use {@link #execCommand}), passing its standard output and
     * error on, and returns its exit status; stdin is {@code /dev/null}. An interrupt kills it
     * and its descendants.
     *
     * @param label the prefix of this class's own messages ("selfconnect --netns")
     * @return the exit status, or -1 when the command could not be started (said on {@code err})
     */
    static int run(String label, List<String> cmd, PrintStream out, PrintStream err) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put(ENV_JAVA, javaBinary());
        pb.environment().put(ENV_CP, absoluteClassPath());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            err.println(label + ": cannot run " + cmd.get(0) + ": " + e.getMessage());
            return -1;
        }
        Thread o = pump(label, "netdial-child-stdout", p.getInputStream(), out);
        Thread e = pump(label, "netdial-child-stderr", p.getErrorStream(), err);
        try {
            int rc = p.waitFor();
            o.join();
            e.join();
            return rc;
        } catch (InterruptedException ie) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Thread pump(String label, String name, InputStream in, PrintStream to) {
        return Thread.ofPlatform().name(name).daemon().start(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                }
            } catch (IOException ex) {
                // The child is gone; what it wrote so far has been passed on.
                synchronized (to) {
                    to.println(label + ": reading the child's output: " + ex.getMessage());
                }
            }
        });
    }

    /**
     * Whether {@code name} is an executable file in one of the folders of {@code path} (a PATH
     * value; null or empty: none).
     */
    static boolean onPath(String name, String path) {
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * This JVM's options worth passing on: system properties, memory and stack sizes, {@code -XX:}
     * options (the collector, say), native access.
     */
    static List<String> jvmOptions() {
        List<String> opts = new ArrayList<>();
        boolean nativeAccess = false;
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--enable-native-access")) {
                nativeAccess = true;
                opts.add(a);
            } else if ((a.startsWith("-D") && !a.startsWith("-Djava.class.path=")) || a.startsWith("-Xss")
                    || a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-XX:")) {
                opts.add(a);
            }
        }
        if (!nativeAccess) {
            // Started with java -jar, the manifest granted it; with -cp the flag must.
            opts.add("--enable-native-access=ALL-UNNAMED");
        }
        return opts;
    }

    private static String absoluteClassPath() {
        List<String> parts = new ArrayList<>();
        for (String s : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!s.isEmpty()) {
                parts.add(Paths.get(s).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, parts);
    }

    private static String javaBinary() {
        String cmd = ProcessHandle.current().info().command().orElse(null);
        if (cmd != null && Files.isExecutable(Paths.get(cmd))) {
            return cmd;
        }
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }
}
