package dev.netdial.examples;

import dev.netdial.api.Context;
import dev.netdial.resolver.Resolver;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code netdial bench lookup [--n N] [--rounds R]}: A+AAAA lookups per second of one name
 * against a local dnsmasq, netdial's resolvers beside the JDK's, in one run.
 *
 * <p>The command starts {@link LocalDns}'s zone (without per-query logging) in a fresh user,
 * mount, network and pid namespace and runs itself again inside it ({@code --inside}), with the
 * JDK's address cache off ({@code -Dsun.net.inetaddr.ttl=0}, negative answers too) and
 * {@code -Dnetdial.netdns=cgo}. There three clients each look up {@link LocalDns#WWW} (::1 and
 * 127.0.0.1) N times in a row on one platform thread: netdial's {@link Resolver} with Go's DNS
 * client ({@code preferGo}), netdial's C library path (getaddrinfo, chosen by the property), and
 * the JDK's {@code InetAddress.getAllByName}. Every answer is checked (two addresses), and after
 * every measurement dnsmasq's own count of answered queries (its SIGUSR1 statistics) shows how
 * many queries each lookup really sent, so no client can win through a cache. Rounds go
 * round-robin, each starting one client later; medians are reported with the ratios.
 */
final class LookupBench {

    static final int DEFAULT_N = 5_000;
    static final int DEFAULT_ROUNDS = 9;

    private static final Pattern ANSWERED = Pattern.compile("queries answered locally (\\d+)");

    private final PrintStream out;
    private final PrintStream err;

    LookupBench(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** One lookup of {@link LocalDns#WWW}; returns how many addresses it gave. */
    private interface LookupOnce {
        int lookup() throws IOException;
    }

    private record Client(String name, LookupOnce lookup) {
    }

    /** Outside the namespace: sets the zone up and runs {@code bench lookup --inside} in it. */
    int run(int n, int rounds) {
        Path dir;
        try {
            dir = Files.createTempDirectory("netdial-bench-lookup");
        } catch (IOException e) {
            err.println("bench lookup: " + e.getMessage());
            return 1;
        }
        try {
            LocalDns dns = LocalDns.create(dir, false);
            List<String> inner = List.of("bench", "lookup", "--inside", "--n", Integer.toString(n), "--rounds",
                    Integer.toString(rounds), "--pidfile", dir.resolve("dnsmasq.pid").toString(), "--log",
                    dns.logFile().toString());
            List<String> cmd = dns.command(ChildJvm.execCommand(List.of("-Dsun.net.inetaddr.ttl=0",
                    "-Dsun.net.inetaddr.negative.ttl=0", "-Dnetdial.netdns=cgo"), inner));
            err.println("bench lookup: dnsmasq on " + LocalDns.SERVER + " in a new namespace (unshare "
                    + String.join(" ", LocalDns.UNSHARE_OPTIONS) + ")");
            err.flush();
            int rc = ChildJvm.run("bench lookup", cmd, out, err);
            if (rc > 0) {
                err.println("bench lookup: unshare ... exited " + rc
                        + " (it needs unprivileged user namespaces or root, and dnsmasq)");
            }
            return rc == 0 ? 0 : 1;
        } catch (IOException e) {
            err.println("bench lookup: " + e.getMessage());
            return 1;
        } finally {
            deleteTree(dir);
        }
    }

    /** Inside the namespace: measures and prints the table. */
    int runInside(int n, int rounds, Path pidFile, Path log) {
        Context ctx = Context.background();
        Resolver go = Resolver.builder().preferGo(true).build();
        Resolver cgo = Resolver.defaultResolver();
        List<Client> clients = List.of(
                new Client("netdial Resolver, Go's DNS client", () -> go.lookupIP(ctx, "ip", LocalDns.WWW).size()),
                new Client("netdial Resolver, C library", () -> cgo.lookupIP(ctx, "ip", LocalDns.WWW).size()),
                new Client("JDK InetAddress.getAllByName", () -> InetAddress.getAllByName(LocalDns.WWW).length));
        // Enough for the JIT to compile the Java clients' paths (the JDK's is mostly C already).
        int warmup = Math.min(n, 5_000);
        out.printf(Locale.ROOT, "bench lookup: %,d sequential A+AAAA lookups of %s per measurement, median of %d "
                + "rounds, %,d warm-up lookups per client; dnsmasq %s on %s%n", n, LocalDns.WWW, rounds, warmup,
                dnsmasqVersion(log), LocalDns.SERVER);
        out.printf(Locale.ROOT, "java %s (%s), %s %s, %d CPUs; JDK address cache ttl %s s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
                System.getProperty("os.version"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("sun.net.inetaddr.ttl"));
        out.flush();
        double[][] rates = new double[clients.size()][rounds];
        double[][] queries = new double[clients.size()][rounds];
        try {
            Stats stats = new Stats(pidFile, log);
            for (Client c : clients) {
                measure(c, warmup);
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < clients.size(); i++) {
                    int ci = (i + r) % clients.size();
                    long before = stats.answered();
                    rates[ci][r] = measure(clients.get(ci), n);
                    queries[ci][r] = (stats.answered() - before) / (double) n;
                }
                err.printf(Locale.ROOT, "  round %d/%d done%n", r + 1, rounds);
                err.flush();
            }
        } catch (IOException e) {
            err.println("bench lookup: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        out.printf(Locale.ROOT, "%-36s %28s %18s%n", "lookups/s (median [min-max])", "A+AAAA of " + LocalDns.WWW,
                "queries/lookup");
        double[] median = new double[clients.size()];
        for (int ci = 0; ci < clients.size(); ci++) {
            double[] rs = rates[ci].clone();
            Arrays.sort(rs);
            double[] qs = queries[ci].clone();
            Arrays.sort(qs);
            median[ci] = BenchCommand.median(rs);
            out.printf(Locale.ROOT, "%-36s %28s %18.2f%n", clients.get(ci).name(),
                    String.format(Locale.ROOT, "%,.0f [%,.0f-%,.0f]", median[ci], rs[0], rs[rs.length - 1]),
                    BenchCommand.median(qs));
        }
        out.printf(Locale.ROOT, "ratio netdial Go's DNS client / JDK   %.2f%n", median[0] / median[2]);
        out.printf(Locale.ROOT, "ratio netdial C library / JDK         %.2f%n", median[1] / median[2]);
        out.flush();
        return 0;
    }

    /** Runs {@code n} lookups with {@code c}; returns lookups/s. */
    private static double measure(Client c, int n) throws IOException {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int got = c.lookup().lookup();
            if (got != 2) {
                throw new IOException(c.name() + ": " + LocalDns.WWW + " gave " + got + " addresses, want 2");
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * dnsmasq's running count of queries it answered, read from the statistics it logs on
     * SIGUSR1.
     */
    private static final class Stats {
        private final long pid;
        private final Path log;

        Stats(Path pidFile, Path log) throws IOException {
            this.pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
            this.log = log;
        }

        long answered() throws IOException, InterruptedException {
            int seen = values().size();
            if (ProcessHandle.of(pid).isEmpty()) {
                throw new IOException("dnsmasq (pid " + pid + ") is gone");
            }
            Process kill = new ProcessBuilder("kill", "-USR1", Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IOException("kill -USR1 " + pid + " failed");
            }
            for (int i = 0; i < 200; i++) {
                List<Long> all = values();
                if (all.size() > seen) {
                    return all.get(all.size() - 1);
                }
                Thread.sleep(5);
            }
            throw new IOException("dnsmasq logged no statistics to " + log + " within 1 s of SIGUSR1");
        }

        private List<Long> values() throws IOException {
            List<Long> v = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = ANSWERED.matcher(line);
                if (m.find()) {
                    v.add(Long.parseLong(m.group(1)));
                }
            }
            return v;
        }
    }

    private static String dnsmasqVersion(Path log) {
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                int i = line.indexOf("started, version ");
                if (i >= 0) {
                    String rest = line.substring(i + "started, version ".length());
                    int sp = rest.indexOf(' ');
                    return sp < 0 ? rest : rest.substring(0, sp);
                }
            }
        } catch (IOException e) {
            return "(version unknown: " + e.getMessage() + ")";
        }
        return "(version unknown)";
    }

    private void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary directory left behind is harmless; say so rather than fail the bench.
            err.println("bench lookup: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
