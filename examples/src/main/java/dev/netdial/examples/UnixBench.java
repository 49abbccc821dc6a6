package dev.netdial.examples;

import dev.netdial.api.UnixAddr;
import dev.netdial.examples.PingPongKit.BytesEnd;
import dev.netdial.examples.PingPongKit.End;
import dev.netdial.examples.PingPongKit.JdkEnd;
import dev.netdial.examples.PingPongKit.Pair;
import dev.netdial.unix.UnixConn;
import dev.netdial.unix.UnixListener;
import dev.netdial.unix.UnixNet;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static dev.netdial.examples.PingPongKit.f;
import static dev.netdial.examples.PingPongKit.fmt;
import static dev.netdial.examples.PingPongKit.max;
import static dev.netdial.examples.PingPongKit.median;
import static dev.netdial.examples.PingPongKit.min;

/**
 * Unix stream sockets, netdial's {@link UnixConn} beside the JDK's {@link SocketChannel} over a
 * {@link UnixDomainSocketAddress}, in one JVM, round-robin: the 1-byte ping-pong (platform and
 * virtual threads) and the 64 KiB stream into a sink (heap and direct buffers), each with a
 * "same work" row: the JDK's channel non-blocking, waiting in a Selector when a read finds nothing
 * or a write takes nothing. {@code netdial bench unix} runs it ({@link SocketBenchCommand}: the
 * ping-pong in a child JVM under {@code taskset}, the stream in the command's JVM), and so does
 * {@code bench/io.sh unix}; {@link PingPongKit} has the options, ends and loops.
 *
 * <p>netdial's own: issue 14's speed targets for Unix sockets.
 */
final class UnixBench {

    /** The stream's rows, in the order they are measured: {stack, name}; heap rows, then direct. */
    static final String[][] STREAM_SPECS = {{"nd", "nd-heap"}, {"jdk", "jdk-heap"}, {"jdknb", "jdknb-heap"},
            {"nd", "nd-direct"}, {"jdk", "jdk-direct"}, {"jdknb", "jdknb-direct"}};

    private final PrintStream out;
    private final PingPongKit.Opts o;
    /** Where the socket files go, one fresh file a pair. */
    private final Path dir;

    private UnixBench(PrintStream out, PingPongKit.Opts o, Path dir) {
        this.out = out;
        this.o = o;
        this.dir = dir;
    }

    /**
     * Runs {@code parts} ("pingpong", "stream") in this JVM, its socket files in a temporary
     * directory removed after.
     */
    static void run(List<String> parts, PingPongKit.Opts o, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("netdial-unixbench");
        try {
            UnixBench b = new UnixBench(out, o, dir);
            for (String p : parts) {
                if (p.equals("pingpong")) {
                    b.pingPong();
                } else {
                    b.stream();
                }
            }
        } finally {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** netdial's end: {@link UnixConn#read}/{@link UnixConn#write}, the path a user's code takes. */
    private static End unixEnd(UnixConn c, int chunk, boolean direct) {
        return new BytesEnd(c::read, c::write, c::read, c::write, c::closeWrite, c::close, chunk, direct);
    }

    /** A connected pair: "nd" (netdial), "jdk" or "jdknb" (non-blocking with a Selector), on a fresh socket file. */
    private Pair pair(String stack, String name, int chunk, boolean direct) throws IOException {
        Path p = Files.createTempFile(dir, stack, ".sock");
        Files.delete(p);
        if (stack.equals("nd")) {
            UnixAddr a = new UnixAddr(p.toString(), "unix");
            try (UnixListener ln = UnixNet.listenUnix("unix", a)) {
                UnixConn c = UnixNet.dialUnix("unix", null, a);
                UnixConn s = ln.acceptUnix();
                return new Pair(name, unixEnd(c, chunk, direct), unixEnd(s, chunk, direct));
            }
        }
        try (ServerSocketChannel ln = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ln.bind(UnixDomainSocketAddress.of(p));
            SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(p));
            SocketChannel s = ln.accept();
            Files.deleteIfExists(p);
            boolean nb = stack.equals("jdknb");
            return new Pair(name, new JdkEnd(c, chunk, direct, nb), new JdkEnd(s, chunk, direct, nb));
        }
    }

    /** The 1-byte ping-pong over Unix stream sockets, round-robin, platform then virtual threads. */
    private void pingPong() throws Exception {
        out.println();
        out.printf(Locale.ROOT, "## unix ping-pong: 1 byte each way over a Unix stream socket; %d round trips per round, "
                + "%d warm-up + %d rounds, µs per round trip (cpus allowed: %s)%n", o.ppIters, o.ppWarmup, o.ppRounds,
                PingPongKit.cpusAllowed());
        out.println("netdial: UnixConn.write/read(byte[]); JDK: blocking SocketChannel(UNIX).write/read(heap ByteBuffer)");
        out.println();
        out.println("| threads  | netdial median | netdial min | JDK median | JDK min | ratio (median) | ratio (min) |");
        out.println("|----------|---------------:|------------:|-----------:|--------:|---------------:|------------:|");
        List<Boolean> modes = o.ppVirtual ? List.of(false, true) : List.of(false);
        for (boolean virtual : modes) {
            List<String> stacks = virtual ? List.of("nd", "jdk") : List.of("nd", "jdk", "jdknb");
            List<Pair> pairs = new ArrayList<>();
            for (String s : stacks) {
                pairs.add(pair(s, s, 1, false));
            }
            Map<String, double[][]> r = PingPongKit.pingSeries(pairs, virtual, o.ppIters, o.ppWarmup, o.ppRounds);
            double[] nd = r.get("nd")[0];
            double[] jdk = r.get("jdk")[0];
            row(virtual ? "virtual" : "platform", nd, jdk);
            out.println("  rounds netdial µs: " + fmt(nd));
            out.println("  rounds JDK     µs: " + fmt(jdk));
            if (r.containsKey("jdknb")) {
                double[] nb = r.get("jdknb")[0];
                row("platform, JDK non-blocking (same work)", nd, nb);
                out.println("  rounds JDK nb  µs: " + fmt(nb));
            }
        }
        out.println("(ratio: netdial's time over the JDK's; below 1 is faster. \"same work\": the JDK's channel non-blocking,");
        out.println(" waiting in a Selector when a read finds nothing: read, epoll_wait, read, as netdial reads, polls, reads)");
    }

    private void row(String label, double[] nd, double[] jdk) {
        out.printf(Locale.ROOT, "| %-8s | %14s | %11s | %10s | %7s | %13.3f× | %10.3f× |%n", label, f(median(nd)), f(min(nd)),
                f(median(jdk)), f(min(jdk)), median(nd) / median(jdk), min(nd) / min(jdk));
    }

    /** The 64 KiB stream into a discarding sink, heap then direct buffers, MB/s per round, round-robin. */
    private void stream() throws Exception {
        out.println();
        out.printf(Locale.ROOT, "## unix stream: %d-byte writes, %d MiB per round, into a sink reading %d-byte chunks; "
                + "%d rounds round-robin after 1 warm-up; MB/s = 10^6 B/s (cpus allowed: %s)%n",
                o.chunk, o.streamMiB, o.chunk, o.streamRounds, PingPongKit.cpusAllowed());
        out.println();
        List<Integer> cpus = PingPongKit.allowedCpus();
        boolean pin = o.streamPin && cpus.size() >= 2;
        out.println(pin ? "writer pinned to CPU " + cpus.get(0) + ", sinks to CPU " + cpus.get(1) + " (as IoBench's stream)"
                : "threads not pinned");
        List<Pair> pairs = new ArrayList<>();
        for (String[] s : STREAM_SPECS) {
            pairs.add(pair(s[0], s[1], o.chunk, s[1].endsWith("direct")));
        }
        double[][] mbs = PingPongKit.streamSeries(pairs, o, pin, cpus, out);
        out.println("| buffers | netdial min | median | max | JDK min | median | max | ratio of medians |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int k = 0; k + 2 < STREAM_SPECS.length; k += 3) {
            double[] a = mbs[k];
            String buffers = k == 0 ? "heap byte[] / heap ByteBuffer" : "direct ByteBuffer";
            for (int j = 1; j <= 2; j++) {
                double[] b = mbs[k + j];
                out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.3f× |%n",
                        j == 1 ? buffers : buffers + ", JDK non-blocking (same work)", min(a), median(a), max(a),
                        min(b), median(b), max(b), median(a) / median(b));
            }
        }
        for (int k = 0; k < STREAM_SPECS.length; k++) {
            out.println("  rounds " + STREAM_SPECS[k][1] + " MB/s: " + fmt(mbs[k]));
        }
        out.println("(ratio: netdial's MB/s over the JDK's; above 1 is faster. \"same work\": the JDK's channels non-blocking,");
        out.println(" the writer waiting in a Selector (OP_WRITE) when a write takes nothing, the sink in one (OP_READ) when a read");
        out.println(" finds nothing: write, epoll_wait, write and read, epoll_wait, read, as netdial writes or reads, polls, retries)");
    }
}
