package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Conn;
import dev.netdial.api.Listener;
import dev.netdial.api.OpError;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A copy that fails part-way says how much it delivered: the destination's peer stops reading, its
 * write deadline passes mid-copy, and the thrown "readfrom" {@link OpError} carries the count
 * ({@link OpError#bytesTransferred()}, Go's {@code written} beside the error), which is more than
 * 0 and exactly what that peer then reads before end of stream — for a buffered copy from a stream
 * and for a splice from another conn.
 *
 * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPConn).ReadFrom} ({@code n, err});
 * {@code src/net/splice_linux.go} {@code spliceFrom}.
 */
@Timeout(60)
class CopyCountTest {

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

    /** An endless stream of {@code (byte) i}. */
    private static InputStream counting() {
        return new InputStream() {
            private long i;

            @Override
            public int read() {
                return (int) (i++ & 0xFF);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int k = 0; k < len; k++) {
                    b[off + k] = (byte) i++;
                }
                return len;
            }
        };
    }

    @Test
    void bufferedCopyReportsBytesDelivered() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0");
             TCPConn c = (TCPConn) new Dialer().dial("tcp", ln.addr().toString());
             Conn peer = ln.accept()) {
            c.setWriteDeadline(Instant.now().plus(Duration.ofMillis(300)));
            OpError e = assertThrows(OpError.class, () -> c.readFrom(counting()));
            assertEquals("readfrom", e.op(), e::toString);
            assertTrue(e.timeout(), () -> "not a timeout: " + e);
            long n = e.bytesTransferred();
            assertTrue(n > 0, () -> "bytesTransferred " + n);
            c.close();
            assertEquals(n, drain(peer), "the peer reads exactly what the failed copy reported");
        }
    }

    @Test
    void spliceReportsBytesDelivered() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0");
             TCPConn src = (TCPConn) new Dialer().dial("tcp", ln.addr().toString());
             Conn feeder = ln.accept();
             TCPConn dst = (TCPConn) new Dialer().dial("tcp", ln.addr().toString());
             Conn sink = ln.accept()) {
            // The feeder writes a pattern until src's copy stops taking it and feeder is closed.
            CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[1 << 16];
                long off = 0;
                try {
                    for (;;) {
                        for (int k = 0; k < chunk.length; k++) {
                            chunk[k] = (byte) (off + k);
                        }
                        feeder.write(chunk, 0, chunk.length);
                        off += chunk.length;
                    }
                } catch (IOException closed) {
                    // the test closes feeder once the copy has failed
                }
            });
            dst.setWriteDeadline(Instant.now().plus(Duration.ofMillis(300)));
            OpError e = assertThrows(OpError.class, () -> dst.readFrom(src));
            assertEquals("readfrom", e.op(), e::toString);
            assertTrue(e.timeout(), () -> "not a timeout: " + e);
            long n = e.bytesTransferred();
            assertTrue(n > 0, () -> "bytesTransferred " + n);
            feeder.close();
            feed.get();
            dst.close();
            assertEquals(n, drain(sink), "the sink reads exactly what the failed splice reported");
        }
    }
}
