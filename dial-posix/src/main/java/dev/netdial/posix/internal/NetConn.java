package dev.netdial.posix.internal;

import dev.netdial.api.Addr;
import dev.netdial.api.Errors;
import dev.netdial.api.OpError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code conn}, written once: the methods every connection on a {@link NetFD} shares, each
 * wrapping the fd's error in the {@link OpError} Go's {@code conn} builds ("read"/"write"/"close"
 * naming both ends, "set" naming only the local address). {@code TCPConn} and the resolver's
 * {@code DnsConn} delegate to one of these, so they behave the same.
 *
 * <p>Go: {@code src/net/net.go} {@code conn}.
 * <p>Differs: a second {@link #close()} is a no-op (Java's {@code Closeable} contract), not Go's
 * "use of closed network connection"; a close racing another thread's close is one too.
 */
public final class NetConn {
    private final NetFD fd;
    private volatile boolean closed;

    public NetConn(NetFD fd) {
        this.fd = Objects.requireNonNull(fd);
    }

    public NetFD fd() {
        return fd;
    }

    /** The error of an operation on this conn: {@code OP NET LOCAL->REMOTE: err}. Go: {@code src/net/net.go} the {@code &OpError{...}} of {@code (*conn).Read}. */
    public OpError opError(String op, IOException err) {
        return new OpError(op, fd.net(), fd.localAddr(), fd.remoteAddr(), err);
    }

    /**
     * A "set" error naming only the local address, as Go's {@code conn} setters of deadlines and
     * buffer sizes do ({@code set tcp 127.0.0.1:P: ...}).
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).SetDeadline}.
     */
    private OpError setError(IOException err) {
        return new OpError("set", fd.net(), null, fd.localAddr(), err);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Read}; -1 at end of stream. */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.requireNonNull(b, "b");
        try {
            return fd.read(b, off, len);
        } catch (IOException e) {
            throw opError("read", e);
        }
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Read}, for a {@code ByteBuffer}. */
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        try {
            return fd.read(dst);
        } catch (IOException e) {
            throw opError("read", e);
        }
    }

    /**
     * Writes all of it; a write that fails part-way throws an {@link OpError} whose
     * {@link OpError#bytesTransferred()} is how many bytes were written (Go's {@code n}).
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).Write}.
     */
    public int write(byte[] b, int off, int len) throws IOException {
        Objects.requireNonNull(b, "b");
        int[] written = new int[1];
        try {
            return fd.write(b, off, len, written);
        } catch (IOException e) {
            throw new OpError("write", fd.net(), fd.localAddr(), fd.remoteAddr(), e, written[0]);
        }
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Write}, for a {@code ByteBuffer} (counted as the array form). */
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        int[] written = new int[1];
        try {
            return fd.write(src, written);
        } catch (IOException e) {
            throw new OpError("write", fd.net(), fd.localAddr(), fd.remoteAddr(), e, written[0]);
        }
    }

    /** Go: {@code src/net/net.go} {@code (*conn).LocalAddr}. */
    public Addr localAddr() {
        return fd.localAddr();
    }

    /** Go: {@code src/net/net.go} {@code (*conn).RemoteAddr}. */
    public Addr remoteAddr() {
        return fd.remoteAddr();
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetDeadline}. */
    public void setDeadline(Instant t) throws IOException {
        try {
            fd.setDeadline(t);
        } catch (IOException e) {
            throw setError(e);
        }
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetReadDeadline}. */
    public void setReadDeadline(Instant t) throws IOException {
        try {
            fd.setReadDeadline(t);
        } catch (IOException e) {
            throw setError(e);
        }
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetWriteDeadline}. */
    public void setWriteDeadline(Instant t) throws IOException {
        try {
            fd.setWriteDeadline(t);
        } catch (IOException e) {
            throw setError(e);
        }
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetReadBuffer}. */
    public void setReadBuffer(int bytes) throws IOException {
        try {
            SockOpt.setReadBuffer(fd, bytes);
        } catch (IOException e) {
            throw setError(e);
        }
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetWriteBuffer}. */
    public void setWriteBuffer(int bytes) throws IOException {
        try {
            SockOpt.setWriteBuffer(fd, bytes);
        } catch (IOException e) {
            throw setError(e);
        }
    }

    /**
     * Closes the connection, unblocking any read or write in progress; a second close, or one
     * that loses a race with another thread's, does nothing.
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).Close}.
     * <p>Differs: a second close is a no-op (Java's Closeable contract), not Go's error.
     */
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            fd.close();
        } catch (IOException e) {
            if (Errors.isClosed(e)) {
                return; // closed concurrently by another thread: the contract is met
            }
            throw opError("close", e);
        }
    }

    /** Whether {@link #close()} has not been called. netdial's own: {@code Channel.isOpen}. */
    public boolean isOpen() {
        return !closed;
    }
}
