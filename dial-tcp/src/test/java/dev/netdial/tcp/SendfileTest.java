package dev.netdial.tcp;

import static dev.netdial.tcp.CopyPair.drain;
import static dev.netdial.tcp.CopyPair.ends;
import static dev.netdial.tcp.CopyPair.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Errno;
import dev.netdial.api.OpError;
import dev.netdial.api.PathError;
import dev.netdial.testing.GoErrors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TCPConn#readFrom(Path)} and {@link TCPConn#readFrom(Path, long, long)}: sendfile(2) of a
 * file to a loopback peer, whole or a section, with Go's errors, deadlines and close, and the
 * file's fd closed every time.
 *
 * <p>Go: {@code src/net/sendfile_test.go}.
 */
class SendfileTest {

    @TempDir
    Path dir;

    /**
     * A whole 8 MiB file arrives intact; the count is the file's size.
     *
     * <p>Go: {@code src/net/sendfile_test.go} {@code TestSendfile}.
     */
    @Test
    void testSendfile() throws Exception {
        byte[] data = random(8 << 20, 11);
        Path f = Files.write(dir.resolve("big"), data);
        int before = openCount(f);
        try (CopyPair p = CopyPair.open()) {
            CompletableFuture<byte[]> got = drain(p.server());
            assertEquals(data.length, p.client().readFrom(f));
            p.client().closeWrite();
            assertArrayEquals(data, got.get(30, TimeUnit.SECONDS));
        }
        assertEquals(before, openCount(f), "the file's fd is closed");
    }

    /**
     * Sections: a slice in the middle, a count past end of file (stops at the end), a position
     * at the end, an empty file, count 0.
     *
     * <p>Go: {@code src/net/sendfile_test.go} {@code TestSendfileParts}, {@code TestSendfileSeeked}.
     */
    @Test
    void testSendfileParts() throws Exception {
        byte[] data = random(100_000, 12);
        Path f = Files.write(dir.resolve("parts"), data);
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        try (CopyPair p = CopyPair.open()) {
            CompletableFuture<byte[]> got = drain(p.server());
            assertEquals(5_000, p.client().readFrom(f, 1_000, 5_000));
            assertEquals(10, p.client().readFrom(f, data.length - 10, 1_000));
            assertEquals(0, p.client().readFrom(f, data.length, 1_000));
            assertEquals(0, p.client().readFrom(f, 0, 0));
            assertEquals(0, p.client().readFrom(empty));
            p.client().closeWrite();
            byte[] want = new byte[5_010];
            System.arraycopy(data, 1_000, want, 0, 5_000);
            System.arraycopy(data, data.length - 10, want, 5_000, 10);
            assertArrayEquals(want, got.get(30, TimeUnit.SECONDS));
            assertThrows(IllegalArgumentException.class, () -> p.client().readFrom(f, -1, 1));
            assertThrows(IllegalArgumentException.class, () -> p.client().readFrom(f, 0, -1));
        }
    }

    /** A missing file fails as Go's os.Open does: "open PATH: no such file or directory". */
    @Test
    void testSendfileMissingFile() throws Exception {
        Path missing = dir.resolve("missing");
        try (CopyPair p = CopyPair.open()) {
            PathError e = assertThrows(PathError.class, () -> p.client().readFrom(missing));
            assertEquals("open " + missing + ": no such file or directory", e.getMessage());
            assertEquals(Errno.ENOENT, e.errno());
        }
    }

    /**
     * A peer that stops reading: the write deadline ends sendfile with
     * "readfrom tcp LOCAL->REMOTE: i/o timeout", and the file's fd is closed.
     *
     * <p>Go: {@code src/net/sendfile_test.go} {@code TestSendfileOnWriteTimeoutExceeded}.
     */
    @Test
    void testSendfileOnWriteTimeoutExceeded() throws Exception {
        Path f = Files.write(dir.resolve("stall"), random(32 << 20, 13));
        int before = openCount(f);
        try (CopyPair p = CopyPair.open()) {
            p.client().setWriteBuffer(4096);
            p.server().setReadBuffer(4096);
            p.client().setWriteDeadline(Instant.now().plusMillis(200));
            long t0 = System.nanoTime();
            OpError e = assertThrows(OpError.class, () -> p.client().readFrom(f));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "returned");
            assertEquals("readfrom tcp " + ends(p.client()) + ": i/o timeout", e.getMessage());
            assertTrue(e.timeout());
            GoErrors.checkWrite(e);
        }
        assertEquals(before, openCount(f), "the file's fd is closed");
    }

    /** Closing the connection stops a sendfile blocked on a full socket. */
    @Test
    void testSendfileCloseUnblocks() throws Exception {
        Path f = Files.write(dir.resolve("close"), random(32 << 20, 14));
        try (CopyPair p = CopyPair.open()) {
            p.client().setWriteBuffer(4096);
            p.server().setReadBuffer(4096);
            Thread closer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100);
                    p.client().close();
                } catch (Exception ignored) {
                    // the assertion below fails instead
                }
            });
            OpError e = assertThrows(OpError.class, () -> p.client().readFrom(f));
            closer.join();
            assertEquals("readfrom tcp " + ends(p.client()) + ": use of closed network connection", e.getMessage());
        }
    }

    /** A FileChannel given as a channel is copied through a buffer from its position. */
    @Test
    void testFileChannelBuffered() throws Exception {
        byte[] data = random(200_000, 15);
        Path f = Files.write(dir.resolve("chan"), data);
        try (CopyPair p = CopyPair.open(); FileChannel ch = FileChannel.open(f)) {
            ch.position(100);
            CompletableFuture<byte[]> got = drain(p.server());
            assertEquals(data.length - 100, p.client().readFrom(ch));
            p.client().closeWrite();
            assertArrayEquals(Arrays.copyOfRange(data, 100, data.length), got.get(30, TimeUnit.SECONDS));
        }
    }

    /** How many of this process's fds are open on {@code f}. */
    private static int openCount(Path f) throws IOException {
        Path real = f.toRealPath();
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            return (int) fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }
}
