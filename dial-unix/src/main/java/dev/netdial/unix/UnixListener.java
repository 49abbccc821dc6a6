package dev.netdial.unix;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Errors;
import dev.netdial.api.Listener;
import dev.netdial.api.OpError;
import dev.netdial.posix.RawConn;
import dev.netdial.posix.internal.LibC;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.NetRawListener;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A listener on a Unix domain socket ("unix" or "unixpacket"). {@link #close()} unblocks a
 * pending accept and, when this listener created its socket file, removes that file (see
 * {@link #setUnlinkOnClose}); connections already accepted stay open.
 *
 * <p>Go: {@code src/net/unixsock.go} {@code UnixListener}.
 */
public final class UnixListener implements Listener {
    private final NetFD fd;
    private final String path;
    private volatile boolean unlink;
    private final AtomicBoolean unlinkOnce = new AtomicBoolean();
    private volatile boolean closed;

    UnixListener(NetFD fd, String path, boolean unlink) {
        this.fd = fd;
        this.path = path;
        this.unlink = unlink;
    }

    /**
     * Waits for the next connection.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixListener).AcceptUnix},
     * {@code src/net/unixsock_posix.go} {@code (*UnixListener).accept}.
     */
    public UnixConn acceptUnix() throws IOException {
        NetFD c;
        try {
            c = fd.accept();
        } catch (IOException e) {
            throw new OpError("accept", fd.net(), null, fd.localAddr(), e);
        }
        return new UnixConn(c);
    }

    /** Go: {@code src/net/unixsock.go} {@code (*UnixListener).Accept}. */
    @Override
    public Conn accept() throws IOException {
        return acceptUnix();
    }

    /** Go: {@code src/net/unixsock.go} {@code (*UnixListener).Addr}: a {@link dev.netdial.api.UnixAddr}. */
    @Override
    public Addr addr() {
        return fd.localAddr();
    }

    /**
     * A deadline for accept; null clears it.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixListener).SetDeadline}.
     */
    public void setDeadline(Instant t) throws IOException {
        try {
            fd.setDeadline(t);
        } catch (IOException e) {
            throw new OpError("set", fd.net(), null, fd.localAddr(), e);
        }
    }

    /**
     * Raw access to the listening socket's fd: {@code control} runs with it; {@code read} and
     * {@code write} fail with "invalid argument".
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixListener).SyscallConn}.
     */
    public RawConn syscallConn() {
        return new NetRawListener(fd);
    }

    /**
     * A close-on-exec duplicate of the listening socket, owned by the caller: closing either
     * leaves the other open. {@link UnixNet#fileListener} makes a listener of it again.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixListener).File},
     * {@code src/net/unixsock_posix.go} {@code (*UnixListener).file}.
     */
    public OwnedFd file() throws IOException {
        try {
            return new OwnedFd(fd.dup(), fd.net() + ":" + fd.localAddr() + "->");
        } catch (IOException e) {
            throw new OpError("file", fd.net(), null, fd.localAddr(), e);
        }
    }

    /**
     * Whether {@link #close()} removes the socket file. On by default for a listener that
     * created it ({@link UnixNet#listenUnix}), off for one made from an existing socket
     * ({@link UnixNet#fileListener}); abstract ("@") names have no file either way.
     *
     * <p>Go: {@code src/net/unixsock_posix.go} {@code (*UnixListener).SetUnlinkOnClose}.
     */
    public void setUnlinkOnClose(boolean unlink) {
        this.unlink = unlink;
    }

    /**
     * Stops listening: first removes the socket file when {@link #setUnlinkOnClose} says so (only
     * on the first close, even if several race), then closes the socket. Idempotent.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixListener).Close}, {@code src/net/unixsock_posix.go}
     * {@code (*UnixListener).close}.
     * <p>Differs: a second close is a no-op (Java's Closeable contract), not Go's error.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // The kernel leaves the file behind. Removing it before the close can race another
        // process that has bound the same name meanwhile, as in Go; only the first close tries.
        if (unlinkOnce.compareAndSet(false, true) && !path.isEmpty() && path.charAt(0) != '@' && unlink) {
            LibC.unlink(path);
        }
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
        return "UnixListener(" + fd.net() + " " + fd.localAddr() + ")";
    }
}
