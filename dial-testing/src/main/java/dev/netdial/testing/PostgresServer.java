package dev.netdial.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for a test class: {@code initdb} into a fresh temporary directory,
 * {@code pg_ctl start} listening on 127.0.0.1 only, on a port the kernel chose free (a clash with
 * another process is retried on a new port), password authentication (SCRAM-SHA-256) over TCP for
 * the user {@link #user()} with a random {@link #password()}, and the Unix socket in the temporary
 * directory (so nothing under {@code /var/run/postgresql} is touched). {@link #close()} stops it
 * ({@code pg_ctl stop -m immediate}) and deletes the directory.
 *
 * <p>The binaries are Debian's ({@code postgresql}: {@code /usr/lib/postgresql/N/bin}, the highest
 * N), else {@code initdb} and {@code pg_ctl} on {@code PATH}. PostgreSQL refuses to run as root:
 * when this JVM is root the commands run as the {@code postgres} user ({@code runuser -u postgres
 * --}) and the directory is handed to that user; otherwise they run as this JVM's user.
 *
 * <p>Durability is off ({@code fsync}, {@code full_page_writes}, {@code synchronous_commit}) to
 * keep a test fast; a crash of the test machine loses nothing that matters.
 *
 * <pre>{@code
 * @BeforeAll static void start() throws IOException {
 *     PostgresServer.assumeAvailable();
 *     pg = PostgresServer.start();
 * }
 * @AfterAll static void stop() { if (pg != null) pg.close(); }
 * }</pre>
 *
 * <p>netdial's own test fixture.
 */
public final class PostgresServer implements AutoCloseable {

    /** The database the server is created with and tests connect to. */
    public static final String DATABASE = "postgres";
    /** The (super)user {@code initdb} creates; password-authenticated over TCP. */
    public static final String USER = "netdial";

    private static final String OS_USER = "postgres";
    private static final int PORT_TRIES = 5;
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path dir;
    private final Path bin;
    private final boolean asPostgres;
    private final int port;
    private final String password;
    private boolean closed;

    private PostgresServer(Path dir, Path bin, boolean asPostgres, int port, String password) {
        this.dir = dir;
        this.bin = bin;
        this.asPostgres = asPostgres;
        this.port = port;
        this.password = password;
    }

    private record Availability(boolean ok, String detail) {
    }

    /** Probed once per JVM. */
    private static final class Probed {
        static final Availability AVAILABILITY = probe();
    }

    /** Whether the PostgreSQL server binaries (and, as root, the {@code postgres} user and {@code runuser}) are here. */
    public static boolean available() {
        return Probed.AVAILABILITY.ok();
    }

    /**
     * Skips the calling test when PostgreSQL's server is not installed, or fails it under CI.
     *
     * @see Capabilities#require(String, boolean, String)
     */
    public static void assumeAvailable() {
        Availability a = Probed.AVAILABILITY;
        Capabilities.require("the PostgreSQL server (Debian package postgresql: initdb and pg_ctl in "
                + "/usr/lib/postgresql/N/bin, the postgres user)", a.ok(), a.detail());
    }

    /** Why the server cannot run here, or empty when it can (for callers outside JUnit, such as the bench). */
    public static Optional<String> unavailableReason() {
        Availability a = Probed.AVAILABILITY;
        return a.ok() ? Optional.empty() : Optional.of(a.detail());
    }

    private static Availability probe() {
        Optional<Path> b = findBin();
        if (b.isEmpty()) {
            return new Availability(false, "no initdb and pg_ctl in /usr/lib/postgresql/*/bin or on PATH");
        }
        if (isRoot()) {
            if (lookup().isEmpty()) {
                return new Availability(false, "running as root and there is no user " + OS_USER);
            }
            if (ServerFixtures.which("runuser").isEmpty()) {
                return new Availability(false, "running as root and there is no runuser (Debian package util-linux)");
            }
        }
        return new Availability(true, "");
    }

    /**
     * The directory holding {@code initdb}, {@code pg_ctl} and {@code postgres}: the highest version
     * under {@code /usr/lib/postgresql}, else the directory of {@code initdb} on {@code PATH}.
     */
    public static Optional<Path> findBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                Optional<Path> best = s.filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .filter(p -> isServerBin(p.resolve("bin")))
                        .max(Comparator.comparingDouble(p -> Double.parseDouble(p.getFileName().toString())));
                if (best.isPresent()) {
                    return Optional.of(best.get().resolve("bin"));
                }
            } catch (IOException e) {
                // fall through to PATH
            }
        }
        return ServerFixtures.which("initdb").map(Path::getParent).filter(PostgresServer::isServerBin);
    }

    private static boolean isServerBin(Path d) {
        return Files.isExecutable(d.resolve("initdb")) && Files.isExecutable(d.resolve("pg_ctl"))
                && Files.isExecutable(d.resolve("postgres"));
    }

    /** Whether this process runs as uid 0: {@code /proc/self} belongs to the process's user. */
    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private record Owner(UserPrincipal user, GroupPrincipal group) {
    }

    private static Optional<Owner> lookup() {
        UserPrincipalLookupService l = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            return Optional.of(new Owner(l.lookupPrincipalByName(OS_USER), l.lookupPrincipalByGroupName(OS_USER)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Creates and starts a server. Does not check availability: call {@link #assumeAvailable()}
     * first in a test.
     *
     * @throws IOException when a step fails; the message holds the command and its output (or the
     *                     server's log)
     */
    public static PostgresServer start() throws IOException {
        Path bin = findBin().orElseThrow(() -> new IOException(
                "PostgreSQL server not found in /usr/lib/postgresql/*/bin or on PATH (Debian package postgresql)"));
        boolean asPostgres = isRoot();
        Path dir = Files.createTempDirectory("netdial-pg");
        boolean ok = false;
        try {
            if (asPostgres) {
                Owner o = lookup().orElseThrow(() -> new IOException("running as root and there is no user " + OS_USER));
                PosixFileAttributeView v = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
                v.setOwner(o.user());
                v.setGroup(o.group());
            }
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            PostgresServer s = initdb(dir, bin, asPostgres, password);
            ok = true;
            return s;
        } finally {
            if (!ok) {
                ServerFixtures.deleteTree(dir);
            }
        }
    }

    private static PostgresServer initdb(Path dir, Path bin, boolean asPostgres, String password) throws IOException {
        Path pw = dir.resolve("pwfile");
        Files.writeString(pw, password + "\n", StandardCharsets.UTF_8);
        chownToPostgres(pw, asPostgres);
        run(dir, asPostgres, List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                "-U", USER, "--pwfile=" + pw, "--auth-host=scram-sha-256", "--auth-local=trust",
                "--encoding=UTF8", "--locale=C", "--no-sync"), "initdb");
        Files.delete(pw);
        IOException last = null;
        for (int i = 0; i < PORT_TRIES; i++) {
            int port = ServerFixtures.freePort();
            Files.writeString(dir.resolve("data/postgresql.conf"), config(dir, port), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            try {
                run(dir, asPostgres, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                        "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "30", "start"), "pg_ctl start");
                return new PostgresServer(dir, bin, asPostgres, port, password);
            } catch (IOException e) {
                last = e;
                if (!log(dir).contains("could not bind")) {
                    throw e;
                }
            }
        }
        throw new IOException("PostgreSQL did not start on a free port in " + PORT_TRIES + " tries", last);
    }

    /** Appended to postgresql.conf (the last setting of a name wins). */
    private static String config(Path dir, int port) {
        return "\n# netdial's PostgresServer fixture\n"
                + "listen_addresses = '127.0.0.1'\n"
                + "port = " + port + "\n"
                + "unix_socket_directories = '" + dir + "'\n"
                + "fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n"
                + "max_connections = 100\n";
    }

    private static void chownToPostgres(Path p, boolean asPostgres) throws IOException {
        if (asPostgres) {
            Owner o = lookup().orElseThrow(() -> new IOException("no user " + OS_USER));
            PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class);
            v.setOwner(o.user());
            v.setGroup(o.group());
        }
    }

    /** Runs {@code cmd} in {@code dir} (as {@code postgres} when root), failing with its output. */
    private static void run(Path dir, boolean asPostgres, List<String> cmd, String what) throws IOException {
        List<String> argv = new ArrayList<>();
        if (asPostgres) {
            argv.addAll(List.of(ServerFixtures.which("runuser").map(Path::toString).orElse("runuser"), "-u", OS_USER, "--"));
        }
        argv.addAll(cmd);
        Path out = dir.resolve(what.replace(' ', '-') + ".out");
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().put("LC_ALL", "C");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(what + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s: "
                        + String.join(" ", argv) + "\n" + ServerFixtures.read(out) + log(dir));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + what, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(what + " exited " + p.exitValue() + ": " + String.join(" ", argv) + "\n"
                    + ServerFixtures.read(out) + log(dir));
        }
    }

    private static String log(Path dir) {
        String l = ServerFixtures.read(dir.resolve("postgres.log"));
        return l.isEmpty() ? "" : "\n--- postgres.log ---\n" + l;
    }

    /** Always 127.0.0.1. */
    public String host() {
        return "127.0.0.1";
    }

    /** The TCP port the server listens on. */
    public int port() {
        return port;
    }

    /** The user to connect as ({@link #USER}), a superuser. */
    public String user() {
        return USER;
    }

    /** The user's password (random per server). */
    public String password() {
        return password;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres}, without parameters. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + DATABASE;
    }

    /** The server's log so far (for a failing test's message). */
    public String serverLog() {
        return ServerFixtures.read(dir.resolve("postgres.log"));
    }

    /** Stops the server at once ({@code pg_ctl stop -m immediate}) and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            run(dir, asPostgres, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-m", "immediate", "-w", "-t", "30", "stop"), "pg_ctl stop");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ServerFixtures.deleteTree(dir);
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[" + host() + ":" + port + ", " + dir + "]";
    }
}
