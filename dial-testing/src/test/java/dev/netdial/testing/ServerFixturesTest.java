package dev.netdial.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The server fixtures themselves, over the JDK's sockets: nginx serves its files and stalls where
 * it should; PostgreSQL listens on 127.0.0.1 and speaks its protocol; both leave nothing behind.
 */
class ServerFixturesTest {

    @Test
    void nginxServesFilesStallsAndCleansUp() throws IOException {
        NginxServer.assumeAvailable();
        Path html;
        try (NginxServer n = NginxServer.start()) {
            html = n.file("");
            byte[] small = get(n.port(), NginxServer.SMALL);
            assertArrayEquals(Files.readAllBytes(n.file(NginxServer.SMALL)), small);
            assertEquals(NginxServer.SMALL_SIZE, small.length);
            assertEquals(n.bigSha256(), NginxServer.sha256(get(n.port(), NginxServer.BIG)));
            assertTrue(n.url("/x").matches("http://127\\.0\\.0\\.1:\\d+/x"), n.url("/x"));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", n.port()));
                s.setSoTimeout(300);
                s.getOutputStream().write(("GET " + NginxServer.STALL + " HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            }
        }
        assertFalse(Files.exists(html), html + " left behind");
    }

    @Test
    void postgresListensSpeaksItsProtocolAndCleansUp() throws IOException {
        PostgresServer.assumeAvailable();
        String url;
        int port;
        try (PostgresServer pg = PostgresServer.start()) {
            url = pg.jdbcUrl();
            port = pg.port();
            assertEquals("jdbc:postgresql://127.0.0.1:" + port + "/postgres", url);
            assertEquals(32, pg.password().length());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(5000);
                // SSLRequest: length 8, code 80877103; a server without SSL answers the single byte 'N'.
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(8);
                out.writeInt(80877103);
                out.flush();
                InputStream in = s.getInputStream();
                assertEquals('N', in.read(), pg.serverLog());
            }
        }
        try (Socket s = new Socket()) {
            assertThrows(IOException.class, () -> s.connect(new InetSocketAddress("127.0.0.1", port), 2000),
                    "still listening after close: " + url);
        }
    }

    private static byte[] get(int port, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] all = s.getInputStream().readAllBytes();
            int i = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(i > 0 && new String(all, 0, 12, StandardCharsets.US_ASCII).equals("HTTP/1.1 200"),
                    new String(all, 0, Math.min(all.length, 200), StandardCharsets.US_ASCII));
            return java.util.Arrays.copyOfRange(all, i + 4, all.length);
        }
    }

    private static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i + b.length <= a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (a[i + j] != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
