package dev.netdial.testing;

import dev.netdial.api.Context;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.SocketCalls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Loopback sockets at the dial-posix level, for tests that sit below the Dialer: a listener on
 * 127.0.0.1 or ::1 with a kernel-chosen port, and connected pairs.
 *
 * <p>Go: {@code src/net/mockserver_test.go} {@code newLocalListener} (the part that needs no Dialer).
 */
public final class Loopback {
    private Loopback() {
    }

    public static final InetAddress V4 = addr(new byte[] {127, 0, 0, 1});
    public static final InetAddress V6 = addr(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private static InetAddress addr(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A listening "tcp" NetFD on {@code ip}:0. */
    public static NetFD listen(InetAddress ip) throws IOException {
        return listen(SocketCalls.system(), ip);
    }

    /** A listening "tcp" NetFD on {@code ip}:0 whose syscalls go through {@code calls}. */
    public static NetFD listen(SocketCalls calls, InetAddress ip) throws IOException {
        return IpSockPosix.withHooks(calls, null).internetSocket(Context.background(), "tcp", new TCPAddr(ip, 0, null), null,
                Constants.SOCK_STREAM, 0, "listen", null);
    }

    /** Dials {@code raddr} ("tcp", no local address). */
    public static NetFD dial(TCPAddr raddr) throws IOException {
        return dial(SocketCalls.system(), Context.background(), raddr);
    }

    /** Dials {@code raddr} with a context, through {@code calls}. */
    public static NetFD dial(SocketCalls calls, Context ctx, TCPAddr raddr) throws IOException {
        return IpSockPosix.withHooks(calls, null).internetSocket(ctx, "tcp", null, raddr, Constants.SOCK_STREAM, 0, "dial", null);
    }

    /** A connected pair {client, server} over 127.0.0.1; the listener is closed before returning. */
    public static NetFD[] pair() throws IOException {
        return pair(V4);
    }

    /** A connected pair {client, server} over {@code ip}. */
    public static NetFD[] pair(InetAddress ip) throws IOException {
        NetFD ln = listen(ip);
        try {
            NetFD c = dial((TCPAddr) ln.localAddr());
            try {
                return new NetFD[] {c, ln.accept()};
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        } finally {
            ln.close();
        }
    }
}
