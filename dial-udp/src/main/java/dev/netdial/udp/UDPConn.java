package dev.netdial.udp;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Errno;
import dev.netdial.api.Errors;
import dev.netdial.api.NetException;
import dev.netdial.api.OpError;
import dev.netdial.api.PacketConn;
import dev.netdial.api.ReadFromResult;
import dev.netdial.api.ReadMsgResult;
import dev.netdial.api.UDPAddr;
import dev.netdial.posix.RawConn;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.posix.internal.NetConn;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.PollFD;
import dev.netdial.posix.internal.Sockaddr;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * A UDP socket: a {@link Conn} when connected (dialed), a {@link PacketConn} always. Each read
 * takes one datagram, each write sends one. Safe for concurrent use; {@link #close()} unblocks
 * blocked reads and writes, which fail with "use of closed network connection".
 *
 * <p>A datagram longer than the buffer is truncated to it: {@code read} and {@code readFrom}
 * return the buffer's length with no error (the rest is dropped), {@code readMsgUDP} also sets
 * {@link ReadMsgResult#MSG_TRUNC}. A zero-byte datagram reads as 0, never as end of stream.
 *
 * <pre>{@code
 * try (UDPConn c = (UDPConn) Net.listenPacket("udp", "127.0.0.1:0")) {
 *     ReadFromResult<UDPAddr> r = c.readFromUDP(buf);
 *     c.writeToUDP(buf, 0, r.n(), r.addr());          // echo
 * }
 * }</pre>
 *
 * <p>Go: {@code src/net/udpsock.go} {@code UDPConn}, {@code src/net/udpsock_posix.go},
 * {@code src/net/net.go} {@code conn}.
 * <p>Differs: Go's {@code ReadFromUDPAddrPort} &amp; co. ({@code netip} forms) are not ported:
 * {@link UDPAddr} converts to and from {@link java.net.InetSocketAddress}. {@code File()} is not
 * ported (Go's dup of the fd); {@link #syscallConn()} gives access to the fd.
 */
public final class UDPConn implements Conn, PacketConn {
    private final NetFD fd;
    /** Go's {@code conn}: read, write, deadlines, buffer sizes and close. */
    private final NetConn c;
    private volatile InputStream in;
    private volatile OutputStream out;
    /** The last sender readFrom decoded, kept so a conversation with one peer reuses its UDPAddr. */
    private volatile FromCache lastFrom;
    /** The last address writeTo encoded, kept so replies to one peer reuse its Sockaddr. */
    private volatile ToCache lastTo;

    /** A kernel address and the UDPAddr it converts to. netdial's own: see {@link #udpAddr}. */
    private record FromCache(Sockaddr sa, UDPAddr addr) {
    }

    /** A UDPAddr and its kernel address in this socket's family. netdial's own: see {@link #sockaddr}. */
    private record ToCache(UDPAddr addr, Sockaddr sa) {
    }

    private UDPConn(NetFD fd) {
        this.fd = fd;
        this.c = new NetConn(fd);
    }

    /**
     * Wraps a datagram socket's fd: how dial-tcp's dialer and listener (Go's same package) hand
     * over the sockets they opened. {@link NetFD} lies in a package exported only to netdial's
     * own modules.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code newUDPConn}.
     */
    @SuppressWarnings("exports")
    public static UDPConn newUDPConn(NetFD fd) {
        return new UDPConn(Objects.requireNonNull(fd, "fd"));
    }

    // ---- Go's conn: Read, Write, the addresses, deadlines, buffer sizes, Close ----

    /**
     * Reads one datagram from the connected peer (or any sender, unconnected); truncated to
     * {@code len}. Returns 0 for an empty datagram (and at once for {@code len == 0}, as Go).
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).Read}.
     */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return c.read(b, off, len);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Read}, one datagram into a {@code ByteBuffer}. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        return c.read(dst);
    }

    /**
     * Sends {@code b[off..off+len)} as one datagram to the connected peer; a zero length sends an
     * empty datagram. An unconnected conn fails with "write: destination address required".
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).Write}.
     */
    @Override
    public int write(byte[] b, int off, int len) throws IOException {
        return c.write(b, off, len);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Write}, one datagram from a {@code ByteBuffer}. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        return c.write(src);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).LocalAddr}; a {@link UDPAddr}. */
    @Override
    public Addr localAddr() {
        return c.localAddr();
    }

    /** Go: {@code src/net/net.go} {@code (*conn).RemoteAddr}; a {@link UDPAddr}, or null when not connected. */
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

    /** Go: {@code src/net/net.go} {@code (*conn).SetReadBuffer}: SO_RCVBUF. */
    public void setReadBuffer(int bytes) throws IOException {
        c.setReadBuffer(bytes);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).SetWriteBuffer}: SO_SNDBUF. */
    public void setWriteBuffer(int bytes) throws IOException {
        c.setWriteBuffer(bytes);
    }

    /**
     * Closes the socket, unblocking reads and writes in progress; idempotent.
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).Close}.
     * <p>Differs: a second close is a no-op (Java's Closeable contract).
     */
    @Override
    public void close() throws IOException {
        c.close();
    }

    /** Whether {@link #close()} has not been called. netdial's own: {@code Channel.isOpen}. */
    @Override
    public boolean isOpen() {
        return c.isOpen();
    }

    /** Go: {@code src/net/udpsock.go} {@code (*UDPConn).SyscallConn}. */
    public RawConn syscallConn() {
        return fd.rawConn();
    }

    // ---- Go's UDPConn: ReadFrom, ReadFromUDP, ReadMsgUDP, WriteTo, WriteToUDP, WriteMsgUDP ----

    /** The error of a read: {@code read NET LOCAL->REMOTE: err}. Go: {@code src/net/udpsock.go} {@code (*UDPConn).ReadFromUDP}'s OpError. */
    private OpError readError(IOException err) {
        return new OpError("read", fd.net(), fd.localAddr(), fd.remoteAddr(), err);
    }

    /** The error of a write to {@code addr}: {@code write NET LOCAL->ADDR: err}. Go: {@code src/net/udpsock.go} {@code (*UDPConn).WriteToUDP}'s OpError. */
    private OpError writeError(Addr addr, IOException err) {
        return new OpError("write", fd.net(), fd.localAddr(), addr, err);
    }

    /**
     * Reads one datagram into {@code b[off..off+len)} and returns the bytes copied and the
     * sender; a longer datagram is truncated to {@code len}, without an error.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code (*UDPConn).ReadFromUDP}; {@code src/net/udpsock_posix.go}
     * {@code (*UDPConn).readFrom}.
     */
    public ReadFromResult<UDPAddr> readFromUDP(byte[] b, int off, int len) throws IOException {
        Objects.requireNonNull(b, "b");
        Sockaddr[] from = new Sockaddr[1];
        int n;
        try {
            n = fd.readFrom(b, off, len, from);
        } catch (IOException e) {
            throw readError(e);
        }
        return new ReadFromResult<>(n, udpAddr(from[0]));
    }

    /**
     * The UDPAddr of a sender, the previous one's object when the sender is the same (a server
     * answering one client, a client hearing its server): the JDK's {@code DatagramChannel} keeps
     * its last sender the same way.
     *
     * <p>Go: {@code src/net/udpsock_posix.go} {@code (*UDPConn).readFrom} (its conversion).
     * <p>Differs: Go converts every time; a Java conversion allocates an {@code InetAddress}.
     */
    private UDPAddr udpAddr(Sockaddr sa) {
        if (sa == null) {
            return null;
        }
        FromCache c = lastFrom;
        if (c != null && c.sa().equals(sa)) {
            return c.addr();
        }
        UDPAddr a = IpSockPosix.sockaddrToUDP(sa);
        lastFrom = new FromCache(sa, a);
        return a;
    }

    /**
     * The kernel address for {@code addr} in this socket's family, the previous one's when
     * {@code addr} is equal (replies to one peer).
     *
     * <p>Go: {@code src/net/udpsock_posix.go} {@code (*UDPConn).writeTo} ({@code addr.sockaddr(c.fd.family)}).
     * <p>Differs: kept from the previous write, as {@link #udpAddr} keeps the sender.
     */
    private Sockaddr sockaddr(UDPAddr addr) throws IOException {
        ToCache c = lastTo;
        if (c != null && c.addr().equals(addr)) {
            return c.sa();
        }
        Sockaddr sa = IpSockPosix.sockaddr(addr, fd.family());
        lastTo = new ToCache(addr, sa);
        return sa;
    }

    /**
     * Reads one datagram into all of {@code b}.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code (*UDPConn).ReadFromUDP}.
     */
    public ReadFromResult<UDPAddr> readFromUDP(byte[] b) throws IOException {
        return readFromUDP(b, 0, b.length);
    }

    /**
     * As {@link #readFromUDP(byte[], int, int)}; the sender as an {@link Addr}.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code (*UDPConn).ReadFrom}.
     */
    @Override
    public ReadFromResult<UDPAddr> readFrom(byte[] b, int off, int len) throws IOException {
        return readFromUDP(b, off, len);
    }

    /** Go: {@code src/net/udpsock.go} {@code (*UDPConn).ReadFrom}. */
    @Override
    public ReadFromResult<UDPAddr> readFrom(byte[] b) throws IOException {
        return readFromUDP(b, 0, b.length);
    }

    /**
     * Reads one datagram: its payload into {@code b}, its control (out-of-band) data into
     * {@code oob} (either may be empty or null for none), and returns the byte counts, the flags
     * ({@link ReadMsgResult#MSG_TRUNC} when the payload was cut, {@link ReadMsgResult#MSG_CTRUNC}
     * when the control data was) and the sender.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code (*UDPConn).ReadMsgUDP}; {@code src/net/udpsock_posix.go}
     * {@code (*UDPConn).readMsg}.
     */
    public ReadMsgResult<UDPAddr> readMsgUDP(byte[] b, byte[] oob) throws IOException {
        byte[] p = b != null ? b : new byte[0];
        int olen = oob != null ? oob.length : 0;
        PollFD.Msg m;
        try {
            m = fd.readMsg(p, 0, p.length, oob, 0, olen, 0);
        } catch (IOException e) {
            throw readError(e);
        }
        return new ReadMsgResult<>(m.n(), m.oobn(), m.flags(), udpAddr(m.from()));
    }

    /**
     * Sends {@code b[off..off+len)} as one datagram to {@code addr}; returns {@code len}. Fails
     * with "use of WriteTo with pre-connected connection" on a connected conn and "missing
     * address" for a null {@code addr}.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code (*UDPConn).WriteToUDP}; {@code src/net/udpsock_posix.go}
     * {@code (*UDPConn).writeTo}.
     */
    public int writeToUDP(byte[] b, int off, int len, UDPAddr addr) throws IOException {
        Objects.requireNonNull(b, "b");
        try {
            if (fd.isConnected()) {
                throw Errors.writeToConnected();
            }
            if (addr == null) {
                throw Errors.missingAddress();
            }
            return fd.writeTo(b, off, len, sockaddr(addr));
        } catch (IOException e) {
            throw writeError(addr, e);
        }
    }

    /**
     * Sends all of {@code b} as one datagram to {@code addr}.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code (*UDPConn).WriteToUDP}.
     */
    public int writeToUDP(byte[] b, UDPAddr addr) throws IOException {
        return writeToUDP(b, 0, b.length, addr);
    }

    /**
     * As {@link #writeToUDP(byte[], int, int, UDPAddr)}; an address that is not a
     * {@link UDPAddr} (null included) fails with "invalid argument".
     *
     * <p>Go: {@code src/net/udpsock.go} {@code (*UDPConn).WriteTo}.
     */
    @Override
    public int writeTo(byte[] b, int off, int len, Addr addr) throws IOException {
        if (!(addr instanceof UDPAddr a)) {
            throw writeError(addr, new NetException(Errno.EINVAL.message()));
        }
        return writeToUDP(b, off, len, a);
    }

    /**
     * Sends one datagram with control (out-of-band) data: to {@code addr} when unconnected, to
     * the peer when connected (then {@code addr} must be null). Returns the payload bytes sent;
     * the control bytes sent are {@code oob.length}.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code (*UDPConn).WriteMsgUDP}; {@code src/net/udpsock_posix.go}
     * {@code (*UDPConn).writeMsg}.
     */
    public int writeMsgUDP(byte[] b, byte[] oob, UDPAddr addr) throws IOException {
        byte[] p = b != null ? b : new byte[0];
        int olen = oob != null ? oob.length : 0;
        try {
            if (fd.isConnected() && addr != null) {
                throw Errors.writeToConnected();
            }
            if (!fd.isConnected() && addr == null) {
                throw Errors.missingAddress();
            }
            Sockaddr sa = IpSockPosix.sockaddr(addr, fd.family());
            return fd.writeMsg(p, 0, p.length, oob, 0, olen, sa);
        } catch (IOException e) {
            throw writeError(addr, e);
        }
    }

    // ---- streams ----

    /**
     * A stream view: each {@code read} takes one datagram (truncated to the request). Closing it
     * closes the conn.
     *
     * <p>Go: {@code src/net/net.go} {@code Conn} as an {@code io.Reader}.
     * <p>Differs: an {@code InputStream} cannot return 0 for a non-empty request, so an empty
     * datagram is skipped by {@code read(byte[], int, int)} and {@code read()}.
     */
    @Override
    public InputStream inputStream() {
        InputStream s = in;
        if (s == null) {
            s = in = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    Objects.checkFromIndexSize(off, len, b.length);
                    if (len == 0) {
                        return 0;
                    }
                    int n;
                    do {
                        n = UDPConn.this.read(b, off, len);
                    } while (n == 0);
                    return n;
                }

                @Override
                public void close() throws IOException {
                    UDPConn.this.close();
                }
            };
        }
        return s;
    }

    /**
     * A stream view: each {@code write(byte[], int, int)} sends one datagram. Closing it closes
     * the conn.
     *
     * <p>Go: {@code src/net/net.go} {@code Conn} as an {@code io.Writer}.
     */
    @Override
    public OutputStream outputStream() {
        OutputStream s = out;
        if (s == null) {
            s = out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    UDPConn.this.write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    UDPConn.this.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    UDPConn.this.close();
                }
            };
        }
        return s;
    }

    /** Go: {@code src/net/fd_posix.go} {@code (*netFD).name}'s form. */
    @Override
    public String toString() {
        return "UDPConn(" + fd.net() + " " + localAddr() + "->" + remoteAddr() + ")";
    }
}
