package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.KeepAliveConfig;
import dev.netdial.api.OpError;
import dev.netdial.posix.RawConn;
import dev.netdial.api.PathError;
import dev.netdial.posix.internal.NetConn;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.OsFile;
import dev.netdial.posix.internal.Sendfile;
import dev.netdial.posix.internal.SockOpt;
import dev.netdial.posix.internal.Splice;
import dev.netdial.posix.internal.Transfer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connection: {@link Conn} plus TCP's socket options. Safe for concurrent use; a read
 * and a write may run at the same time, and {@link #close()} unblocks both.
 *
 * <p>Go: {@code src/net/tcpsock.go} {@code TCPConn}, {@code src/net/net.go} {@code conn}.
 */
public final class TCPConn implements Conn {
    private static final Logger LOG = LoggerFactory.getLogger(TCPConn.class);

    private final NetFD fd;
    /** Go's {@code conn}: read, write, deadlines, buffer sizes and close, shared with the resolver's conn. */
    private final NetConn c;
    private volatile InputStream in;
    private volatile OutputStream out;

    TCPConn(NetFD fd) {
        this.fd = Objects.requireNonNull(fd);
        this.c = new NetConn(fd);
    }

    /**
     * Wraps a connected fd: Nagle off, then keep-alive as the Dialer or ListenConfig asks, then
     * its user timeout. Errors setting Nagle and keep-alive are ignored, as in Go (the connection
     * works without them). A user timeout the socket refuses fails a dial ({@code fd} is closed
     * and the "setsockopt" error thrown: a Multipath TCP dial then falls back to plain TCP, as
     * for any MPTCP failure), and is ignored for an accepted connection (an MPTCP one, which
     * Linux does not let take it, so one MPTCP client does not stop a server's accept loop).
     *
     * <p>The user timeout is set once connected, like keep-alive: it bounds unacknowledged data,
     * not the connect, which the Dialer's own timeout bounds.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code newTCPConn}.
     * <p>Differs: Go has no user timeout setting; it is netdial's own.
     *
     * @param keepAliveIdle Go's {@code Dialer.KeepAlive}: null or zero = default, negative = off
     * @param keepAliveCfg Go's {@code KeepAliveConfig}; null = the zero value
     * @param userTimeout {@code TCP_USER_TIMEOUT}; null or zero = leave the kernel's default
     * @param dialed whether {@code fd} was dialed (a failing user timeout fails it) or accepted
     */
    static TCPConn newTCPConn(NetFD fd, Duration keepAliveIdle, KeepAliveConfig keepAliveCfg,
            Consumer<KeepAliveConfig> keepAliveHook, Duration userTimeout, boolean dialed) throws IOException {
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
        if (userTimeout != null && !userTimeout.isZero()) {
            try {
                TcpSockOpt.setUserTimeout(fd, userTimeout);
            } catch (IOException e) {
                if (dialed) {
                    try {
                        fd.close();
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
                LOG.debug("netdial: accepted {}: TCP_USER_TIMEOUT {} refused ({}); kept without it",
                        c, userTimeout, e.getMessage());
            }
        }
        return c;
    }

    NetFD fd() {
        return fd;
    }

    /** An error naming both ends (the TCP option setters' "set" too, unlike Go's {@code conn} setters). */
    private OpError opError(String op, IOException err) {
        return c.opError(op, err);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Read}; -1 at end of stream. */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return c.read(b, off, len);
    }

    /**
     * Reads into {@code dst}; a direct buffer is filled by the kernel with no copy.
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).Read}, for a {@code ByteBuffer}.
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        return c.read(dst);
    }

    /**
     * Writes all of it. A write that fails part-way throws an {@link OpError} whose
     * {@link OpError#bytesTransferred()} is how many bytes were written (Go's {@code n}).
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).Write}.
     */
    @Override
    public int write(byte[] b, int off, int len) throws IOException {
        return c.write(b, off, len);
    }

    /**
     * Writes all of {@code src}; a direct buffer goes to the kernel with no copy. A write that
     * fails part-way leaves the position after the bytes written, and the thrown
     * {@link OpError#bytesTransferred()} counts them.
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).Write}.
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        return c.write(src);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).LocalAddr}. */
    @Override
    public Addr localAddr() {
        return c.localAddr();
    }

    /** Go: {@code src/net/net.go} {@code (*conn).RemoteAddr}. */
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

    /**
     * Turns keep-alive on or off and sets its idle time, interval and count.
     *
     * <p>Go: {@code src/net/tcpsock_unix.go} {@code (*TCPConn).SetKeepAliveConfig}.
     */
    public void setKeepAliveConfig(KeepAliveConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        try {
            TcpSockOpt.setKeepAliveConfig(fd, config);
        } catch (IOException e) {
            throw opError("set", e);
        }
    }

    /**
     * Sets {@code TCP_USER_TIMEOUT}: the longest time data sent on this connection may stay
     * unacknowledged (or a zero window unprobed) before the kernel drops the connection; a read
     * or write then fails with "connection timed out" ({@code ETIMEDOUT}). It also overrides
     * keep-alive's probe count in deciding when a silent peer is dead. Zero restores the kernel's
     * default (retransmissions per {@code net.ipv4.tcp_retries2}, about 15 minutes). The value is
     * rounded up to whole milliseconds (1 ns is 1 ms) and saturates at {@link Integer#MAX_VALUE}
     * ms (about 24.8 days). Fails with an {@link OpError} "set tcp LOCAL->REMOTE: setsockopt: ..."
     * (on a Multipath TCP connection: "protocol not available").
     *
     * <p>netdial's own: Go has no such method; Go code sets it through
     * {@code SyscallConn().Control} with {@code unix.TCP_USER_TIMEOUT}. Error format as Go's
     * {@code (*TCPConn).SetKeepAlivePeriod}.
     *
     * @throws IllegalArgumentException if {@code d} is negative (it has no meaning, unlike a
     *                                  negative keep-alive period)
     */
    public void setUserTimeout(Duration d) throws IOException {
        Objects.requireNonNull(d, "d");
        TcpSockOpt.checkUserTimeout(d);
        try {
            TcpSockOpt.setUserTimeout(fd, d);
        } catch (IOException e) {
            throw opError("set", e);
        }
    }

    /**
     * The connection's {@code TCP_USER_TIMEOUT} as the kernel holds it (whole milliseconds);
     * zero = the kernel's default. Fails with an {@link OpError} "get tcp LOCAL->REMOTE:
     * getsockopt: ...".
     *
     * <p>netdial's own, as {@link #setUserTimeout}.
     */
    public Duration userTimeout() throws IOException {
        try {
            return TcpSockOpt.userTimeout(fd);
        } catch (IOException e) {
            throw opError("get", e);
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
        c.setReadBuffer(bytes);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetWriteBuffer}. */
    public void setWriteBuffer(int bytes) throws IOException {
        c.setWriteBuffer(bytes);
    }

    // ---- copies into and out of the connection (Go's io.ReaderFrom and io.WriterTo) ----

    /** The buffer of a generic copy: io.Copy's 32 KiB. */
    private static final int COPY_BUFFER_SIZE = 32 * 1024;

    /**
     * Copies everything {@code src} delivers, until its end of stream, into this connection, and
     * returns the byte count. When {@code src} is another {@code TCPConn} the bytes go from socket
     * to socket through a kernel pipe with splice(2) and never enter the JVM; any other channel is
     * copied through a buffer (a blocking channel is expected: one that returns 0 is asked again).
     * This connection's write deadline and a {@code TCPConn} source's read deadline apply, and
     * closing either end stops the copy. Failures are {@link OpError}s "readfrom tcp LOCAL->REMOTE:
     * ..." (wrapping, as in Go, the source's "read ..." or this connection's "write ..." error of a
     * buffered copy).
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPConn).ReadFrom}, {@code src/net/tcpsock_posix.go}
     * {@code (*TCPConn).readFrom}.
     * <p>Differs: Go returns the bytes moved together with the error; a Java call that throws
     * cannot return, so a copy that fails part-way reports them as the thrown
     * {@link OpError#bytesTransferred()} (as every {@code readFrom} and {@code writeTo} here).
     */
    public long readFrom(ReadableByteChannel src) throws IOException {
        return readFrom(src, Long.MAX_VALUE);
    }

    /**
     * Like {@link #readFrom(ReadableByteChannel)}, but copies at most {@code limit} bytes; the
     * rest stays unread in {@code src}. A {@code limit} of zero or less copies nothing.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPConn).ReadFrom} given an {@code io.LimitedReader},
     * {@code src/net/splice_linux.go} {@code spliceFrom}.
     */
    public long readFrom(ReadableByteChannel src, long limit) throws IOException {
        Objects.requireNonNull(src, "src");
        if (limit <= 0) {
            return 0;
        }
        long[] moved = new long[1];
        try {
            if (src instanceof TCPConn s) {
                Transfer t;
                try {
                    t = Splice.splice(fd.pfd(), s.fd.pfd(), limit);
                } finally {
                    // Both conns stay reachable while splice blocks on their PollFDs: their
                    // Cleaners (Go's finalizers) must not close them under the copy.
                    Reference.reachabilityFence(this);
                    Reference.reachabilityFence(s);
                }
                if (t.handled()) {
                    moved[0] = t.written();
                    return result(t);
                }
            }
            return genericReadFrom(src, limit, moved);
        } catch (IOException e) {
            throw copyError("readfrom", e, moved[0]);
        }
    }

    /**
     * Copies everything {@code in} delivers, until its end of stream, into this connection through
     * a buffer, and returns the byte count. Failures are {@link OpError}s "readfrom tcp ...".
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPConn).ReadFrom}, {@code src/net/net.go}
     * {@code genericReadFrom}.
     */
    public long readFrom(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        long[] moved = new long[1];
        try {
            byte[] buf = new byte[COPY_BUFFER_SIZE];
            for (;;) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    return moved[0];
                }
                try {
                    write(buf, 0, n);
                } catch (OpError e) {
                    moved[0] += e.bytesTransferred();
                    throw e;
                }
                moved[0] += n;
            }
        } catch (IOException e) {
            throw copyError("readfrom", e, moved[0]);
        }
    }

    /**
     * Sends the whole file at {@code file} with sendfile(2): the kernel moves the file's pages to
     * the socket without copying them through the JVM. Returns the byte count.
     *
     * @see #readFrom(Path, long, long)
     */
    public long readFrom(Path file) throws IOException {
        return readFrom(file, 0, Long.MAX_VALUE);
    }

    /**
     * Sends up to {@code count} bytes of the file at {@code file}, starting at byte
     * {@code position}, with sendfile(2), stopping early at end of file; returns the byte count.
     * {@code count} {@link Long#MAX_VALUE} sends to end of file. The file is opened here
     * ({@code open(O_RDONLY|O_CLOEXEC)}, as Go's {@code os.Open}) and closed before this returns;
     * a file that cannot be opened fails with a {@link dev.netdial.api.PathError} ("open PATH: no
     * such file or directory"). A file sendfile cannot read, or a path of another
     * {@link java.nio.file.FileSystem} than the default, is copied through a buffer instead. This
     * connection's write deadline applies, and closing it stops the copy; failures are
     * {@link OpError}s "readfrom tcp LOCAL->REMOTE: sendfile: ...".
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPConn).ReadFrom} given an {@code *os.File} or an
     * {@code io.SectionReader} over one, {@code src/net/sendfile.go} {@code sendFile}.
     * <p>Differs: Go takes the open {@code *os.File}. A {@link FileChannel} does not give up its fd
     * without reflection into the JDK, so netdial takes the path and opens the file itself; a
     * {@code FileChannel} passed to {@link #readFrom(ReadableByteChannel)} is copied through a buffer.
     *
     * @param position the first byte to send, {@code >= 0}
     * @param count the most bytes to send, {@code >= 0}
     */
    public long readFrom(Path file, long position, long count) throws IOException {
        Objects.requireNonNull(file, "file");
        if (position < 0) {
            throw new IllegalArgumentException("negative position: " + position);
        }
        if (count < 0) {
            throw new IllegalArgumentException("negative count: " + count);
        }
        if (count == 0) {
            return 0;
        }
        long[] moved = new long[1];
        if (file.getFileSystem() == FileSystems.getDefault()) {
            int ffd = OsFile.open(file.toString());
            try {
                Transfer t = Sendfile.sendFile(fd.pfd(), ffd, position, count);
                if (t.handled()) {
                    moved[0] = t.written();
                    return result(t);
                }
            } catch (IOException e) {
                throw copyError("readfrom", e, moved[0]);
            } finally {
                OsFile.close(ffd);
                Reference.reachabilityFence(this); // see readFrom(ReadableByteChannel, long)
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(position);
            try {
                return genericReadFrom(ch, count, moved);
            } catch (IOException e) {
                throw copyError("readfrom", e, moved[0]);
            }
        }
    }

    /**
     * Copies everything this connection receives, until the peer's end of stream, into
     * {@code dst}, and returns the byte count. When {@code dst} is another {@code TCPConn} this is
     * {@code dst.readFrom(this)}: socket to socket with splice(2). Any other channel gets the bytes
     * through a buffer. Failures are {@link OpError}s "writeto tcp LOCAL->REMOTE: ..." (wrapping, as
     * in Go, the destination's "readfrom ..." or "write ..." error, or this connection's "read ...").
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPConn).WriteTo}, {@code src/net/tcpsock_posix.go}
     * {@code (*TCPConn).writeTo}, {@code src/net/net.go} {@code genericWriteTo}.
     */
    public long writeTo(WritableByteChannel dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        long[] moved = new long[1];
        try {
            if (dst instanceof TCPConn d) {
                try {
                    return d.readFrom(this);
                } catch (OpError e) {
                    moved[0] = e.bytesTransferred();
                    throw e;
                }
            }
            ByteBuffer buf = ByteBuffer.allocateDirect(COPY_BUFFER_SIZE);
            for (;;) {
                buf.clear();
                int n = read(buf);
                if (n < 0) {
                    return moved[0];
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    moved[0] += dst.write(buf);
                }
            }
        } catch (IOException e) {
            throw copyError("writeto", e, moved[0]);
        }
    }

    /**
     * Copies everything this connection receives, until the peer's end of stream, into the file at
     * {@code file}, created or truncated ({@code os.Create}'s mode 0666 before the umask), with
     * splice(2): socket to pipe to file, never through the JVM. Returns the byte count. A file that
     * cannot be created fails with a {@link PathError} ("open PATH: ..."); other failures are
     * {@link OpError}s wrapping Go's file error: "writeto tcp LOCAL->REMOTE: readfrom PATH: i/o
     * timeout". This connection's read deadline applies, and closing it stops the copy. A path of
     * another {@link java.nio.file.FileSystem} than the default is written through a buffer.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPConn).WriteTo} into an {@code *os.File} (its
     * {@code ReadFrom}: {@code src/os/zero_copy_linux.go} {@code spliceToFile}).
     * <p>Differs: Go writes into an open {@code *os.File} at its offset; netdial creates the file
     * from its path, for the same reason as {@link #readFrom(Path, long, long)}.
     */
    public long writeTo(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (file.getFileSystem() == FileSystems.getDefault()) {
            int ffd = OsFile.create(file.toString());
            try {
                Transfer t = Splice.spliceToFile(ffd, fd.pfd(), Long.MAX_VALUE);
                if (t.handled()) {
                    if (t.err() != null) {
                        throw copyError("writeto", new PathError("readfrom", file.toString(), t.err()), t.written());
                    }
                    return t.written();
                }
            } finally {
                OsFile.close(ffd);
                Reference.reachabilityFence(this); // see readFrom(ReadableByteChannel, long)
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            return writeTo(out);
        }
    }

    /**
     * Copies everything this connection receives, until the peer's end of stream, into
     * {@code out} through a buffer, and returns the byte count; {@code out} is not flushed or
     * closed. Failures are {@link OpError}s "writeto tcp ...".
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPConn).WriteTo}, {@code src/net/net.go}
     * {@code genericWriteTo}.
     */
    public long writeTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        long written = 0;
        try {
            byte[] buf = new byte[COPY_BUFFER_SIZE];
            for (;;) {
                int n = read(buf, 0, buf.length);
                if (n < 0) {
                    return written;
                }
                out.write(buf, 0, n);
                written += n;
            }
        } catch (IOException e) {
            // An OutputStream does not say how much of a failed write it took: whole chunks count.
            throw copyError("writeto", e, written);
        }
    }

    /** A handled transfer's count, or its error. */
    private static long result(Transfer t) throws IOException {
        if (t.err() != null) {
            throw t.err();
        }
        return t.written();
    }

    /**
     * Copies at most {@code limit} bytes from {@code src} into this connection through a direct
     * buffer (a JDK channel reads into it and the write hands it to the kernel, with no copy
     * into the Java heap).
     *
     * <p>Go: {@code src/net/net.go} {@code genericReadFrom} ({@code io.Copy} into the conn).
     */
    private long genericReadFrom(ReadableByteChannel src, long limit, long[] moved) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(COPY_BUFFER_SIZE);
        while (moved[0] < limit) {
            buf.clear();
            if (limit - moved[0] < buf.capacity()) {
                buf.limit((int) (limit - moved[0]));
            }
            int n = src.read(buf);
            if (n < 0) {
                break;
            }
            if (n == 0) {
                Thread.onSpinWait();
                continue;
            }
            buf.flip();
            try {
                write(buf);
            } catch (OpError e) {
                moved[0] += e.bytesTransferred();
                throw e;
            }
            moved[0] += n;
        }
        return moved[0];
    }

    /**
     * A copy's failure: "readfrom"/"writeto" with this conn's addresses, carrying the bytes the copy
     * delivered before it failed.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPConn).ReadFrom}'s {@code &OpError{Op: "readfrom", …}}
     * beside its {@code n}.
     */
    private OpError copyError(String op, IOException err, long moved) {
        return new OpError(op, fd.net(), fd.localAddr(), fd.remoteAddr(), err, moved);
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
        c.close();
    }

    @Override
    public boolean isOpen() {
        return c.isOpen();
    }

    /**
     * A stream over this connection; closing it closes the connection, as with the JDK's
     * {@code Socket}.
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
     * A stream over this connection; each write sends all its bytes; closing it closes the
     * connection, as with the JDK's {@code Socket}.
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
        return "TCPConn(" + fd.localAddr() + "->" + fd.remoteAddr() + ")";
    }
}
