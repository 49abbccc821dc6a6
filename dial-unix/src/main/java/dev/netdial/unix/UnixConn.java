package dev.netdial.unix;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Errno;
import dev.netdial.api.Errors;
import dev.netdial.api.NetException;
import dev.netdial.api.OpError;
import dev.netdial.api.PacketConn;
import dev.netdial.api.ReadFromResult;
import dev.netdial.api.UnixAddr;
import dev.netdial.posix.RawConn;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.NetConn;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.NetRawConn;
import dev.netdial.posix.internal.PollFD;
import dev.netdial.posix.internal.Sockaddr;
import dev.netdial.posix.internal.SockaddrUnix;
import dev.netdial.posix.internal.UnixSockPosix;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A connection on a Unix domain socket: a "unix" stream, a "unixpacket" (each write one message,
 * each read one message) or a "unixgram" socket (connected, or bound and addressed per datagram).
 * Safe for concurrent use; {@link #close()} unblocks every read and write.
 *
 * <p>Go: {@code src/net/unixsock.go} {@code UnixConn}, {@code src/net/net.go} {@code conn}.
 */
public final class UnixConn implements Conn, PacketConn {
    private static final byte[] NONE = new byte[0];

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

    // ---- datagrams and messages ----

    /** A read error naming both ends. Go: the {@code &OpError{Op: "read", ...}} of {@code (*UnixConn).ReadFromUnix}. */
    private OpError readError(IOException e) {
        return new OpError("read", fd.net(), fd.localAddr(), fd.remoteAddr(), e);
    }

    /** A write error naming the local end and {@code addr}. Go: the {@code &OpError{Op: "write", ...}} of {@code (*UnixConn).WriteToUnix}. */
    private OpError writeError(Addr addr, IOException e) {
        return new OpError("write", fd.net(), fd.localAddr(), addr, e);
    }

    /**
     * The sender's address: null for none or an unnamed sender (an empty name).
     *
     * <p>Go: {@code src/net/unixsock_posix.go} {@code (*UnixConn).readFrom}, its {@code if sa.Name != ""}.
     */
    private UnixAddr from(Sockaddr sa) {
        if (sa instanceof SockaddrUnix u && !u.name().isEmpty()) {
            return new UnixAddr(u.name(), UnixSockPosix.sotypeToNet(fd.sotype()));
        }
        return null;
    }

    /**
     * Reads one datagram (one message on "unixpacket", bytes on "unix") into
     * {@code b[off..off+len)}, truncated to it, and its sender (null when the sender is unnamed
     * or the socket is connected).
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixConn).ReadFromUnix}, {@code src/net/unixsock_posix.go}
     * {@code (*UnixConn).readFrom}.
     */
    public ReadFromResult<UnixAddr> readFromUnix(byte[] b, int off, int len) throws IOException {
        Objects.requireNonNull(b, "b");
        Sockaddr[] sa = new Sockaddr[1];
        try {
            int n = fd.readFrom(b, off, len, sa);
            return new ReadFromResult<>(n, from(sa[0]));
        } catch (IOException e) {
            throw readError(e);
        }
    }

    /** As {@link #readFromUnix(byte[], int, int)} into all of {@code b}. Go: {@code (*UnixConn).ReadFromUnix}. */
    public ReadFromResult<UnixAddr> readFromUnix(byte[] b) throws IOException {
        return readFromUnix(b, 0, b.length);
    }

    /** Go: {@code src/net/unixsock.go} {@code (*UnixConn).ReadFrom}. */
    @Override
    public ReadFromResult<UnixAddr> readFrom(byte[] b, int off, int len) throws IOException {
        return readFromUnix(b, off, len);
    }

    /**
     * Sends {@code b[off..off+len)} as one datagram to {@code addr}, whose network must be this
     * socket's ("address family not supported by protocol" otherwise). A connected socket refuses
     * ("use of WriteTo with pre-connected connection"), and a null address is "missing address".
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixConn).WriteToUnix}, {@code src/net/unixsock_posix.go}
     * {@code (*UnixConn).writeTo}.
     */
    public int writeToUnix(byte[] b, int off, int len, UnixAddr addr) throws IOException {
        Objects.requireNonNull(b, "b");
        try {
            if (fd.isConnected()) {
                throw Errors.writeToConnected();
            }
            if (addr == null) {
                throw Errors.missingAddress();
            }
            if (!addr.net().equals(UnixSockPosix.sotypeToNet(fd.sotype()))) {
                throw new NetException(Errno.EAFNOSUPPORT.message());
            }
            return fd.writeTo(b, off, len, new SockaddrUnix(addr.name()));
        } catch (IOException e) {
            throw writeError(addr, e);
        }
    }

    /** As {@link #writeToUnix(byte[], int, int, UnixAddr)} for all of {@code b}. Go: {@code (*UnixConn).WriteToUnix}. */
    public int writeToUnix(byte[] b, UnixAddr addr) throws IOException {
        return writeToUnix(b, 0, b.length, addr);
    }

    /**
     * As {@link #writeToUnix(byte[], int, int, UnixAddr)}; an address that is not a
     * {@link UnixAddr} (null included) fails with "invalid argument".
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixConn).WriteTo}.
     */
    @Override
    public int writeTo(byte[] b, int off, int len, Addr addr) throws IOException {
        if (!(addr instanceof UnixAddr a)) {
            throw writeError(addr, new NetException(Errno.EINVAL.message()));
        }
        return writeToUnix(b, off, len, a);
    }

    /**
     * Reads one message: its payload into {@code b} (null: none), its control data into
     * {@code oob} (null: none). Files passed with {@code SCM_RIGHTS} arrive close-on-exec and come
     * back as {@link UnixMsg#fds()}, owned by the message until closed or detached. With no payload
     * room but room for control data, a stream socket reads (and drops) one byte, as in Go.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixConn).ReadMsgUnix}, {@code src/net/unixsock_posix.go}
     * {@code (*UnixConn).readMsg}, {@code src/net/unixsock_readmsg_cmsg_cloexec.go} ({@code MSG_CMSG_CLOEXEC}).
     */
    public UnixMsg readMsgUnix(byte[] b, byte[] oob) throws IOException {
        byte[] p = b != null ? b : NONE;
        byte[] o = oob != null ? oob : NONE;
        PollFD.Msg m;
        try {
            m = fd.readMsg(p, 0, p.length, o, 0, o.length, Constants.MSG_CMSG_CLOEXEC);
        } catch (IOException e) {
            throw readError(e);
        }
        List<OwnedFd> fds = new ArrayList<>();
        for (int f : UnixRights.parseUnixRights(o, m.oobn())) {
            fds.add(new OwnedFd(f, "fd " + f));
        }
        return new UnixMsg(m.n(), m.oobn(), m.flags(), from(m.from()), fds);
    }

    /**
     * Sends one message: payload {@code b} (null: none) and control data {@code oob} (null: none;
     * {@link UnixRights#unixRights} builds one passing files), to {@code addr} on an unconnected
     * "unixgram" socket, else to the peer ({@code addr} null). Returns the payload bytes sent;
     * control data alone on a stream travels with one byte and counts 0, as in Go.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixConn).WriteMsgUnix}, {@code src/net/unixsock_posix.go}
     * {@code (*UnixConn).writeMsg}.
     */
    public int writeMsgUnix(byte[] b, byte[] oob, UnixAddr addr) throws IOException {
        byte[] p = b != null ? b : NONE;
        byte[] o = oob != null ? oob : NONE;
        try {
            if (fd.sotype() == Constants.SOCK_DGRAM && fd.isConnected()) {
                throw Errors.writeToConnected();
            }
            Sockaddr sa = null;
            if (addr != null) {
                if (!addr.net().equals(UnixSockPosix.sotypeToNet(fd.sotype()))) {
                    throw new NetException(Errno.EAFNOSUPPORT.message());
                }
                sa = new SockaddrUnix(addr.name());
            }
            return fd.writeMsg(p, 0, p.length, o, 0, o.length, sa);
        } catch (IOException e) {
            throw writeError(addr, e);
        }
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
     * A close-on-exec duplicate of the socket, owned by the caller (to pass on with
     * {@link UnixRights#unixRights}, or to a child process): closing either leaves the other open.
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).File}.
     */
    public OwnedFd file() throws IOException {
        try {
            return new OwnedFd(fd.dup(), fd.net() + ":" + fd.localAddr() + "->" + (fd.remoteAddr() != null ? fd.remoteAddr() : ""));
        } catch (IOException e) {
            throw c.opError("file", e);
        }
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
