package dev.netdial.api;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;

/**
 * A packet-oriented network connection: each read returns one datagram and where it came from,
 * each write sends one datagram to a given address. Its methods may be called from several
 * threads at once; {@link #close()} unblocks any blocked read or write, which then fail with
 * "use of closed network connection". Errors are {@link OpError}s as in Go.
 *
 * <p>Go: {@code src/net/net.go} {@code PacketConn}.
 */
public interface PacketConn extends Closeable {

    /**
     * Reads one datagram into {@code b[off..off+len)}: blocks until one arrives, and returns
     * the bytes copied and the sender. A datagram longer than {@code len} is truncated to it,
     * without an error (the rest is dropped); a zero-byte datagram reads as {@code n == 0}.
     * Fails with "i/o timeout" after the read deadline.
     *
     * <p>Go: {@code src/net/net.go} {@code PacketConn.ReadFrom}.
     */
    ReadFromResult<? extends Addr> readFrom(byte[] b, int off, int len) throws IOException;

    /**
     * Reads one datagram into all of {@code b}.
     *
     * <p>Go: {@code src/net/net.go} {@code PacketConn.ReadFrom}.
     */
    default ReadFromResult<? extends Addr> readFrom(byte[] b) throws IOException {
        return readFrom(b, 0, b.length);
    }

    /**
     * Sends {@code b[off..off+len)} as one datagram to {@code addr}; returns {@code len}. Fails
     * with "i/o timeout" after the write deadline (rare for datagrams).
     *
     * <p>Go: {@code src/net/net.go} {@code PacketConn.WriteTo}.
     */
    int writeTo(byte[] b, int off, int len, Addr addr) throws IOException;

    /**
     * Sends all of {@code b} as one datagram to {@code addr}.
     *
     * <p>Go: {@code src/net/net.go} {@code PacketConn.WriteTo}.
     */
    default int writeTo(byte[] b, Addr addr) throws IOException {
        return writeTo(b, 0, b.length, addr);
    }

    /**
     * Closes the connection; idempotent. Blocked reads and writes fail with "use of closed
     * network connection".
     *
     * <p>Go: {@code src/net/net.go} {@code PacketConn.Close}.
     * <p>Differs: a second close is a no-op (Java's {@link Closeable} contract), as {@link Conn#close()}.
     */
    @Override
    void close() throws IOException;

    /**
     * The local address.
     *
     * <p>Go: {@code src/net/net.go} {@code PacketConn.LocalAddr}.
     */
    Addr localAddr();

    /**
     * Sets both the read and the write deadline; {@code null} clears them.
     *
     * <p>Go: {@code src/net/net.go} {@code PacketConn.SetDeadline}.
     */
    void setDeadline(Instant t) throws IOException;

    /**
     * Sets the read deadline; {@code null} clears it.
     *
     * <p>Go: {@code src/net/net.go} {@code PacketConn.SetReadDeadline}.
     */
    void setReadDeadline(Instant t) throws IOException;

    /**
     * Sets the write deadline; {@code null} clears it.
     *
     * <p>Go: {@code src/net/net.go} {@code PacketConn.SetWriteDeadline}.
     */
    void setWriteDeadline(Instant t) throws IOException;
}
