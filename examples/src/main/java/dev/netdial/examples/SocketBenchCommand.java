package dev.netdial.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code netdial bench unix [pingpong|stream] [options]} and {@code netdial bench udp [options]}:
 * the I/O of netdial's Unix and UDP sockets beside the JDK's, in the same run, as ratios
 * ({@link UnixBench}, {@link UdpBench}).
 *
 * <p>The parts that measure both ends of a ping-pong on one CPU (the Unix ping-pong and the whole
 * UDP bench) run in a child JVM under {@code taskset -c CPU} ({@code --cpu}, else {@code $PIN_CPU},
 * else 0), which runs this command again with {@code --inside}; the Unix stream runs in this JVM,
 * on all its CPUs, its writer and sinks pinned to two of them. Without {@code taskset} on the PATH
 * the pinned parts do not run: the command says so and exits 2.
 *
 * <p>netdial's own: issue 14's speed rows in {@code netdial bench}.
 */
final class SocketBenchCommand {

    /** What {@code taskset} the pinned parts need; util-linux ships it. */
    static final String TASKSET = "taskset";

    private final PrintStream out;
    private final PrintStream err;
    /** The PATH searched for {@code taskset}. */
    private final String path;
    /** The CPU list when {@code --cpu} is not given ({@code $PIN_CPU}), or null for 0. */
    private final String pinCpu;

    SocketBenchCommand(PrintStream out, PrintStream err) {
        this(out, err, System.getenv("PATH"), System.getenv("PIN_CPU"));
    }

    /** With the PATH and {@code PIN_CPU} given rather than read from the environment (tests). */
    SocketBenchCommand(PrintStream out, PrintStream err, String path, String pinCpu) {
        this.out = out;
        this.err = err;
        this.path = path;
        this.pinCpu = pinCpu;
    }

    /**
     * Runs {@code bench unix ARGS} ({@code which} "unix") or {@code bench udp ARGS} ("udp").
     *
     * @return 0, 1 when a bench failed, 2 when {@code taskset} is missing
     */
    int run(String which, List<String> args) throws Flags.UsageException {
        boolean unix = which.equals("unix");
        List<String> valued = unix ? PingPongKit.PP_VALUED : PingPongKit.UDP_VALUED;
        List<String> booleans = unix ? PingPongKit.PP_BOOLEANS : List.of();
        Set<String> allValued = new HashSet<>(valued);
        allValued.add("cpu");
        Set<String> allBooleans = new HashSet<>(booleans);
        allBooleans.add("inside");
        Flags f = Flags.parse(args, allBooleans, allValued);

        PingPongKit.Opts o = new PingPongKit.Opts();
        List<String> passOn = new ArrayList<>(); // the options again, for the child JVM
        try {
            for (String name : valued) {
                if (f.value(name) != null) {
                    o.set(name, f.value(name));
                    passOn.add("--" + name + "=" + f.value(name));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new Flags.UsageException(e.getMessage());
        }
        for (String name : booleans) {
            if (f.isSet(name)) {
                o.set(name, "true");
                passOn.add("--" + name);
            }
        }
        List<String> parts = new ArrayList<>();
        for (String p : f.positional()) {
            if (!unix || !(p.equals("pingpong") || p.equals("stream"))) {
                throw new Flags.UsageException("unexpected argument \"" + p + "\""
                        + (unix ? "; the parts are pingpong and stream" : ""));
            }
            if (!parts.contains(p)) {
                parts.add(p);
            }
        }
        if (parts.isEmpty() && unix) {
            parts = List.of("pingpong", "stream");
        }
        String label = "bench " + which;
        boolean inside = f.isSet("inside");
        boolean pinned = !inside && (!unix || parts.contains("pingpong"));
        String cpu = pinned ? cpu(f.value("cpu")) : null;
        try {
            if (inside) {
                PingPongKit.printMachine(out, String.join(" ", "netdial", label, String.join(" ", parts)).strip());
                if (unix) {
                    UnixBench.run(parts, o, out);
                } else {
                    UdpBench.run(o, out);
                }
                return 0;
            }
            if (pinned) {
                if (!ChildJvm.onPath(TASKSET, path)) {
                    err.println("netdial " + label + ": " + TASKSET + " not found on the PATH (it comes with util-linux); "
                            + (unix ? "the ping-pong runs" : "the bench runs") + " in a JVM confined to CPU " + cpu
                            + " by taskset -c " + cpu + ", so that both ends share it");
                    return 2;
                }
                List<String> inner = new ArrayList<>(List.of("bench", which));
                if (unix) {
                    inner.add("pingpong");
                }
                inner.add("--inside");
                inner.addAll(passOn);
                out.println("# " + label + (unix ? " pingpong" : "") + ": a child JVM under taskset -c " + cpu
                        + " (both ends on one CPU): " + String.join(" ", inner));
                out.flush();
                // The child's bytes go to out and err as they are: it writes them in their charsets.
                List<String> encodings = List.of("-Dstdout.encoding=" + out.charset().name(),
                        "-Dstderr.encoding=" + err.charset().name());
                int rc = ChildJvm.run("netdial " + label, List.of(TASKSET, "-c", cpu, "sh", "-c",
                        ChildJvm.execCommand(encodings, inner)), out, err);
                if (rc != 0) {
                    err.println("netdial " + label + ": the child JVM under taskset exited " + rc);
                    return 1;
                }
            }
            if (parts.contains("stream")) {
                out.println();
                out.println("# " + label + " stream: in this JVM, on all its CPUs");
                PingPongKit.printMachine(out, "netdial " + label + " stream");
                UnixBench.run(List.of("stream"), o, out);
            }
            out.println();
            out.println("done");
            return 0;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            err.println("netdial " + label + ": " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    /** The CPU list for taskset: {@code flag}, else {@code $PIN_CPU}, else "0"; each CPU one this process may use. */
    private String cpu(String flag) throws Flags.UsageException {
        String cpu = flag != null ? flag : pinCpu != null && !pinCpu.isBlank() ? pinCpu.trim() : "0";
        List<Integer> want;
        try {
            want = PingPongKit.cpuList(cpu);
        } catch (NumberFormatException e) {
            want = List.of();
        }
        if (want.isEmpty() || !cpu.matches("[0-9,-]+")) {
            throw new Flags.UsageException("invalid value \"" + cpu + "\" for flag --cpu: want a CPU list such as 0 or 0-1");
        }
        List<Integer> allowed = PingPongKit.allowedCpus();
        if (!allowed.isEmpty() && !allowed.containsAll(want)) {
            throw new Flags.UsageException("--cpu " + cpu + ": this process may use only CPUs "
                    + PingPongKit.cpusAllowed());
        }
        return cpu;
    }
}
