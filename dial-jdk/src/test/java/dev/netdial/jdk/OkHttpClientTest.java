package dev.netdial.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Context;
import dev.netdial.resolver.Resolver;
import dev.netdial.tcp.Dialer;
import dev.netdial.testing.NginxServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OkHttp 5 over netdial against a real nginx ({@link NginxServer}): the client gets
 * {@code socketFactory(new NetdialSocketFactory(dialer))} (as written in the 10 MiB test, with a
 * control hook counting the dials; the others go through {@link RecordingSocketFactory}, which also
 * keeps the sockets) and a {@link Dns} answered by netdial's {@link Resolver}. 1,000 GETs over one kept-alive connection, a 10 MiB file compared by
 * SHA-256, a read timeout that fires, and a dead port whose error carries Go's text.
 */
class OkHttpClientTest {

    private static NginxServer nginx;

    @BeforeAll
    static void start() throws IOException {
        NginxServer.assumeAvailable();
        nginx = NginxServer.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (nginx != null) {
            nginx.close();
        }
    }

    /** netdial's resolver behind OkHttp's {@link Dns}; a failed lookup keeps Go's text. */
    static final class NetdialDns implements Dns {
        private final Resolver resolver = Resolver.defaultResolver();

        @Override
        public List<InetAddress> lookup(String hostname) throws UnknownHostException {
            try {
                return resolver.lookupIPAddr(Context.background(), hostname);
            } catch (IOException e) {
                UnknownHostException u = new UnknownHostException(e.getMessage());
                u.initCause(e);
                throw u;
            }
        }
    }

    private static OkHttpClient client(RecordingSocketFactory.Recorder r, Duration readTimeout) {
        return new OkHttpClient.Builder()
                .socketFactory(r.factory())
                .dns(new NetdialDns())
                .readTimeout(readTimeout)
                .build();
    }

    private static void shutdown(OkHttpClient c) {
        c.connectionPool().evictAll();
    }

    private static String url(String path) {
        return "http://localhost:" + nginx.port() + path;
    }

    @Test
    void thousandGetsReuseOneKeptAliveConnection() throws IOException {
        byte[] want = Files.readAllBytes(nginx.file(NginxServer.SMALL));
        try (RecordingSocketFactory.Recorder r = RecordingSocketFactory.Recorder.create()) {
            OkHttpClient c = client(r, Duration.ofSeconds(10));
            try {
                Request req = new Request.Builder().url(url(NginxServer.SMALL)).build();
                for (int i = 0; i < 1000; i++) {
                    try (Response resp = c.newCall(req).execute()) {
                        assertEquals(200, resp.code(), "GET " + i);
                        assertArrayEquals(want, resp.body().bytes(), "GET " + i);
                    }
                }
                assertEquals(1, c.connectionPool().connectionCount(), "connections kept alive");
                // One socket per address tried: 127.0.0.1, and ::1 too if localhost has it and OkHttp raced both.
                List<Socket> sockets = r.sockets();
                assertTrue(sockets.size() >= 1 && sockets.size() <= 2, "1,000 GETs took " + sockets.size()
                        + " sockets, want 1 (2 if OkHttp raced ::1 and 127.0.0.1): " + sockets);
                for (Socket s : sockets) {
                    assertInstanceOf(NetdialSocket.class, s);
                }
                assertEquals(sockets.size(), r.dials(), "dials that reached netdial's control hook");
            } finally {
                shutdown(c);
            }
        }
    }

    /** The documented set-up word for word: {@code socketFactory(new NetdialSocketFactory(dialer))}. */
    @Test
    void tenMebibyteFileArrivesWhole() throws Exception {
        AtomicInteger dials = new AtomicInteger();
        Dialer dialer = Dialer.builder().control((network, address, raw) -> dials.incrementAndGet()).build();
        OkHttpClient c = new OkHttpClient.Builder()
                .socketFactory(new NetdialSocketFactory(dialer))
                .dns(new NetdialDns())
                .build();
        try (Response resp = c.newCall(new Request.Builder().url(url(NginxServer.BIG)).build()).execute()) {
            assertEquals(200, resp.code());
            assertEquals(NginxServer.BIG_SIZE, resp.body().contentLength());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long n = 0;
            try (InputStream in = new DigestInputStream(resp.body().byteStream(), sha)) {
                byte[] buf = new byte[16384];
                for (int k; (k = in.read(buf)) >= 0; ) {
                    n += k;
                }
            }
            assertEquals(NginxServer.BIG_SIZE, n);
            assertEquals(nginx.bigSha256(), HexFormat.of().formatHex(sha.digest()));
        } finally {
            shutdown(c);
        }
        assertTrue(dials.get() >= 1 && dials.get() <= 2, "dials through netdial's control hook: " + dials);
    }

    @Test
    void readTimeoutFires() throws IOException {
        try (RecordingSocketFactory.Recorder r = RecordingSocketFactory.Recorder.create()) {
            OkHttpClient c = client(r, Duration.ofMillis(300));
            try {
                long t0 = System.nanoTime();
                Request req = new Request.Builder().url(url(NginxServer.STALL)).build();
                SocketTimeoutException ste = assertThrows(SocketTimeoutException.class,
                        () -> c.newCall(req).execute().close());
                // OkHttp sets the socket's soTimeout and also arms Okio's watchdog for the same 300 ms:
                // either netdial's read deadline fires, or the watchdog closes the socket and the
                // blocked netdial read wakes at once ("Socket closed" over Go's closed-connection error).
                List<Throwable> all = chain(ste);
                assertTrue(all.stream().anyMatch(t -> String.valueOf(t.getMessage()).endsWith("i/o timeout")
                        || String.valueOf(t.getMessage()).endsWith("use of closed network connection")),
                        "neither netdial's deadline nor the watchdog's close in " + all);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(ms >= 250 && ms < 10_000, "read timeout of 300 ms fired after " + ms + " ms");
            } finally {
                shutdown(c);
            }
            assertInstanceOf(NetdialSocket.class, r.sockets().get(0));
        }
    }

    @Test
    void deadPortFailsWithGosText() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            dead = s.getLocalPort();
        }
        try (RecordingSocketFactory.Recorder r = RecordingSocketFactory.Recorder.create()) {
            OkHttpClient c = client(r, Duration.ofSeconds(5));
            try {
                Request req = new Request.Builder().url("http://localhost:" + dead + "/").build();
                IOException e = assertThrows(IOException.class, () -> c.newCall(req).execute().close());
                List<Throwable> all = chain(e);
                String want = "dial tcp 127.0.0.1:" + dead + ": connect: connection refused";
                assertTrue(all.stream().anyMatch(t -> want.equals(t.getMessage()) && t instanceof ConnectException),
                        "no ConnectException \"" + want + "\" among " + all);
            } finally {
                shutdown(c);
            }
            assertTrue(r.dials() >= 1, "the dead port was dialed by netdial");
        }
    }

    /** {@code e}, its causes and suppressed exceptions, depth first. */
    private static List<Throwable> chain(Throwable e) {
        List<Throwable> out = new ArrayList<>();
        List<Throwable> todo = new ArrayList<>(List.of(e));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(0);
            if (t == null || out.contains(t)) {
                continue;
            }
            out.add(t);
            todo.add(t.getCause());
            todo.addAll(List.of(t.getSuppressed()));
        }
        return out;
    }
}
