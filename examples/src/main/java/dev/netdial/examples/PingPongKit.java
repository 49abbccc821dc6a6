package dev.netdial.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * What the socket benchmarks share: the options, the two ends of a connection as the loops drive
 * them (the JDK's blocking {@link SocketChannel}, and the JDK's channel non-blocking with a
 * {@link Selector}, the same work as netdial's), the 1-byte ping-pong and the 64 KiB stream measured
 * round-robin, and the statistics and machine lines of the tables. {@code netdial bench unix}
 * ({@link UnixBench}) and {@code netdial bench udp} ({@link UdpBench}) use it, and so does the bench
 * module's {@code IoBench} (TCP, {@code bench/io.sh}).
 *
 * <p>netdial's own: the benchmarks of issue 14, netdial beside the JDK in one run.
 */
public final class PingPongKit {

    private PingPongKit() {
    }

    // ------------------------------------------------------------------ options

    /** The ping-pong and stream options of {@code netdial bench unix} (and IoBench), without their dashes. */
    public static final List<String> PP_VALUED = List.of("pp-iters", "pp-rounds", "pp-warmup", "stream-mib",
            "stream-rounds", "chunk");

    /** The boolean options of {@code netdial bench unix} (and IoBench). */
    public static final List<String> PP_BOOLEANS = List.of("no-virtual", "no-stream-pin");

    /** The options of {@code netdial bench udp}. */
    public static final List<String> UDP_VALUED = List.of("udp-iters", "udp-rounds", "udp-warmup");

    /** The options' values, defaults as {@code bench/io.sh} has always had them. */
    public static final class Opts {
        public int ppIters = 20_000;
        public int ppRounds = 9;
        public int ppWarmup = 3;
        public boolean ppVirtual = true;
        public int streamMiB = 512;
        public int streamRounds = 11;
        public boolean streamPin = true;
        public int chunk = 64 * 1024;
        public int udpIters = 20_000;
        public int udpRounds = 11;
        public int udpWarmup = 3;

        /**
         * Sets option {@code name} (one of {@link #PP_VALUED}, {@link #PP_BOOLEANS} or
         * {@link #UDP_VALUED}, without dashes; a boolean takes {@code "true"}).
         *
         * @return false when {@code name} is none of them
         * @throws IllegalArgumentException when the value is not a number in the option's range
         */
        public boolean set(String name, String value) {
            switch (name) {
                case "pp-iters" -> ppIters = number(name, value, 1);
                case "pp-rounds" -> ppRounds = number(name, value, 1);
                case "pp-warmup" -> ppWarmup = number(name, value, 0);
                case "stream-mib" -> streamMiB = number(name, value, 1);
                case "stream-rounds" -> streamRounds = number(name, value, 1);
                case "chunk" -> chunk = number(name, value, 1);
                case "udp-iters" -> udpIters = number(name, value, 1);
                case "udp-rounds" -> udpRounds = number(name, value, 1);
                case "udp-warmup" -> udpWarmup = number(name, value, 0);
                case "no-virtual" -> ppVirtual = !Boolean.parseBoolean(value);
                case "no-stream-pin" -> streamPin = !Boolean.parseBoolean(value);
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static int number(String name, String value, int min) {
            int v;
            try {
                v = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid value \"" + value + "\" for flag --" + name + ": parse error");
            }
            if (v < min) {
                throw new IllegalArgumentException("invalid value \"" + value + "\" for flag --" + name + ": below " + min);
            }
            return v;
        }
    }

    // ------------------------------------------------------------------ the machine

    /** The line each bench JVM starts with: java, OS, CPUs allowed, GC. */
    public static void printMachine(PrintStream out, String label) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        String gc = String.join(",", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
        out.printf(Locale.ROOT, "# %s  java %s (%s)  %s %s %s  availableProcessors=%d  cpus allowed=%s  GC=%s%n", label,
                System.getProperty("java.version"), System.getProperty("java.vm.name"), os.getName(), os.getVersion(),
                os.getArch(), Runtime.getRuntime().availableProcessors(), cpusAllowed(), gc);
    }

    /** This process's Cpus_allowed_list from /proc/self/status ("0-1", "0,2"), or "?". */
    public static String cpusAllowed() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("Cpus_allowed_list:")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "?";
    }

    /** The CPUs this process may run on, from {@link #cpusAllowed()}. */
    public static List<Integer> allowedCpus() {
        return cpuList(cpusAllowed());
    }

    /**
     * A CPU list as taskset and /proc write it ("0-1", "0,2", "3"), one entry per CPU.
     *
     * @throws IllegalArgumentException when it is not such a list
     */
    public static List<Integer> cpuList(String list) {
        List<Integer> out = new ArrayList<>();
        for (String part : list.split(",")) {
            if (part.isBlank() || part.equals("?")) {
                continue;
            }
            String[] r = part.trim().split("-");
            int a = Integer.parseInt(r[0]);
            int b = r.length > 1 ? Integer.parseInt(r[1]) : a;
            for (int c = a; c <= b; c++) {
                out.add(c);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ statistics

    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    public static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** Two, one or no decimals, by size. */
    public static String f(double d) {
        return String.format(Locale.ROOT, d >= 100 ? "%.0f" : d >= 10 ? "%.1f" : "%.2f", d);
    }

    /** Each value as {@link #f}, space-separated: a row's rounds. */
    public static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            sb.append(f(d)).append(' ');
        }
        return sb.toString().trim();
    }

    // ------------------------------------------------------------------ /proc counters

    /** Voluntary + involuntary context switches of all threads of this process so far (live threads only). */
    public static long[] ctxSwitches() {
        long[] r = new long[2];
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    long[] v = ctxSwitches(t.resolve("status"));
                    r[0] += v[0];
                    r[1] += v[1];
                } catch (RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // not Linux /proc: report zeros
        }
        return r;
    }

    /** {voluntary, involuntary} context switches from one /proc/.../status file. */
    public static long[] ctxSwitches(Path status) {
        long[] r = new long[2];
        try {
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith("voluntary_ctxt_switches:")) {
                    r[0] = Long.parseLong(l.substring(l.indexOf(':') + 1).trim());
                } else if (l.startsWith("nonvoluntary_ctxt_switches:")) {
                    r[1] = Long.parseLong(l.substring(l.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return r;
    }

    /** read(2)-family and write(2)-family syscalls of all live threads so far (syscr, syscw of /proc/self/task/N/io). */
    public static long[] ioSyscalls() {
        long[] r = new long[2];
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    for (String l : Files.readAllLines(t.resolve("io"))) {
                        if (l.startsWith("syscr:")) {
                            r[0] += Long.parseLong(l.substring(6).trim());
                        } else if (l.startsWith("syscw:")) {
                            r[1] += Long.parseLong(l.substring(6).trim());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile, or no permission
                }
            }
        } catch (IOException e) {
            // not Linux /proc: report zeros
        }
        return r;
    }

    // ------------------------------------------------------------------ one end of a ping-pong or stream

    /** One end of a connection, as the benchmark loops use it. */
    public interface End extends AutoCloseable {
        /** Writes one byte. */
        void write1() throws IOException;

        /** Reads one byte; false at end of stream. */
        boolean read1() throws IOException;

        /** Writes {@code len} bytes (a whole chunk); the ends of the ping-pong variants alone have none. */
        default void writeChunk(int len) throws IOException {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " is a ping-pong end only (IoBench's variants)");
        }

        /** Reads up to a chunk; bytes read or -1. */
        default int readChunk() throws IOException {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " is a ping-pong end only (IoBench's variants)");
        }

        /** Half-closes the write side so the peer sees end of stream. */
        void shutdownOutput() throws IOException;

        @Override
        void close() throws IOException;
    }

    /**
     * netdial's end: a socket's own {@code read}/{@code write} of a {@code byte[]} (1 byte, or a
     * chunk) or, with {@code direct}, of a direct ByteBuffer for chunks, given as method references
     * ({@code fd::read}, {@code fd::write}, ...) of a {@code NetFD} (IoBench) or a {@code UnixConn}
     * ({@link UnixBench}).
     */
    public static final class BytesEnd implements End {
        /** A read or write of part of a {@code byte[]}: bytes moved, or -1 at end of stream. */
        public interface ArrayIo {
            int apply(byte[] b, int off, int len) throws IOException;
        }

        /** A read or write of a ByteBuffer's remaining bytes: bytes moved, or -1 at end of stream. */
        public interface BufferIo {
            int apply(ByteBuffer b) throws IOException;
        }

        /** {@code closeWrite} or {@code close}. */
        public interface Action {
            void run() throws IOException;
        }

        final ArrayIo read;
        final ArrayIo write;
        final BufferIo readBuffer;
        final BufferIo writeBuffer;
        final Action closeWrite;
        final Action close;
        final byte[] one = new byte[1];
        final byte[] chunk;
        final ByteBuffer dchunk;

        public BytesEnd(ArrayIo read, ArrayIo write, BufferIo readBuffer, BufferIo writeBuffer, Action closeWrite,
                        Action close, int chunkSize, boolean direct) {
            this.read = read;
            this.write = write;
            this.readBuffer = readBuffer;
            this.writeBuffer = writeBuffer;
            this.closeWrite = closeWrite;
            this.close = close;
            this.chunk = direct ? null : new byte[chunkSize];
            this.dchunk = direct ? ByteBuffer.allocateDirect(chunkSize) : null;
        }

        @Override
        public void write1() throws IOException {
            write.apply(one, 0, 1);
        }

        @Override
        public boolean read1() throws IOException {
            return read.apply(one, 0, 1) > 0;
        }

        @Override
        public void writeChunk(int len) throws IOException {
            if (chunk != null) {
                write.apply(chunk, 0, len);
            } else {
                dchunk.clear().limit(len);
                writeBuffer.apply(dchunk);
            }
        }

        @Override
        public int readChunk() throws IOException {
            if (chunk != null) {
                return read.apply(chunk, 0, chunk.length);
            }
            dchunk.clear();
            return readBuffer.apply(dchunk);
        }

        @Override
        public void shutdownOutput() throws IOException {
            closeWrite.run();
        }

        @Override
        public void close() throws IOException {
            close.run();
        }
    }

    /**
     * The JDK's {@link SocketChannel} through heap (or direct) ByteBuffers: blocking, or with
     * {@code nonBlocking} the same work as netdial on a platform thread, the channel non-blocking
     * and waiting in a {@link Selector} of its own for {@code OP_READ} ({@code epoll_wait}) when a
     * read finds nothing and for {@code OP_WRITE} when a write takes nothing, then trying again, as
     * netdial reads or writes, polls and retries. That is the like-for-like row behind the standing
     * decision that sockets stay non-blocking (PERFORMANCE.md).
     */
    public static final class JdkEnd implements End {
        final SocketChannel ch;
        /** The non-blocking channel's selector and key; null when blocking. */
        final Selector sel;
        final SelectionKey key;
        final ByteBuffer one = ByteBuffer.allocate(1);
        final ByteBuffer chunk;

        public JdkEnd(SocketChannel ch, int chunkSize, boolean direct, boolean nonBlocking) throws IOException {
            this.ch = ch;
            this.chunk = direct ? ByteBuffer.allocateDirect(chunkSize) : ByteBuffer.allocate(chunkSize);
            if (nonBlocking) {
                ch.configureBlocking(false);
                this.sel = Selector.open();
                this.key = ch.register(sel, SelectionKey.OP_READ);
            } else {
                this.sel = null;
                this.key = null;
            }
        }

        /** Non-blocking: waits in the selector until the channel is ready for {@code op} (OP_READ or OP_WRITE). */
        private void await(int op) throws IOException {
            if (sel == null) {
                return; // blocking: the call itself waited
            }
            if (key.interestOps() != op) {
                key.interestOps(op);
            }
            sel.select();
            sel.selectedKeys().clear();
        }

        /** Writes all of {@code b}, waiting for OP_WRITE whenever a non-blocking write takes nothing. */
        private void writeAll(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                if (ch.write(b) == 0) { // never for the ping-pong's 1 byte into an empty socket buffer
                    await(SelectionKey.OP_WRITE);
                }
            }
        }

        /** Reads into {@code b}, waiting for OP_READ while a non-blocking read finds nothing; bytes read or -1. */
        private int readSome(ByteBuffer b) throws IOException {
            int n;
            while ((n = ch.read(b)) == 0) {
                await(SelectionKey.OP_READ);
            }
            return n;
        }

        @Override
        public void write1() throws IOException {
            writeAll(one.clear());
        }

        @Override
        public boolean read1() throws IOException {
            return readSome(one.clear()) > 0;
        }

        @Override
        public void writeChunk(int len) throws IOException {
            writeAll(chunk.clear().limit(len));
        }

        @Override
        public int readChunk() throws IOException {
            return readSome(chunk.clear());
        }

        @Override
        public void shutdownOutput() throws IOException {
            ch.shutdownOutput();
        }

        @Override
        public void close() throws IOException {
            if (sel != null) {
                sel.close();
            }
            ch.close();
        }
    }

    // ------------------------------------------------------------------ connection pairs

    /** A connected pair and the thread serving its far end. */
    public static final class Pair {
        public final String name;
        public final End client;
        public final End server;
        Thread serverThread;
        final AtomicReference<Throwable> serverError = new AtomicReference<>();

        public Pair(String name, End client, End server) {
            this.name = name;
            this.client = client;
            this.server = server;
        }

        /** Half-closes the client, waits for the far end's thread to see the end, closes both; throws what the far end met. */
        public void close() throws Exception {
            client.shutdownOutput();
            if (serverThread != null) {
                serverThread.join(10_000);
            }
            client.close();
            server.close();
            if (serverError.get() != null) {
                throw new IllegalStateException(name + ": server failed", serverError.get());
            }
        }
    }

    /** Starts the echo server of a ping-pong pair: read a byte, write it back, until EOF. */
    public static void startEcho(Pair p, boolean virtual) {
        Runnable r = () -> {
            try {
                while (p.server.read1()) {
                    p.server.write1();
                }
            } catch (Throwable t) {
                p.serverError.set(t);
            }
        };
        p.serverThread = virtual ? Thread.ofVirtual().name("echo-" + p.name).start(r)
                : Thread.ofPlatform().daemon().name("echo-" + p.name).start(r);
    }

    /** A loop that may throw, for {@link #runOn}. */
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} on a new virtual thread and waits for it, or on this thread; returns what
     * it threw, or null.
     */
    public static Throwable runOn(boolean virtual, Body body) throws InterruptedException {
        AtomicReference<Throwable> err = new AtomicReference<>();
        Runnable r = () -> {
            try {
                body.run();
            } catch (Throwable t) {
                err.set(t);
            }
        };
        if (virtual) {
            Thread.ofVirtual().start(r).join();
        } else {
            r.run();
        }
        return err.get();
    }

    /** One round: {@code iters} round trips; returns {ns per round trip, voluntary cs/rt, involuntary cs/rt, reads/rt, writes/rt}. */
    public static double[] pingRound(Pair p, int iters, boolean virtual) throws Exception {
        double[] out = new double[5];
        long[] cs0 = ctxSwitches();
        long[] io0 = ioSyscalls();
        Throwable err = runOn(virtual, () -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < iters; i++) {
                p.client.write1();
                if (!p.client.read1()) {
                    throw new IOException("EOF");
                }
            }
            long t1 = System.nanoTime();
            out[0] = (double) (t1 - t0) / iters;
        });
        long[] io1 = ioSyscalls();
        long[] cs1 = ctxSwitches();
        out[1] = (double) (cs1[0] - cs0[0]) / iters;
        out[2] = (double) (cs1[1] - cs0[1]) / iters;
        // The probe itself reads one file per thread and /proc listing: small next to iters.
        out[3] = (double) (io1[0] - io0[0]) / iters;
        out[4] = (double) (io1[1] - io0[1]) / iters;
        if (err != null) {
            throw new IllegalStateException(p.name + ": client failed", err);
        }
        if (p.serverError.get() != null) {
            throw new IllegalStateException(p.name + ": server failed", p.serverError.get());
        }
        return out;
    }

    /**
     * The ping-pong of each pair, round-robin: an echo on each pair's far end, {@code warmup}
     * rounds each, then {@code rounds} rounds, each round starting one pair later. Returns, per
     * pair name, {µs per round trip, voluntary cs/rt, involuntary cs/rt, reads/rt, writes/rt},
     * each by round. Closes the pairs.
     */
    public static Map<String, double[][]> pingSeries(List<Pair> pairs, boolean virtual, int iters, int warmup, int rounds)
            throws Exception {
        try {
            for (Pair p : pairs) {
                startEcho(p, virtual);
            }
            for (int w = 0; w < warmup; w++) {
                for (Pair p : pairs) {
                    pingRound(p, iters, virtual);
                }
            }
            Map<String, double[][]> res = new LinkedHashMap<>();
            for (Pair p : pairs) {
                res.put(p.name, new double[5][rounds]);
            }
            for (int r = 0; r < rounds; r++) {
                // Rotate the order each round so no pair always runs first.
                for (int k = 0; k < pairs.size(); k++) {
                    Pair p = pairs.get((k + r) % pairs.size());
                    double[] v = pingRound(p, iters, virtual);
                    double[][] a = res.get(p.name);
                    a[0][r] = v[0] / 1000.0;
                    for (int m = 1; m < 5; m++) {
                        a[m][r] = v[m];
                    }
                }
            }
            return res;
        } finally {
            for (Pair p : pairs) {
                p.close();
            }
        }
    }

    /**
     * The stream: a sink thread on each pair's far end reads chunks and discards them; this
     * thread writes {@code o.streamMiB} MiB per round into each pair in {@code o.chunk}-byte writes,
     * 1 warm-up and {@code o.streamRounds} rounds, round-robin, each round starting one pair later.
     * With {@code pin}, this thread runs on {@code cpus[0]} and the sinks on {@code cpus[1]} (all of
     * {@code cpus} again after). Returns MB/s (10^6 B/s) [pair][round]. Closes the pairs.
     */
    public static double[][] streamSeries(List<Pair> pairs, Opts o, boolean pin, List<Integer> cpus, PrintStream out)
            throws Exception {
        long total = (long) o.streamMiB << 20;
        List<Semaphore> done = new ArrayList<>();
        try {
            for (Pair p : pairs) {
                Semaphore sem = new Semaphore(0);
                p.serverThread = Thread.ofPlatform().daemon().name("sink-" + p.name).start(() -> {
                    if (pin && !Affinity.pin(cpus.get(1))) {
                        out.println("warning: could not pin the sink thread");
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
                done.add(sem);
            }
            if (pin && !Affinity.pin(cpus.get(0))) {
                out.println("warning: could not pin the writer thread");
            }
            int n = pairs.size();
            double[][] mbs = new double[n][o.streamRounds];
            for (int r = -1; r < o.streamRounds; r++) {
                for (int k = 0; k < n; k++) {
                    int i = Math.floorMod(k + r, n);
                    Pair p = pairs.get(i);
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
            return mbs;
        } finally {
            for (Pair p : pairs) {
                p.close();
            }
            if (pin) {
                Affinity.allow(cpus); // this thread gets all allowed CPUs back
            }
        }
    }
}
