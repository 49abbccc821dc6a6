package dev.netdial.unix;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.OpError;
import dev.netdial.posix.RawConn;
import dev.netdial.posix.internal.NetConn;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.NetRawConn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * A connection on a Unix domain socket: a "unix" stream, a "unixpacket" (each write one message,
 * each read one message) or a "unixgram" socket (connected, or bound and addressed per datagram).
 * Safe for concurrent use; {@link #close()} unblocks every read and write.
 *
 * <p>Go: {@code src/net/unixsock.go} {@code UnixConn}, {@code src/net/net.go} {@code conn}.
 */
public final class UnixConn implements Conn {
    private final NetFD fd;
    /** Go's {@code conn}: read, write, deadlines, buffer sizes and close, shared with TCPConn. */
    private final NetConn c;
    private volatile InputStream in;
    private volatile OutputStream out;

    /** Go: {@code src/net/unixsock.go} {@code newUnixConn}. */
    UnixConn(NetFD fd) {
        this.fd = Objects.requireNonNull(fd);
        this.c = new NetConn(fd);
    }

    NetFD fd() {
        return fd;
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Read}; -1 at end of stream. */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return c.read(b, off, len);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Read}, for a {@code ByteBuffer}. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        return c.read(dst);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Write}. */
    @Override
    public int write(byte[] b, int off, int len) throws IOException {
        return c.write(b, off, len);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Write}, for a {@code ByteBuffer}. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        return c.write(src);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).LocalAddr}: a {@link dev.netdial.api.UnixAddr}. */
    @Override
    public Addr localAddr() {
        return c.localAddr();
    }

    /** Go: {@code src/net/net.go} {@code (*conn).RemoteAddr}: a {@link dev.netdial.api.UnixAddr}, or null. */
    @Override
    public Addr remoteAddr() {
        return c.remoteAddr();
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetDeadline}. */
    @Override
    public void setDeadline(Instant t) throws IOException {
        c.setDeadline(t);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetReadDeadline}. */
    @Override
    public void setReadDeadline(Instant t) throws IOException {
        c.setReadDeadline(t);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetWriteDeadline}. */
    @Override
    public void setWriteDeadline(Instant t) throws IOException {
        c.setWriteDeadline(t);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetReadBuffer}. */
    public void setReadBuffer(int bytes) throws IOException {
        c.setReadBuffer(bytes);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetWriteBuffer}. */
    public void setWriteBuffer(int bytes) throws IOException {
        c.setWriteBuffer(bytes);
    }

    /**
     * Raw access to the socket's fd, for options netdial does not wrap.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixConn).SyscallConn}.
     */
    public RawConn syscallConn() {
        return new NetRawConn(fd);
    }

    /**
     * Shuts down the reading side.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixConn).CloseRead}.
     */
    public void closeRead() throws IOException {
        try {
            fd.closeRead();
        } catch (IOException e) {
            throw c.opError("close", e);
        }
    }

    /**
     * Shuts down the writing side; the peer reads end of stream.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixConn).CloseWrite}.
     */
    public void closeWrite() throws IOException {
        try {
            fd.closeWrite();
        } catch (IOException e) {
            throw c.opError("close", e);
        }
    }

    /**
     * Closes the connection, unblocking any read or write in progress.
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).Close}.
     * <p>Differs: a second close is a no-op (Java's Closeable contract), not Go's error.
     */
    @Override
    public void close() throws IOException {
        c.close();
    }

    @Override
    public boolean isOpen() {
        return c.isOpen();
    }

    /**
     * A stream over this connection; closing it closes the connection.
     *
     * <p>netdial's own: a Go {@code Conn} is an {@code io.Reader} itself.
     */
    @Override
    public InputStream inputStream() {
        InputStream s = in;
        if (s == null) {
            s = in = new ConnInputStream(this);
        }
        return s;
    }

    /**
     * A stream over this connection; each write sends all its bytes; closing it closes the connection.
     *
     * <p>netdial's own: a Go {@code Conn} is an {@code io.Writer} itself.
     */
    @Override
    public OutputStream outputStream() {
        OutputStream s = out;
        if (s == null) {
            s = out = new ConnOutputStream(this);
        }
        return s;
    }

    @Override
    public String toString() {
        return "UnixConn(" + fd.net() + " " + fd.localAddr() + "->" + fd.remoteAddr() + ")";
    }
}
