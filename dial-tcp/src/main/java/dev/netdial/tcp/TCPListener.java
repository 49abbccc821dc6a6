package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Errors;
import dev.netdial.api.Listener;
import dev.netdial.api.OpError;
import dev.netdial.posix.RawConn;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.NetRawListener;
import java.io.IOException;
import java.time.Instant;

/**
 * A TCP listener. {@link #close()} unblocks a pending accept, which then fails with
 * "use of closed network connection"; connections already accepted stay open.
 *
 * <p>Go: {@code src/net/tcpsock.go} {@code TCPListener}.
 */
public final class TCPListener implements Listener {
    private final NetFD fd;
    private final ListenConfig lc;
    private volatile boolean closed;

    TCPListener(NetFD fd, ListenConfig lc) {
        this.fd = fd;
        this.lc = lc;
    }

    /**
     * Waits for the next connection; it gets the ListenConfig's keep-alive settings and user
     * timeout.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPListener).AcceptTCP}.
     */
    public TCPConn acceptTCP() throws IOException {
        NetFD c;
        try {
            c = fd.accept();
        } catch (IOException e) {
            throw new OpError("accept", fd.net(), null, fd.localAddr(), e);
        }
        return TCPConn.newTCPConn(c, lc.keepAlive(), lc.keepAliveConfig(), lc.hooks().setKeepAlive(), lc.userTimeout(), false);
    }

    /** Go: {@code src/net/tcpsock.go} {@code (*TCPListener).Accept}. */
    @Override
    public Conn accept() throws IOException {
        return acceptTCP();
    }

    /** Go: {@code src/net/tcpsock.go} {@code (*TCPListener).Addr}. */
    @Override
    public Addr addr() {
        return fd.localAddr();
    }

    /**
     * A deadline for accept; null clears it.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPListener).SetDeadline}.
     */
    public void setDeadline(Instant t) throws IOException {
        try {
            fd.setDeadline(t);
        } catch (IOException e) {
            throw new OpError("set", fd.net(), null, fd.localAddr(), e);
        }
    }

    /**
     * Raw access to the listening socket's fd, for options netdial does not wrap: {@code control}
     * runs with the fd; {@code read} and {@code write} fail with "invalid argument", as in Go.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPListener).SyscallConn}.
     */
    public RawConn syscallConn() {
        return new NetRawListener(fd);
    }

    /**
     * Stops listening; idempotent.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPListener).Close}.
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
            if (Errors.isClosed(e)) {
                return;
            }
            throw new OpError("close", fd.net(), null, fd.localAddr(), e);
        }
    }

    @Override
    public String toString() {
        return "TCPListener(" + fd.localAddr() + ")";
    }
}
