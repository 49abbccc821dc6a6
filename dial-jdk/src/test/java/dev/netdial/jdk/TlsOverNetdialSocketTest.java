package dev.netdial.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS layered over a {@link NetdialSocket}, as PostgreSQL's driver (after its SSLRequest) and
 * OkHttp (for https) do it: {@code SSLSocketFactory.createSocket(socket, host, port, autoClose)}.
 * The JDK's {@code SSLSocket} then reads, writes, times out and closes through the netdial socket.
 * The certificate is made for the test by the JDK's {@code keytool}.
 *
 * <p>netdial's own: Go has no {@code SSLSocket}.
 */
@Timeout(60)
class TlsOverNetdialSocketTest {
    private static Path dir;
    private static SSLContext tls;

    @BeforeAll
    static void makeCertificate() throws Exception {
        dir = Files.createTempDirectory("netdial-tls");
        Path ks = dir.resolve("ks.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "test", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "keytool finished");
        assertEquals(0, p.exitValue(), "keytool: " + out);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    }

    @AfterAll
    static void removeCertificate() throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    @Test
    void tlsOverNetdial() throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (Socket c = server.accept()) {
                    BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
                    String line = r.readLine();
                    OutputStream o = c.getOutputStream();
                    Thread.sleep(400); // past the client's first read timeout
                    o.write(("echo " + line + "\n").getBytes(StandardCharsets.UTF_8));
                    o.flush();
                    return line + " / " + r.readLine(); // null: the client closed
                } catch (Exception e) {
                    return "server failed: " + e;
                }
            });
            Socket raw = new NetdialSocketFactory().createSocket("localhost", server.getLocalPort());
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw, "localhost", server.getLocalPort(), true);
            try (ssl) {
                ssl.startHandshake();
                assertTrue(ssl.getSession().isValid());
                ssl.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
                ssl.getOutputStream().flush();
                ssl.setSoTimeout(150);
                assertEquals(150, raw.getSoTimeout(), "the layered socket's timeout is the netdial socket's");
                InputStream in = ssl.getInputStream();
                assertThrows(SocketTimeoutException.class, in::read, "the first read times out through TLS");
                ssl.setSoTimeout(5000);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                assertEquals("echo hello", r.readLine(), "the TLS session survives the read timeout");
            }
            assertTrue(raw.isClosed(), "autoClose closes the netdial socket");
            assertEquals("hello / null", served.get(10, TimeUnit.SECONDS), "the server read the line, then the close");
        }
    }
}
