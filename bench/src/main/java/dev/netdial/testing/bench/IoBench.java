package dev.netdial.testing.bench;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import dev.netdial.api.TCPAddr;
import dev.netdial.examples.PingPongKit;
import dev.netdial.examples.PingPongKit.BytesEnd;
import dev.netdial.examples.PingPongKit.End;
import dev.netdial.examples.PingPongKit.JdkEnd;
import dev.netdial.examples.PingPongKit.Pair;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.FDMutex;
import dev.netdial.posix.internal.LibC;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.SockOpt;
import dev.netdial.testing.Loopback;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Adler32;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import static dev.netdial.examples.PingPongKit.allowedCpus;
import static dev.netdial.examples.PingPongKit.cpusAllowed;
import static dev.netdial.examples.PingPongKit.ctxSwitches;
import static dev.netdial.examples.PingPongKit.f;
import static dev.netdial.examples.PingPongKit.fmt;
import static dev.netdial.examples.PingPongKit.max;
import static dev.netdial.examples.PingPongKit.median;
import static dev.netdial.examples.PingPongKit.min;

/**
 * netdial's I/O path against the JDK's, side by side in one JVM: 1-byte ping-pong latency,
 * 64 KiB stream throughput, the cost of one JNA call, and heap per idle connection; plus
 * {@code variants}, small standalone versions of the wait/read path that take PollFD apart
 * (blocking vs non-blocking, poll on 1 or 2 fds, speculative read or poll first, JNA with a
 * byte[] or an address, the Java-side bookkeeping) to find where the ping-pong gap comes from.
 *
 * <p>Run it with {@code bench/io.sh} (see docs/PERFORMANCE.md); by hand:
 * {@code java --enable-native-access=ALL-UNNAMED -cp <classpath> dev.netdial.testing.bench.IoBench
 * [pingpong] [variants] [stream] [jna] [heap] [all] [--option=value ...]}, options as printed by
 * {@code --help}. The ping-pong parts are meant to run with the whole JVM on one CPU
 * ({@code taskset -c 0}), so both ends share it.
 *
 * <p>The JDK's ends, the ping-pong and stream loops, the statistics and the ping-pong and stream
 * options are the examples module's {@link PingPongKit}, which {@code netdial bench unix} runs on
 * too; what stays here needs dial-posix's internals ({@code NetFD}, {@code PollFD}, {@code LibC}).
 */
public final class IoBench {
    private IoBench() {
    }

    // ------------------------------------------------------------------ options

    /** The options: the ping-pong's and stream's in {@link PingPongKit.Opts}, shared with {@code netdial bench unix}. */
    static final class Opts {
        final Set<String> parts = new LinkedHashSet<>();
        final PingPongKit.Opts kit = new PingPongKit.Opts();
        List<String> streamSpecs = List.of("nd-heap", "jdk-heap", "nd-direct", "jdk-direct");
        int jnaCalls = 2_000_000;
        int jnaRounds = 7;
        int conns = 2000;
        int idleConns = 1000;
        List<String> variants = new ArrayList<>(VARIANTS);
    }

    static final List<String> PARTS = List.of("pingpong", "variants", "stream", "jna", "heap", "idle");

    static final List<String> VARIANTS = List.of(
            "jdk", "nd", "nd-addr", "raw-blocking", "raw-blocking-bytes", "raw-blocking-recv",
            "raw-nb-poll1", "raw-nb-poll2", "raw-nb-poll2-ptr", "raw-nb-poll2-java",
            "raw-pollfirst1", "raw-pollfirst2");

    private static final String USAGE = """
            usage: IoBench [pingpong] [variants] [stream] [jna] [heap] [all] [options]
              pingpong   1-byte round trip, netdial NetFD vs JDK SocketChannel, platform and virtual threads
              variants   the wait/read path taken apart (platform threads; run under taskset -c 0)
              stream     64 KiB writes into a sink, MB/s per round, heap byte[] and direct buffers
              jna        ns per call: JNA direct mapping vs JDK JNI, with and without a syscall
              heap       heap bytes per idle open connection, with a class histogram diff
              idle       wake-ups (context switches) and CPU per second with idle connections, each with a
                         virtual thread parked in read, netdial beside the JDK (--idle-conns=N [1000])
            options (defaults in brackets):
              --pp-iters=N [20000] round trips per round   --pp-rounds=N [9]   --pp-warmup=N [3]
              --no-virtual  skip the virtual-thread ping-pong
              --variants=a,b,...   subset of %s
              --stream-mib=N [512] MiB per stream round    --stream-rounds=N [11]   --chunk=N [65536]
              --no-stream-pin  do not pin the stream's writer and sink threads to two different CPUs
              --stream-specs=a,b,...  subset of nd-heap,jdk-heap,nd-direct,jdk-direct (for strace/perf of one stack)
              --jna-calls=N [2000000] calls per round      --jna-rounds=N [7]
              --conns=N [2000] connections for heap (scaled down to fit ulimit -n)
            """.formatted(VARIANTS);

    static Opts parse(String[] args) {
        Opts o = new Opts();
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                System.out.print(USAGE);
                System.exit(0);
            } else if (a.equals("all")) {
                o.parts.addAll(PARTS);
            } else if (PARTS.contains(a)) {
                o.parts.add(a);
            } else if (a.startsWith("--") && PingPongKit.PP_BOOLEANS.contains(a.substring(2))) {
                o.kit.set(a.substring(2), "true");
            } else if (a.startsWith("--") && a.contains("=")) {
                String k = a.substring(2, a.indexOf('='));
                String v = a.substring(a.indexOf('=') + 1);
                if (PingPongKit.PP_VALUED.contains(k)) {
                    o.kit.set(k, v);
                    continue;
                }
                switch (k) {
                    case "stream-specs" -> o.streamSpecs = List.of(v.split(","));
                    case "jna-calls" -> o.jnaCalls = Integer.parseInt(v);
                    case "jna-rounds" -> o.jnaRounds = Integer.parseInt(v);
                    case "conns" -> o.conns = Integer.parseInt(v);
                    case "idle-conns" -> o.idleConns = Integer.parseInt(v);
                    case "variants" -> {
                        o.variants = List.of(v.split(","));
                        for (String s : o.variants) {
                            if (!VARIANTS.contains(s)) {
                                throw new IllegalArgumentException("unknown variant " + s + "; known: " + VARIANTS);
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                }
            } else {
                throw new IllegalArgumentException("unknown argument " + a + "\n" + USAGE);
            }
        }
        if (o.parts.isEmpty()) {
            o.parts.addAll(PARTS);
        }
        return o;
    }

    public static void main(String[] args) throws Exception {
        Opts o = parse(args);
        PingPongKit.printMachine(System.out, "IoBench");
        for (String p : o.parts) {
            switch (p) {
                case "pingpong" -> pingPong(o);
                case "variants" -> variants(o);
                case "stream" -> stream(o);
                case "jna" -> jna(o);
                case "heap" -> heap(o);
                case "idle" -> idle(o);
                default -> throw new AssertionError(p);
            }
        }
        System.out.println();
        System.out.println("done (sink " + (SINK == 42 ? "!" : ".") + ")");
    }

    // ------------------------------------------------------------------ idle

    /**
     * Idle connections cost nothing: {@code idleConns} connections (half as many loopback pairs),
     * a virtual thread parked in a read on each, then two seconds of nothing: context switches of
     * all the JVM's threads and the process's CPU time over that window, netdial and then the JDK.
     */
    static void idle(Opts o) throws Exception {
        System.out.println();
        System.out.printf(Locale.ROOT, "## idle: %d connections, a virtual thread parked in read on each, 2 s window "
                + "(netdial poller mode: %s)%n", o.idleConns, System.getProperty("netdial.poller", "default"));
        System.out.println();
        System.out.println("| stack   | context switches/s, all threads | of which netdial-poller | of which carriers | CPU ms/s |");
        System.out.println("|---------|--------------------------------:|------------------------:|------------------:|---------:|");
        for (String stack : List.of("netdial", "jdk")) {
            List<AutoCloseable> open = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            try {
                for (int i = 0; i < o.idleConns / 2; i++) {
                    if (stack.equals("netdial")) {
                        NetFD[] p = ndPair();
                        for (NetFD f : p) {
                            open.add(f::close);
                            readers.add(Thread.ofVirtual().start(() -> {
                                try {
                                    f.read(new byte[1], 0, 1);
                                } catch (IOException e) {
                                    // closed at the end
                                }
                            }));
                        }
                    } else {
                        try (ServerSocketChannel ln = ServerSocketChannel.open()) {
                            ln.bind(new InetSocketAddress(Loopback.V4, 0));
                            SocketChannel a = SocketChannel.open(ln.getLocalAddress());
                            SocketChannel b = ln.accept();
                            for (SocketChannel ch : List.of(a, b)) {
                                open.add(ch);
                                readers.add(Thread.ofVirtual().start(() -> {
                                    try {
                                        ch.read(ByteBuffer.allocate(1));
                                    } catch (IOException e) {
                                        // closed at the end
                                    }
                                }));
                            }
                        }
                    }
                }
                Thread.sleep(500);
                com.sun.management.OperatingSystemMXBean os =
                        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long[] cs0 = ctxSwitches();
                long p0 = ctxSwitchesOf("netdial-poller");
                long c0 = ctxSwitchesOf("ForkJoinPool");
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                Thread.sleep(2_000);
                long[] cs1 = ctxSwitches();
                long p1 = ctxSwitchesOf("netdial-poller");
                long c1 = ctxSwitchesOf("ForkJoinPool");
                long cpu1 = os.getProcessCpuTime();
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "| %-7s | %31.1f | %23.1f | %17.1f | %8.2f |%n", stack,
                        (cs1[0] + cs1[1] - cs0[0] - cs0[1]) / secs, (p1 - p0) / secs, (c1 - c0) / secs,
                        (cpu1 - cpu0) / 1e6 / secs);
            } finally {
                for (AutoCloseable c : open) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // already closed
                    }
                }
                for (Thread t : readers) {
                    t.join();
                }
            }
        }
        System.out.println("(the window includes this thread's own sleep and the /proc reads: a few switches/s are the probe)");
    }

    // ------------------------------------------------------------------ counters

    static volatile long SINK;

    /** Context switches (voluntary + involuntary) so far of the live threads whose OS name starts with {@code prefix}. */
    static long ctxSwitchesOf(String prefix) {
        long r = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    if (Files.readString(t.resolve("comm")).startsWith(prefix)) {
                        long[] v = ctxSwitches(t.resolve("status"));
                        r += v[0] + v[1];
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // not Linux /proc: report zero
        }
        return r;
    }

    // ------------------------------------------------------------------ extra native calls

    /** Calls the bench needs beyond LibC (JNA direct mapping, as LibC). */
    static final class X {
        static final int O_RDONLY = 0;
        static final int F_SETFL = 4;
        static final int SEEK_CUR = 1;

        static {
            Native.register(X.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        static native int open(String path, int flags);

        static native long lseek(int fd, long off, int whence);

        static native long labs(long v);

        static native long read(int fd, byte[] b, long n);

        static native long write(int fd, byte[] b, long n);

        static native long read(int fd, long addr, long n);

        static native long recv(int fd, long addr, long n, int flags);

        static native long send(int fd, long addr, long n, int flags);

        static native int fcntl(int fd, int cmd, int arg);

        static native int close(int fd);
    }

    static final int MSG_DONTWAIT = 0x40;

    static int fdOf(NetFD nfd) throws IOException {
        int[] box = new int[1];
        nfd.pfd().rawControl(fd -> box[0] = fd);
        return box[0];
    }

    static void setBlocking(int fd, boolean blocking) {
        int fl = LibC.fcntl(fd, Constants.F_GETFL, 0);
        if (fl < 0) {
            throw new IllegalStateException("F_GETFL errno " + -fl);
        }
        int nfl = blocking ? fl & ~Constants.O_NONBLOCK : fl | Constants.O_NONBLOCK;
        if (X.fcntl(fd, X.F_SETFL, nfl) < 0) {
            throw new IllegalStateException("F_SETFL failed");
        }
    }

    // ------------------------------------------------------------------ netdial's ends (the JDK's: PingPongKit)

    /** netdial NetFD through byte[] (or direct ByteBuffers for chunks when {@code direct}). */
    static End ndEnd(NetFD fd, int chunk, boolean direct) {
        return new BytesEnd(fd::read, fd::write, fd::read, fd::write, fd::closeWrite, fd::close, chunk, direct);
    }

    /** netdial PollFD with a native address: no NativeBuffers pool, no copy. */
    static final class NdAddrEnd implements End {
        final NetFD fd;
        final Memory mem = new Memory(8);
        final long addr = Pointer.nativeValue(mem);

        NdAddrEnd(NetFD fd) {
            this.fd = fd;
        }

        @Override
        public void write1() throws IOException {
            fd.pfd().write(addr, 1);
        }

        @Override
        public boolean read1() throws IOException {
            return fd.pfd().read(addr, 1) > 0;
        }

        @Override
        public void shutdownOutput() throws IOException {
            fd.closeWrite();
        }

        @Override
        public void close() throws IOException {
            fd.close();
            mem.close();
        }
    }

    /** How a raw end waits for its byte. */
    enum RawMode {
        /** Blocking fd: read(2) sleeps in the kernel, as the JDK's blocking SocketChannel. */
        BLOCKING,
        /** Blocking fd, JNA read/write with a byte[] (JNA copies the array in and out). */
        BLOCKING_BYTES,
        /** Blocking fd: recv(0) sleeps in the kernel, send(MSG_DONTWAIT) never blocks (a mixed-mode fd). */
        BLOCKING_RECV,
        /** Non-blocking fd: read; on EAGAIN poll(2) on the socket alone; read again. */
        NB_POLL1,
        /** As NB_POLL1, polling the socket and an eventfd (PollDesc's syscalls). */
        NB_POLL2,
        /** As NB_POLL2, the pollfd structs written with new Pointer(..).setInt/setShort (JNI) as PollDesc does. */
        NB_POLL2_PTR,
        /** As NB_POLL2_PTR plus PollFD's Java bookkeeping: FDMutex lock, pooled buffer + copy, pooled waiter. */
        NB_POLL2_JAVA,
        /** Non-blocking fd: poll(2) on the socket first, then read (no speculative read). */
        POLLFIRST1,
        /** As POLLFIRST1 with the eventfd in the poll set. */
        POLLFIRST2
    }

    /** Pools shared by all NB_POLL2_JAVA ends, the shape of NativeBuffers and WakeFds. */
    static final AtomicReferenceArray<ByteBuffer> BUF_POOL = new AtomicReferenceArray<>(16);
    static final AtomicReferenceArray<Object> WAITER_POOL = new AtomicReferenceArray<>(32);

    /** A bare fd driven with LibC calls, to time each ingredient of PollFD's path. */
    static final class RawEnd implements End {
        final NetFD owner;
        final int fd;
        final RawMode mode;
        final int efd;
        final Memory mem = new Memory(64);
        final long buf = Pointer.nativeValue(mem);
        final long pfds = buf + 16;
        final ByteBuffer pfdView;
        final byte[] one = new byte[1];
        final FDMutex fdmu = new FDMutex();
        final Object waiter = new Object();

        RawEnd(NetFD owner, RawMode mode) throws IOException {
            this.owner = owner;
            this.fd = fdOf(owner);
            this.mode = mode;
            this.pfdView = mem.getByteBuffer(16, 16).order(ByteOrder.nativeOrder());
            boolean blocking = mode == RawMode.BLOCKING || mode == RawMode.BLOCKING_BYTES || mode == RawMode.BLOCKING_RECV;
            setBlocking(fd, blocking);
            boolean two = mode == RawMode.NB_POLL2 || mode == RawMode.NB_POLL2_PTR || mode == RawMode.NB_POLL2_JAVA
                    || mode == RawMode.POLLFIRST2;
            efd = two ? LibC.eventfd(0, Constants.EFD_CLOEXEC | Constants.EFD_NONBLOCK) : -1;
            pfdView.putInt(0, fd).putShort(4, Constants.POLLIN).putShort(6, (short) 0);
            pfdView.putInt(8, efd).putShort(12, Constants.POLLIN).putShort(14, (short) 0);
        }

        @Override
        public void write1() throws IOException {
            long n;
            if (mode == RawMode.BLOCKING_BYTES) {
                n = X.write(fd, one, 1);
            } else if (mode == RawMode.BLOCKING_RECV) {
                n = X.send(fd, buf, 1, MSG_DONTWAIT);
            } else if (mode == RawMode.NB_POLL2_JAVA) {
                if (!fdmu.rwlock(false)) {
                    throw new IOException("closed");
                }
                try {
                    ByteBuffer b = takeBuf();
                    b.put(0, one, 0, 1);
                    n = LibC.write(fd, buf, 1);
                    releaseBuf(b);
                } finally {
                    fdmu.rwunlock(false);
                }
            } else {
                n = LibC.write(fd, buf, 1);
            }
            if (n != 1) {
                throw new IOException("write " + n);
            }
        }

        @Override
        public boolean read1() throws IOException {
            long n;
            switch (mode) {
                case BLOCKING -> n = LibC.read(fd, buf, 1);
                case BLOCKING_RECV -> {
                    n = X.recv(fd, buf, 1, 0);
                    if (n < 0) {
                        n = -Native.getLastError();
                    }
                }
                case BLOCKING_BYTES -> {
                    n = X.read(fd, one, 1);
                    if (n < 0) {
                        n = -Native.getLastError();
                    }
                }
                case NB_POLL1, NB_POLL2 -> {
                    int nfds = mode == RawMode.NB_POLL1 ? 1 : 2;
                    for (;;) {
                        n = LibC.read(fd, buf, 1);
                        if (n != -Constants.EAGAIN) {
                            break;
                        }
                        pfdView.putShort(6, (short) 0).putShort(14, (short) 0);
                        LibC.poll(pfds, nfds, 50, buf + 32);
                    }
                }
                case NB_POLL2_PTR -> {
                    for (;;) {
                        n = LibC.read(fd, buf, 1);
                        if (n != -Constants.EAGAIN) {
                            break;
                        }
                        pollPtr();
                    }
                }
                case NB_POLL2_JAVA -> {
                    if (!fdmu.rwlock(true)) {
                        throw new IOException("closed");
                    }
                    try {
                        ByteBuffer b = takeBuf();
                        Object w = null;
                        for (;;) {
                            n = LibC.read(fd, buf, 1);
                            if (n != -Constants.EAGAIN) {
                                break;
                            }
                            if (w == null) {
                                w = takeWaiter();
                            }
                            pollPtr();
                        }
                        if (w != null) {
                            releaseWaiter(w);
                        }
                        if (n > 0) {
                            b.get(0, one, 0, 1);
                        }
                        releaseBuf(b);
                    } finally {
                        fdmu.rwunlock(true);
                    }
                }
                case POLLFIRST1, POLLFIRST2 -> {
                    int nfds = mode == RawMode.POLLFIRST1 ? 1 : 2;
                    for (;;) {
                        pfdView.putShort(6, (short) 0).putShort(14, (short) 0);
                        LibC.poll(pfds, nfds, 50, buf + 32);
                        n = LibC.read(fd, buf, 1);
                        if (n != -Constants.EAGAIN) {
                            break;
                        }
                    }
                }
                default -> throw new AssertionError(mode);
            }
            if (n < 0) {
                throw new IOException("read errno " + -n);
            }
            return n > 0;
        }

        /** PollDesc.waitPolling's native side: pollfds through new Pointer(..) (JNI per field). */
        private void pollPtr() {
            writePollfd(pfds, fd, Constants.POLLIN);
            writePollfd(pfds + 8, efd, Constants.POLLIN);
            int r = LibC.poll(pfds, 2, 50, buf + 32);
            if (r > 0 && revents(pfds) == 0 && revents(pfds + 8) != 0) {
                throw new IllegalStateException("eventfd fired");
            }
        }

        private static void writePollfd(long at, int fd, short events) {
            Pointer p = new Pointer(at);
            p.setInt(0, fd);
            p.setShort(4, events);
            p.setShort(6, (short) 0);
        }

        private static int revents(long at) {
            return new Pointer(at).getShort(6);
        }

        private ByteBuffer takeBuf() {
            int start = (int) (Thread.currentThread().threadId() & 15);
            for (int i = 0; i < 16; i++) {
                ByteBuffer b = BUF_POOL.getAndSet((start + i) & 15, null);
                if (b != null) {
                    return b;
                }
            }
            return ByteBuffer.allocateDirect(64 * 1024);
        }

        private void releaseBuf(ByteBuffer b) {
            int start = (int) (Thread.currentThread().threadId() & 15);
            for (int i = 0; i < 16; i++) {
                if (BUF_POOL.compareAndSet((start + i) & 15, null, b)) {
                    return;
                }
            }
        }

        private Object takeWaiter() {
            int start = (int) (Thread.currentThread().threadId() & 31);
            for (int i = 0; i < 32; i++) {
                Object w = WAITER_POOL.getAndSet((start + i) & 31, null);
                if (w != null) {
                    return w;
                }
            }
            return new Object();
        }

        private void releaseWaiter(Object w) {
            int start = (int) (Thread.currentThread().threadId() & 31);
            for (int i = 0; i < 32; i++) {
                if (WAITER_POOL.compareAndSet((start + i) & 31, null, w)) {
                    return;
                }
            }
        }

        @Override
        public void shutdownOutput() throws IOException {
            LibC.shutdown(fd, Constants.SHUT_WR);
        }

        @Override
        public void close() throws IOException {
            setBlocking(fd, false);
            if (efd >= 0) {
                LibC.close(efd);
            }
            owner.close();
            mem.close();
        }
    }

    // ------------------------------------------------------------------ connection pairs

    static NetFD[] ndPair() throws IOException {
        NetFD[] p = Loopback.pair();
        for (NetFD fd : p) {
            SockOpt.setNoDelay(fd, true);
        }
        return p;
    }

    static SocketChannel[] jdkPair() throws IOException {
        try (ServerSocketChannel ln = ServerSocketChannel.open()) {
            ln.bind(new InetSocketAddress(Loopback.V4, 0));
            SocketChannel c = SocketChannel.open(ln.getLocalAddress());
            SocketChannel s = ln.accept();
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return new SocketChannel[] {c, s};
        }
    }

    static Pair pair(String variant, int chunk, boolean direct) throws IOException {
        if (variant.equals("jdk")) {
            SocketChannel[] p = jdkPair();
            return new Pair(variant, new JdkEnd(p[0], chunk, direct, false), new JdkEnd(p[1], chunk, direct, false));
        }
        NetFD[] p = ndPair();
        return switch (variant) {
            case "nd" -> new Pair(variant, ndEnd(p[0], chunk, direct), ndEnd(p[1], chunk, direct));
            case "nd-addr" -> new Pair(variant, new NdAddrEnd(p[0]), new NdAddrEnd(p[1]));
            default -> {
                RawMode m = RawMode.valueOf(variant.substring(4).toUpperCase(Locale.ROOT).replace('-', '_'));
                yield new Pair(variant, new RawEnd(p[0], m), new RawEnd(p[1], m));
            }
        };
    }

    /** Results of several ping-pong variants measured round-robin. */
    static Map<String, double[][]> pingSeries(List<String> names, boolean virtual, Opts o) throws Exception {
        List<Pair> pairs = new ArrayList<>();
        for (String n : names) {
            pairs.add(pair(n, 1, false));
        }
        return PingPongKit.pingSeries(pairs, virtual, o.kit.ppIters, o.kit.ppWarmup, o.kit.ppRounds);
    }

    // ------------------------------------------------------------------ (a) ping-pong

    static void pingPong(Opts o) throws Exception {
        System.out.println();
        System.out.printf(Locale.ROOT, "## ping-pong: 1 byte each way, TCP_NODELAY, 127.0.0.1; %d round trips per round, %d warm-up + %d rounds, "
                + "µs per round trip (cpus allowed: %s)%n", o.kit.ppIters, o.kit.ppWarmup, o.kit.ppRounds, cpusAllowed());
        System.out.println("netdial: NetFD.write/read(byte[]) through PollFD; JDK: blocking SocketChannel.write/read(heap ByteBuffer)");
        System.out.println();
        System.out.println("| threads  | netdial median | netdial min | JDK median | JDK min | ratio (median) | ratio (min) | cs/rt netdial | cs/rt JDK |");
        System.out.println("|----------|---------------:|------------:|-----------:|--------:|---------------:|------------:|--------------:|----------:|");
        List<Boolean> modes = o.kit.ppVirtual ? List.of(false, true) : List.of(false);
        for (boolean virtual : modes) {
            Map<String, double[][]> r = pingSeries(List.of("nd", "jdk"), virtual, o);
            double[][] nd = r.get("nd");
            double[][] jdk = r.get("jdk");
            System.out.printf(Locale.ROOT, "| %-8s | %14s | %11s | %10s | %7s | %13.3f× | %10.3f× | %13s | %9s |%n",
                    virtual ? "virtual" : "platform", f(median(nd[0])), f(min(nd[0])), f(median(jdk[0])), f(min(jdk[0])),
                    median(nd[0]) / median(jdk[0]), min(nd[0]) / min(jdk[0]),
                    f(median(nd[1])) + "+" + f(median(nd[2])), f(median(jdk[1])) + "+" + f(median(jdk[2])));
            System.out.println("  rounds netdial µs: " + fmt(nd[0]));
            System.out.println("  rounds JDK     µs: " + fmt(jdk[0]));
        }
        System.out.println("(cs/rt: context switches of all the JVM's threads per round trip, voluntary + involuntary, from /proc/self/task/*/status)");
    }

    // ------------------------------------------------------------------ investigation

    static void variants(Opts o) throws Exception {
        System.out.println();
        System.out.printf(Locale.ROOT, "## variants: the wait/read path taken apart, platform threads, 1-byte ping-pong; "
                + "%d round trips per round, %d warm-up + %d rounds, all measured round-robin (cpus allowed: %s)%n",
                o.kit.ppIters, o.kit.ppWarmup, o.kit.ppRounds, cpusAllowed());
        Map<String, String> what = new LinkedHashMap<>();
        what.put("jdk", "JDK blocking SocketChannel (reference)");
        what.put("nd", "netdial NetFD byte[]: FDMutex + NativeBuffers copy + read/EAGAIN/poll(fd+eventfd)/read");
        what.put("nd-addr", "netdial PollFD.read/write(long addr): as nd without NativeBuffers and the copy");
        what.put("raw-blocking", "blocking fd, JNA read/write(long addr): the JDK's syscalls through JNA");
        what.put("raw-blocking-bytes", "blocking fd, JNA read/write(byte[1])");
        what.put("raw-blocking-recv", "blocking fd, JNA recv(0) to wait + send(MSG_DONTWAIT): a blocking read on a fd whose other calls stay non-blocking");
        what.put("raw-nb-poll1", "non-blocking: read -> EAGAIN -> poll(socket) -> read");
        what.put("raw-nb-poll2", "non-blocking: read -> EAGAIN -> poll(socket, eventfd) -> read (PollDesc's syscalls)");
        what.put("raw-nb-poll2-ptr", "raw-nb-poll2 with pollfds written via new Pointer().setInt/setShort/getShort (JNI), as PollDesc");
        what.put("raw-nb-poll2-java", "raw-nb-poll2-ptr + FDMutex rwlock + pooled buffer/copy + pooled waiter (PollFD's Java work)");
        what.put("raw-pollfirst1", "non-blocking: poll(socket) first, then read (no speculative read)");
        what.put("raw-pollfirst2", "non-blocking: poll(socket, eventfd) first, then read");
        Map<String, double[][]> r = pingSeries(o.variants, false, o);
        double jdk = r.containsKey("jdk") ? median(r.get("jdk")[0]) : Double.NaN;
        System.out.println();
        System.out.println("| variant | what | µs/rt median | min | max | vs JDK | cs/rt, all threads (vol+invol) | read(2)s/rt | write(2)s/rt |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, double[][]> e : r.entrySet()) {
            double[][] a = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %.3f× | %s+%s | %s | %s |%n", e.getKey(), what.get(e.getKey()),
                    f(median(a[0])), f(min(a[0])), f(max(a[0])), median(a[0]) / jdk, f(median(a[1])), f(median(a[2])),
                    f(median(a[3])), f(median(a[4])));
        }
    }

    // ------------------------------------------------------------------ (b) stream

    static void stream(Opts o) throws Exception {
        System.out.println();
        System.out.printf(Locale.ROOT, "## stream: client writes %d-byte chunks, %d MiB per round, into a sink that reads %d-byte chunks and discards; "
                + "%d rounds round-robin after 1 warm-up; MB/s = 10^6 B/s (cpus allowed: %s)%n",
                o.kit.chunk, o.kit.streamMiB, o.kit.chunk, o.kit.streamRounds, cpusAllowed());
        System.out.println();
        List<Integer> cpus = allowedCpus();
        boolean pin = o.kit.streamPin && cpus.size() >= 2;
        System.out.println(pin ? "writer thread pinned to CPU " + cpus.get(0) + ", sink threads to CPU " + cpus.get(1)
                + " (sched_setaffinity; --no-stream-pin to let the scheduler place them)"
                : "threads not pinned" + (o.kit.streamPin ? " (fewer than 2 CPUs allowed)" : ""));
        record S(String name, String stack, boolean direct) {
        }
        List<S> specs = new ArrayList<>();
        for (String name : o.streamSpecs) {
            specs.add(switch (name) {
                case "nd-heap" -> new S(name, "nd", false);
                case "jdk-heap" -> new S(name, "jdk", false);
                case "nd-direct" -> new S(name, "nd", true);
                case "jdk-direct" -> new S(name, "jdk", true);
                default -> throw new IllegalArgumentException("unknown stream spec " + name);
            });
        }
        List<Pair> pairs = new ArrayList<>();
        for (S s : specs) {
            Pair p = pair(s.stack, o.kit.chunk, s.direct);
            pairs.add(new Pair(s.name, p.client, p.server));
        }
        double[][] mbs = PingPongKit.streamSeries(pairs, o.kit, pin, cpus, System.out);
        int n = specs.size();
        System.out.println("| buffers | netdial min | median | max | JDK min | median | max | ratio of medians | ratio min/min | ratio max/max |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int k = 0; k + 1 < n && o.streamSpecs.equals(List.of("nd-heap", "jdk-heap", "nd-direct", "jdk-direct")); k += 2) {
            double[] a = mbs[k];
            double[] b = mbs[k + 1];
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.3f× | %.3f× | %.3f× |%n",
                    specs.get(k).direct ? "direct ByteBuffer" : "heap byte[] / heap ByteBuffer",
                    min(a), median(a), max(a), min(b), median(b), max(b), median(a) / median(b), min(a) / min(b), max(a) / max(b));
        }
        for (int k = 0; k < n; k++) {
            System.out.println("  rounds " + specs.get(k).name + " MB/s: " + fmt(mbs[k]));
        }
    }

    // ------------------------------------------------------------------ (c) JNA call cost

    interface Call {
        long run(int n);
    }

    static void jna(Opts o) throws Exception {
        System.out.println();
        System.out.printf(Locale.ROOT, "## jna: ns per call, median of %d rounds of %d calls (cpus allowed: %s)%n", o.jnaRounds, o.jnaCalls, cpusAllowed());
        System.out.println();
        NetFD[] p = ndPair();
        int sock = fdOf(p[0]);
        File tmp = File.createTempFile("iobench", ".dat");
        tmp.deleteOnExit();
        int zero = X.open("/dev/zero", X.O_RDONLY);
        byte[] small = new byte[1];
        byte[] big = new byte[64 * 1024];
        Memory mem = new Memory(64 * 1024);
        long addr = Pointer.nativeValue(mem);
        ByteBuffer view = mem.getByteBuffer(0, 16).order(ByteOrder.nativeOrder());
        Adler32 adler = new Adler32();
        try (RandomAccessFile raf = new RandomAccessFile(tmp, "r")) {
            int rafFd = X.open(tmp.getPath(), X.O_RDONLY);
            Map<String, Call> calls = new LinkedHashMap<>();
            calls.put("JNA  LibC.fcntl(sock, F_GETFD)  [netdial's wrapper, syscall]", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += LibC.fcntl(sock, Constants.F_GETFD, 0);
                }
                return s;
            });
            calls.put("JNA  lseek(fd, 0, SEEK_CUR)  [direct mapping, syscall]", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += X.lseek(rafFd, 0, X.SEEK_CUR);
                }
                return s;
            });
            calls.put("JNI  RandomAccessFile.getFilePointer()  [JDK native, lseek syscall]", n -> {
                long s = 0;
                try {
                    for (int i = 0; i < n; i++) {
                        s += raf.getFilePointer();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return s;
            });
            int idle = fdOf(p[1]); // nothing is ever sent to it: reads fail with EAGAIN
            int efd = LibC.eventfd(0, Constants.EFD_CLOEXEC | Constants.EFD_NONBLOCK);
            long pf = addr + 32 * 1024;
            ByteBuffer pfv = mem.getByteBuffer(32 * 1024, 16).order(ByteOrder.nativeOrder());
            pfv.putInt(0, idle).putShort(4, Constants.POLLIN).putInt(8, efd).putShort(12, Constants.POLLIN);
            java.nio.channels.FileChannel fch = raf.getChannel();
            calls.put("JNI  FileChannel.position()  [JDK, lseek syscall + the channel's lock and begin/end]", n -> {
                long s = 0;
                try {
                    for (int i = 0; i < n; i++) {
                        s += fch.position();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return s;
            });
            calls.put("JNA  LibC.read(idle non-blocking socket) -> EAGAIN  [the speculative read]", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += LibC.read(idle, addr, 1);
                }
                return s;
            });
            calls.put("JNA  LibC.poll(socket, 1, 0)  [not ready, no sleep]", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += LibC.poll(pf, 1, 0);
                }
                return s;
            });
            calls.put("JNA  LibC.poll(socket + eventfd, 2, 0)  [not ready, no sleep]", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += LibC.poll(pf, 2, 0);
                }
                return s;
            });
            calls.put("JNA  labs(x)  [direct mapping, no syscall]", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += X.labs(-i);
                }
                return s;
            });
            calls.put("JNI  Adler32.update(int)  [JDK native, no syscall]", n -> {
                for (int i = 0; i < n; i++) {
                    adler.update(i);
                }
                return adler.getValue();
            });
            calls.put("JNA  read(/dev/zero, long addr, 1)", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += X.read(zero, addr, 1);
                }
                return s;
            });
            calls.put("JNA  read(/dev/zero, byte[1], 1)", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += X.read(zero, small, 1);
                }
                return s;
            });
            calls.put("JNA  read(/dev/zero, long addr, 65536)", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += X.read(zero, addr, big.length);
                }
                return s;
            });
            calls.put("JNA  read(/dev/zero, byte[65536], 65536)  [large byte[] to JNA]", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += X.read(zero, big, big.length);
                }
                return s;
            });
            calls.put("Java write 2 pollfds via new Pointer().setInt/setShort (6 JNI) + getShort", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < 2; k++) {
                        Pointer q = new Pointer(addr + 8 * k);
                        q.setInt(0, i);
                        q.setShort(4, (short) 1);
                        q.setShort(6, (short) 0);
                    }
                    s += new Pointer(addr).getShort(6);
                }
                return s;
            });
            calls.put("Java write 2 pollfds via direct ByteBuffer putInt/putShort + getShort", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < 2; k++) {
                        view.putInt(8 * k, i).putShort(8 * k + 4, (short) 1).putShort(8 * k + 6, (short) 0);
                    }
                    s += view.getShort(6);
                }
                return s;
            });
            calls.put("Java Native.getDirectBufferPointer(bb) (NativeBuffers.address)", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += Pointer.nativeValue(Native.getDirectBufferPointer(view));
                }
                return s;
            });
            // Warm every call up, then measure round-robin so a change in machine load hits all of them alike.
            List<String> names = new ArrayList<>(calls.keySet());
            int[] count = new int[names.size()];
            for (int k = 0; k < names.size(); k++) {
                count[k] = names.get(k).contains("65536") ? Math.max(1000, o.jnaCalls / 100) : o.jnaCalls;
                SINK += calls.get(names.get(k)).run(Math.max(10_000, count[k] / 10));
                SINK += calls.get(names.get(k)).run(Math.max(10_000, count[k] / 10));
            }
            double[][] v = new double[names.size()][o.jnaRounds];
            for (int r = 0; r < o.jnaRounds; r++) {
                for (int k = 0; k < names.size(); k++) {
                    long t0 = System.nanoTime();
                    SINK += calls.get(names.get(k)).run(count[k]);
                    v[k][r] = (double) (System.nanoTime() - t0) / count[k];
                }
            }
            System.out.println("| call | ns/call median | min | max |");
            System.out.println("|---|---:|---:|---:|");
            for (int k = 0; k < names.size(); k++) {
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", names.get(k), median(v[k]), min(v[k]), max(v[k]));
            }
            X.close(rafFd);
            LibC.close(efd);
        } finally {
            X.close(zero);
            mem.close();
            p[0].close();
            p[1].close();
        }
    }

    // ------------------------------------------------------------------ (d) heap per connection

    static long usedAfterGc() throws InterruptedException {
        long prev = -1;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(30);
            long u = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            best = Math.min(best, u);
            if (prev >= 0 && Math.abs(u - prev) < 512) {
                return Math.min(u, prev);
            }
            prev = u;
        }
        return best;
    }

    /**
     * Takes a live-object class histogram (it forces a full GC) through the DiagnosticCommand MBean, as
     * {@code jcmd <pid> GC.class_histogram}, and writes it to a temporary file, so earlier histograms are not live
     * objects when the next one is taken.
     */
    static Path histogram() throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        String out = (String) mbs.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Path f = Files.createTempFile("iobench-histo", ".txt");
        f.toFile().deleteOnExit();
        Files.writeString(f, out);
        return f;
    }

    /** A histogram file parsed: class -> {instances, bytes}. */
    static Map<String, long[]> parseHistogram(Path f) throws IOException {
        Map<String, long[]> m = new HashMap<>();
        Pattern line = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
        for (String l : Files.readAllLines(f)) {
            Matcher mt = line.matcher(l);
            if (mt.find()) {
                m.put(mt.group(3), new long[] {Long.parseLong(mt.group(1)), Long.parseLong(mt.group(2))});
            }
        }
        return m;
    }

    static void heap(Opts o) throws Exception {
        System.out.println();
        int n = o.conns;
        long maxFds = -1;
        long openFds = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            maxFds = u.getMaxFileDescriptorCount();
            openFds = u.getOpenFileDescriptorCount();
        }
        // Each stack is measured alone: 2 fds per connection (client + accepted) plus a listener.
        long fit = maxFds > 0 ? (maxFds - openFds - 64) / 2 : n;
        String scaled = "";
        if (fit < n) {
            scaled = String.format(Locale.ROOT, " (scaled down from %d to fit ulimit -n = %d with %d open)", n, maxFds, openFds);
            n = (int) Math.max(10, fit);
        }
        System.out.printf(Locale.ROOT, "## heap: %d idle open loopback connections per stack, one stack at a time%s; ulimit -n (soft) = %d, "
                + "fds open at start = %d (needs 2 × %d + a listener)%n", n, scaled, maxFds, openFds, n);
        System.out.println("Both ends live in this JVM and each has moved 1 byte each way. Heap used after repeated System.gc() "
                + "(MemoryMXBean) and a live-object class histogram (DiagnosticCommand gcClassHistogram, i.e. jcmd GC.class_histogram): "
                + "(1) baseline, (2) with all connections open, (3) after closing and dropping the accepted ends. "
                + "client = (3)-(1), accepted = (2)-(3), per connection. Each stack first opens and closes 200 connections so one-time "
                + "class loading and caches (and the MBean server's) stay out of the delta.");
        System.out.println();
        heapWarm(200, true);
        heapWarm(200, false);
        Files.delete(histogram()); // the first histogram sets up the MBean server (~0.5 MB that would land in the delta)
        usedAfterGc();
        long[] nd = heapOne("netdial NetFD", n, true);
        long[] jdk = heapOne("JDK SocketChannel", n, false);
        System.out.println("| stack | client end, B (MemoryMXBean) | client end, B (histogram) | accepted end, B (MemoryMXBean) | accepted end, B (histogram) | mean of both ends, B (histogram) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (int k = 0; k < 2; k++) {
            long[] v = k == 0 ? nd : jdk;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f |%n", k == 0 ? "netdial NetFD" : "JDK SocketChannel",
                    v[0] / (double) n, v[1] / (double) n, v[2] / (double) n, v[3] / (double) n, (v[1] + v[3]) / (2.0 * n));
        }
        System.out.printf(Locale.ROOT, "ratio netdial/JDK, client end: %.2f× (MemoryMXBean), %.2f× (histogram)%n",
                (double) nd[0] / jdk[0], (double) nd[1] / jdk[1]);
    }

    /** Opens and closes {@code n} connections, so one-time allocations happen before the baseline. */
    static void heapWarm(int n, boolean netdial) throws Exception {
        Object[][] c = openConns(n, netdial);
        closeAll(c[0]);
        closeAll(c[1]);
        closeAll(c[2]);
    }

    /** Opens n connections: {clients, accepted, {listener}}; every end moves one byte each way. */
    static Object[][] openConns(int n, boolean netdial) throws IOException {
        Object[] clients = new Object[n];
        Object[] servers = new Object[n];
        byte[] b1 = new byte[1];
        ByteBuffer bb = ByteBuffer.allocate(1);
        if (netdial) {
            NetFD ln = Loopback.listen(Loopback.V4);
            for (int i = 0; i < n; i++) {
                NetFD c = Loopback.dial((TCPAddr) ln.localAddr());
                NetFD s = ln.accept();
                clients[i] = c;
                servers[i] = s;
                c.write(b1, 0, 1);
                s.read(b1, 0, 1);
                s.write(b1, 0, 1);
                c.read(b1, 0, 1);
            }
            return new Object[][] {clients, servers, {ln}};
        }
        ServerSocketChannel ln = ServerSocketChannel.open();
        ln.bind(new InetSocketAddress(Loopback.V4, 0), 4096);
        for (int i = 0; i < n; i++) {
            SocketChannel c = SocketChannel.open(ln.getLocalAddress());
            SocketChannel s = ln.accept();
            clients[i] = c;
            servers[i] = s;
            c.write(bb.clear());
            s.read(bb.clear());
            s.write(bb.flip());
            c.read(bb.clear());
        }
        return new Object[][] {clients, servers, {ln}};
    }

    static void closeAll(Object[] a) throws IOException {
        for (int i = 0; i < a.length; i++) {
            if (a[i] instanceof NetFD f) {
                f.close();
            } else if (a[i] instanceof java.io.Closeable c) {
                c.close();
            }
            a[i] = null;
        }
    }

    /** Histogram delta rows (classes that grew by at least n/2 instances or 16n bytes) and the total byte delta. */
    static long histDiff(Map<String, long[]> h0, Map<String, long[]> h1, int n, String title) {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>();
        long total = 0;
        Set<String> keys = new LinkedHashSet<>(h1.keySet());
        keys.addAll(h0.keySet());
        for (String k : keys) {
            long[] a = h0.getOrDefault(k, new long[2]);
            long[] b = h1.getOrDefault(k, new long[2]);
            long di = b[0] - a[0];
            long db = b[1] - a[1];
            total += db;
            if (di >= n / 2 || db >= 16L * n) {
                rows.add(Map.entry(k, new long[] {di, db}));
            }
        }
        rows.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        System.out.println(title);
        System.out.println("| class | instances per connection | bytes per connection |");
        System.out.println("|---|---:|---:|");
        long shown = 0;
        for (Map.Entry<String, long[]> e : rows) {
            shown += e.getValue()[1];
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f |%n", e.getKey(), e.getValue()[0] / (double) n, e.getValue()[1] / (double) n);
        }
        System.out.printf(Locale.ROOT, "| (listed) | | %.1f |%n", shown / (double) n);
        System.out.printf(Locale.ROOT, "| (all classes) | | %.1f |%n", total / (double) n);
        System.out.println();
        return total;
    }

    /**
     * Opens n connections with one stack; returns {client heap delta, client histogram delta, accepted heap delta,
     * accepted histogram delta} (bytes, for all n) and prints the histogram breakdowns.
     */
    static long[] heapOne(String label, int n, boolean netdial) throws Exception {
        long used0 = usedAfterGc();
        Path f0 = histogram();
        Object[][] c = openConns(n, netdial);
        try {
            long used1 = usedAfterGc();
            Path f1 = histogram();
            closeAll(c[1]);
            long used2 = usedAfterGc();
            Path f2 = histogram();
            Map<String, long[]> h0 = parseHistogram(f0);
            Map<String, long[]> h1 = parseHistogram(f1);
            Map<String, long[]> h2 = parseHistogram(f2);
            System.out.printf(Locale.ROOT, "### %s, %d connections: heap used %+d B with both ends open, %+d B with only the client ends%n",
                    label, n, used1 - used0, used2 - used0);
            long hc = histDiff(h0, h2, n, "client end (" + label + "):");
            long ha = histDiff(h2, h1, n, "accepted end (" + label + "):");
            return new long[] {used2 - used0, hc, used1 - used2, ha};
        } finally {
            closeAll(c[0]);
            closeAll(c[1]);
            closeAll(c[2]);
        }
    }
}
