package dev.netdial.testing.bench;

import dev.netdial.jdk.NetdialSocketFactory;
import dev.netdial.tcp.Dialer;
import dev.netdial.testing.NginxServer;
import dev.netdial.testing.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Real clients over netdial against the same clients on the JDK's sockets, in one run (issue 13,
 * §3): PostgreSQL's JDBC driver doing {@code SELECT 1} round trips through
 * {@link NetdialSocketFactory} against its default socket factory, and OkHttp doing keep-alive GETs
 * of a 1 KiB file through {@code socketFactory(new NetdialSocketFactory(new Dialer()))} against its
 * default. The servers are the test fixtures {@link PostgresServer} and {@link NginxServer}, started
 * here on loopback.
 *
 * <p>Each part keeps one connection per client for the whole run (opened and warmed up first), with
 * four clients: the default and netdial, each on a platform thread (the caller) and on a virtual
 * thread. Each round measures every client once, starting one client later each round; the ratio
 * netdial / default (same thread kind) is taken per round (both ran in the same round), reported as
 * its median and range. Targets: each ratio at most 1.05. Beside the time, the JVM's CPU time per
 * operation (all its threads: the client's, netdial's poller, GC), which is the client-side cost
 * without the waiting for the server.
 *
 * <p>Usage: {@code ClientsBench [pg] [http] [--pg-n=N] [--http-n=N] [--rounds=R] [--warmup=W]}
 * (defaults: both parts, 20,000 round trips and 5,000 GETs per round, 15 rounds after 3 warm-up
 * rounds); run by {@code bench/clients.sh}.
 *
 * <p>netdial's own (benchmark).
 */
public final class ClientsBench {

    private static final double TARGET = 1.05;

    /** {@code --only=ROW}: run that row alone (0-3: default platform, netdial platform, default virtual,
     * netdial virtual), for a profiler or strace; -1: all rows. */
    private static int only = -1;

    private ClientsBench() {
    }

    /** One client: a batch of {@code n} operations. */
    private interface Client extends AutoCloseable {
        void run(int n) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Set<String> parts = new LinkedHashSet<>();
        int pgN = 20_000;
        int httpN = 5_000;
        int rounds = 15;
        int warmup = 3;
        only = -1;
        for (String a : args) {
            if (a.startsWith("--pg-n=")) {
                pgN = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--only=")) {
                only = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--http-n=")) {
                httpN = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--warmup=")) {
                warmup = Integer.parseInt(a.substring(9));
            } else if (a.equals("pg") || a.equals("http")) {
                parts.add(a);
            } else {
                System.err.println("usage: ClientsBench [pg] [http] [--pg-n=N] [--http-n=N] [--rounds=R] [--warmup=W] [--only=ROW]");
                System.exit(a.equals("--help") || a.equals("-h") ? 0 : 2);
            }
        }
        if (parts.isEmpty()) {
            parts.addAll(List.of("pg", "http"));
        }
        System.out.printf(Locale.ROOT, "# ClientsBench  java %s (%s)  %s %s  availableProcessors=%d%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
                System.getProperty("os.version"), Runtime.getRuntime().availableProcessors());
        boolean pass = true;
        if (parts.contains("pg")) {
            pass &= pg(pgN, rounds, warmup);
        }
        if (parts.contains("http")) {
            pass &= http(httpN, rounds, warmup);
        }
        System.out.println(pass ? "# every ratio within " + TARGET : "# a ratio above " + TARGET + " (see above)");
    }

    private static boolean pg(int n, int rounds, int warmup) throws Exception {
        PostgresServer.unavailableReason().ifPresent(r -> {
            throw new IllegalStateException("PostgreSQL is not available: " + r);
        });
        String nd = NetdialSocketFactory.class.getName();
        try (PostgresServer pg = stopOnExit(PostgresServer.start());
             Client jdk = pgClient(pg, null);
             Client netdial = pgClient(pg, nd);
             Client jdkV = pgClient(pg, null);
             Client netdialV = pgClient(pg, nd)) {
            String header = String.format(Locale.ROOT, "## pg: SELECT 1 round trips (PostgreSQL %s, JDBC driver %s, "
                    + "prepared statement, one connection per client), %d per round, %d warm-up + %d rounds",
                    serverVersion(pg), org.postgresql.Driver.class.getPackage().getImplementationVersion(), n, warmup,
                    rounds);
            return measure(header, "µs per round trip", List.of("driver's default socket", "NetdialSocketFactory"),
                    List.of(jdk, netdial, jdkV, netdialV), n, rounds, warmup);
        }
    }

    /** Closes {@code server} when the JVM is ended (Ctrl-C, a profiler's kill) before the part closes it. */
    private static <T extends AutoCloseable> T stopOnExit(T server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("ClientsBench: stopping " + server + ": " + e);
            }
        }, "ClientsBench-stop"));
        return server;
    }

    private static String serverVersion(PostgresServer pg) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pgProps(pg, null));
             ResultSet rs = c.createStatement().executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Properties pgProps(PostgresServer pg, String factory) {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("sslmode", "disable");
        if (factory != null) {
            p.setProperty("socketFactory", factory);
        }
        return p;
    }

    private static Client pgClient(PostgresServer pg, String factory) throws SQLException {
        Connection c = DriverManager.getConnection(pg.jdbcUrl(), pgProps(pg, factory));
        PreparedStatement ps = c.prepareStatement("SELECT 1");
        return new Client() {
            @Override
            public void run(int n) throws SQLException {
                for (int i = 0; i < n; i++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getInt(1) != 1) {
                            throw new IllegalStateException("SELECT 1 did not return 1");
                        }
                    }
                }
            }

            @Override
            public void close() throws SQLException {
                c.close();
            }
        };
    }

    private static boolean http(int n, int rounds, int warmup) throws Exception {
        NetdialSocketFactory nd = new NetdialSocketFactory(new Dialer());
        try (NginxServer nginx = stopOnExit(NginxServer.start());
             Client jdk = httpClient(nginx, new OkHttpClient.Builder().build());
             Client netdial = httpClient(nginx, new OkHttpClient.Builder().socketFactory(nd).build());
             Client jdkV = httpClient(nginx, new OkHttpClient.Builder().build());
             Client netdialV = httpClient(nginx, new OkHttpClient.Builder().socketFactory(nd).build())) {
            String header = String.format(Locale.ROOT, "## http: OkHttp %s keep-alive GETs of a 1 KiB file from nginx on "
                    + "127.0.0.1 (one connection per client), %d per round, %d warm-up + %d rounds",
                    okhttp3.OkHttp.VERSION, n, warmup, rounds);
            return measure(header, "µs per GET", List.of("OkHttp's default socket", "NetdialSocketFactory"),
                    List.of(jdk, netdial, jdkV, netdialV), n, rounds, warmup);
        }
    }

    private static Client httpClient(NginxServer nginx, OkHttpClient c) throws IOException {
        Request req = new Request.Builder().url(nginx.url(NginxServer.SMALL)).build();
        int want = Files.readAllBytes(nginx.file(NginxServer.SMALL)).length;
        return new Client() {
            @Override
            public void run(int n) throws IOException {
                for (int i = 0; i < n; i++) {
                    try (Response r = c.newCall(req).execute()) {
                        if (r.code() != 200 || r.body().bytes().length != want) {
                            throw new IllegalStateException("GET " + req.url() + ": " + r.code());
                        }
                    }
                }
                if (c.connectionPool().connectionCount() != 1) {
                    throw new IllegalStateException("keep-alive lost: " + c.connectionPool().connectionCount()
                            + " connections");
                }
            }

            @Override
            public void close() {
                c.connectionPool().evictAll();
            }
        };
    }

    /**
     * Warm-up, then {@code rounds} rounds in a rotating order; prints the table. {@code clients} are
     * four: the default and netdial on the calling platform thread, then the same two each run on a
     * virtual thread of its own. Each netdial row's ratio is to the default row of its thread kind,
     * taken per round.
     */
    private static boolean measure(String header, String unit, List<String> names, List<Client> clients, int n,
                                   int rounds, int warmup) throws Exception {
        System.out.println();
        System.out.println(header);
        System.out.flush();
        List<String> rows = List.of(names.get(0) + ", platform", names.get(1) + ", platform",
                names.get(0) + ", virtual", names.get(1) + ", virtual");
        if (only >= 0) {
            for (int r = 0; r < warmup + rounds; r++) {
                long ns = runOn(only >= 2, clients.get(only), n);
                System.out.printf(Locale.ROOT, "%s: round %d: %.2f%n", rows.get(only), r, ns / 1e3 / n);
            }
            return true;
        }
        for (int w = 0; w < warmup; w++) {
            for (int i = 0; i < clients.size(); i++) {
                runOn(i >= 2, clients.get(i), n);
            }
        }
        double[][] us = new double[clients.size()][rounds];
        double[][] cpu = new double[clients.size()][rounds];
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < clients.size(); k++) {
                int i = (k + r) % clients.size();
                long c0 = os.getProcessCpuTime();
                us[i][r] = runOn(i >= 2, clients.get(i), n) / 1e3 / n;
                cpu[i][r] = (os.getProcessCpuTime() - c0) / 1e3 / n;
            }
        }
        System.out.printf(Locale.ROOT, "%-40s %26s %30s %24s%n", "client", unit + " median [min-max]",
                "time / default median [min-max]", "JVM CPU µs/op median");
        boolean ok = true;
        StringBuilder verdicts = new StringBuilder();
        for (int i = 0; i < clients.size(); i++) {
            int base = i >= 2 ? 2 : 0;
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = us[i][r] / us[base][r];
            }
            System.out.printf(Locale.ROOT, "%-40s %26s %30s %24.2f%n", rows.get(i), span(us[i], "%.1f"),
                    span(ratio, "%.3f"), median(cpu[i]));
            if (i != base) {
                double med = median(ratio);
                ok &= med <= TARGET;
                verdicts.append(String.format(Locale.ROOT, "ratio %s / default: median %.3f, target <= %.2f: %s; "
                        + "per round %s%n", rows.get(i), med, TARGET, med <= TARGET ? "met" : "NOT met",
                        Arrays.toString(Arrays.stream(ratio).mapToObj(x -> String.format(Locale.ROOT, "%.2f", x))
                                .toArray())));
            }
        }
        System.out.print(verdicts);
        return ok;
    }

    /** Runs {@code c} for {@code n} operations on this thread or on a new virtual thread; the nanoseconds it took. */
    private static long runOn(boolean virtual, Client c, int n) throws Exception {
        if (!virtual) {
            long t0 = System.nanoTime();
            c.run(n);
            return System.nanoTime() - t0;
        }
        long[] took = new long[1];
        Exception[] failed = new Exception[1];
        Thread t = Thread.ofVirtual().name("bench-virtual").start(() -> {
            try {
                long t0 = System.nanoTime();
                c.run(n);
                took[0] = System.nanoTime() - t0;
            } catch (Exception e) {
                failed[0] = e;
            }
        });
        t.join();
        if (failed[0] != null) {
            throw failed[0];
        }
        return took[0];
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** "median [min-max]" of {@code v}, each formatted with {@code fmt}. */
    private static String span(double[] v, String fmt) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, fmt + " [" + fmt + "-" + fmt + "]", median(v), s[0], s[s.length - 1]);
    }
}
