package dev.netdial.testing.bench;

import dev.netdial.api.UnixAddr;
import dev.netdial.unix.UnixConn;
import dev.netdial.unix.UnixListener;
import dev.netdial.unix.UnixNet;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Unix stream sockets, netdial's {@link UnixConn} beside the JDK's {@link SocketChannel} over a
 * {@link UnixDomainSocketAddress}, in one JVM, round-robin: the 1-byte ping-pong (platform and
 * virtual threads) and the 64 KiB stream into a sink (heap and direct buffers). It reuses
 * {@link IoBench}'s options, ends and loops; {@code bench/io.sh unix} runs it.
 *
 * <p>netdial's own: issue 14's speed targets for Unix sockets.
 */
public final class UnixBench {
    private UnixBench() {
    }

    /** netdial's end: {@link UnixConn#read}/{@link UnixConn#write}, the path a user's code takes. */
    static final class UnixEnd implements IoBench.End {
        final UnixConn c;
        final byte[] one = new byte[1];
        final byte[] chunk;
        final ByteBuffer dchunk;

        UnixEnd(UnixConn c, int chunkSize, boolean direct) {
            this.c = c;
            this.chunk = direct ? null : new byte[chunkSize];
            this.dchunk = direct ? ByteBuffer.allocateDirect(chunkSize) : null;
        }

        @Override
        public void write1() throws IOException {
            c.write(one, 0, 1);
        }

        @Override
        public boolean read1() throws IOException {
            return c.read(one, 0, 1) > 0;
        }

        @Override
        public void writeChunk(int len) throws IOException {
            if (chunk != null) {
                c.write(chunk, 0, len);
            } else {
                dchunk.clear().limit(len);
                c.write(dchunk);
            }
        }

        @Override
        public int readChunk() throws IOException {
            if (chunk != null) {
                return c.read(chunk, 0, chunk.length);
            }
            dchunk.clear();
            return c.read(dchunk);
        }

        @Override
        public void shutdownOutput() throws IOException {
            c.closeWrite();
        }

        @Override
        public void close() throws IOException {
            c.close();
        }
    }

    static Path dir;

    /** A connected pair: "nd" (netdial), "jdk" or "jdknb" (non-blocking with a Selector), on a fresh socket file. */
    static IoBench.Pair pair(String stack, String name, int chunk, boolean direct) throws IOException {
        Path p = Files.createTempFile(dir, stack, ".sock");
        Files.delete(p);
        if (stack.equals("nd")) {
            UnixAddr a = new UnixAddr(p.toString(), "unix");
            try (UnixListener ln = UnixNet.listenUnix("unix", a)) {
                UnixConn c = UnixNet.dialUnix("unix", null, a);
                UnixConn s = ln.acceptUnix();
                return new IoBench.Pair(name, new UnixEnd(c, chunk, direct), new UnixEnd(s, chunk, direct));
            }
        }
        try (ServerSocketChannel ln = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ln.bind(UnixDomainSocketAddress.of(p));
            SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(p));
            SocketChannel s = ln.accept();
            Files.deleteIfExists(p);
            if (stack.equals("jdknb")) {
                return new IoBench.Pair(name, new IoBench.JdkNbEnd(c), new IoBench.JdkNbEnd(s));
            }
            return new IoBench.Pair(name, new IoBench.JdkEnd(c, chunk, direct), new IoBench.JdkEnd(s, chunk, direct));
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> parts = new ArrayList<>();
        List<String> opts = new ArrayList<>();
        for (String a : args) {
            if (a.equals("pingpong") || a.equals("stream")) {
                parts.add(a);
            } else {
                opts.add(a);
            }
        }
        if (parts.isEmpty()) {
            parts = List.of("pingpong", "stream");
        }
        IoBench.Opts o = IoBench.parse(opts.toArray(new String[0]));
        IoBench.printMachine();
        dir = Files.createTempDirectory("netdial-unixbench");
        try {
            for (String p : parts) {
                if (p.equals("pingpong")) {
                    pingPong(o);
                } else {
                    stream(o);
                }
            }
        } finally {
            try (var s = Files.list(dir)) {
                for (Path f : s.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        System.out.println();
        System.out.println("done");
    }

    /** The 1-byte ping-pong over Unix stream sockets, round-robin, platform then virtual threads. */
    static void pingPong(IoBench.Opts o) throws Exception {
        System.out.println();
        System.out.printf(Locale.ROOT, "## unix ping-pong: 1 byte each way over a Unix stream socket; %d round trips per round, "
                + "%d warm-up + %d rounds, µs per round trip (cpus allowed: %s)%n", o.ppIters, o.ppWarmup, o.ppRounds,
                IoBench.cpusAllowed());
        System.out.println("netdial: UnixConn.write/read(byte[]); JDK: blocking SocketChannel(UNIX).write/read(heap ByteBuffer)");
        System.out.println();
        System.out.println("| threads  | netdial median | netdial min | JDK median | JDK min | ratio (median) | ratio (min) |");
        System.out.println("|----------|---------------:|------------:|-----------:|--------:|---------------:|------------:|");
        List<Boolean> modes = o.ppVirtual ? List.of(false, true) : List.of(false);
        for (boolean virtual : modes) {
            Map<String, double[]> r = pingSeries(virtual, o);
            double[] nd = r.get("nd");
            double[] jdk = r.get("jdk");
            System.out.printf(Locale.ROOT, "| %-8s | %14s | %11s | %10s | %7s | %13.3f× | %10.3f× |%n",
                    virtual ? "virtual" : "platform", IoBench.f(IoBench.median(nd)), IoBench.f(IoBench.min(nd)),
                    IoBench.f(IoBench.median(jdk)), IoBench.f(IoBench.min(jdk)),
                    IoBench.median(nd) / IoBench.median(jdk), IoBench.min(nd) / IoBench.min(jdk));
            System.out.println("  rounds netdial µs: " + IoBench.fmt(nd));
            System.out.println("  rounds JDK     µs: " + IoBench.fmt(jdk));
            double[] nb = r.get("jdknb");
            if (nb != null) {
                System.out.printf(Locale.ROOT, "| %-8s | %14s | %11s | %10s | %7s | %13.3f× | %10.3f× |%n",
                        "platform, JDK non-blocking (same work)", IoBench.f(IoBench.median(nd)), IoBench.f(IoBench.min(nd)),
                        IoBench.f(IoBench.median(nb)), IoBench.f(IoBench.min(nb)),
                        IoBench.median(nd) / IoBench.median(nb), IoBench.min(nd) / IoBench.min(nb));
                System.out.println("  rounds JDK nb  µs: " + IoBench.fmt(nb));
            }
        }
        System.out.println("(ratio: netdial's time over the JDK's; below 1 is faster. \"same work\": the JDK's channel non-blocking,");
        System.out.println(" waiting in a Selector when a read finds nothing: read, epoll_wait, read, as netdial reads, polls, reads)");
    }

    /** µs per round trip of each round, per stack, measured round-robin. */
    static Map<String, double[]> pingSeries(boolean virtual, IoBench.Opts o) throws Exception {
        List<IoBench.Pair> pairs = virtual ? List.of(pair("nd", "nd", 1, false), pair("jdk", "jdk", 1, false))
                : List.of(pair("nd", "nd", 1, false), pair("jdk", "jdk", 1, false), pair("jdknb", "jdknb", 1, false));
        try {
            for (IoBench.Pair p : pairs) {
                IoBench.startEcho(p, virtual);
            }
            for (int w = 0; w < o.ppWarmup; w++) {
                for (IoBench.Pair p : pairs) {
                    IoBench.pingRound(p, o.ppIters, virtual);
                }
            }
            Map<String, double[]> res = new java.util.LinkedHashMap<>();
            for (IoBench.Pair p : pairs) {
                res.put(p.name, new double[o.ppRounds]);
            }
            for (int r = 0; r < o.ppRounds; r++) {
                for (int k = 0; k < pairs.size(); k++) {
                    IoBench.Pair p = pairs.get((k + r) % pairs.size());
                    res.get(p.name)[r] = IoBench.pingRound(p, o.ppIters, virtual)[0] / 1000.0;
                }
            }
            return res;
        } finally {
            for (IoBench.Pair p : pairs) {
                p.close();
            }
        }
    }

    /** The 64 KiB stream into a discarding sink, heap then direct buffers, MB/s per round, round-robin. */
    static void stream(IoBench.Opts o) throws Exception {
        System.out.println();
        System.out.printf(Locale.ROOT, "## unix stream: %d-byte writes, %d MiB per round, into a sink reading %d-byte chunks; "
                + "%d rounds round-robin after 1 warm-up; MB/s = 10^6 B/s (cpus allowed: %s)%n",
                o.chunk, o.streamMiB, o.chunk, o.streamRounds, IoBench.cpusAllowed());
        System.out.println();
        long total = (long) o.streamMiB << 20;
        List<Integer> cpus = IoBench.allowedCpus();
        boolean pin = o.streamPin && cpus.size() >= 2;
        System.out.println(pin ? "writer pinned to CPU " + cpus.get(0) + ", sinks to CPU " + cpus.get(1) + " (as IoBench's stream)"
                : "threads not pinned");
        String[][] specs = {{"nd", "nd-heap"}, {"jdk", "jdk-heap"}, {"nd", "nd-direct"}, {"jdk", "jdk-direct"}};
        List<IoBench.Pair> pairs = new ArrayList<>();
        List<Semaphore> done = new ArrayList<>();
        try {
            for (String[] s : specs) {
                IoBench.Pair p = pair(s[0], s[1], o.chunk, s[1].endsWith("direct"));
                Semaphore sem = new Semaphore(0);
                p.serverThread = Thread.ofPlatform().daemon().name("sink-" + s[1]).start(() -> {
                    if (pin) {
                        IoBench.pinThread(cpus.get(1));
                    }
                    long got = 0;
                    try {
                        for (int n; (n = p.server.readChunk()) >= 0;) {
                            got += n;
                            while (got >= total) {
                                got -= total;
                                sem.release();
                            }
                        }
                    } catch (Throwable t) {
                        p.serverError.set(t);
                        sem.release(1000);
                    }
                });
                pairs.add(p);
                done.add(sem);
            }
            int n = specs.length;
            if (pin) {
                IoBench.pinThread(cpus.get(0));
            }
            double[][] mbs = new double[n][o.streamRounds];
            for (int r = -1; r < o.streamRounds; r++) {
                for (int k = 0; k < n; k++) {
                    int i = Math.floorMod(k + r, n);
                    IoBench.Pair p = pairs.get(i);
                    long t0 = System.nanoTime();
                    for (long sent = 0; sent < total; sent += o.chunk) {
                        p.client.writeChunk((int) Math.min(o.chunk, total - sent));
                    }
                    done.get(i).acquire();
                    long t1 = System.nanoTime();
                    if (p.serverError.get() != null) {
                        throw new IllegalStateException(p.name, p.serverError.get());
                    }
                    if (r >= 0) {
                        mbs[i][r] = total / ((t1 - t0) / 1e9) / 1e6;
                    }
                }
            }
            System.out.println("| buffers | netdial min | median | max | JDK min | median | max | ratio of medians |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            for (int k = 0; k + 1 < n; k += 2) {
                double[] a = mbs[k];
                double[] b = mbs[k + 1];
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.3f× |%n",
                        k == 0 ? "heap byte[] / heap ByteBuffer" : "direct ByteBuffer", IoBench.min(a), IoBench.median(a),
                        IoBench.max(a), IoBench.min(b), IoBench.median(b), IoBench.max(b), IoBench.median(a) / IoBench.median(b));
            }
            for (int k = 0; k < n; k++) {
                System.out.println("  rounds " + specs[k][1] + " MB/s: " + IoBench.fmt(mbs[k]));
            }
            System.out.println("(ratio: netdial's MB/s over the JDK's; above 1 is faster)");
        } finally {
            for (IoBench.Pair p : pairs) {
                p.close();
            }
            if (pin) {
                long[] mask = new long[16];
                for (int c : cpus) {
                    mask[c / 64] |= 1L << (c % 64);
                }
                IoBench.X.sched_setaffinity(0, mask.length * 8L, mask);
            }
        }
    }
}
