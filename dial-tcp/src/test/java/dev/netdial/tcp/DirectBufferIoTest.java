package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netdial.api.Listener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reads and writes through direct buffers: the bytes between position and limit, and errno's
 * Go text. On JDK 22+ against dial-posix's jar ({@code mvn verify}) these take the Foreign
 * downcalls of its Java 22 {@code SegmentIO} (errno captured by the Linker); against
 * target/classes ({@code mvn test}) the JNA path: both must agree.
 *
 * <p>No Go counterpart for the buffers; the error texts are Go's ({@code net.OpError} around
 * {@code os.SyscallError}).
 */
@Timeout(30)
class DirectBufferIoTest {

    /** Only position..limit is written and read, and the read lands at the position. */
    @Test
    void positionAndLimitRespected() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0");
                TCPConn c = (TCPConn) Net.dial("tcp", ln.addr().toString());
                TCPConn peer = (TCPConn) ln.accept()) {
            ByteBuffer src = ByteBuffer.allocateDirect(10);
            src.put("0123456789".getBytes(StandardCharsets.US_ASCII)).position(3).limit(8);
            assertEquals(5, c.write(src));
            assertEquals(8, src.position());
            ByteBuffer dst = ByteBuffer.allocateDirect(16).position(2);
            int got = 0;
            while (got < 5) {
                got += peer.read(dst);
            }
            assertEquals(7, dst.position());
            byte[] b = new byte[7];
            dst.get(0, b);
            assertArrayEquals(new byte[] {0, 0, '3', '4', '5', '6', '7'}, b);
        }
    }

    /** A read-only view of a direct buffer is a valid source. */
    @Test
    void writeFromReadOnlyDirect() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0");
                TCPConn c = (TCPConn) Net.dial("tcp", ln.addr().toString());
                TCPConn peer = (TCPConn) ln.accept()) {
            ByteBuffer src = ByteBuffer.allocateDirect(5).put("hello".getBytes(StandardCharsets.US_ASCII)).flip()
                    .asReadOnlyBuffer();
            assertEquals(5, c.write(src));
            byte[] b = new byte[5];
            assertEquals(5, peer.inputStream().readNBytes(b, 0, 5));
            assertEquals("hello", new String(b, StandardCharsets.US_ASCII));
        }
    }

    /** A reset connection: the read fails with ECONNRESET's Go text. */
    @Test
    void readResetByPeer() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0");
                TCPConn c = (TCPConn) Net.dial("tcp", ln.addr().toString())) {
            TCPConn peer = (TCPConn) ln.accept();
            peer.setLinger(0);
            peer.close(); // sends RST
            IOException e = assertThrows(IOException.class, () -> c.read(ByteBuffer.allocateDirect(16)));
            assertEquals("read tcp " + c.localAddr() + "->" + c.remoteAddr() + ": read: connection reset by peer",
                    e.getMessage());
        }
    }

    /** A write after closeWrite fails with EPIPE's Go text. */
    @Test
    void writeAfterCloseWrite() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0");
                TCPConn c = (TCPConn) Net.dial("tcp", ln.addr().toString());
                TCPConn peer = (TCPConn) ln.accept()) {
            c.closeWrite();
            ByteBuffer src = ByteBuffer.allocateDirect(4).put(new byte[] {1, 2, 3, 4}).flip();
            IOException e = assertThrows(IOException.class, () -> c.write(src));
            assertEquals("write tcp " + c.localAddr() + "->" + c.remoteAddr() + ": write: broken pipe", e.getMessage());
            assertEquals(0, src.position(), "nothing was written");
            assertEquals(-1, peer.read(ByteBuffer.allocateDirect(4)));
        }
    }
}
