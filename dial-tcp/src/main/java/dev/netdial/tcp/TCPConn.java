package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.KeepAliveConfig;
import dev.netdial.api.OpError;
import dev.netdial.posix.RawConn;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.SockOpt;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A TCP connection: {@link Conn} plus TCP's socket options. Safe for concurrent use; a read
 * and a write may run at the same time, and {@link #close()} unblocks both.
 *
 * <p>Go: {@code src/net/tcpsock.go} {@code TCPConn}, {@code src/net/net.go} {@code conn}.
 */
public final class TCPConn implements Conn {
    private final NetFD fd;
    private volatile InputStream in;
    private volatile OutputStream out;
    private volatile boolean closed;

    TCPConn(NetFD fd) {
        this.fd = Objects.requireNonNull(fd);
    }

    /**
     * Wraps a connected fd: Nagle off, then keep-alive as the Dialer or ListenConfig asks. Errors
     * setting these options are ignored, as in Go (the connection works without them).
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code newTCPConn}.
     *
     * @param keepAliveIdle Go's {@code Dialer.KeepAlive}: null or zero = default, negative = off
     * @param keepAliveCfg Go's {@code KeepAliveConfig}; null = the zero value
     */
    static TCPConn newTCPConn(NetFD fd, Duration keepAliveIdle, KeepAliveConfig keepAliveCfg,
            Consumer<KeepAliveConfig> keepAliveHook) {
        try {
            SockOpt.setNoDelay(fd, true);
        } catch (IOException ignored) {
            // Go ignores it too: the connection still works with Nagle on
        }
        KeepAliveConfig cfg = keepAliveCfg != null ? keepAliveCfg : new KeepAliveConfig(false, null, null, 0);
        if (!cfg.enable() && (keepAliveIdle == null || !keepAliveIdle.isNegative())) {
            cfg = new KeepAliveConfig(true, keepAliveIdle, null, 0);
        }
        TCPConn c = new TCPConn(fd);
        if (cfg.enable()) {
            try {
                TcpSockOpt.setKeepAliveConfig(fd, cfg);
            } catch (IOException ignored) {
                // as Go: a keep-alive the kernel refuses does not fail the dial
            }
            if (keepAliveHook != null) {
                keepAliveHook.accept(cfg);
            }
        }
        return c;
    }

    NetFD fd() {
        return fd;
    }

    private OpError opError(String op, IOException err) {
        return new OpError(op, fd.net(), fd.localAddr(), fd.remoteAddr(), err);
    }

    /**
     * A "set" error naming only the local address, as Go's {@code conn} setters of deadlines and
     * buffer sizes do ({@code set tcp 127.0.0.1:P: ...}); the TCP option setters name both ends.
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).SetDeadline}.
     */
    private OpError setError(IOException err) {
        return new OpError("set", fd.net(), null, fd.localAddr(), err);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Read}; -1 at end of stream. */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.requireNonNull(b, "b");
        try {
            return fd.read(b, off, len);
        } catch (IOException e) {
            throw opError("read", e);
        }
    }

    /** Reads into {@code dst}; a direct buffer is filled by the kernel with no copy. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        try {
            return fd.read(dst);
        } catch (IOException e) {
            throw opError("read", e);
        }
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Write}; writes all of it. */
    @Override
    public int write(byte[] b, int off, int len) throws IOException {
        Objects.requireNonNull(b, "b");
        try {
            return fd.write(b, off, len);
        } catch (IOException e) {
            throw opError("write", e);
        }
    }

    /** Writes all of {@code src}; a direct buffer goes to the kernel with no copy. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        try {
            return fd.write(src);
        } catch (IOException e) {
            throw opError("write", e);
        }
    }

    /** Go: {@code src/net/net.go} {@code (*conn).LocalAddr}. */
    @Override
    public Addr localAddr() {
        return fd.localAddr();
    }

    /** Go: {@code src/net/net.go} {@code (*conn).RemoteAddr}. */
    @Override
    public Addr remoteAddr() {
        return fd.remoteAddr();
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetDeadline}. */
    @Override
    public void setDeadline(Instant t) throws IOException {
        try {
            fd.setDeadline(t);
        } catch (IOException e) {
            throw setError(e);
        }
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetReadDeadline}. */
    @Override
    public void setReadDeadline(Instant t) throws IOException {
        try {
            fd.setReadDeadline(t);
        } catch (IOException e) {
            throw setError(e);
        }
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetWriteDeadline}. */
    @Override
    public void setWriteDeadline(Instant t) throws IOException {
        try {
            fd.setWriteDeadline(t);
        } catch (IOException e) {
            throw setError(e);
        }
    }

    /** Go: {@code src/net/tcpsock.go} {@code (*TCPConn).SetNoDelay}. */
    public void setNoDelay(boolean on) throws IOException {
        try {
            SockOpt.setNoDelay(fd, on);
        } catch (IOException e) {
            throw opError("set", e);
        }
    }

    /** Go: {@code src/net/tcpsock.go} {@code (*TCPConn).SetKeepAlive}. */
    public void setKeepAlive(boolean on) throws IOException {
        try {
            SockOpt.setKeepAlive(fd, on);
        } catch (IOException e) {
            throw opError("set", e);
        }
    }

    /**
     * Sets the idle time before the first keep-alive probe (rounded up to whole seconds; zero =
     * Go's default of 15 s, negative = unchanged).
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPConn).SetKeepAlivePeriod}.
     */
    public void setKeepAlivePeriod(Duration d) throws IOException {
        Objects.requireNonNull(d, "d");
        try {
            TcpSockOpt.setKeepAliveIdle(fd, d);
        } catch (IOException e) {
            throw opError("set", e);
        }
    }

    /** Go: {@code src/net/tcpsock_unix.go} {@code (*TCPConn).SetKeepAliveConfig}. */
    public void setKeepAliveConfig(KeepAliveConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        try {
            TcpSockOpt.setKeepAliveConfig(fd, config);
        } catch (IOException e) {
            throw opError("set", e);
        }
    }

    /** Go: {@code src/net/tcpsock.go} {@code (*TCPConn).SyscallConn}. */
    public RawConn syscallConn() {
        return fd.rawConn();
    }

    /** Go: {@code src/net/tcpsock.go} {@code (*TCPConn).SetLinger}. */
    public void setLinger(int sec) throws IOException {
        try {
            SockOpt.setLinger(fd, sec);
        } catch (IOException e) {
            throw opError("set", e);
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

    /** Go: {@code src/net/tcpsock.go} {@code (*TCPConn).CloseRead}. */
    public void closeRead() throws IOException {
        try {
            fd.closeRead();
        } catch (IOException e) {
            throw opError("close", e);
        }
    }

    /** Go: {@code src/net/tcpsock.go} {@code (*TCPConn).CloseWrite}. */
    public void closeWrite() throws IOException {
        try {
            fd.closeWrite();
        } catch (IOException e) {
            throw opError("close", e);
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
        if (closed) {
            return;
        }
        closed = true;
        try {
            fd.close();
        } catch (IOException e) {
            if (dev.netdial.api.Errors.isClosed(e)) {
                return; // closed concurrently by another thread: the contract is met
            }
            throw opError("close", e);
        }
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /**
     * A stream over this connection; closing it closes the connection, as with the JDK's
     * {@code Socket}.
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
     * A stream over this connection; each write sends all its bytes; closing it closes the
     * connection, as with the JDK's {@code Socket}.
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
        return "TCPConn(" + fd.localAddr() + "->" + fd.remoteAddr() + ")";
    }
}
