package dev.netdial.resolver;

import dev.netdial.posix.internal.Dtoi;
import dev.netdial.api.Addr;
import dev.netdial.api.AddrError;
import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.HostPort;
import dev.netdial.api.IP;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.posix.internal.NetConn;
import dev.netdial.posix.internal.NetFD;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.net.InetAddress;
import java.time.Instant;

/**
 * The connection the DNS client uses by default: a fresh connected socket of its own, UDP
 * (SOCK_DGRAM, the kernel picks a random ephemeral source port) or TCP, non-blocking and
 * close-on-exec, with deadlines from the poller. On UDP one read returns one datagram.
 *
 * <p>Go: {@code src/net/net.go} {@code conn}; {@code src/net/lookup.go}
 * {@code (*Resolver).dial} with a zero {@code Dialer}; {@code src/net/udpsock_posix.go}
 * {@code (*sysDialer).dialUDP}, {@code src/net/tcpsock_posix.go} {@code doDialTCP}.
 *
 * <p>Differs: the remote address is always an IP literal (Go's resolv.conf parser only keeps
 * those), so no lookup or dial racing is needed. The socket's addresses come from the socket
 * layer's conversion for its type, as in Go: {@code UDPAddr}s on UDP, {@link TCPAddr}s on TCP.
 * It is not a {@code UDPConn}/{@code TCPConn}: it needs {@link #readReady}, and both already
 * share their I/O code through {@link NetConn} (docs/GO_SOURCE.md, "The resolver's exchange").
 */
final class DnsConn implements Conn {

    private final NetFD fd;
    /** Go's {@code conn}, the same code {@code TCPConn} delegates to. */
    private final NetConn c;

    private DnsConn(NetFD fd) {
        this.fd = fd;
        this.c = new NetConn(fd);
    }

    /**
     * Dials {@code address} ("ip:port", IPv6 bracketed, optionally zoned) over "udp" or "tcp".
     * Failures are "dial NET ADDR: ..." {@link OpError}s.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).dial} (its default branch).
     */
    static Conn dial(Context ctx, String network, String address) throws IOException {
        int sotype = switch (network) {
            case "udp", "udp4", "udp6" -> Constants.SOCK_DGRAM;
            case "tcp", "tcp4", "tcp6" -> Constants.SOCK_STREAM;
            default -> throw new dev.netdial.api.UnknownNetworkError(network);
        };
        TCPAddr raddr = parseServer(address);
        try {
            NetFD fd = IpSockPosix.system().internetSocket(ctx, network, null, raddr, sotype, 0, "dial", null);
            return new DnsConn(fd);
        } catch (OpError e) {
            throw e;
        } catch (IOException e) {
            throw new OpError("dial", network, null, raddr, e);
        }
    }

    /**
     * The socket address of a configured server: an IP literal (with an IPv6 zone, by
     * {@link IP#parseZoned}) and a decimal port.
     *
     * <p>Go: {@code src/net/ipsock.go} {@code (*Resolver).internetAddrList} (its literal case,
     * {@code netip.ParseAddr}).
     */
    static TCPAddr parseServer(String address) throws AddrError {
        HostPort hp = HostPort.split(address);
        IP.Zoned z = IP.parseZoned(hp.host());
        Dtoi d = Dtoi.of(hp.port());
        if (z == null || !d.ok() || d.i() != hp.port().length() || d.n() > 0xFFFF) {
            throw new AddrError("no suitable address found", address);
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByAddress(z.ip());
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes always make an address", e);
        }
        return new TCPAddr(ip, d.n(), z.zone());
    }

    /**
     * One read: on UDP one datagram (truncated to {@code len}); -1 at the end of a TCP stream.
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).Read}.
     */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return c.read(b, off, len);
    }

    /**
     * One read of what has already arrived, past the read deadline too; never waits. Returns the
     * bytes read, -1 at end of stream, or {@link dev.netdial.posix.internal.PollFD#NOT_READY}.
     *
     * <p>No Go counterpart: see {@link DnsClientUnix}'s first exchanges.
     */
    int readReady(byte[] b, int off, int len) throws IOException {
        try {
            return fd.pfd().readReady(b, off, len);
        } catch (IOException e) {
            throw c.opError("read", e);
        }
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Read}, for a {@code ByteBuffer}. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        return c.read(dst);
    }

    /** Go: {@code src/net/net.go} {@code (*conn).Write}, for a {@code ByteBuffer}. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        return c.write(src);
    }

    /**
     * Writes all of {@code b[off, off+len)}; on UDP as one datagram. A write that fails part-way
     * counts what was written in the thrown {@link OpError}, as {@code TCPConn}'s.
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).Write}.
     */
    @Override
    public int write(byte[] b, int off, int len) throws IOException {
        return c.write(b, off, len);
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

    /**
     * A stream view of {@link #read(byte[], int, int)} (not used by the DNS client).
     *
     * <p>netdial's own: Go's {@code Conn} is an {@code io.Reader} itself.
     */
    @Override
    public InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = DnsConn.this.read(one, 0, 1);
                return n <= 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return DnsConn.this.read(b, off, len);
            }
        };
    }

    /**
     * A stream view of {@link #write(byte[], int, int)} (not used by the DNS client).
     *
     * <p>netdial's own: Go's {@code Conn} is an {@code io.Writer} itself.
     */
    @Override
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                DnsConn.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                DnsConn.this.write(b, off, len);
            }
        };
    }

    @Override
    public boolean isOpen() {
        return c.isOpen();
    }

    /**
     * Closes the connection; a second close does nothing, as {@code TCPConn}'s.
     *
     * <p>Go: {@code src/net/net.go} {@code (*conn).Close}.
     * <p>Differs: a second close is a no-op (Java's Closeable contract), not Go's error.
     */
    @Override
    public void close() throws IOException {
        c.close();
    }
}
