package dev.netdial.examples;

import dev.netdial.api.Conn;
import dev.netdial.tcp.Dialer;
import dev.netdial.tcp.DialTrace;
import jdk.net.ExtendedSocketOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code netdial bench dial [--n N] [--rounds R]}: sequential dial rates on loopback, netdial
 * beside the JDK, all in one run.
 *
 * <p>Eight clients — netdial's {@link Dialer} on a platform and on a virtual thread, the JDK's
 * {@link Socket} on a platform thread, the JDK's blocking {@link SocketChannel} on a platform and
 * on a virtual thread, and two like-for-like rows on platform threads: netdial with keep-alive off,
 * and the JDK's channel with the socket options netdial's default Dialer sets (Go's: Nagle off,
 * keep-alive 15 s / 15 s / 9), plus netdial's Dialer with a no-op {@link DialTrace} set (the price of
 * the trace's dispatch, reported as a ratio to the Dialer without one) — each make N dials in a row, one at a time, of two kinds: connect +
 * close to a listener, and a connect to a port nobody listens on (refused). Every measurement gets a
 * listener on a fresh port (sockets left in TIME_WAIT by earlier dials would slow the kernel's
 * source-port search); the listener accepts and closes on its own platform thread. Each client
 * warms up first; rounds go round-robin over the clients, each round starting one client later, and
 * the median rate is reported. The ratios netdial / JDK {@code SocketChannel} are taken per round
 * (the two clients of a ratio ran in the same round) and reported as their median and range.
 *
 * <p>Then a burst, {@code --burst N} (default 1,000; 0 skips it): N virtual threads, released
 * together, each dial one listener (netdial's Dialer, or the JDK's {@code SocketChannel}); the time
 * until all are connected, then, released together again, until all are closed; netdial and the
 * JDK alternate round by round, and the ratios are taken per round as above.
 *
 * <p>{@code bench lookup} is {@link LookupBench}; {@code bench unix} and {@code bench udp} are
 * {@link SocketBenchCommand}.
 */
final class BenchCommand {

    static final int DEFAULT_N = 5_000;
    static final int DEFAULT_ROUNDS = 9;
    static final int DEFAULT_BURST = 1_000;

    private final PrintStream out;
    private final PrintStream err;

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** One dial: connect to {@code target} and close, or fail as the kernel answered. */
    private interface DialOnce {
        void dial(InetSocketAddress target, String address) throws IOException;
    }

    private record Client(String name, boolean virtual, DialOnce dial) {
    }

    private enum Kind {
        CONNECT("connect+close"), REFUSED("refused");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    int run(List<String> args) throws Flags.UsageException {
        if (!args.isEmpty() && (args.get(0).equals("unix") || args.get(0).equals("udp"))) {
            return new SocketBenchCommand(out, err).run(args.get(0), args.subList(1, args.size()));
        }
        Flags f = Flags.parse(args, Set.of("inside"), Set.of("n", "rounds", "pidfile", "log", "burst"));
        if (f.positional().equals(List.of("lookup"))) {
            LookupBench lb = new LookupBench(out, err);
            int n = f.intValue("n", LookupBench.DEFAULT_N, 1, 1_000_000);
            int rounds = f.intValue("rounds", LookupBench.DEFAULT_ROUNDS, 1, 1_000);
            if (f.isSet("inside")) {
                if (f.value("pidfile") == null || f.value("log") == null) {
                    throw new Flags.UsageException("bench lookup --inside needs --pidfile and --log");
                }
                return lb.runInside(n, rounds, Paths.get(f.value("pidfile")), Paths.get(f.value("log")));
            }
            return lb.run(n, rounds);
        }
        if (!f.positional().equals(List.of("dial"))) {
            throw new Flags.UsageException("want: bench dial [--n N] [--rounds R] [--burst N], bench lookup [--n N] "
                    + "[--rounds R], bench unix [pingpong|stream] [options] or bench udp [options]");
        }
        int n = f.intValue("n", DEFAULT_N, 1, 1_000_000);
        int rounds = f.intValue("rounds", DEFAULT_ROUNDS, 1, 1_000);
        int burst = f.intValue("burst", DEFAULT_BURST, 0, 100_000);
        int warmup = Math.min(n, 3_000);
        Dialer dialer = new Dialer();
        Dialer noKeepAlive = Dialer.builder().keepAlive(Duration.ofSeconds(-1)).build();
        // Every DialTrace method is a no-op default: the row prices the events' dispatch alone.
        Dialer traced = Dialer.builder().trace(new DialTrace() {
        }).build();
        List<Client> clients = List.of(
                new Client("netdial Dialer, platform thread", false, (t, a) -> netdial(dialer, a)),
                new Client("netdial Dialer, virtual thread", true, (t, a) -> netdial(dialer, a)),
                new Client("JDK Socket, platform thread", false, BenchCommand::jdkSocket),
                new Client("JDK SocketChannel, platform thread", false, BenchCommand::jdkChannel),
                new Client("JDK SocketChannel, virtual thread", true, BenchCommand::jdkChannel),
                new Client("netdial, keep-alive off, platform", false, (t, a) -> netdial(noKeepAlive, a)),
                new Client("JDK SocketChannel + Go's options", false, BenchCommand::jdkChannelGoOptions),
                new Client("netdial Dialer + no-op DialTrace", false, (t, a) -> netdial(traced, a)));

        int refusedPort;
        try {
            refusedPort = refusedPort();
        } catch (IOException e) {
            err.println("bench: " + e.getMessage());
            return 1;
        }
        out.printf(Locale.ROOT, "bench dial: %,d sequential dials per measurement, median of %d rounds, %,d warm-up "
                + "dials per client and kind; refused port 127.0.0.1:%d%n", n, rounds, warmup, refusedPort);
        out.printf(Locale.ROOT, "java %s (%s), %s %s, %d CPUs%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.version"),
                Runtime.getRuntime().availableProcessors());
        out.flush();

        double[][][] rates = new double[clients.size()][Kind.values().length][rounds];
        try {
            long t0 = System.nanoTime();
            for (Client c : clients) {
                for (Kind k : Kind.values()) {
                    measure(c, k, warmup, refusedPort);
                }
            }
            err.printf(Locale.ROOT, "  warm-up done (%s)%n", SelfConnectCommand.seconds(System.nanoTime() - t0));
            for (int r = 0; r < rounds; r++) {
                long tr = System.nanoTime();
                for (int i = 0; i < clients.size(); i++) {
                    // Each round starts one client later, so no client always runs first or after the same one.
                    int ci = (i + r) % clients.size();
                    for (Kind k : Kind.values()) {
                        rates[ci][k.ordinal()][r] = measure(clients.get(ci), k, n, refusedPort);
                    }
                }
                err.printf(Locale.ROOT, "  round %d/%d done (%s)%n", r + 1, rounds,
                        SelfConnectCommand.seconds(System.nanoTime() - tr));
                err.flush();
            }
        } catch (IOException e) {
            err.println("bench: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }

        out.printf(Locale.ROOT, "%-36s %28s %28s%n", "dials/s (median [min-max])", Kind.CONNECT.label,
                Kind.REFUSED.label);
        for (int ci = 0; ci < clients.size(); ci++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-36s", clients.get(ci).name()));
            for (Kind k : Kind.values()) {
                double[] rs = rates[ci][k.ordinal()].clone();
                Arrays.sort(rs);
                row.append(String.format(Locale.ROOT, " %28s", String.format(Locale.ROOT, "%,.0f [%,.0f-%,.0f]",
                        median(rs), rs[0], rs[rs.length - 1])));
            }
            out.println(row);
        }
        out.printf(Locale.ROOT, "%-36s %28s %28s%n", "ratio netdial / JDK SocketChannel", Kind.CONNECT.label,
                Kind.REFUSED.label);
        out.println("  (median [min-max] of the rounds)");
        ratioRow("  platform threads", rates, 0, 3);
        ratioRow("  virtual threads", rates, 1, 4);
        ratioRow("  platform, same socket options", rates, 0, 6);
        ratioRow("  platform, keep-alive off both", rates, 5, 3);
        out.printf(Locale.ROOT, "%-36s %28s %28s%n", "ratio netdial with / without a trace", Kind.CONNECT.label,
                Kind.REFUSED.label);
        ratioRow("  no-op DialTrace / none, platform", rates, 7, 0);
        out.flush();
        if (burst > 0) {
            try {
                burst(dialer, burst, rounds);
            } catch (IOException e) {
                err.println("bench: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        return 0;
    }

    /** Opens one connection, to be closed later. */
    private interface Opener {
        AutoCloseable open(InetSocketAddress target, String address) throws IOException;
    }

    /**
     * The burst: {@code n} virtual threads released together dial one listener; prints the time
     * until all are connected and then until all are closed, netdial beside the JDK, round-robin.
     */
    private void burst(Dialer dialer, int n, int rounds) throws IOException, InterruptedException {
        List<String> names = List.of("netdial Dialer, virtual threads", "JDK SocketChannel, virtual threads");
        List<Opener> openers = List.of((t, a) -> dialer.dial("tcp", a), (t, a) -> SocketChannel.open(t));
        double[][][] ms = new double[2][2][rounds];
        for (int c = 0; c < 2; c++) {
            burstOnce(openers.get(c), n); // warm-up
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 2; i++) {
                int c = (i + r) % 2;
                double[] v = burstOnce(openers.get(c), n);
                ms[c][0][r] = v[0];
                ms[c][1][r] = v[1];
            }
        }
        out.printf(Locale.ROOT, "%nburst: %,d virtual threads released together dial one listener, then close; "
                + "ms, median [min-max] of %d rounds%n", n, rounds);
        out.printf(Locale.ROOT, "%-36s %28s %28s%n", "ms until all", "connected", "closed");
        for (int c = 0; c < 2; c++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-36s", names.get(c)));
            for (int k = 0; k < 2; k++) {
                double[] v = ms[c][k].clone();
                Arrays.sort(v);
                row.append(String.format(Locale.ROOT, " %28s",
                        String.format(Locale.ROOT, "%.1f [%.1f-%.1f]", median(v), v[0], v[v.length - 1])));
            }
            out.println(row);
        }
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-36s", "ratio netdial / JDK (time)"));
        for (int k = 0; k < 2; k++) {
            double[] q = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                q[r] = ms[0][k][r] / ms[1][k][r];
            }
            Arrays.sort(q);
            row.append(String.format(Locale.ROOT, " %28s",
                    String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", median(q), q[0], q[q.length - 1])));
        }
        out.println(row);
        out.flush();
    }

    /** One burst: returns {ms until all connected, ms until all closed}. */
    private static double[] burstOnce(Opener o, int n) throws IOException, InterruptedException {
        try (AcceptLoop server = new AcceptLoop()) {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            String address = "127.0.0.1:" + server.port();
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch connected = new CountDownLatch(n);
            CountDownLatch closeGo = new CountDownLatch(1);
            CountDownLatch closed = new CountDownLatch(n);
            AtomicReference<Exception> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                threads.add(Thread.ofVirtual().name("netdial-bench-burst").start(() -> {
                    AutoCloseable c = null;
                    try {
                        ready.countDown();
                        go.await();
                        c = o.open(target, address);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        connected.countDown();
                    }
                    try {
                        closeGo.await();
                        if (c != null) {
                            c.close();
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        closed.countDown();
                    }
                }));
            }
            ready.await();
            long t0 = System.nanoTime();
            go.countDown();
            connected.await();
            long t1 = System.nanoTime();
            closeGo.countDown();
            closed.await();
            long t2 = System.nanoTime();
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new IOException("burst: " + failure.get().getMessage(), failure.get());
            }
            return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6};
        }
    }

    /**
     * Prints the ratio of client {@code a} to client {@code b}, taken round by round (both ran in
     * the same round, close in time, so a slow spell of the machine hits both) for each kind.
     */
    private void ratioRow(String label, double[][][] rates, int a, int b) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-36s", label));
        for (Kind k : Kind.values()) {
            double[] ra = rates[a][k.ordinal()];
            double[] rb = rates[b][k.ordinal()];
            double[] q = new double[ra.length];
            for (int r = 0; r < q.length; r++) {
                q[r] = ra[r] / rb[r];
            }
            Arrays.sort(q);
            row.append(String.format(Locale.ROOT, " %28s",
                    String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", median(q), q[0], q[q.length - 1])));
        }
        out.println(row);
    }

    static double median(double[] sorted) {
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    /** Runs {@code n} dials of kind {@code k} with client {@code c} on its kind of thread; returns dials/s. */
    private static double measure(Client c, Kind k, int n, int refusedPort) throws IOException, InterruptedException {
        try (AcceptLoop server = k == Kind.CONNECT ? new AcceptLoop() : null) {
            int port = server != null ? server.port() : refusedPort;
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            String address = "127.0.0.1:" + port;
            AtomicReference<IOException> failure = new AtomicReference<>();
            long[] nanos = new long[1];
            Runnable loop = () -> {
                long start = System.nanoTime();
                try {
                    for (int i = 0; i < n; i++) {
                        if (k == Kind.CONNECT) {
                            c.dial().dial(target, address);
                        } else {
                            dialRefused(c.dial(), target, address);
                        }
                    }
                } catch (IOException e) {
                    failure.set(e);
                }
                nanos[0] = System.nanoTime() - start;
            };
            Thread t = c.virtual() ? Thread.ofVirtual().name("netdial-bench-dial").start(loop)
                    : Thread.ofPlatform().name("netdial-bench-dial").start(loop);
            t.join();
            if (failure.get() != null) {
                throw new IOException(c.name() + ", " + k.label + ": " + failure.get().getMessage(), failure.get());
            }
            return n / (nanos[0] / 1e9);
        }
    }

    private static void dialRefused(DialOnce d, InetSocketAddress target, String address) throws IOException {
        try {
            d.dial(target, address);
        } catch (ConnectException e) {
            return; // the JDK's refused connect
        } catch (IOException e) {
            if (SelfConnectCommand.isRefused(e)) {
                return;
            }
            throw e;
        }
        throw new IOException("dial to " + address + " connected; something listens there");
    }

    private static void netdial(Dialer d, String address) throws IOException {
        try (Conn c = d.dial("tcp", address)) {
            c.localAddr();
        }
    }

    /**
     * The JDK's channel with the options Go's {@code newTCPConn} sets and netdial's default Dialer
     * sets: Nagle off, keep-alive on with 15 s idle, 15 s interval, 9 probes.
     */
    private static void jdkChannelGoOptions(InetSocketAddress target, String address) throws IOException {
        try (SocketChannel ch = SocketChannel.open(target)) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            ch.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, 15);
            ch.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, 15);
            ch.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, 9);
        }
    }

    private static void jdkSocket(InetSocketAddress target, String address) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(target);
        }
    }

    private static void jdkChannel(InetSocketAddress target, String address) throws IOException {
        try (SocketChannel ch = SocketChannel.open(target)) {
            ch.isConnected();
        }
    }

    /**
     * A port with no listener below the ephemeral range, so that no dial to it can connect to
     * itself; inside the range only when the range starts too low to leave room.
     */
    private static int refusedPort() throws IOException {
        SelfConnectCommand.PortRange range =
                SelfConnectCommand.readPortRange(Paths.get(SelfConnectCommand.PORT_RANGE_FILE));
        int lo = Math.max(1024, range.lo() - 20_000);
        int hi = range.lo() - 1;
        if (hi - lo < 1000) {
            lo = range.lo();
            hi = range.hi();
        }
        for (int i = 0; i < 100; i++) {
            int p = ThreadLocalRandom.current().nextInt(lo, hi + 1);
            if (SelfConnectCommand.whyBusy(p) == null) {
                return p;
            }
        }
        throw new IOException("found no port without a listener in " + lo + "-" + hi);
    }

    /** A JDK listener on a fresh loopback port whose platform thread accepts and closes. */
    private static final class AcceptLoop implements AutoCloseable {
        private final ServerSocket ss;
        private final Thread thread;
        private final List<IOException> errors = new ArrayList<>();

        AcceptLoop() throws IOException {
            ss = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
            thread = Thread.ofPlatform().name("netdial-bench-accept").start(() -> {
                while (true) {
                    try (Socket s = ss.accept()) {
                        s.getPort();
                    } catch (IOException e) {
                        if (!ss.isClosed()) {
                            synchronized (errors) {
                                errors.add(e);
                            }
                        }
                        if (ss.isClosed()) {
                            return;
                        }
                    }
                }
            });
        }

        int port() {
            return ss.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            ss.close();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (errors) {
                if (!errors.isEmpty()) {
                    throw new IOException("listener: " + errors.get(0).getMessage(), errors.get(0));
                }
            }
        }
    }
}
