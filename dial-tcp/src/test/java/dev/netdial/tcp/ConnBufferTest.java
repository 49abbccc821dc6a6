package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netdial.testing.Capabilities;
import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Listener;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Buffers a read or write must refuse before any syscall: read-only destinations (issue 16) and
 * direct buffers whose memory segment is closed (issue 16: this crashed the JVM).
 *
 * <p>No Go counterpart: Go's slices are neither read-only nor freed under a read. The JDK's
 * {@code SocketChannel} is the reference for both texts.
 */
@Timeout(60)
class ConnBufferTest {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    /** A read-only buffer, direct or heap, is refused, and the peer's bytes stay in the socket. */
    @Test
    void readOnlyBufferRefusedBeforeReading() throws Exception {
        List<Function<Integer, ByteBuffer>> kinds = List.of(ByteBuffer::allocateDirect, ByteBuffer::allocate);
        for (Function<Integer, ByteBuffer> kind : kinds) {
            try (Listener ln = Net.listen("tcp", "127.0.0.1:0");
                    Conn c = Net.dial("tcp", ln.addr().toString());
                    Conn peer = ln.accept()) {
                peer.write(HELLO, 0, HELLO.length);
                ByteBuffer ro = kind.apply(16).asReadOnlyBuffer();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.read(ro));
                assertEquals("Read-only buffer", e.getMessage());
                assertEquals(0, ro.position());
                byte[] b = new byte[16];
                int n = c.read(b, 0, b.length);
                assertEquals("hello", new String(b, 0, n, StandardCharsets.US_ASCII), "the bytes are still there");
            }
        }
    }

    /** Conn's default read(ByteBuffer) refuses a read-only buffer without calling read at all. */
    @Test
    void connDefaultReadRefusesReadOnly() throws Exception {
        int[] reads = {0};
        Conn conn = new ByteArrayConn(reads);
        for (ByteBuffer ro : List.of(ByteBuffer.allocate(8).asReadOnlyBuffer(),
                ByteBuffer.allocateDirect(8).asReadOnlyBuffer())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conn.read(ro));
            assertEquals("Read-only buffer", e.getMessage());
        }
        assertEquals(0, reads[0], "no read reached the connection");
        assertEquals(3, conn.read(ByteBuffer.allocate(3)), "a writable buffer still reads");
        assertEquals(1, reads[0]);
    }

    /**
     * A buffer over a closed arena's memory (JDK 22+): read and write fail with the JDK's
     * "Already closed" before any syscall (a confined arena's memory used from another thread:
     * the JDK's WrongThreadException); nothing is taken from or sent to the socket. Before
     * the fix the read wrote into freed memory (a SIGSEGV in malloc, or "read: bad address").
     * Runs in a child JVM with the source launcher, since this build compiles for Java 21.
     */
    @Test
    void closedArenaBufferRefusedBeforeSyscall() throws Exception {
        Capabilities.require("a JDK 22 or newer (the Foreign API is final from 22)", Runtime.version().feature() >= 22);
        Path src = probeSource();
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "--class-path", System.getProperty("java.class.path"),
                src.toString());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Path err = src.resolveSibling("stderr.txt");
        err.toFile().deleteOnExit();
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(50, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String diag = out + Files.readString(err);
        Files.delete(err);
        assertEquals(0, p.exitValue(), diag);
        String closed = "IllegalStateException Already closed";
        String foreign = "WrongThreadException Attempted access outside owning thread";
        assertEquals(String.join("\n",
                "read 16: " + closed,
                "write 16: " + closed,
                "read 1048576: " + closed,
                "write 1048576: " + closed,
                "confined read: " + foreign,
                "confined write: " + foreign,
                "left: hello",
                "peer: -1") + "\n", out, diag);
    }

    private static Path probeSource() throws URISyntaxException, IOException {
        // The source launcher wants a file named after its class, outside any package directory.
        Path res = Path.of(ConnBufferTest.class.getResource("ClosedArenaProbe.java").toURI());
        Path dir = Files.createTempDirectory("netdial-arena");
        Path src = dir.resolve("ClosedArenaProbe.java");
        Files.copy(res, src);
        dir.toFile().deleteOnExit(); // runs after the files' own (last registered, first run)
        src.toFile().deleteOnExit();
        return src;
    }

    /** A Conn with only the array methods, to reach the interface's default buffer methods. */
    private static final class ByteArrayConn implements Conn {
        private final int[] reads;

        ByteArrayConn(int[] reads) {
            this.reads = reads;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reads[0]++;
            return len;
        }

        @Override
        public int write(byte[] b, int off, int len) {
            return len;
        }

        @Override
        public Addr localAddr() {
            return null;
        }

        @Override
        public Addr remoteAddr() {
            return null;
        }

        @Override
        public void setDeadline(Instant t) {
        }

        @Override
        public void setReadDeadline(Instant t) {
        }

        @Override
        public void setWriteDeadline(Instant t) {
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public InputStream inputStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.io.OutputStream outputStream() {
            throw new UnsupportedOperationException();
        }
    }
}
