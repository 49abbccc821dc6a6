package dev.netdial.posix.internal;

import dev.netdial.api.Addr;
import dev.netdial.api.Context;
import dev.netdial.api.NetException;
import dev.netdial.api.UnixAddr;
import dev.netdial.api.UnknownNetworkError;
import java.io.IOException;

/**
 * Unix domain sockets: the socket type of each Unix network, address conversion to and from the
 * kernel's {@code sockaddr_un}, and {@link #unixSocket}, which opens, binds, listens or connects
 * one through {@link Sock#socket}.
 *
 * <p>An instance carries the socket layer's {@link SocketCalls} test seam into the {@link NetFD}
 * it makes, as {@link IpSockPosix} does; {@link #system()} uses the real calls.
 *
 * <p>Go: {@code src/net/unixsock_posix.go} ({@code unixSocket}, {@code sockaddrToUnix},
 * {@code sockaddrToUnixgram}, {@code sockaddrToUnixpacket}, {@code sotypeToNet},
 * {@code (*UnixAddr).sockaddr}).
 */
public final class UnixSockPosix {
    private static final UnixSockPosix SYSTEM = new UnixSockPosix(SocketCalls.system());

    private final SocketCalls calls;

    private UnixSockPosix(SocketCalls calls) {
        this.calls = calls;
    }

    /** The real system calls: what production code opens Unix sockets with. */
    public static UnixSockPosix system() {
        return SYSTEM;
    }

    /** Unix sockets whose syscalls go through {@code calls} (null: the real ones). */
    public static UnixSockPosix withHooks(SocketCalls calls) {
        return calls == null || calls == SocketCalls.system() ? SYSTEM : new UnixSockPosix(calls);
    }

    /**
     * The socket type of a Unix network: SOCK_STREAM for "unix", SOCK_DGRAM for "unixgram",
     * SOCK_SEQPACKET for "unixpacket".
     *
     * <p>Go: {@code src/net/unixsock_posix.go} {@code unixSocket}, its first {@code switch}.
     *
     * @throws UnknownNetworkError for any other network
     */
    public static int sotype(String net) throws UnknownNetworkError {
        return switch (net) {
            case "unix" -> Constants.SOCK_STREAM;
            case "unixgram" -> Constants.SOCK_DGRAM;
            case "unixpacket" -> Constants.SOCK_SEQPACKET;
            default -> throw new UnknownNetworkError(net);
        };
    }

    /**
     * Opens a Unix socket of network {@code net}: for mode "dial", connected to {@code raddr}
     * (bound first to {@code laddr} when given), or for "unixgram" with only {@code laddr}, bound
     * and unconnected; for mode "listen", bound to {@code laddr} and, for "unix" and
     * "unixpacket", listening. An empty (wildcard) address counts as none when dialing; a dial
     * without a remote address (unless "unixgram" with a local one) fails with "missing address".
     *
     * <p>Go: {@code src/net/unixsock_posix.go} {@code unixSocket}.
     */
    public NetFD unixSocket(Context ctx, String net, UnixAddr laddr, UnixAddr raddr, String mode, SockControl ctrl)
            throws IOException {
        int sotype = sotype(net);
        switch (mode) {
            case "dial" -> {
                if (laddr != null && laddr.isWildcard()) {
                    laddr = null;
                }
                if (raddr != null && raddr.isWildcard()) {
                    raddr = null;
                }
                if (raddr == null && (sotype != Constants.SOCK_DGRAM || laddr == null)) {
                    throw new NetException("missing address"); // Go: errMissingAddress
                }
            }
            case "listen" -> {
            }
            default -> throw new NetException("unknown mode: " + mode);
        }
        return Sock.socket(calls, null, ctx, net, Constants.AF_UNIX, sotype, 0, false, laddr, raddr, ctrl, null);
    }

    /**
     * The kernel's form of a Unix address: its name.
     *
     * <p>Go: {@code src/net/unixsock_posix.go} {@code (*UnixAddr).sockaddr}.
     */
    static Sockaddr sockaddr(UnixAddr a) {
        return new SockaddrUnix(a.name());
    }

    /**
     * The {@link UnixAddr} of a kernel address on a socket of type {@code sotype} (its network
     * "unix", "unixgram" or "unixpacket"); null when {@code sa} is not a Unix address.
     *
     * <p>Go: {@code src/net/unixsock_posix.go} {@code sockaddrToUnix}, {@code sockaddrToUnixgram},
     * {@code sockaddrToUnixpacket} (the one {@code (*netFD).addrFunc} picks by socket type).
     */
    public static Addr sockaddrToUnix(Sockaddr sa, int sotype) {
        if (sa instanceof SockaddrUnix s) {
            return new UnixAddr(s.name(), sotypeToNet(sotype));
        }
        return null;
    }

    /**
     * The Unix network of a socket type.
     *
     * <p>Go: {@code src/net/unixsock_posix.go} {@code sotypeToNet}.
     *
     * @throws IllegalArgumentException for a type no Unix network has (Go panics)
     */
    public static String sotypeToNet(int sotype) {
        return switch (sotype) {
            case Constants.SOCK_STREAM -> "unix";
            case Constants.SOCK_DGRAM -> "unixgram";
            case Constants.SOCK_SEQPACKET -> "unixpacket";
            default -> throw new IllegalArgumentException("sotypeToNet unknown socket type");
        };
    }
}
