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
 * <p>Each part keeps one connection per client for the whole run (opened and warmed up first).
 * Rounds alternate which client goes first; each round measures every client once, and the ratio
 * netdial / default is taken per round (both ran in the same round), reported as its median and
 * range. Targets: each ratio at most 1.05.
 *
 * <p>Usage: {@code ClientsBench [pg] [http] [--pg-n=N] [--http-n=N] [--rounds=R] [--warmup=W]}
 * (defaults: both parts, 20,000 round trips and 5,000 GETs per round, 15 rounds after 3 warm-up
 * rounds); run by {@code bench/clients.sh}.
 *
 * <p>netdial's own (benchmark).
 */
public final class ClientsBench {

    private static final double TARGET = 1.05;

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
        for (String a : args) {
            if (a.startsWith("--pg-n=")) {
                pgN = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--http-n=")) {
                httpN = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--warmup=")) {
                warmup = Integer.parseInt(a.substring(9));
            } else if (a.equals("pg") || a.equals("http")) {
                parts.add(a);
            } else {
                System.err.println("usage: ClientsBench [pg] [http] [--pg-n=N] [--http-n=N] [--rounds=R] [--warmup=W]");
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
        try (PostgresServer pg = PostgresServer.start();
             Client jdk = pgClient(pg, null);
             Client netdial = pgClient(pg, NetdialSocketFactory.class.getName())) {
            String header = String.format(Locale.ROOT, "## pg: SELECT 1 round trips (PostgreSQL %s, JDBC driver %s, "
                    + "prepared statement, one connection per client), %d per round, %d warm-up + %d rounds",
                    serverVersion(pg), org.postgresql.Driver.class.getPackage().getImplementationVersion(), n, warmup,
                    rounds);
            return measure(header, "µs per round trip", List.of("driver's default socket", "NetdialSocketFactory"),
                    List.of(jdk, netdial), n, rounds, warmup);
        }
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
        try (NginxServer nginx = NginxServer.start();
             Client jdk = httpClient(nginx, new OkHttpClient.Builder().build());
             Client netdial = httpClient(nginx, new OkHttpClient.Builder()
                     .socketFactory(new NetdialSocketFactory(new Dialer())).build())) {
            String header = String.format(Locale.ROOT, "## http: OkHttp %s keep-alive GETs of a 1 KiB file from nginx on "
                    + "127.0.0.1 (one connection per client), %d per round, %d warm-up + %d rounds",
                    okhttp3.OkHttp.VERSION, n, warmup, rounds);
            return measure(header, "µs per GET", List.of("OkHttp's default socket", "NetdialSocketFactory"),
                    List.of(jdk, netdial), n, rounds, warmup);
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

    /** Warm-up, then {@code rounds} rounds alternating which client runs first; prints the table. */
    private static boolean measure(String header, String unit, List<String> names, List<Client> clients, int n,
                                   int rounds, int warmup) throws Exception {
        System.out.println();
        System.out.println(header);
        System.out.flush();
        for (int w = 0; w < warmup; w++) {
            for (Client c : clients) {
                c.run(n);
            }
        }
        double[][] us = new double[clients.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < clients.size(); k++) {
                int i = (k + r) % clients.size();
                long t0 = System.nanoTime();
                clients.get(i).run(n);
                us[i][r] = (System.nanoTime() - t0) / 1e3 / n;
            }
        }
        System.out.printf(Locale.ROOT, "%-28s %26s %30s%n", "client", unit + " median [min-max]",
                "time / default median [min-max]");
        double[] ratio = new double[rounds];
        for (int i = 0; i < clients.size(); i++) {
            for (int r = 0; r < rounds; r++) {
                ratio[r] = us[i][r] / us[0][r];
            }
            System.out.printf(Locale.ROOT, "%-28s %26s %30s%n", names.get(i), span(us[i], "%.1f"), span(ratio, "%.3f"));
        }
        double med = median(ratio);
        boolean ok = med <= TARGET;
        System.out.printf(Locale.ROOT, "ratio %s / %s: median %.3f, target <= %.2f: %s%n", names.get(1), names.get(0),
                med, TARGET, ok ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "per round: %s%n", Arrays.toString(Arrays.stream(ratio)
                .mapToObj(x -> String.format(Locale.ROOT, "%.3f", x)).toArray()));
        return ok;
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
