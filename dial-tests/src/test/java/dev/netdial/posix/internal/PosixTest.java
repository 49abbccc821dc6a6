package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netdial.api.AddrError;
import dev.netdial.api.Errno;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.testing.GoErrors;
import dev.netdial.testing.Loopback;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The POSIX layer of dial-posix: fd flags, the hand-encoded sockaddr structs, address
 * conversion and family choice, the listen backlog, zero-byte reads and JNA's errno plumbing.
 *
 * <p>Go: {@code src/net/net_test.go}, {@code src/net/ipsock_posix.go},
 * {@code src/net/sock_linux.go}, {@code src/net/sock_cloexec.go}, {@code src/syscall/syscall_linux.go}.
 */
class PosixTest {


    /**
     * Every fd netdial creates is born close-on-exec and non-blocking: a dialed, an accepted and
     * a listening socket (IPv4 and, when the host has it, IPv6), the poller's epoll fd and
     * eventfd, and a platform waiter's wake-up eventfd. 100% must be close-on-exec, and 100% of
     * those that are read or written must be non-blocking; the epoll fd cannot be (epoll_create1
     * has no such flag, as in Go) and is never read or written.
     *
     * <p>Go: {@code src/net/sock_cloexec.go} {@code sysSocket}, {@code src/internal/poll/sock_cloexec.go}
     * {@code accept} ({@code accept4(SOCK_NONBLOCK|SOCK_CLOEXEC)}), {@code src/runtime/netpoll_epoll.go}
     * {@code netpollinit} ({@code epoll_create1(EPOLL_CLOEXEC)}, {@code eventfd(EFD_CLOEXEC|EFD_NONBLOCK)}).
     */
    @Test
    void testFdFlags() throws IOException {
        Map<String, Integer> fds = new LinkedHashMap<>();
        List<NetFD> open = new ArrayList<>();
        WakeFds.Waiter waiter = null;
        try {
            List<InetAddress> ips = new ArrayList<>(List.of(Loopback.V4));
            if (IpSockPosix.supportsIPv6()) {
                ips.add(Loopback.V6);
            }
            for (InetAddress ip : ips) {
                NetFD ln = Loopback.listen(ip);
                open.add(ln);
                NetFD c = Loopback.dial((TCPAddr) ln.localAddr());
                open.add(c);
                NetFD s = ln.accept();
                open.add(s);
                String fam = ip == Loopback.V4 ? "v4" : "v6";
                fds.put("listener " + fam, ln.pfd().sysfd);
                fds.put("dialed " + fam, c.pfd().sysfd);
                fds.put("accepted " + fam, s.pfd().sysfd);
            }
            EpollPoller poller = EpollPoller.global();
            fds.put("poller epoll", poller.epfd());
            fds.put("poller eventfd", poller.wakefd());
            waiter = WakeFds.take();
            assertNotNull(waiter, "WakeFds.take() gave no waiter (eventfd refused?)");
            fds.put("waiter eventfd", waiter.eventfd);

            // epoll_create1 takes only EPOLL_CLOEXEC: there is no EPOLL_NONBLOCK, and an epoll fd is
            // never read or written (epoll_wait has its own timeout), so O_NONBLOCK is not asked of
            // it (Go's netpollinit makes the same fd).
            Set<String> noNonblockNeeded = Set.of("poller epoll");
            List<String> bad = new ArrayList<>();
            int cloexecs = 0;
            int nonblocks = 0;
            for (Map.Entry<String, Integer> e : fds.entrySet()) {
                int fd = e.getValue();
                int fdflags = LibC.fcntl(fd, Constants.F_GETFD, 0);
                int flflags = LibC.fcntl(fd, Constants.F_GETFL, 0);
                boolean cloexec = fdflags >= 0 && (fdflags & Constants.FD_CLOEXEC) != 0;
                boolean nonblock = flflags >= 0 && (flflags & Constants.O_NONBLOCK) != 0;
                boolean wantNonblock = !noNonblockNeeded.contains(e.getKey());
                cloexecs += cloexec ? 1 : 0;
                nonblocks += wantNonblock && nonblock ? 1 : 0;
                if (!cloexec || (wantNonblock && !nonblock)) {
                    bad.add(e.getKey() + " (fd " + fd + "): F_GETFD=" + fdflags + " F_GETFL=0x"
                            + Integer.toHexString(flflags));
                }
            }
            int wantNonblocks = fds.size() - noNonblockNeeded.size();
            String summary = cloexecs + "/" + fds.size() + " fds have FD_CLOEXEC, " + nonblocks + "/" + wantNonblocks
                    + " read/written fds have O_NONBLOCK (the epoll fd is exempt); wrong: " + bad;
            assertEquals(fds.size(), cloexecs, summary);
            assertEquals(wantNonblocks, nonblocks, summary);
            assertTrue(bad.isEmpty(), summary);
            System.out.println("testFdFlags: " + summary);
        } finally {
            if (waiter != null) {
                WakeFds.release(waiter);
            }
            for (NetFD fd : open) {
                fd.close();
            }
        }
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] padded(byte[] b, int len) {
        return Arrays.copyOf(b, len);
    }

    /**
     * sockaddr_in and sockaddr_in6 are encoded at Linux's offsets (family little-endian u16,
     * port big-endian, address, and for IPv6 flowinfo 0 and a little-endian scope id) and
     * decoded back from golden bytes; short buffers and unknown families decode to null.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code (*SockaddrInet4).sockaddr},
     * {@code (*SockaddrInet6).sockaddr}, {@code anyToSockaddr}.
     */
    @Test
    void testSockaddrCodecGolden() {
        record Case(Sockaddr sa, byte[] golden) {
        }
        byte[] v6 = hex("20010db8 00000000 00000000 00000001"); // 2001:db8::1
        byte[] ll = hex("fe800000 00000000 00000000 00000001"); // fe80::1
        List<Case> cases = List.of(
                // family 2 LE | port 8080 BE | 127.0.0.1 | zero[8]
                new Case(new SockaddrInet4(new byte[] {127, 0, 0, 1}, 8080),
                        hex("0200 1f90 7f000001 0000000000000000")),
                new Case(new SockaddrInet4(new byte[] {0, 0, 0, 0}, 0),
                        hex("0200 0000 00000000 0000000000000000")),
                new Case(new SockaddrInet4(new byte[] {(byte) 192, 0, 2, (byte) 255}, 65535),
                        hex("0200 ffff c00002ff 0000000000000000")),
                // family 10 LE | port BE | flowinfo 0 | addr[16] | scope id LE
                new Case(new SockaddrInet6(v6, 443, 0),
                        hex("0a00 01bb 00000000 20010db8000000000000000000000001 00000000")),
                new Case(new SockaddrInet6(ll, 1, 0x01020304),
                        hex("0a00 0001 00000000 fe800000000000000000000000000001 04030201")),
                new Case(new SockaddrInet6(new byte[16], 65535, 1),
                        hex("0a00 ffff 00000000 00000000000000000000000000000000 01000000")));
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            byte[] got = SockaddrCodec.encode(c.sa);
            assertArrayEquals(c.golden, got, "case " + i + " encode(" + c.sa + "): got "
                    + HexFormat.of().formatHex(got));
            int size = c.sa instanceof SockaddrInet4 ? SockaddrCodec.SIZEOF_SOCKADDR_INET4 : SockaddrCodec.SIZEOF_SOCKADDR_INET6;
            assertEquals(size, got.length, "case " + i + " length");
            assertEquals(c.sa, SockaddrCodec.decode(c.golden, c.golden.length), "case " + i + " decode");
            // The kernel writes into a sockaddr_storage-sized buffer and reports the real length.
            assertEquals(c.sa, SockaddrCodec.decode(padded(c.golden, SockaddrCodec.MAX_LEN), c.golden.length),
                    "case " + i + " decode from a 128-byte buffer");
        }
        // A non-zero flowinfo is ignored on decode (Go's SockaddrInet6 has no flowinfo either).
        byte[] flow = hex("0a00 0050 12345678 20010db8000000000000000000000001 00000000");
        assertEquals(new SockaddrInet6(v6, 80, 0), SockaddrCodec.decode(flow, flow.length), "flowinfo ignored");

        record Bad(String why, byte[] b, int len) {
        }
        byte[] in4 = cases.get(0).golden;
        byte[] in6 = cases.get(3).golden;
        byte[] unix = padded(hex("0100 2f746d702f73"), 110); // AF_UNIX "/tmp/s": decoded since dial-unix
        assertEquals(new SockaddrUnix("/tmp/s"), SockaddrCodec.decode(unix, unix.length), "AF_UNIX");
        List<Bad> bad = List.of(
                new Bad("empty", new byte[0], 0),
                new Bad("one byte", new byte[] {2}, 1),
                new Bad("sockaddr_in one byte short", in4, SockaddrCodec.SIZEOF_SOCKADDR_INET4 - 1),
                new Bad("sockaddr_in6 one byte short", in6, SockaddrCodec.SIZEOF_SOCKADDR_INET6 - 1),
                new Bad("sockaddr_in6 cut to sockaddr_in's size", in6, SockaddrCodec.SIZEOF_SOCKADDR_INET4),
                new Bad("AF_UNSPEC", padded(hex("0000"), 28), 28),
                new Bad("family 0x0102 (high byte set)", padded(hex("0201 1f90 7f000001"), 16), 16),
                new Bad("family 0x0a01 (high byte set)", padded(hex("0a01"), 28), 28));
        for (int i = 0; i < bad.size(); i++) {
            Bad b = bad.get(i);
            assertNull(SockaddrCodec.decode(b.b, b.len), "bad case " + i + " (" + b.why + ") must decode to null");
        }
    }

    /**
     * IPs become kernel socket addresses: an IPv6 address cannot be AF_INET (AddrError
     * "non-IPv4 address"), an IPv4 address in AF_INET6 becomes IPv4-mapped, a null IP the
     * wildcard of the family (and 0.0.0.0 the IPv6 wildcard), a zone its interface index.
     *
     * <p>Go: {@code src/net/ipsock_posix.go} {@code ipToSockaddr}, {@code ipToSockaddrInet4},
     * {@code ipToSockaddrInet6}; {@code src/net/interface.go} {@code (*ipv6ZoneCache).index}.
     */
    @Test
    void testIpToSockaddr() throws IOException {
        InetAddress v6 = InetAddress.getByAddress(hex("20010db8000000000000000000000001"));
        InetAddress any4 = InetAddress.getByAddress(new byte[4]);
        byte[] mapped = hex("00000000000000000000ffff7f000001");
        int loIndex = Integer.parseInt(Files.readAllLines(Path.of("/sys/class/net/lo/ifindex")).get(0).strip());

        record Case(int family, InetAddress ip, int port, String zone, Sockaddr want) {
        }
        List<Case> cases = List.of(
                new Case(Constants.AF_INET, Loopback.V4, 80, "", new SockaddrInet4(new byte[] {127, 0, 0, 1}, 80)),
                new Case(Constants.AF_INET, null, 81, "", new SockaddrInet4(new byte[4], 81)),
                new Case(Constants.AF_INET, any4, 82, "", new SockaddrInet4(new byte[4], 82)),
                new Case(Constants.AF_INET6, Loopback.V4, 83, "", new SockaddrInet6(mapped, 83, 0)),
                new Case(Constants.AF_INET6, null, 84, "", new SockaddrInet6(new byte[16], 84, 0)),
                new Case(Constants.AF_INET6, any4, 85, "", new SockaddrInet6(new byte[16], 85, 0)),
                new Case(Constants.AF_INET6, v6, 86, "", new SockaddrInet6(v6.getAddress(), 86, 0)),
                new Case(Constants.AF_INET6, Loopback.V6, 87, "lo", new SockaddrInet6(Loopback.V6.getAddress(), 87, loIndex)),
                new Case(Constants.AF_INET6, Loopback.V6, 88, "911", new SockaddrInet6(Loopback.V6.getAddress(), 88, 911)),
                new Case(Constants.AF_INET6, Loopback.V6, 89, "no-such-if0", new SockaddrInet6(Loopback.V6.getAddress(), 89, 0)));
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            assertEquals(c.want, IpSockPosix.ipToSockaddr(c.family, c.ip, c.port, c.zone),
                    "case " + i + ": ipToSockaddr(" + c.family + ", " + c.ip + ", " + c.port + ", \"" + c.zone + "\")");
        }

        // AF_INET with an IPv6 address: Go's AddrError, as a dial reports it.
        for (InetAddress ip : List.of(v6, Loopback.V6, InetAddress.getByAddress(new byte[16]))) {
            AddrError e = assertThrows(AddrError.class, () -> IpSockPosix.ipToSockaddr(Constants.AF_INET, ip, 80, ""), ip.toString());
            assertEquals("non-IPv4 address", e.err());
            assertEquals(dev.netdial.api.IP.format(ip), e.addr());
            assertEquals("address " + dev.netdial.api.IP.format(ip) + ": non-IPv4 address", e.getMessage());
            GoErrors.checkDial(new OpError("dial", "tcp4", null, new TCPAddr(ip, 80), e));
        }
        AddrError e = assertThrows(AddrError.class, () -> IpSockPosix.ipToSockaddr(Constants.AF_UNSPEC, Loopback.V4, 80, ""));
        assertEquals("invalid address family", e.err());
        GoErrors.checkDial(new OpError("dial", "tcp", null, new TCPAddr(Loopback.V4, 80), e));
    }

    /**
     * The socket family (and IPV6_V6ONLY) for a network, its addresses and the mode, in the
     * cases Go's comment lists: a "4"/"6" suffix decides; a wildcard listen takes a dual-stack
     * AF_INET6 socket when IPv4-mapping works; otherwise AF_INET only when both ends are IPv4.
     *
     * <p>Go: {@code src/net/ipsock_posix.go} {@code favoriteAddrFamily}.
     */
    @Test
    void testFavoriteAddrFamily() throws IOException {
        int inet = Constants.AF_INET;
        int inet6 = Constants.AF_INET6;
        TCPAddr v4 = new TCPAddr(Loopback.V4, 0);
        TCPAddr v6 = new TCPAddr(Loopback.V6, 0);
        TCPAddr wild4 = new TCPAddr(InetAddress.getByAddress(new byte[4]), 0);
        TCPAddr wild6 = new TCPAddr(InetAddress.getByAddress(new byte[16]), 0);
        TCPAddr noIp = new TCPAddr(null, 0);
        TCPAddr mapped = new TCPAddr(InetAddress.getByAddress(hex("00000000000000000000ffff7f000001")), 0);
        // Go's cases 1 and 2 depend on the host; "dual" is what Go answers for a wild listen.
        boolean dual = IpSockPosix.supportsIPv4map() || !IpSockPosix.supportsIPv4();

        record Case(String net, TCPAddr laddr, TCPAddr raddr, String mode, int family, boolean v6only) {
        }
        List<Case> cases = List.of(
                // Suffixes.
                new Case("tcp4", null, null, "listen", inet, false),
                new Case("tcp4", wild6, null, "listen", inet, false),
                new Case("tcp4", null, v4, "dial", inet, false),
                new Case("tcp6", null, null, "listen", inet6, true),
                new Case("tcp6", wild4, null, "listen", inet6, true),
                new Case("tcp6", null, v4, "dial", inet6, true),
                new Case("udp4", null, v6, "dial", inet, false),
                new Case("udp6", null, v4, "dial", inet6, true),
                // 1. wild-wild listen, "tcp" + "".
                new Case("tcp", null, null, "listen", dual ? inet6 : inet, false),
                new Case("tcp", noIp, null, "listen", dual ? inet6 : inet, false),
                // 2. wild-ipv4wild listen, "tcp" + "0.0.0.0".
                new Case("tcp", wild4, null, "listen", dual ? inet6 : inet, false),
                // 3. wild-ipv6wild listen, "tcp" + "[::]": AF_INET6 either way.
                new Case("tcp", wild6, null, "listen", inet6, false),
                // Specific listen addresses.
                new Case("tcp", v4, null, "listen", inet, false),
                new Case("tcp", v6, null, "listen", inet6, false),
                // Dials.
                new Case("tcp", null, v4, "dial", inet, false),
                new Case("tcp", null, v6, "dial", inet6, false),
                new Case("tcp", v4, v4, "dial", inet, false),
                new Case("tcp", v6, v6, "dial", inet6, false),
                new Case("tcp", v4, v6, "dial", inet6, false),
                new Case("tcp", v6, v4, "dial", inet6, false),
                new Case("tcp", wild4, v4, "dial", inet, false),
                new Case("tcp", wild6, v4, "dial", inet6, false),
                new Case("tcp", null, mapped, "dial", inet, false));
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            IpSockPosix.Family got = IpSockPosix.favoriteAddrFamily(c.net, c.laddr, c.raddr, c.mode);
            String what = "case " + i + ": favoriteAddrFamily(" + c.net + ", " + c.laddr + ", " + c.raddr + ", " + c.mode + ")";
            assertEquals(c.family, got.family(), what + " family");
            assertEquals(c.v6only, got.ipv6only(), what + " ipv6only");
        }
    }

    /**
     * The listen backlog read from somaxconn: a number is used, capped at 65535 before Linux 4.1;
     * zero, garbage, an empty or missing file give {@code SOMAXCONN} (128).
     *
     * <p>Go: {@code src/net/sock_linux.go} {@code maxListenerBacklog}, {@code maxAckBacklog}.
     */
    @Test
    void testListenerBacklog(@TempDir Path dir) throws IOException {
        record Case(String content, int[] kernel, int want) {
        }
        int[] k510 = {5, 10};
        List<Case> cases = List.of(
                new Case("4096\n", k510, 4096),
                new Case("128\n", k510, 128),
                new Case("  4096  \n", k510, 4096),
                new Case("4096 1\n", k510, 4096),
                new Case("65535\n", new int[] {4, 0}, 65535),
                new Case("0", k510, 128),
                new Case("0\n", k510, 128),
                new Case("garbage\n", k510, 128),
                new Case("", k510, 128),
                new Case("\n", k510, 128),
                new Case("70000\n", new int[] {4, 0}, 65535),
                new Case("70000\n", new int[] {3, 10}, 65535),
                new Case("70000\n", new int[] {4, 1}, 70000),
                new Case("70000\n", k510, 70000),
                new Case("70000\n", new int[] {0, 0}, 65535)); // kernel unknown: the narrow field
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Path f = dir.resolve("somaxconn" + i);
            Files.writeString(f, c.content);
            assertEquals(c.want, Sock.maxListenerBacklog(f, c.kernel),
                    "case " + i + ": somaxconn \"" + c.content.replace("\n", "\\n") + "\" on kernel "
                            + c.kernel[0] + "." + c.kernel[1]);
        }
        assertEquals(Constants.SOMAXCONN, Sock.maxListenerBacklog(dir.resolve("missing"), k510), "missing file");
        // What this host uses: its somaxconn (sane hosts are below 65536).
        // (readAllLines: /proc files report size 0, and Files.readString then returns one byte.)
        int host = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).strip());
        if (host > 0 && host <= 0xFFFF) {
            assertEquals(host, Sock.listenerBacklog(), "listenerBacklog() on this host");
        }
    }

    /**
     * A zero-length read returns 0 at once, without waiting for data, on both ends of a
     * connection that has none.
     *
     * <p>Go: {@code src/net/net_test.go} {@code TestZeroByteRead}.
     */
    @Test
    void testZeroByteRead() throws Exception {
        NetFD[] p = Loopback.pair();
        try {
            for (NetFD fd : p) {
                for (Thread.Builder b : List.of(Thread.ofPlatform().name("posix-zeroread-p"), Thread.ofVirtual().name("posix-zeroread-v"))) {
                    CompletableFuture<int[]> got = new CompletableFuture<>();
                    Thread t = b.start(() -> {
                        try {
                            int a = fd.read(new byte[0], 0, 0);
                            int bb = fd.read(new byte[8], 8, 0);
                            int c = fd.read(ByteBuffer.allocate(0));
                            int d = fd.read(ByteBuffer.allocateDirect(4).position(4));
                            got.complete(new int[] {a, bb, c, d});
                        } catch (Throwable e) {
                            got.completeExceptionally(e);
                        }
                    });
                    int[] n;
                    try {
                        n = got.get(1, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        fd.close(); // unblocks the reader so nothing leaks
                        t.join();
                        fail("a zero-byte read on " + fd + " (" + t + ") blocked for 1 s");
                        return;
                    }
                    t.join();
                    assertArrayEquals(new int[] {0, 0, 0, 0}, n, "zero byte reads on " + fd + " (" + t + ")");
                }
            }
        } finally {
            for (NetFD fd : p) {
                if (!fd.pfd().isClosing()) {
                    fd.close();
                }
            }
        }
    }

    /**
     * JNA's errno plumbing: a failing call returns {@code -errno} read straight after the call,
     * e.g. connect, close and fcntl on a closed (or never opened) fd give {@code -EBADF}, a bad
     * socket type {@code -EINVAL}, and {@link Errno} names them as Go does.
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} (the {@code Errno} a raw call returns);
     * {@code src/syscall/zerrors_linux_amd64.go} (the texts).
     */
    @Test
    void testErrnoSanity() throws IOException {
        int ebadf = Errno.EBADF.code();
        assertEquals(9, ebadf, "EBADF on Linux");
        Sockaddr sa = new SockaddrInet4(new byte[] {127, 0, 0, 1}, 9);
        assertEquals(-ebadf, LibC.connect(-1, sa), "connect(-1)");
        assertEquals(-ebadf, LibC.close(-1), "close(-1)");
        assertEquals(-ebadf, LibC.fcntl(-1, Constants.F_GETFD, 0), "fcntl(-1)");
        assertEquals(-ebadf, LibC.connect(Integer.MAX_VALUE, sa), "connect(INT_MAX)");

        // A real socket, closed, then connect on its (now free) number.
        int s = LibC.socket(Constants.AF_INET, Constants.SOCK_STREAM | Constants.SOCK_CLOEXEC | Constants.SOCK_NONBLOCK, 0);
        assertTrue(s >= 0, "socket: " + s);
        assertEquals(0, LibC.close(s), "close of a fresh socket");
        if (!Files.exists(Path.of("/proc/self/fd/" + s), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            assertEquals(-ebadf, LibC.connect(s, sa), "connect on closed fd " + s);
        }
        assertEquals(-ebadf, LibC.close(s), "second close of fd " + s);

        assertEquals(-Constants.EINVAL, LibC.socket(Constants.AF_INET, 0x7FF, 0), "socket with a bad type");
        assertEquals(-Constants.EAFNOSUPPORT, LibC.socket(12345, Constants.SOCK_STREAM, 0), "socket with a bad family");

        assertEquals(Errno.EBADF, Errno.of(ebadf));
        assertEquals("bad file descriptor", Errno.of(ebadf).message());
        assertEquals("connection refused", Errno.of(111).message());
    }

    /** The link target of one of this process's fds, or null when it is not open. */
    static String fdTarget(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
