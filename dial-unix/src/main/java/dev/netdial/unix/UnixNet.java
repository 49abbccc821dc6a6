package dev.netdial.unix;

import dev.netdial.api.Context;
import dev.netdial.api.NetException;
import dev.netdial.api.OpError;
import dev.netdial.api.UnixAddr;
import dev.netdial.api.UnknownNetworkError;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.SockControl;
import dev.netdial.posix.internal.UnixSockPosix;
import java.io.IOException;
import java.util.Objects;

/**
 * Go's package-level calls for Unix domain sockets: {@code DialUnix}, {@code ListenUnix},
 * {@code ListenUnixgram}, {@code ResolveUnixAddr}, {@code FileListener}, {@code FileConn}. dial-tcp's
 * {@code Dialer}, {@code Net} and {@code ListenConfig} reach them for the Unix networks, with
 * their Control hooks, context and deadlines.
 *
 * <p>Go: {@code src/net/unixsock.go}, {@code src/net/unixsock_posix.go}, {@code src/net/file_unix.go}.
 */
public final class UnixNet {
    private UnixNet() {
    }

    /** Go: {@code src/net/net.go} {@code errMissingAddress}. */
    static final String MISSING_ADDRESS = "missing address";

    /**
     * The address {@code address} on a Unix network, as given (no check that it exists).
     *
     * <p>Go: {@code src/net/unixsock.go} {@code ResolveUnixAddr}.
     *
     * @throws UnknownNetworkError for a network other than "unix", "unixgram", "unixpacket"
     */
    public static UnixAddr resolveUnixAddr(String network, String address) throws UnknownNetworkError {
        return UnixAddr.resolveUnixAddr(network, address);
    }

    /**
     * Connects to {@code raddr} on {@code network} ("unix", "unixgram", "unixpacket"), bound first
     * to {@code laddr} when it is not null (an empty name: none). A "unixgram" dial with only
     * {@code laddr} gives a bound, unconnected socket. Errors read "dial unix /run/x.sock:
     * connect: no such file or directory".
     *
     * <p>Go: {@code src/net/unixsock.go} {@code DialUnix}.
     */
    public static UnixConn dialUnix(String network, UnixAddr laddr, UnixAddr raddr) throws IOException {
        return dialUnixContext(Context.background(), network, laddr, raddr, null);
    }

    /**
     * As {@link #dialUnix}, bounded by {@code ctx} (cancel: "operation was canceled"; deadline:
     * "i/o timeout").
     *
     * <p>Go: {@code src/net/unixsock.go} {@code DialUnixContext}.
     */
    public static UnixConn dialUnixContext(Context ctx, String network, UnixAddr laddr, UnixAddr raddr)
            throws IOException {
        return dialUnixContext(ctx, network, laddr, raddr, null);
    }

    /**
     * As {@link #dialUnixContext(Context, String, UnixAddr, UnixAddr)}, running {@code control}
     * (may be null) on the socket before bind and connect: what a {@code Dialer} with a Control
     * hook does.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code DialUnixContext}, {@code src/net/unixsock_posix.go}
     * {@code (*sysDialer).dialUnix}.
     */
    public static UnixConn dialUnixContext(Context ctx, String network, UnixAddr laddr, UnixAddr raddr,
            UnixControl control) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(network, "network");
        switch (network) {
            case "unix", "unixgram", "unixpacket" -> {
            }
            default -> throw new OpError("dial", network, laddr, raddr, new UnknownNetworkError(network));
        }
        try {
            NetFD fd = UnixSockPosix.system().unixSocket(ctx, network, laddr, raddr, "dial", sockControl(control));
            return new UnixConn(fd);
        } catch (IOException e) {
            throw new OpError("dial", network, laddr, raddr, e);
        }
    }

    /**
     * Listens on {@code laddr} for "unix" or "unixpacket": the socket file is created (and removed
     * again by {@link UnixListener#close()}); an abstract name ("@name") has none; an empty name
     * makes the kernel choose an abstract one. Errors read "listen unix /p: bind: address already
     * in use".
     *
     * <p>Go: {@code src/net/unixsock.go} {@code ListenUnix}.
     */
    public static UnixListener listenUnix(String network, UnixAddr laddr) throws IOException {
        Objects.requireNonNull(network, "network");
        switch (network) {
            case "unix", "unixpacket" -> {
            }
            default -> throw new OpError("listen", network, null, laddr, new UnknownNetworkError(network));
        }
        return listenUnix(Context.background(), network, laddr, null);
    }

    /**
     * As {@link #listenUnix(String, UnixAddr)}, running {@code control} (may be null) on the
     * socket before bind: what a {@code ListenConfig} does. As Go's {@code ListenConfig.Listen},
     * it takes any Unix network: "unixgram" gives a listener on a bound datagram socket, whose
     * accept fails ("accept: operation not supported").
     *
     * <p>Go: {@code src/net/unixsock_posix.go} {@code (*sysListener).listenUnix}.
     */
    public static UnixListener listenUnix(Context ctx, String network, UnixAddr laddr, UnixControl control)
            throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(network, "network");
        if (laddr == null) {
            throw new OpError("listen", network, null, null, new NetException(MISSING_ADDRESS));
        }
        try {
            NetFD fd = UnixSockPosix.system().unixSocket(ctx, network, laddr, null, "listen", sockControl(control));
            return new UnixListener(fd, fd.localAddr().toString(), true);
        } catch (IOException e) {
            throw new OpError("listen", network, null, laddr, e);
        }
    }

    /**
     * A "unixgram" socket bound to {@code laddr} (an empty name: an abstract one the kernel
     * chooses), unconnected: read and write it with {@code readFrom}/{@code writeTo}.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code ListenUnixgram}.
     */
    public static UnixConn listenUnixgram(String network, UnixAddr laddr) throws IOException {
        Objects.requireNonNull(network, "network");
        if (!network.equals("unixgram")) {
            throw new OpError("listen", network, null, laddr, new UnknownNetworkError(network));
        }
        return listenUnixgram(Context.background(), network, laddr, null);
    }

    /**
     * As {@link #listenUnixgram(String, UnixAddr)}, running {@code control} (may be null) on the
     * socket before bind: what a {@code ListenConfig}'s {@code listenPacket} does. As Go's
     * {@code ListenConfig.ListenPacket}, it takes any Unix network ("unix" gives a conn on a
     * listening stream socket).
     *
     * <p>Go: {@code src/net/unixsock_posix.go} {@code (*sysListener).listenUnixgram}.
     */
    public static UnixConn listenUnixgram(Context ctx, String network, UnixAddr laddr, UnixControl control)
            throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(network, "network");
        if (laddr == null) {
            throw new OpError("listen", network, null, null, new NetException(MISSING_ADDRESS));
        }
        try {
            return new UnixConn(UnixSockPosix.system().unixSocket(ctx, network, laddr, null, "listen",
                    sockControl(control)));
        } catch (IOException e) {
            throw new OpError("listen", network, null, laddr, e);
        }
    }

    /**
     * A listener on a duplicate of the listening Unix socket {@code f} (which stays the
     * caller's); it does not remove the socket file on close unless
     * {@link UnixListener#setUnlinkOnClose} says so.
     *
     * <p>Go: {@code src/net/file.go} {@code FileListener}, {@code src/net/file_unix.go}
     * {@code fileListener} (its {@code *UnixAddr} case).
     * <p>Differs: only Unix sockets (dial-tcp's listeners live above this module); any other
     * socket fails with "invalid argument", as Go's answer for a socket of no listener type.
     */
    public static UnixListener fileListener(OwnedFd f) throws IOException {
        Objects.requireNonNull(f, "f");
        NetFD fd;
        try {
            fd = NetFD.newFileFD(f.fd());
        } catch (IOException e) {
            throw new OpError("file", "file+net", null, new FileAddr(f.name()), e);
        } finally {
            java.lang.ref.Reference.reachabilityFence(f); // open until its duplicate is made
        }
        if (!(fd.localAddr() instanceof UnixAddr la)) {
            fd.close();
            throw new OpError("file", "file+net", null, new FileAddr(f.name()),
                    new NetException(dev.netdial.api.Errno.EINVAL.message()));
        }
        return new UnixListener(fd, la.name(), false);
    }

    /**
     * A conn on a duplicate of the connected (or bound "unixgram") Unix socket {@code f}, which
     * stays the caller's: how a socket received with {@code SCM_RIGHTS}, or inherited, becomes a
     * {@link UnixConn}.
     *
     * <p>Go: {@code src/net/file.go} {@code FileConn}, {@code src/net/file_unix.go} {@code fileConn}
     * (its {@code *UnixAddr} case).
     * <p>Differs: only Unix sockets (TCP and UDP conns live in the modules above); any other
     * socket fails with "invalid argument", as Go's answer for a socket of no conn type.
     */
    public static UnixConn fileConn(OwnedFd f) throws IOException {
        Objects.requireNonNull(f, "f");
        NetFD fd;
        try {
            fd = NetFD.newFileFD(f.fd());
        } catch (IOException e) {
            throw new OpError("file", "file+net", null, new FileAddr(f.name()), e);
        } finally {
            java.lang.ref.Reference.reachabilityFence(f); // open until its duplicate is made
        }
        if (!(fd.localAddr() instanceof UnixAddr)) {
            fd.close();
            throw new OpError("file", "file+net", null, new FileAddr(f.name()),
                    new NetException(dev.netdial.api.Errno.EINVAL.message()));
        }
        return new UnixConn(fd);
    }

    /**
     * The address an error about a file names: the file's name, network "file+net".
     *
     * <p>Go: {@code src/net/file.go} {@code fileAddr}.
     */
    record FileAddr(String name) implements dev.netdial.api.Addr {
        @Override
        public String network() {
            return "file+net";
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The hook in the form the socket layer calls; null for none. netdial's own. */
    static SockControl sockControl(UnixControl control) {
        return control == null ? null : control::control;
    }
}
