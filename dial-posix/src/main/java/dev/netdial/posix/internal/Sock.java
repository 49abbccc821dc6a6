package dev.netdial.posix.internal;

import dev.netdial.api.Addr;
import dev.netdial.api.Context;
import dev.netdial.api.Errno;
import dev.netdial.api.SyscallError;
import dev.netdial.api.UDPAddr;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Creating sockets: open, set the defaults, then listen or dial; on any failure the fd is
 * closed before the error is returned, so nothing leaks.
 *
 * <p>Go: {@code src/net/sock_posix.go}, {@code src/net/sock_cloexec.go},
 * {@code src/net/sock_linux.go}, {@code src/net/sockopt_linux.go}.
 */
public final class Sock {
    private Sock() {
    }

    /** Go: {@code src/net/net.go} {@code listenerBacklog}, read once. */
    private static final class Backlog {
        static final int VALUE = maxListenerBacklog(Path.of("/proc/sys/net/core/somaxconn"), kernelVersion());
    }

    /** The listen(2) backlog: the kernel's somaxconn. */
    public static int listenerBacklog() {
        return Backlog.VALUE;
    }

    /**
     * Reads the kernel's maximum accept backlog, its first field read by Go's {@code dtoi} rules
     * (leading digits; "4096x" is 4096); {@code SOMAXCONN} when unreadable, zero, without digits
     * or at 0xFFFFFF and more (dtoi's cap), and capped to what the kernel's field holds (16 bits
     * before Linux 4.1, 32 after).
     *
     * <p>Go: {@code src/net/sock_linux.go} {@code maxListenerBacklog}, {@code maxAckBacklog}.
     */
    static int maxListenerBacklog(Path somaxconn, int[] kernel) {
        String first;
        try {
            // readAllLines, not readString: /proc/sys files report size 0 and readString then
            // returns a single byte on current JDKs.
            java.util.List<String> lines = Files.readAllLines(somaxconn);
            if (lines.isEmpty()) {
                return Constants.SOMAXCONN;
            }
            first = firstField(lines.get(0));
        } catch (IOException | RuntimeException e) {
            return Constants.SOMAXCONN;
        }
        // Go's dtoi: the digits the field starts with; none, or 0xFFFFFF and more, is not ok.
        Dtoi d = Dtoi.of(first);
        long n = d.n();
        if (n == 0 || !d.ok()) {
            return Constants.SOMAXCONN;
        }
        if (n > 0xFFFF) {
            boolean wide = kernel[0] > 4 || (kernel[0] == 4 && kernel[1] >= 1);
            long max = wide ? 0xFFFFFFFFL : 0xFFFFL;
            n = Math.min(n, max);
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /**
     * The first field of a line split at Go's {@code getFields} separators (space, tab, CR, LF);
     * "" when there is none.
     *
     * <p>Go: {@code src/net/parse.go} {@code getFields} ({@code f[0]}).
     */
    private static String firstField(String line) {
        int i = 0;
        while (i < line.length() && " \t\r\n".indexOf(line.charAt(i)) >= 0) {
            i++;
        }
        int j = i;
        while (j < line.length() && " \t\r\n".indexOf(line.charAt(j)) < 0) {
            j++;
        }
        return line.substring(i, j);
    }

    /**
     * The running kernel's {major, minor}, from os.version ("6.1.0-…"); {0, 0} when unknown.
     *
     * <p>Go: {@code src/internal/syscall/unix/kernel_version_linux.go} {@code KernelVersion}.
     * <p>Differs: reads the JVM's {@code os.version} (which is uname's release) instead of calling uname(2).
     */
    static int[] kernelVersion() {
        String v = System.getProperty("os.version", "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(v);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : new int[] {0, 0};
    }

    /**
     * socket(2) with the fd born non-blocking and close-on-exec.
     *
     * <p>Go: {@code src/net/sock_cloexec.go} {@code sysSocket}.
     */
    public static int sysSocket(SocketCalls calls, int family, int sotype, int proto) throws SyscallError {
        int s = calls.socket(family, sotype | Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC, proto);
        if (s < 0) {
            throw new SyscallError("socket", Errno.of(-s));
        }
        return s;
    }

    /**
     * Options every new socket gets: dual-stack (or IPv6-only) for IPv6, broadcast for IP datagrams.
     *
     * <p>Go: {@code src/net/sockopt_linux.go} {@code setDefaultSockopts}.
     */
    static void setDefaultSockopts(int s, int family, int sotype, boolean ipv6only) throws SyscallError {
        if (family == Constants.AF_INET6 && sotype != Constants.SOCK_RAW) {
            // Go ignores the result: some systems never allow changing it.
            LibC.setsockoptInt(s, Constants.IPPROTO_IPV6, Constants.IPV6_V6ONLY, ipv6only ? 1 : 0);
        }
        if ((sotype == Constants.SOCK_DGRAM || sotype == Constants.SOCK_RAW) && family != Constants.AF_UNIX) {
            int r = LibC.setsockoptInt(s, Constants.SOL_SOCKET, Constants.SO_BROADCAST, 1);
            if (r < 0) {
                throw new SyscallError("setsockopt", Errno.of(-r));
            }
        }
    }

    /**
     * Sets SO_REUSEADDR on a listening socket, so a restarted server can bind its port again.
     *
     * <p>Go: {@code src/net/sockopt_linux.go} {@code setDefaultListenerSockopts}.
     */
    static void setDefaultListenerSockopts(int s) throws SyscallError {
        int r = LibC.setsockoptInt(s, Constants.SOL_SOCKET, Constants.SO_REUSEADDR, 1);
        if (r < 0) {
            throw new SyscallError("setsockopt", Errno.of(-r));
        }
    }

    /**
     * Returns a registered network fd: listening (a stream) or bound (a datagram socket) when only
     * {@code laddr} is given, otherwise dialed (bound to {@code laddr} first when given).
     *
     * <p>Go: {@code src/net/sock_posix.go} {@code socket}.
     * <p>Differs: takes the test seams Go keeps in package variables ({@code calls},
     * {@code testHookCanceledDial}); the NetFD made here holds them for every later step. A dial
     * also takes the dialer's own {@link BeforeBind} step (null: none), run after Control.
     */
    static NetFD socket(SocketCalls calls, Runnable testHookCanceledDial, Context ctx, String net, int family,
            int sotype, int proto, boolean ipv6only, Addr laddr, Addr raddr, SockControl ctrl, BeforeBind prep)
            throws IOException {
        int s = sysSocket(calls, family, sotype, proto);
        try {
            setDefaultSockopts(s, family, sotype, ipv6only);
        } catch (IOException e) {
            calls.close(s);
            throw e;
        }
        NetFD fd = new NetFD(s, family, sotype, net, calls, testHookCanceledDial);
        try {
            if (laddr != null && raddr == null) {
                switch (sotype) {
                    case Constants.SOCK_STREAM, Constants.SOCK_SEQPACKET -> {
                        listenStream(fd, ctx, laddr, listenerBacklog(), ctrl);
                        return fd;
                    }
                    case Constants.SOCK_DGRAM -> {
                        listenDatagram(fd, ctx, laddr, ctrl);
                        return fd;
                    }
                    default -> {
                    }
                }
            }
            dial(fd, ctx, laddr, raddr, ctrl, prep);
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(fd);
            throw e;
        }
    }

    /** Closes a half-built fd after a failed step. netdial's own: Go's {@code fd.Close()} ignores the error the same way. */
    private static void closeQuietly(NetFD fd) {
        try {
            fd.close();
        } catch (IOException ignored) {
            // already closed by the failing step
        }
    }

    /**
     * Runs Control, binds (when asked) and connects, then records the local and remote addresses.
     *
     * <p>Go: {@code src/net/sock_posix.go} {@code (*netFD).dial}.
     * <p>Differs: the dialer's own step {@code prep} (may be null) runs between Control and bind,
     * so it sees what Control set and comes before any port is chosen.
     */
    static void dial(NetFD fd, Context ctx, Addr laddr, Addr raddr, SockControl ctrl, BeforeBind prep)
            throws IOException {
        if (ctrl != null) {
            String ctrlAddr = raddr != null ? raddr.toString() : laddr != null ? laddr.toString() : "";
            ctrl.control(ctx, fd.ctrlNetwork(), ctrlAddr, fd.rawConn());
        }
        if (prep != null) {
            prep.apply(fd.calls, fd.pfd.sysfd, laddr, raddr);
        }
        Sockaddr lsa = null;
        if (laddr != null) {
            lsa = IpSockPosix.sockaddr(laddr, fd.family);
            if (lsa != null) {
                int r = LibC.bind(fd.pfd.sysfd, lsa);
                if (r < 0) {
                    throw new SyscallError("bind", Errno.of(-r));
                }
            }
        }
        Sockaddr crsa = null;
        if (raddr != null) {
            Sockaddr rsa = IpSockPosix.sockaddr(raddr, fd.family);
            crsa = fd.connect(ctx, rsa);
            fd.markConnected();
        } else {
            fd.init();
        }
        // The local address from getsockname; the remote one from connect's confirmation, else
        // getpeername, else what the caller asked for.
        java.util.function.Function<Sockaddr, Addr> toAddr = fd.addrFunc();
        Sockaddr local = LibC.getsockname(fd.pfd.sysfd);
        Addr remote;
        if (crsa != null) {
            remote = toAddr.apply(crsa);
        } else {
            Sockaddr[] peer = new Sockaddr[1];
            remote = LibC.getpeername(fd.pfd.sysfd, peer) == 0 && peer[0] != null ? toAddr.apply(peer[0]) : raddr;
        }
        fd.setAddr(toAddr.apply(local), remote);
    }

    /**
     * Sets SO_REUSEADDR, runs Control, binds, listens and registers with the poller.
     *
     * <p>Go: {@code src/net/sock_posix.go} {@code (*netFD).listenStream}.
     */
    static void listenStream(NetFD fd, Context ctx, Addr laddr, int backlog, SockControl ctrl) throws IOException {
        setDefaultListenerSockopts(fd.pfd.sysfd);
        Sockaddr lsa = IpSockPosix.sockaddr(laddr, fd.family);
        if (ctrl != null) {
            ctrl.control(ctx, fd.ctrlNetwork(), laddr.toString(), fd.rawConn());
        }
        int r = LibC.bind(fd.pfd.sysfd, lsa);
        if (r < 0) {
            throw new SyscallError("bind", Errno.of(-r));
        }
        r = fd.calls.listen(fd.pfd.sysfd, backlog);
        if (r < 0) {
            throw new SyscallError("listen", Errno.of(-r));
        }
        fd.init();
        fd.setAddr(fd.addrFunc().apply(LibC.getsockname(fd.pfd.sysfd)), null);
    }

    /**
     * Binds a datagram socket (runs Control first) and registers it with the poller. A UDP
     * multicast address is bound as the wildcard of the socket's family with SO_REUSEADDR, so
     * that several sockets can share a port across groups (go.dev/issue/3819).
     *
     * <p>Go: {@code src/net/sock_posix.go} {@code (*netFD).listenDatagram}.
     */
    static void listenDatagram(NetFD fd, Context ctx, Addr laddr, SockControl ctrl) throws IOException {
        if (laddr instanceof UDPAddr u && u.ip() != null && u.ip().isMulticastAddress()) {
            setDefaultMulticastSockopts(fd.pfd.sysfd);
            laddr = new UDPAddr(fd.family == Constants.AF_INET ? IPV4_ZERO : IPV6_UNSPECIFIED, u.port(), u.zone());
        }
        Sockaddr lsa = IpSockPosix.sockaddr(laddr, fd.family);
        if (ctrl != null) {
            ctrl.control(ctx, fd.ctrlNetwork(), laddr.toString(), fd.rawConn());
        }
        int r = LibC.bind(fd.pfd.sysfd, lsa);
        if (r < 0) {
            throw new SyscallError("bind", Errno.of(-r));
        }
        fd.init();
        fd.setAddr(fd.addrFunc().apply(LibC.getsockname(fd.pfd.sysfd)), null);
    }

    /** Go's {@code IPv4zero}. */
    private static final InetAddress IPV4_ZERO = ipOf(new byte[4]);
    /** Go's {@code IPv6unspecified}. */
    private static final InetAddress IPV6_UNSPECIFIED = ipOf(new byte[16]);

    /** netdial's own: an address from 4 or 16 bytes, which cannot fail. */
    private static InetAddress ipOf(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Lets several multicast UDP sockets listen on one port: SO_REUSEADDR.
     *
     * <p>Go: {@code src/net/sockopt_linux.go} {@code setDefaultMulticastSockopts}.
     */
    static void setDefaultMulticastSockopts(int s) throws SyscallError {
        int r = LibC.setsockoptInt(s, Constants.SOL_SOCKET, Constants.SO_REUSEADDR, 1);
        if (r < 0) {
            throw new SyscallError("setsockopt", Errno.of(-r));
        }
    }
}
