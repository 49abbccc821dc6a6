package dev.netdial.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netdial.testing.PostgresServer;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's JDBC driver over netdial ({@code socketFactory=dev.netdial.jdk.NetdialSocketFactory})
 * against a real PostgreSQL ({@link PostgresServer}): password (SCRAM) authentication, a batch of
 * 10,000 rows written and read back, {@link Statement#cancel()} of a running {@code pg_sleep} (the
 * driver's cancel request is a second connection, made by the same factory), a {@code socketTimeout}
 * that fires as {@link SocketTimeoutException} with netdial's Go error as its cause, and 20
 * connections used at once from virtual threads. The tests that count use
 * {@link RecordingSocketFactory}, which proves each connection was a {@link NetdialSocket} dialed
 * by netdial's {@code Dialer}.
 */
class PostgresJdbcTest {

    private static PostgresServer pg;

    @BeforeAll
    static void start() throws IOException {
        PostgresServer.assumeAvailable();
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    /**
     * The documented set-up: the factory named by class, with the server's user and password, and
     * the driver's defaults otherwise (so {@code sslmode=prefer}: the driver's SSLRequest goes over
     * the NetdialSocket first and the server, without SSL, declines it).
     */
    private static Properties props() {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("socketFactory", NetdialSocketFactory.class.getName());
        return p;
    }

    private static Properties recorded(RecordingSocketFactory.Recorder r) {
        Properties p = props();
        p.setProperty("socketFactory", RecordingSocketFactory.class.getName());
        p.setProperty("socketFactoryArg", r.key());
        return p;
    }

    private static void assertAllNetdial(RecordingSocketFactory.Recorder r, int sockets) {
        assertEquals(sockets, r.sockets().size(), "sockets created by the factory: " + r.sockets());
        for (Socket s : r.sockets()) {
            assertInstanceOf(NetdialSocket.class, s);
        }
        assertEquals(sockets, r.dials(), "dials that reached netdial's control hook");
    }

    @Test
    void batchOf10000RowsWrittenAndReadBackThroughTheFactoryNamedByClass() throws SQLException {
        int n = 10_000;
        Properties p = props();
        // Socket options the driver sets on the factory's socket when asked.
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("receiveBufferSize", "65536");
        p.setProperty("sendBufferSize", "65536");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), p)) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_user, host(inet_client_addr()), "
                         + "(SELECT auth_method FROM pg_hba_file_rules WHERE type = 'host' LIMIT 1)")) {
                assertTrue(rs.next());
                assertEquals(pg.user(), rs.getString(1));
                assertEquals("127.0.0.1", rs.getString(2));
                assertEquals("scram-sha-256", rs.getString(3));
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE rows_batch (id integer PRIMARY KEY, name text NOT NULL, data bytea NOT NULL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rows_batch (id, name, data) VALUES (?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, name(i));
                    ps.setBytes(3, data(i));
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertEquals(n, counts.length);
            }
            c.commit();
            int seen = 0;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, name, data FROM rows_batch ORDER BY id")) {
                while (rs.next()) {
                    int id = rs.getInt(1);
                    assertEquals(seen, id);
                    assertEquals(name(id), rs.getString(2));
                    assertArrayEquals(data(id), rs.getBytes(3));
                    seen++;
                }
            }
            assertEquals(n, seen);
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE rows_batch");
            }
            c.commit();
        }
    }

    private static String name(int i) {
        return "row " + i + " \u00e9\u4e2d";
    }

    private static byte[] data(int i) {
        return ("payload-" + i + "-").repeat(1 + i % 7).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void wrongPasswordIsRefusedByTheServer() {
        Properties p = props();
        p.setProperty("password", "not-" + pg.password());
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(pg.jdbcUrl(), p).close());
        assertTrue(e.getMessage().contains("password authentication failed"), e.toString());
    }

    @Test
    void cancelOfRunningPgSleepGoesThroughTheFactory() throws Exception {
        try (RecordingSocketFactory.Recorder r = RecordingSocketFactory.Recorder.create();
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), recorded(r));
             Connection watcher = DriverManager.getConnection(pg.jdbcUrl(), props());
             Statement st = c.createStatement()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            long t0 = System.nanoTime();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    st.execute("SELECT pg_sleep(30) /* netdial cancel */");
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            awaitActive(watcher, "netdial cancel");
            st.cancel();
            assertTrue(t.join(Duration.ofSeconds(20)), "pg_sleep(30) still running 20 s after cancel()");
            SQLException e = assertInstanceOf(SQLException.class, thrown.get());
            assertEquals("57014", e.getSQLState(), e.toString());
            assertTrue(e.getMessage().contains("canceling statement due to user request"), e.toString());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20));
            // The connection survives a cancel, and the cancel request was a second netdial socket.
            try (ResultSet rs = st.executeQuery("SELECT 42")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
            assertAllNetdial(r, 2);
        }
    }

    private static void awaitActive(Connection watcher, String marker) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (PreparedStatement ps = watcher.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ?")) {
            ps.setString(1, "%" + marker + "%");
            while (System.nanoTime() - deadline < 0) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    // The watcher's own text holds "$1", not the marker.
                    if (rs.getInt(1) >= 1) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        fail("the query marked '" + marker + "' did not become active within 10 s");
    }

    @Test
    void socketTimeoutFiresAsSocketTimeoutExceptionWithGosError() throws SQLException {
        try (RecordingSocketFactory.Recorder r = RecordingSocketFactory.Recorder.create()) {
            Properties p = recorded(r);
            p.setProperty("socketTimeout", "1");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), p); Statement st = c.createStatement()) {
                long t0 = System.nanoTime();
                SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT pg_sleep(10)"));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(ms >= 900 && ms < 8_000, "socketTimeout=1 fired after " + ms + " ms");
                SocketTimeoutException ste = cause(e, SocketTimeoutException.class);
                Throwable go = ste.getCause();
                assertTrue(go != null && String.valueOf(go.getMessage()).endsWith("i/o timeout"),
                        "the SocketTimeoutException's cause should be netdial's Go error: " + ste + " caused by " + go);
                assertTrue(c.isClosed(), "the driver closes a connection whose read timed out");
            }
            assertAllNetdial(r, 1);
        }
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the cause chain of " + e, e);
    }

    @Test
    void twentyConnectionsAtOnceFromVirtualThreads() throws Exception {
        int n = 20;
        try (RecordingSocketFactory.Recorder r = RecordingSocketFactory.Recorder.create();
             ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            CyclicBarrier allOpen = new CyclicBarrier(n);
            List<Future<long[]>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                results.add(ex.submit(() -> {
                    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), recorded(r));
                         PreparedStatement ps = c.prepareStatement(
                                 "SELECT pg_backend_pid(), sum(g) FROM generate_series(1, ?) g, pg_sleep(0.05) s")) {
                        allOpen.await(20, TimeUnit.SECONDS);
                        long sum = 0;
                        long pid = 0;
                        for (int q = 0; q < 5; q++) {
                            ps.setInt(1, 1000 + k);
                            try (ResultSet rs = ps.executeQuery()) {
                                assertTrue(rs.next());
                                pid = rs.getInt(1);
                                sum += rs.getLong(2);
                            }
                        }
                        return new long[] {pid, sum};
                    }
                }));
            }
            Set<Long> pids = new HashSet<>();
            for (int i = 0; i < n; i++) {
                long[] got = results.get(i).get(30, TimeUnit.SECONDS);
                long m = 1000 + i;
                assertEquals(5 * m * (m + 1) / 2, got[1], "connection " + i);
                pids.add(got[0]);
            }
            assertEquals(n, pids.size(), "distinct server backends: " + pids);
            assertAllNetdial(r, n);
        }
    }
}
