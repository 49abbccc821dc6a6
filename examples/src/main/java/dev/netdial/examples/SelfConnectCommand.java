package dev.netdial.examples;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Errno;
import dev.netdial.api.OpError;
import dev.netdial.api.SyscallError;
import dev.netdial.api.TCPAddr;
import dev.netdial.tcp.DialTrace;
import dev.netdial.tcp.Dialer;
import dev.netdial.tcp.SelfConnectPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code netdial selfconnect [--port P] [--attempts N] [--policy go|refuse] [--netns]}: the
 * experiment of docs/ARCHITECTURE.md §1. It dials 127.0.0.1:P, where nothing listens, N times with the JDK's
 * {@link Socket} and N times with netdial's {@link Dialer}, closing every socket at once, and
 * prints for each how many dials connected to themselves (local endpoint == remote endpoint),
 * were refused, or ended otherwise, and how many connect calls a dial made on average: the
 * JDK's Socket makes one per dial, netdial's one plus each retry of Go's loop, counted through
 * a {@link DialTrace}. A last line says how many of netdial's dials had their source port range
 * narrowed before connect ({@code IP_LOCAL_PORT_RANGE}, the default policy on Linux 6.3 and
 * later), which makes the self-connect impossible and the retries unneeded.
 *
 * <p>P defaults to a free port inside the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}), the only ports a self-connect can happen on.
 * "Free" means a listener can bind it and a probe dial (from 127.0.0.2, which cannot meet itself
 * on 127.0.0.1) is refused.
 *
 * <p>{@code --netns} runs the same command in a fresh network namespace ({@code unshare -rn})
 * whose ephemeral range is narrowed to {@code P P+1}: the kernel then tries P itself as the source
 * port first, and the JDK connects to itself within the first dials.
 */
final class SelfConnectCommand {

    static final int DEFAULT_ATTEMPTS = 100_000;
    /** The seed experiment's port; the default inside a namespace, where every port is free. */
    static final int NETNS_DEFAULT_PORT = 40_000;
    static final String PORT_RANGE_FILE = "/proc/sys/net/ipv4/ip_local_port_range";


    private final PrintStream out;
    private final PrintStream err;

    SelfConnectCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The outcome of one client's dials. */
    static final class Tally {
        final String client;
        long dials;
        long self;
        long refused;
        /** connect(2) calls made: one per dial, plus each retry of Go's loop. */
        long connects;
        /** Dials whose source port range was narrowed before connect (netdial only). */
        long prevented;
        /** Everything else (other errors, or a connection to a real listener), by message. */
        final Map<String, Long> other = new LinkedHashMap<>();
        long nanos;

        Tally(String client) {
            this.client = client;
        }

        long otherCount() {
            return other.values().stream().mapToLong(Long::longValue).sum();
        }

        void other(String why) {
            other.merge(why, 1L, Long::sum);
        }
    }

    /** The kernel's ephemeral port range, inclusive. */
    record PortRange(int lo, int hi) {
        boolean contains(int p) {
            return lo <= p && p <= hi;
        }

        @Override
        public String toString() {
            return lo + "-" + hi;
        }
    }

    int run(List<String> args) throws Flags.UsageException {
        Flags f = Flags.parse(args, Set.of("netns"), Set.of("port", "attempts", "policy"));
        if (!f.positional().isEmpty()) {
            throw new Flags.UsageException("unexpected arguments " + f.positional());
        }
        int attempts = f.intValue("attempts", DEFAULT_ATTEMPTS, 1, Integer.MAX_VALUE);
        String policyName = f.value("policy") == null ? "refuse" : f.value("policy");
        SelfConnectPolicy policy = switch (policyName) {
            case "go" -> SelfConnectPolicy.GO;
            case "refuse" -> SelfConnectPolicy.REFUSE;
            default -> throw new Flags.UsageException("invalid value \"" + policyName
                    + "\" for flag --policy: want go or refuse");
        };
        if (f.isSet("netns")) {
            int port = f.intValue("port", NETNS_DEFAULT_PORT, 1, 65534);
            return runInNetns(port, attempts, policyName);
        }
        PortRange range;
        try {
            range = readPortRange(Paths.get(PORT_RANGE_FILE));
        } catch (IOException e) {
            err.println("selfconnect: " + e.getMessage());
            return 1;
        }
        int port;
        if (f.value("port") != null) {
            port = f.intValue("port", 0, 1, 65535);
            String busy = whyBusy(port);
            if (busy != null) {
                err.println("selfconnect: 127.0.0.1:" + port + " is in use (" + busy + "); pick another --port");
                return 1;
            }
            if (!range.contains(port)) {
                err.println("selfconnect: note: port " + port + " is outside the ephemeral range " + range
                        + ", so the kernel never picks it as a source port and no dial can connect to itself");
            }
        } else {
            port = pickFreePort(range);
            if (port < 0) {
                err.println("selfconnect: found no free port in the ephemeral range " + range + " after 100 tries");
                return 1;
            }
        }
        InetAddress loopback = loopback4();
        out.printf("selfconnect: %,d dials per client to 127.0.0.1:%d, where nothing listens "
                + "(ephemeral ports %s)%n", attempts, port, range);
        out.flush();
        Tally jdk = dialJdk(new InetSocketAddress(loopback, port), attempts);
        Tally nd = dialNetdial(port, attempts, policy);
        printTable(List.of(jdk, nd));
        return 0;
    }

    /** Reads {@code ip_local_port_range} ("32768\t60999"). */
    static PortRange readPortRange(Path file) throws IOException {
        String text;
        // Not Files.readString: procfs reports a size of 0, and the JDK then reads a single byte.
        try (InputStream in = Files.newInputStream(file)) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IOException(file + ": unexpected content " + String.join(" ", parts));
        }
        try {
            return new PortRange(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IOException(file + ": unexpected content " + String.join(" ", parts), e);
        }
    }

    /** A random port of {@code range} that {@link #whyBusy} finds free, or -1. */
    static int pickFreePort(PortRange range) {
        for (int i = 0; i < 100; i++) {
            int p = ThreadLocalRandom.current().nextInt(range.lo(), range.hi() + 1);
            if (whyBusy(p) == null) {
                return p;
            }
        }
        return -1;
    }

    /** Null when 127.0.0.1:port can be bound and a probe dial to it is refused; else why not. */
    static String whyBusy(int port) {
        String addr = "127.0.0.1:" + port;
        // The JDK's ServerSocket, not netdial's listener, which would warn about a port in the range.
        try (ServerSocket ss = new ServerSocket()) {
            ss.setReuseAddress(true); // as Go's listeners: a TIME_WAIT on the port does not make it busy
            ss.bind(new InetSocketAddress(loopback4(), port));
        } catch (IOException e) {
            return "bind: " + e.getMessage();
        }
        // From 127.0.0.2 the probe cannot connect to itself, and a refused dial leaves no TIME_WAIT.
        Dialer probe = Dialer.builder()
                .localAddr(new TCPAddr(ipv4(127, 0, 0, 2), 0, null))
                .timeout(Duration.ofSeconds(2))
                .build();
        try (Conn c = probe.dial("tcp4", addr)) {
            return "a probe dial connected to " + c.remoteAddr();
        } catch (IOException e) {
            return isRefused(e) ? null : "probe dial: " + e.getMessage();
        }
    }

    /** Whether {@code e} is, through any wrapping, a refused connect (ECONNREFUSED). */
    static boolean isRefused(Throwable e) {
        for (Throwable t = e; t != null; ) {
            if (t instanceof SyscallError se && se.errno() == Errno.ECONNREFUSED) {
                return true;
            }
            Throwable next = t instanceof OpError oe ? oe.err() : t.getCause();
            if (next == t) {
                break;
            }
            t = next;
        }
        return false;
    }

    private Tally dialJdk(InetSocketAddress target, int attempts) {
        Tally t = new Tally("JDK java.net.Socket");
        Progress progress = new Progress(t, attempts);
        long start = System.nanoTime();
        for (int i = 0; i < attempts; i++) {
            Socket s = new Socket();
            try {
                s.connect(target);
                if (s.getLocalPort() == s.getPort() && s.getLocalAddress().equals(s.getInetAddress())) {
                    t.self++;
                } else {
                    t.other("connected to a listener from " + s.getLocalSocketAddress());
                }
            } catch (ConnectException e) {
                if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("refused")) {
                    t.refused++;
                } else {
                    t.other(e.toString());
                }
            } catch (IOException e) {
                t.other(e.toString());
            } finally {
                try {
                    s.close();
                } catch (IOException e) {
                    t.other("close: " + e);
                }
            }
            t.dials++;
            t.connects++; // Socket.connect makes one connect(2) and never retries
            progress.step(start);
        }
        t.nanos = System.nanoTime() - start;
        return t;
    }

    /** Counts a dial's retries of Go's loop and its narrowed ranges. */
    private static final class Retries implements DialTrace {
        final AtomicLong retries = new AtomicLong();
        final AtomicLong prevented = new AtomicLong();

        @Override
        public void selfConnectRetry(String network, Addr raddr, Addr laddr, int retry, IOException err) {
            retries.incrementAndGet();
        }

        @Override
        public void selfConnectPrevented(String network, Addr raddr, int portLow, int portHigh) {
            prevented.incrementAndGet();
        }
    }

    private Tally dialNetdial(int port, int attempts, SelfConnectPolicy policy) {
        Tally t = new Tally("netdial Dialer (policy " + policy + ")");
        Retries trace = new Retries();
        Dialer d = Dialer.builder().selfConnectPolicy(policy).trace(trace).build();
        String addr = "127.0.0.1:" + port;
        Progress progress = new Progress(t, attempts);
        long start = System.nanoTime();
        for (int i = 0; i < attempts; i++) {
            try (Conn c = d.dial("tcp", addr)) {
                TCPAddr l = (TCPAddr) c.localAddr();
                TCPAddr r = (TCPAddr) c.remoteAddr();
                if (l.port() == r.port() && Objects.equals(l.ip(), r.ip())) {
                    t.self++;
                } else {
                    t.other("connected to a listener from " + l);
                }
            } catch (IOException e) {
                if (isRefused(e)) {
                    t.refused++;
                } else {
                    t.other(e.getMessage());
                }
            }
            t.dials++;
            progress.step(start);
        }
        t.nanos = System.nanoTime() - start;
        t.connects = t.dials + trace.retries.get();
        t.prevented = trace.prevented.get();
        return t;
    }

    /** A progress line on stderr every tenth of the attempts. */
    private final class Progress {
        private final Tally t;
        private final int total;
        private final int every;

        Progress(Tally t, int total) {
            this.t = t;
            this.total = total;
            this.every = Math.max(1, total / 10);
        }

        void step(long start) {
            if (t.dials % every == 0 || t.dials == total) {
                err.printf("  %-32s %,9d/%,d dials  self-connected %,d  refused %,d  other %,d  %s%n", t.client,
                        t.dials, total, t.self, t.refused, t.otherCount(), seconds(System.nanoTime() - start));
                err.flush();
            }
        }
    }

    private void printTable(List<Tally> tallies) {
        out.printf("%-32s %9s %15s %9s %7s %14s %9s%n", "client", "dials", "self-connected", "refused", "other",
                "connects/dial", "time");
        for (Tally t : tallies) {
            out.printf(Locale.ROOT, "%-32s %,9d %,15d %,9d %,7d %14.2f %9s%n", t.client, t.dials, t.self, t.refused,
                    t.otherCount(), t.dials == 0 ? 0.0 : (double) t.connects / t.dials, seconds(t.nanos));
        }
        for (Tally t : tallies) {
            t.other.forEach((why, n) -> out.printf("  other, %s: %,d x %s%n", t.client, n, why));
        }
        for (Tally t : tallies) {
            if (t.client.startsWith("netdial")) {
                out.printf("  %s: source range narrowed before connect (IP_LOCAL_PORT_RANGE) in %,d of %,d dials; "
                        + "%,d retries of Go's loop%n", t.client, t.prevented, t.dials, t.connects - t.dials);
            }
        }
        out.flush();
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
    }

    /**
     * Runs {@code selfconnect --port P --attempts N --policy X} in a new user + network namespace
     * with only {@code lo}, up, and the ephemeral range set to {@code P P+1}.
     */
    private int runInNetns(int port, int attempts, String policyName) {
        List<String> inner = List.of("selfconnect", "--port", Integer.toString(port),
                "--attempts", Integer.toString(attempts), "--policy", policyName);
        String script = "ip link set lo up && echo " + LocalDns.quote(port + " " + (port + 1)) + " > " + PORT_RANGE_FILE
                + " && " + ChildJvm.execCommand(List.of(), inner);
        List<String> cmd = List.of("unshare", "-rn", "--", "sh", "-c", script);
        err.println("selfconnect --netns: in a new network namespace (unshare -rn), ephemeral ports narrowed to "
                + port + "-" + (port + 1));
        err.flush();
        int rc = ChildJvm.run("selfconnect --netns", cmd, out, err);
        if (rc > 0) {
            err.println("selfconnect --netns: " + String.join(" ", cmd.subList(0, 5)) + " ... exited " + rc
                    + " (it needs unprivileged user namespaces, or root)");
        }
        return rc == 0 ? 0 : 1;
    }

    private static InetAddress loopback4() {
        return ipv4(127, 0, 0, 1);
    }

    static InetAddress ipv4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always a valid address
        }
    }
}
