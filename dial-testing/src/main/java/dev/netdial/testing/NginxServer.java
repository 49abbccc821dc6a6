package dev.netdial.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx for a test class, on 127.0.0.1 and a port the kernel chose free (a clash with
 * another process is retried on a new port), and on the same port of {@code ::1} when this host
 * has an IPv6 loopback (so that a client resolving {@code localhost} or a name with both
 * addresses reaches it whichever address it tries first), with a configuration this fixture writes into a
 * fresh temporary prefix (pid file, logs and temporary paths inside it; nothing under
 * {@code /etc/nginx} or {@code /var} is read or written).
 *
 * <p>nginx runs in the foreground ({@code daemon off}) as one process ({@code master_process off}:
 * no worker switching to {@code nobody}, which cannot read the private prefix and cannot be
 * switched to in a user namespace), a child of this JVM; {@link #close()} ends it and deletes the
 * prefix. Keep-alive is on with no request limit. It serves:
 * <ul>
 *   <li>{@link #SMALL}: 1 KiB of random bytes;</li>
 *   <li>{@link #BIG}: 10 MiB of random bytes, whose SHA-256 is {@link #bigSha256()};</li>
 *   <li>{@link #STALL}: never answers. nginx proxies it to a Unix socket this fixture listens on
 *       and never accepts from, so the client's read waits until its own timeout.</li>
 * </ul>
 *
 * <p>The binary is {@code nginx} on {@code PATH} or in {@code /usr/sbin} (Debian package
 * {@code nginx} or {@code nginx-light}).
 *
 * <p>netdial's own test fixture.
 */
public final class NginxServer implements AutoCloseable {

    /** A 1 KiB file. */
    public static final String SMALL = "/1k.bin";
    /** A 10 MiB file. */
    public static final String BIG = "/10m.bin";
    /** A location that never answers. */
    public static final String STALL = "/stall";
    /** Size of {@link #SMALL}. */
    public static final int SMALL_SIZE = 1024;
    /** Size of {@link #BIG}. */
    public static final int BIG_SIZE = 10 << 20;

    private static final int PORT_TRIES = 5;
    private static final long START_TIMEOUT_MILLIS = 15_000;

    private final Path prefix;
    private final Process process;
    private final ServerSocketChannel stall;
    private final int port;
    private final String bigSha256;
    private boolean closed;

    private NginxServer(Path prefix, Process process, ServerSocketChannel stall, int port, String bigSha256) {
        this.prefix = prefix;
        this.process = process;
        this.stall = stall;
        this.port = port;
        this.bigSha256 = bigSha256;
    }

    /** The nginx binary: {@code nginx} on {@code PATH}, then in {@code /usr/sbin}, {@code /sbin}, {@code /usr/local/sbin}. */
    public static Optional<Path> findNginx() {
        return ServerFixtures.which("nginx");
    }

    /**
     * Skips the calling test when nginx is not installed, or fails it under CI.
     *
     * @see Capabilities#require(String, boolean, String)
     */
    public static void assumeAvailable() {
        Capabilities.require("nginx (Debian package nginx or nginx-light)", findNginx().isPresent(),
                "no nginx on PATH or in /usr/sbin, /sbin, /usr/local/sbin");
    }

    /**
     * Writes the prefix and starts nginx, returning once it answers a request. Does not check
     * availability: call {@link #assumeAvailable()} first in a test.
     *
     * @throws IOException when nginx is missing or does not start; the message holds its error log
     */
    public static NginxServer start() throws IOException {
        Path nginx = findNginx().orElseThrow(() -> new IOException(
                "nginx not found on PATH or in /usr/sbin, /sbin, /usr/local/sbin (Debian package nginx)"));
        Path prefix = Files.createTempDirectory("netdial-nginx");
        ServerSocketChannel stall = null;
        boolean ok = false;
        try {
            for (String d : new String[] {"conf", "logs", "html", "tmp"}) {
                Files.createDirectories(prefix.resolve(d));
            }
            Random r = new Random(new SecureRandom().nextLong());
            Files.write(prefix.resolve("html" + SMALL), bytes(r, SMALL_SIZE));
            byte[] big = bytes(r, BIG_SIZE);
            Files.write(prefix.resolve("html" + BIG), big);
            String sha = sha256(big);
            stall = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            stall.bind(UnixDomainSocketAddress.of(prefix.resolve("stall.sock")));
            NginxServer s = startOnFreePort(nginx, prefix, stall, sha);
            ok = true;
            return s;
        } finally {
            if (!ok) {
                if (stall != null) {
                    stall.close();
                }
                ServerFixtures.deleteTree(prefix);
            }
        }
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** The lower-case hex SHA-256 of {@code b}. */
    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static NginxServer startOnFreePort(Path nginx, Path prefix, ServerSocketChannel stall, String sha)
            throws IOException {
        String token = HexFormat.of().formatHex(bytes(new SecureRandom(), 16));
        Files.writeString(prefix.resolve("html/ready.txt"), token, StandardCharsets.US_ASCII);
        String last = "";
        for (int i = 0; i < PORT_TRIES; i++) {
            int port = ServerFixtures.freePort();
            Files.writeString(prefix.resolve("conf/nginx.conf"), config(prefix, port, ipv6Loopback()),
                    StandardCharsets.UTF_8);
            Path errorLog = prefix.resolve("logs/error.log");
            Files.deleteIfExists(errorLog);
            ProcessBuilder pb = new ProcessBuilder(nginx.toString(), "-p", prefix + "/", "-c",
                    prefix.resolve("conf/nginx.conf").toString(), "-e", errorLog.toString());
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectErrorStream(true);
            pb.redirectOutput(prefix.resolve("logs/stdout.log").toFile());
            Process p = pb.start();
            if (awaitReady(p, port, token)) {
                return new NginxServer(prefix, p, stall, port, sha);
            }
            stop(p);
            last = ServerFixtures.read(errorLog) + "\n" + ServerFixtures.read(prefix.resolve("logs/stdout.log"));
            if (!last.contains("Address already in use")) {
                break;
            }
        }
        throw new IOException("nginx did not start (" + nginx + " -p " + prefix + "/):\n" + last.strip());
    }

    /** Waits until nginx serves the ready file with {@code token} (so the port is this nginx's), or exits. */
    private static boolean awaitReady(Process p, int port, String token) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() - deadline < 0) {
            if (!p.isAlive()) {
                return false;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                s.setSoTimeout(2000);
                OutputStream out = s.getOutputStream();
                out.write("GET /ready.txt HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                if (reply.startsWith("HTTP/1.1 200") && reply.endsWith(token)) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for nginx", e);
            }
        }
        return false;
    }

    /** Whether {@code ::1} can be bound here. */
    static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByAddress("localhost", new byte[] {0, 0, 0, 0, 0, 0, 0, 0,
                    0, 0, 0, 0, 0, 0, 0, 1}), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String config(Path prefix, int port, boolean ipv6) {
        String t = prefix.resolve("tmp").toString();
        return """
                # Written by netdial's NginxServer fixture.
                daemon off;
                master_process off;
                %6$s
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path %2$s/client_body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    default_type application/octet-stream;
                    sendfile on;
                    tcp_nodelay on;
                    keepalive_timeout 120s;
                    keepalive_requests 1000000000;
                    server {
                        listen 127.0.0.1:%3$d;
                        %5$s
                        server_name _;
                        root %1$s/html;
                        location = %4$s {
                            proxy_pass http://unix:%1$s/stall.sock:/;
                            proxy_connect_timeout 300s;
                            proxy_read_timeout 300s;
                        }
                    }
                }
                """.formatted(prefix, t, port, STALL, ipv6 ? "listen [::1]:" + port + ";" : "",
                        // As root nginx hands its temporary directories to the "user" (nobody by
                        // default): keep them root's, which a user namespace's mapped root can do too.
                        PostgresServer.isRoot() ? "user root root;" : "");
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Always 127.0.0.1. */
    public String host() {
        return "127.0.0.1";
    }

    /** The TCP port nginx listens on. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
    public String url(String path) {
        return "http://" + host() + ":" + port + path;
    }

    /** The file behind {@code path} (e.g. {@link #SMALL}) in the document root. */
    public Path file(String path) {
        return prefix.resolve("html" + path);
    }

    /** The lower-case hex SHA-256 of {@link #BIG}. */
    public String bigSha256() {
        return bigSha256;
    }

    /** nginx's error log so far (for a failing test's message). */
    public String errorLog() {
        return ServerFixtures.read(prefix.resolve("logs/error.log"));
    }

    /** Ends nginx, closes the stalling listener and deletes the prefix. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop(process);
        } finally {
            try {
                stall.close();
            } finally {
                ServerFixtures.deleteTree(prefix);
            }
        }
    }

    @Override
    public String toString() {
        return "NginxServer[" + host() + ":" + port + ", " + prefix + "]";
    }
}
