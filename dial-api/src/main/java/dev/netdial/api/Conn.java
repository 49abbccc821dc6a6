package dev.netdial.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.time.Instant;
import java.util.Objects;

/**
 * A stream-oriented network connection. Its methods may be called from several threads at
 * once; {@link #close()} unblocks any blocked read or write, which then fail with
 * "use of closed network connection". Errors are {@link OpError}s as in Go.
 *
 * <p>Go: {@code src/net/net.go} {@code Conn}.
 */
public interface Conn extends ByteChannel {

    /**
     * Reads up to {@code len} bytes into {@code b[off..]}; blocks until at least one byte has
     * arrived, returns -1 at end of stream (Go's {@code io.EOF}). Fails with "i/o timeout"
     * after the read deadline.
     *
     * <p>Go: {@code src/net/net.go} {@code Conn.Read}.
     */
    int read(byte[] b, int off, int len) throws IOException;

    /**
     * Writes all {@code len} bytes of {@code b[off..]}, as Go's {@code Write} does; fails with
     * "i/o timeout" after the write deadline. A write that fails part-way throws an
     * {@link OpError} whose {@link OpError#bytesTransferred()} says how many bytes were written
     * (Go's {@code n} beside the error).
     *
     * <p>Go: {@code src/net/net.go} {@code Conn.Write}.
     */
    int write(byte[] b, int off, int len) throws IOException;

    /**
     * The local address.
     *
     * <p>Go: {@code src/net/net.go} {@code Conn.LocalAddr}.
     */
    Addr localAddr();

    /**
     * The remote address.
     *
     * <p>Go: {@code src/net/net.go} {@code Conn.RemoteAddr}.
     */
    Addr remoteAddr();

    /**
     * Sets both the read and the write deadline; {@code null} clears them. A deadline applies to
     * blocked and future calls alike; a past one makes them fail at once with "i/o timeout".
     *
     * <p>Go: {@code src/net/net.go} {@code Conn.SetDeadline}.
     */
    void setDeadline(Instant t) throws IOException;

    /**
     * Sets the read deadline; {@code null} clears it.
     *
     * <p>Go: {@code src/net/net.go} {@code Conn.SetReadDeadline}.
     */
    void setReadDeadline(Instant t) throws IOException;

    /**
     * Sets the write deadline; {@code null} clears it.
     *
     * <p>Go: {@code src/net/net.go} {@code Conn.SetWriteDeadline}.
     */
    void setWriteDeadline(Instant t) throws IOException;

    /**
     * A stream reading from this connection ({@code read} returns -1 at end of stream).
     *
     * <p>Go: {@code src/net/net.go} {@code Conn} as an {@code io.Reader}.
     */
    InputStream inputStream();

    /**
     * A stream writing to this connection.
     *
     * <p>Go: {@code src/net/net.go} {@code Conn} as an {@code io.Writer}.
     */
    OutputStream outputStream();

    /**
     * Closes the connection; idempotent.
     *
     * <p>Go: {@code src/net/net.go} {@code Conn.Close}.
     *
     * <p>Differs: Go returns an error ("use of closed network connection") from a second Close;
     * the Java {@link java.io.Closeable} contract makes a repeated close a no-op.
     */
    @Override
    void close() throws IOException;

    /**
     * Reads into {@code dst} through {@link #read(byte[], int, int)}; returns 0 when
     * {@code dst} is full, -1 at end of stream. A read-only {@code dst} is refused before any
     * byte is read ({@code IllegalArgumentException: Read-only buffer}, as the JDK's channels).
     *
     * <p>Go: {@code src/net/net.go} {@code Conn.Read}.
     */
    @Override
    default int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        int want = dst.remaining();
        if (want == 0) {
            return 0;
        }
        if (dst.hasArray()) {
            int n = read(dst.array(), dst.arrayOffset() + dst.position(), want);
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        byte[] tmp = new byte[Math.min(want, 64 * 1024)];
        int n = read(tmp, 0, tmp.length);
        if (n > 0) {
            dst.put(tmp, 0, n);
        }
        return n;
    }

    /**
     * Writes all of {@code src} through {@link #write(byte[], int, int)}.
     *
     * <p>Go: {@code src/net/net.go} {@code Conn.Write}.
     */
    @Override
    default int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        int want = src.remaining();
        if (src.hasArray()) {
            int n = write(src.array(), src.arrayOffset() + src.position(), want);
            src.position(src.position() + n);
            return n;
        }
        byte[] tmp = new byte[want];
        src.duplicate().get(tmp);
        int n = write(tmp, 0, want);
        src.position(src.position() + n);
        return n;
    }
}
