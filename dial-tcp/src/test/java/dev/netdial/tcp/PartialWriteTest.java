package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Conn;
import dev.netdial.api.Listener;
import dev.netdial.api.OpError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A write that fails part-way says how much it wrote: the peer stops reading, the write
 * deadline passes in the middle of a 64 MiB write, and the thrown {@link OpError} carries the
 * count ({@link OpError#bytesTransferred()}, Go's {@code n} beside the error), which is more
 * than 0, less than asked, and exactly what the peer then reads before end of stream.
 *
 * <p>Go: {@code src/net/net.go} {@code (*conn).Write} ({@code n, err}); {@code src/net/timeout_test.go}
 * {@code TestWriteTimeoutFluctuation} (a peer that does not read).
 */
@Timeout(60)
class PartialWriteTest {

    private static final int LEN = 64 << 20;

    /** Reads until end of stream, returning the byte count, checking each byte is {@code (byte) i}. */
    private static long drain(Conn c) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (;;) {
            int n = c.read(buf, 0, buf.length);
            if (n < 0) {
                return total;
            }
            for (int i = 0; i < n; i++) {
                if (buf[i] != (byte) (total + i)) {
                    throw new AssertionError("byte " + (total + i) + " is " + buf[i]);
                }
            }
            total += n;
        }
    }

    private static byte[] pattern() {
        byte[] b = new byte[LEN];
        for (int i = 0; i < LEN; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void arrayWriteReportsBytesWritten() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0");
             Conn c = new Dialer().dial("tcp", ln.addr().toString());
             Conn peer = ln.accept()) {
            byte[] data = pattern();
            c.setWriteDeadline(Instant.now().plus(Duration.ofMillis(200)));
            OpError e = assertThrows(OpError.class, () -> c.write(data, 0, data.length));
            assertTrue(e.timeout(), () -> "not a timeout: " + e);
            assertEquals("write", e.op());
            long n = e.bytesTransferred();
            assertTrue(n > 0 && n < LEN, () -> "bytesTransferred " + n);
            c.close();
            assertEquals(n, drain(peer), "the peer reads exactly what the failed write reported");
        }
    }

    @Test
    void bufferWriteAdvancesPositionByBytesWritten() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0");
             Conn c = new Dialer().dial("tcp", ln.addr().toString());
             Conn peer = ln.accept()) {
            ByteBuffer src = ByteBuffer.allocateDirect(LEN);
            src.put(pattern()).flip();
            c.setWriteDeadline(Instant.now().plus(Duration.ofMillis(200)));
            OpError e = assertThrows(OpError.class, () -> c.write(src));
            assertTrue(e.timeout(), () -> "not a timeout: " + e);
            long n = e.bytesTransferred();
            assertTrue(n > 0 && n < LEN, () -> "bytesTransferred " + n);
            assertEquals(n, src.position(), "the position is after the bytes written");
            c.close();
            assertEquals(n, drain(peer), "the peer reads exactly what the failed write reported");
        }
    }

    @Test
    void failedOpErrorsOtherwiseCountZero() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0");
             Conn c = new Dialer().dial("tcp", ln.addr().toString());
             Conn peer = ln.accept()) {
            c.setWriteDeadline(Instant.now().minusSeconds(1));
            OpError e = assertThrows(OpError.class, () -> c.write(new byte[10], 0, 10));
            assertTrue(e.timeout(), () -> "not a timeout: " + e);
            assertEquals(0, e.bytesTransferred(), "a write past its deadline writes nothing");
            assertEquals("write tcp " + c.localAddr() + "->" + c.remoteAddr() + ": i/o timeout", e.getMessage());
        }
    }
}
