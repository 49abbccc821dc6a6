package dev.netdial.tcp;

import static dev.netdial.tcp.CopyPair.drain;
import static dev.netdial.tcp.CopyPair.ends;
import static dev.netdial.tcp.CopyPair.random;
import static dev.netdial.tcp.CopyPair.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.OpError;
import dev.netdial.testing.GoErrors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link TCPConn#readFrom} and {@link TCPConn#writeTo} between two TCP connections (splice
 * through a pipe) and with plain streams and channels (the buffered copy), on real loopback
 * sockets: bytes intact, counts right, limits honoured, deadlines and close stop a copy, and
 * failures read as Go's "readfrom tcp …" / "writeto tcp …".
 *
 * <p>Go: {@code src/net/splice_linux_test.go}, {@code src/net/net_test.go}.
 */
class SpliceTest {

    /**
     * 8 MiB cross from one connection to another; readFrom returns the count and the far end
     * receives the same bytes.
     *
     * <p>Go: {@code src/net/splice_linux_test.go} {@code testSpliceBig}.
     */
    @Test
    void testSpliceBig() throws Exception {
        byte[] data = random(8 << 20, 1);
        try (CopyPair up = CopyPair.open(); CopyPair down = CopyPair.open()) {
            CompletableFuture<Void> sent = send(up.client(), data);
            CompletableFuture<byte[]> got = drain(down.server());
            long n = down.client().readFrom(up.server());
            down.client().closeWrite();
            assertEquals(data.length, n);
            sent.get(30, TimeUnit.SECONDS);
            assertArrayEquals(data, got.get(30, TimeUnit.SECONDS));
        }
    }

    /**
     * With a limit, exactly that many bytes are moved; the rest stays readable in the source.
     *
     * <p>Go: {@code src/net/splice_linux_test.go} {@code testSpliceHonorsLimitedReader}.
     */
    @Test
    void testSpliceHonorsLimitedReader() throws Exception {
        byte[] data = random(100_000, 2);
        try (CopyPair up = CopyPair.open(); CopyPair down = CopyPair.open()) {
            CompletableFuture<Void> sent = send(up.client(), data);
            CompletableFuture<byte[]> got = drain(down.server());
            assertEquals(40_000, down.client().readFrom(up.server(), 40_000));
            assertEquals(0, down.client().readFrom(up.server(), 0));
            down.client().closeWrite();
            assertArrayEquals(Arrays.copyOf(data, 40_000), got.get(30, TimeUnit.SECONDS));
            sent.get(30, TimeUnit.SECONDS);
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            assertEquals(60_000, up.server().writeTo(rest));
            assertArrayEquals(Arrays.copyOfRange(data, 40_000, data.length), rest.toByteArray());
        }
    }

    /**
     * A source at end of stream gives 0 at once.
     *
     * <p>Go: {@code src/net/splice_linux_test.go} {@code testSpliceReaderAtEOF}.
     */
    @Test
    void testSpliceReaderAtEOF() throws Exception {
        try (CopyPair up = CopyPair.open(); CopyPair down = CopyPair.open()) {
            up.client().closeWrite();
            assertEquals(0, down.client().readFrom(up.server()));
        }
    }

    /**
     * The source's read deadline stops a splice that waits for data:
     * "readfrom tcp DST: i/o timeout", a timeout.
     *
     * <p>Go: {@code src/net/timeout_test.go} (deadlines), applied to {@code spliceFrom}.
     */
    @Test
    void testSpliceReadDeadline() throws Exception {
        try (CopyPair up = CopyPair.open(); CopyPair down = CopyPair.open()) {
            up.server().setReadDeadline(Instant.now().plusMillis(100));
            long t0 = System.nanoTime();
            OpError e = assertThrows(OpError.class, () -> down.client().readFrom(up.server()));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "returned");
            assertEquals("readfrom tcp " + ends(down.client()) + ": i/o timeout", e.getMessage());
            assertTrue(e.timeout());
            GoErrors.checkRead(e);
        }
    }

    /**
     * Closing the destination while a splice waits on the source ends it with
     * "use of closed network connection" (the next pump finds it closed); closing the source
     * while the splice waits on it does too.
     *
     * <p>Go: {@code src/net/net_test.go} {@code TestCloseUnblocksRead}, applied to {@code spliceFrom}.
     */
    @Test
    void testSpliceCloseUnblocks() throws Exception {
        try (CopyPair up = CopyPair.open(); CopyPair down = CopyPair.open()) {
            Thread closer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100);
                    up.server().close();
                } catch (Exception ignored) {
                    // the assertion below fails instead
                }
            });
            long t0 = System.nanoTime();
            OpError e = assertThrows(OpError.class, () -> down.client().readFrom(up.server()));
            closer.join();
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "returned");
            assertEquals("readfrom tcp " + ends(down.client()) + ": use of closed network connection", e.getMessage());
            GoErrors.checkRead(e);
        }
    }

    /**
     * writeTo another TCPConn is the destination's readFrom (a splice); its failures wrap the
     * destination's "readfrom" in this connection's "writeto", as Go's do.
     *
     * <p>Go: {@code src/net/tcpsock_posix.go} {@code (*TCPConn).writeTo}, {@code src/net/net.go}
     * {@code genericWriteTo}.
     */
    @Test
    void testWriteToTCPConn() throws Exception {
        byte[] data = random(1 << 20, 3);
        try (CopyPair up = CopyPair.open(); CopyPair down = CopyPair.open()) {
            CompletableFuture<Void> sent = send(up.client(), data);
            CompletableFuture<byte[]> got = drain(down.server());
            assertEquals(data.length, up.server().writeTo(down.client()));
            down.client().closeWrite();
            sent.get(30, TimeUnit.SECONDS);
            assertArrayEquals(data, got.get(30, TimeUnit.SECONDS));

            up.server().close();
            OpError e = assertThrows(OpError.class, () -> up.server().writeTo(down.client()));
            assertEquals("writeto tcp " + ends(up.server()) + ": readfrom tcp " + ends(down.client())
                    + ": use of closed network connection", e.getMessage());
        }
    }

    /**
     * Streams and non-TCP channels go through a buffer: counts and bytes right both ways.
     *
     * <p>Go: {@code src/net/net.go} {@code genericReadFrom}, {@code genericWriteTo}.
     */
    @Test
    void testGenericReadFromWriteTo() throws Exception {
        byte[] data = random(300_000, 4);
        try (CopyPair p = CopyPair.open()) {
            CompletableFuture<byte[]> got = drain(p.server());
            assertEquals(data.length, p.client().readFrom(new ByteArrayInputStream(data)));
            ReadableByteChannel ch = Channels.newChannel(new ByteArrayInputStream(data));
            assertEquals(1000, p.client().readFrom(ch, 1000));
            assertEquals(data.length - 1000, p.client().readFrom(ch));
            p.client().closeWrite();
            byte[] all = got.get(30, TimeUnit.SECONDS);
            assertEquals(2 * data.length, all.length);
            assertArrayEquals(data, Arrays.copyOf(all, data.length));
            assertArrayEquals(data, Arrays.copyOfRange(all, data.length, all.length));
        }
        try (CopyPair p = CopyPair.open()) {
            CompletableFuture<Void> sent = send(p.client(), data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(data.length, p.server().writeTo(Channels.newChannel(out)));
            sent.get(30, TimeUnit.SECONDS);
            assertArrayEquals(data, out.toByteArray());
        }
    }

    /** A buffered copy's read failure wraps the source's error in "readfrom", as Go's io.Copy. */
    @Test
    void testGenericReadFromError() throws Exception {
        try (CopyPair p = CopyPair.open()) {
            java.io.InputStream failing = new java.io.InputStream() {
                @Override
                public int read() throws java.io.IOException {
                    throw new java.io.IOException("boom");
                }
            };
            OpError e = assertThrows(OpError.class, () -> p.client().readFrom(failing));
            assertEquals("readfrom tcp " + ends(p.client()) + ": boom", e.getMessage());
        }
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    /**
     * writeTo(Path) splices the connection into a new file: bytes intact, count right, an existing
     * file truncated first.
     *
     * <p>Go: {@code src/os/readfrom_linux_test.go} {@code TestSpliceFile} (socket to file).
     */
    @Test
    void testSpliceToFile() throws Exception {
        byte[] data = random(3 << 20, 5);
        java.nio.file.Path f = java.nio.file.Files.write(dir.resolve("out"), new byte[10 << 20]);
        try (CopyPair p = CopyPair.open()) {
            CompletableFuture<Void> sent = send(p.client(), data);
            assertEquals(data.length, p.server().writeTo(f));
            sent.get(30, TimeUnit.SECONDS);
        }
        assertArrayEquals(data, java.nio.file.Files.readAllBytes(f));
    }

    /**
     * Go's error shapes for a file destination: a file that cannot be created is os.Create's
     * PathError; a read deadline is "writeto tcp LOCAL->REMOTE: readfrom PATH: i/o timeout".
     */
    @Test
    void testSpliceToFileErrors() throws Exception {
        java.nio.file.Path bad = dir.resolve("no/such/dir/out");
        java.nio.file.Path f = dir.resolve("stall");
        try (CopyPair p = CopyPair.open()) {
            dev.netdial.api.PathError pe = assertThrows(dev.netdial.api.PathError.class, () -> p.server().writeTo(bad));
            assertEquals("open " + bad + ": no such file or directory", pe.getMessage());

            p.client().write(new byte[] {1, 2, 3}, 0, 3);
            p.server().setReadDeadline(Instant.now().plusMillis(100));
            OpError e = assertThrows(OpError.class, () -> p.server().writeTo(f));
            assertEquals("writeto tcp " + ends(p.server()) + ": readfrom " + f + ": i/o timeout", e.getMessage());
            assertTrue(e.timeout());
        }
        assertArrayEquals(new byte[] {1, 2, 3}, java.nio.file.Files.readAllBytes(f), "bytes before the deadline are kept");
    }

    /** Every new public method refuses null, naming the parameter. */
    @Test
    void testNullArguments() throws Exception {
        try (CopyPair p = CopyPair.open()) {
            assertEquals("src", assertThrows(NullPointerException.class,
                    () -> p.client().readFrom((ReadableByteChannel) null)).getMessage());
            assertEquals("in", assertThrows(NullPointerException.class,
                    () -> p.client().readFrom((java.io.InputStream) null)).getMessage());
            assertEquals("file", assertThrows(NullPointerException.class,
                    () -> p.client().readFrom((java.nio.file.Path) null)).getMessage());
            assertEquals("dst", assertThrows(NullPointerException.class,
                    () -> p.client().writeTo((java.nio.channels.WritableByteChannel) null)).getMessage());
            assertEquals("out", assertThrows(NullPointerException.class,
                    () -> p.client().writeTo((java.io.OutputStream) null)).getMessage());
        }
    }
}
