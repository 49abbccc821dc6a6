package dev.netdial.tcp;

import dev.netdial.api.TCPAddr;
import dev.netdial.testing.Loopback;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A connected pair of loopback {@link TCPConn}s for the copy tests ({@link SpliceTest},
 * {@link SendfileTest}): {@code client} dialed, {@code server} accepted. netdial's own test helper.
 */
record CopyPair(TCPConn client, TCPConn server) implements AutoCloseable {

    static CopyPair open() throws IOException {
        try (TCPListener ln = Net.listenTCP("tcp", new TCPAddr(Loopback.V4, 0))) {
            TCPConn c = Net.dialTCP("tcp", null, (TCPAddr) ln.addr());
            try {
                return new CopyPair(c, ln.acceptTCP());
            } catch (IOException e) {
                c.close();
                throw e;
            }
        }
    }

    /** Reads {@code c} to end of stream on a platform thread. */
    static CompletableFuture<byte[]> drain(TCPConn c) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread.ofPlatform().name("copy-test-drain").start(() -> {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = c.read(buf, 0, buf.length)) >= 0;) {
                    out.write(buf, 0, n);
                }
                f.complete(out.toByteArray());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** Writes {@code data} to {@code c}, then closes its write side, on a platform thread. */
    static CompletableFuture<Void> send(TCPConn c, byte[] data) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Thread.ofPlatform().name("copy-test-send").start(() -> {
            try {
                c.write(data, 0, data.length);
                c.closeWrite();
                f.complete(null);
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** "LOCAL->REMOTE" of a conn, as an OpError prints it. */
    static String ends(TCPConn c) {
        return c.localAddr() + "->" + c.remoteAddr();
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
    }
}
