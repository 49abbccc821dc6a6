package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.Errno;
import dev.netdial.api.Errors;
import dev.netdial.api.HostPort;
import dev.netdial.api.IP;
import dev.netdial.api.KeepAliveConfig;
import dev.netdial.api.Listener;
import dev.netdial.api.NetException;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.posix.internal.SockOpt;
import dev.netdial.testing.GoErrors;
import dev.netdial.testing.SocketSwitch;
import dev.netdial.testing.SocketSwitch.Action;
import dev.netdial.testing.SocketSwitch.FilterType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ports of Go's dial_test.go that need no DNS server and no network namespace.
 *
 * <p>Go: {@code src/net/dial_test.go}.
 */
@Timeout(120)
class DialTest {
    private static final String SLOW_DST4 = "198.18.0.254";
    private static final String SLOW_DST6 = "2001:2::254";

    private static TCPListener localListener(String network) throws IOException {
        String addr = network.equals("tcp6") ? "[::1]:0" : "127.0.0.1:0";
        return (TCPListener) new ListenConfig().listen(Context.background(), network, addr);
    }

    private static Thread serve(Listener ln) {
        return Thread.ofVirtual().start(() -> {
            for (;;) {
                try {
                    ln.accept().close();
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** Go: {@code TestDialLocal}: an empty host means the local system. */
    @Test
    void testDialLocal() throws Exception {
        try (TCPListener ln = localListener("tcp")) {
            Thread t = serve(ln);
            String port = HostPort.split(ln.addr().toString()).port();
            try (Conn c = Net.dial("tcp", HostPort.join("", port))) {
                assertEquals(((TCPAddr) ln.addr()).port(), ((TCPAddr) c.remoteAddr()).port());
            }
            ln.close();
            t.join();
        }
    }

    private record PartialDeadlineCase(Instant now, Instant deadline, int addrs, Instant expectDeadline, boolean expectErr) {
    }

    /** Go: {@code TestDialerPartialDeadline}. */
    @Test
    void testDialerPartialDeadline() {
        Instant t0 = Instant.parse("2000-01-01T00:00:00Z");
        List<PartialDeadlineCase> cases = List.of(
                new PartialDeadlineCase(t0, null, 10, null, false),
                new PartialDeadlineCase(t0, t0.plusSeconds(1), 1, t0.plusSeconds(1), false),
                new PartialDeadlineCase(t0, t0.plusSeconds(1), 2, t0.plusSeconds(1), false),
                new PartialDeadlineCase(t0, t0.plusSeconds(1), 3, t0.plusSeconds(1), false),
                new PartialDeadlineCase(t0, t0.plusSeconds(2), 1, t0.plusSeconds(2), false),
                new PartialDeadlineCase(t0, t0.plusSeconds(4), 2, t0.plusSeconds(2), false),
                new PartialDeadlineCase(t0, t0.plusSeconds(6), 3, t0.plusSeconds(2), false),
                new PartialDeadlineCase(t0, t0.plusSeconds(9), 3, t0.plusSeconds(3), false),
                new PartialDeadlineCase(t0, t0.plusSeconds(10), 1, t0.plusSeconds(10), false),
                new PartialDeadlineCase(t0, t0.plusSeconds(10), 10, t0.plusSeconds(2), false),
                new PartialDeadlineCase(t0, t0.plusSeconds(100), 5, t0.plusSeconds(20), false),
                new PartialDeadlineCase(t0, t0, 1, null, true),
                new PartialDeadlineCase(t0.plusSeconds(1), t0, 1, null, true));
        for (int i = 0; i < cases.size(); i++) {
            PartialDeadlineCase tt = cases.get(i);
            try {
                Instant got = SysDialer.partialDeadline(tt.now(), tt.deadline(), tt.addrs());
                assertFalse(tt.expectErr(), "#" + i + ": want an error");
                assertEquals(tt.expectDeadline(), got, "#" + i);
            } catch (NetException e) {
                assertTrue(tt.expectErr(), "#" + i + ": " + e);
                assertEquals("i/o timeout", e.getMessage(), "#" + i);
                assertTrue(e.timeout(), "#" + i);
                assertTrue(Errors.isContextDeadlineExceeded(e), "#" + i + ": Go's errTimeout Is(context.DeadlineExceeded)");
            }
        }
    }

    private record ParallelCase(List<String> primaries, List<String> fallbacks, String teardownNetwork, boolean expectOk,
            Duration expectElapsed) {
    }

    /** Go: {@code slowDialTCP}: dials for real, then waits for the context when the target is a slow one. */
    private static TCPConn slowDialTCP(Dialer d, Context ctx, String net, TCPAddr laddr, TCPAddr raddr) throws IOException {
        TCPConn c = null;
        IOException err = null;
        try {
            c = TcpSockPosix.doDialTCP(new SysDialer(d, net, raddr.toString()), ctx, laddr, raddr);
        } catch (IOException e) {
            err = e;
        }
        String r = IP.format(raddr.ip());
        if (r.equals(SLOW_DST4) || r.equals(SLOW_DST6)) {
            try {
                ctx.await(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (err != null) {
            throw err;
        }
        return c;
    }

    private static List<TCPAddr> makeAddrs(List<String> ips, int port) {
        List<TCPAddr> out = new ArrayList<>();
        for (String ip : ips) {
            out.add(new TCPAddr(IP.parse(ip), port));
        }
        return out;
    }

    /** Go: {@code TestDialParallel}: Happy Eyeballs timing and failover, each case then cancelled early. */
    @Test
    void testDialParallel() throws Exception {
        Duration instant = Duration.ZERO;
        Duration fallbackDelay = Duration.ofMillis(200);
        List<ParallelCase> cases = List.of(
                // These work at the first try.
                new ParallelCase(List.of("127.0.0.1"), List.of(), "", true, instant),
                new ParallelCase(List.of("::1"), List.of(), "", true, instant),
                new ParallelCase(List.of("127.0.0.1", "::1"), List.of(SLOW_DST6), "tcp6", true, instant),
                new ParallelCase(List.of("::1", "127.0.0.1"), List.of(SLOW_DST4), "tcp4", true, instant),
                // The primary is slow: the fallback takes over.
                new ParallelCase(List.of(SLOW_DST4), List.of("::1"), "", true, fallbackDelay),
                // A refused primary address is skipped.
                new ParallelCase(List.of("127.0.0.1", "::1"), List.of(), "tcp4", true, instant),
                new ParallelCase(List.of("::1", "127.0.0.1"), List.of(), "tcp6", true, instant),
                // A refused fallback address is skipped.
                new ParallelCase(List.of(SLOW_DST4, SLOW_DST6), List.of("::1", "127.0.0.1"), "tcp6", true, fallbackDelay),
                // The primaries are refused: the fallback starts at once.
                new ParallelCase(List.of("127.0.0.1"), List.of("::1"), "tcp4", true, instant),
                new ParallelCase(List.of("::1"), List.of("127.0.0.1"), "tcp6", true, instant),
                // Everything is refused.
                new ParallelCase(List.of("127.0.0.1"), List.of(), "tcp4", false, instant),
                // Nothing to do: fail at once.
                new ParallelCase(List.of(), List.of(), "", false, instant),
                // A thousand addresses do not trip the deadline.
                new ParallelCase(Collections.nCopies(1000, "::1"), List.of(), "", true, instant));
        for (int i = 0; i < cases.size(); i++) {
            ParallelCase tt = cases.get(i);
            try (DualStackServer dss = DualStackServer.open().buildup(DualStackServer::acceptAndClose)) {
                if (!tt.teardownNetwork().isEmpty()) {
                    dss.teardownNetwork(tt.teardownNetwork());
                }
                List<TCPAddr> primaries = makeAddrs(tt.primaries(), dss.port);
                List<TCPAddr> fallbacks = makeAddrs(tt.fallbacks(), dss.port);
                AtomicReference<Dialer> self = new AtomicReference<>();
                Dialer d = Dialer.builder().fallbackDelay(fallbackDelay)
                        .hooks(Hooks.NONE.withDialTCP((ctx, net, la, ra) -> slowDialTCP(self.get(), ctx, net, la, ra)))
                        .build();
                self.set(Dialer.builder().fallbackDelay(fallbackDelay).build());
                SysDialer sd = new SysDialer(d, "tcp", "?");
                long start = System.nanoTime();
                Conn c = null;
                IOException err = null;
                try {
                    c = sd.dialParallel(Context.background(), primaries, fallbacks);
                } catch (IOException e) {
                    err = e;
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                if (c != null) {
                    c.close();
                }
                if (tt.expectOk()) {
                    assertNull(err, "#" + i + ": " + err);
                } else {
                    assertNotNull(err, "#" + i + ": got a conn; want an error");
                    GoErrors.checkDial(err);
                }
                // As in Go, only the lower bound is exact; the upper one just proves it returned.
                assertTrue(elapsed.compareTo(tt.expectElapsed()) >= 0, "#" + i + ": elapsed " + elapsed);
                assertTrue(elapsed.compareTo(tt.expectElapsed().plusSeconds(5)) < 0, "#" + i + ": elapsed " + elapsed);

                // Again, cancelled after 5 ms: it must return.
                Context ctx = Context.background().withCancel();
                Thread canceller = Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ctx.cancel();
                });
                try {
                    Conn c2 = sd.dialParallel(ctx, primaries, fallbacks);
                    c2.close();
                } catch (IOException e) {
                    // any error will do: the call returned
                }
                canceller.join();
            }
        }
    }

    /** Go: {@code TestDialParallelSpuriousConnection}: both racers connect; the loser is closed unused. */
    @Test
    void testDialParallelSpuriousConnection() throws Exception {
        CountDownLatch closed = new CountDownLatch(2);
        List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        try (DualStackServer dss = DualStackServer.open().buildup(ln -> {
            try (Conn c = ln.accept()) {
                c.setReadDeadline(Instant.now().plusSeconds(10));
                byte[] b = new byte[1];
                int n = c.read(b, 0, 1);
                if (n != -1) {
                    serverErrors.add("read " + n + " bytes; want EOF");
                }
            } catch (IOException e) {
                serverErrors.add(e.toString());
            }
            closed.countDown();
        })) {
            CyclicBarrier dialing = new CyclicBarrier(2);
            Dialer plain = new Dialer();
            Dialer d = Dialer.builder().fallbackDelay(Duration.ofMillis(100)).hooks(Hooks.NONE.withDialTCP((ctx, net, la, ra) -> {
                // Wait until both racers are dialing, then ignore the (soon cancelled) context
                // so both really connect and dialParallel must drop one.
                try {
                    dialing.await();
                } catch (Exception e) {
                    throw new IOException(e);
                }
                return TcpSockPosix.doDialTCP(new SysDialer(plain, net, ra.toString()), Context.background(), la, ra);
            })).build();
            SysDialer sd = new SysDialer(d, "tcp", "?");
            Conn c = sd.dialParallel(Context.background(), makeAddrs(List.of("127.0.0.1"), dss.port),
                    makeAddrs(List.of("::1"), dss.port));
            c.close();
            assertTrue(closed.await(20, java.util.concurrent.TimeUnit.SECONDS), "the server saw both connections");
            assertEquals(List.of(), serverErrors);
        }
    }

    /** An address of another network, for the mismatched-type rows (Go uses UDPAddr and UnixAddr). */
    private record OtherAddr(String network, String text) implements Addr {
        @Override
        public String toString() {
            return text;
        }
    }

    private record LocalAddrCase(String network, String raddr, Addr laddr, String error) {
    }

    /** Go: {@code TestDialerLocalAddr}. */
    @Test
    void testDialerLocalAddr() throws Exception {
        Addr any = new TCPAddr(null, 0);
        Addr v4zero = new TCPAddr(IP.parse("0.0.0.0"), 0);
        Addr v6zero = new TCPAddr(IP.parse("::"), 0);
        Addr v4lo = new TCPAddr(IP.parse("127.0.0.1"), 0);
        Addr v4mappedLo = new TCPAddr(IP.parse("::ffff:127.0.0.1"), 0);
        Addr v6lo = new TCPAddr(IP.parse("::1"), 0);
        Addr udp = new OtherAddr("udp", ":0");
        Addr unix = new OtherAddr("unix", "");
        String some = "AddrError";
        String noSuitable = "no suitable address found";
        List<LocalAddrCase> tests = new ArrayList<>(List.of(
                new LocalAddrCase("tcp4", "127.0.0.1", null, null),
                new LocalAddrCase("tcp4", "127.0.0.1", any, null),
                new LocalAddrCase("tcp4", "127.0.0.1", v4zero, null),
                new LocalAddrCase("tcp4", "127.0.0.1", v6zero, some),
                new LocalAddrCase("tcp4", "127.0.0.1", v4lo, null),
                new LocalAddrCase("tcp4", "127.0.0.1", v4mappedLo, null),
                new LocalAddrCase("tcp4", "127.0.0.1", v6lo, noSuitable),
                new LocalAddrCase("tcp4", "127.0.0.1", udp, some),
                new LocalAddrCase("tcp4", "127.0.0.1", unix, some),

                new LocalAddrCase("tcp6", "::1", null, null),
                new LocalAddrCase("tcp6", "::1", any, null),
                new LocalAddrCase("tcp6", "::1", v4zero, null),
                new LocalAddrCase("tcp6", "::1", v6zero, null),
                new LocalAddrCase("tcp6", "::1", v4lo, noSuitable),
                new LocalAddrCase("tcp6", "::1", v4mappedLo, noSuitable),
                new LocalAddrCase("tcp6", "::1", v6lo, null),
                new LocalAddrCase("tcp6", "::1", udp, some),
                new LocalAddrCase("tcp6", "::1", unix, some),

                new LocalAddrCase("tcp", "127.0.0.1", null, null),
                new LocalAddrCase("tcp", "127.0.0.1", any, null),
                new LocalAddrCase("tcp", "127.0.0.1", v4zero, null),
                new LocalAddrCase("tcp", "127.0.0.1", v4lo, null),
                new LocalAddrCase("tcp", "127.0.0.1", v4mappedLo, null),
                new LocalAddrCase("tcp", "127.0.0.1", v6lo, noSuitable),
                new LocalAddrCase("tcp", "127.0.0.1", udp, some),
                new LocalAddrCase("tcp", "127.0.0.1", unix, some),

                new LocalAddrCase("tcp", "::1", null, null),
                new LocalAddrCase("tcp", "::1", any, null),
                new LocalAddrCase("tcp", "::1", v4zero, null),
                new LocalAddrCase("tcp", "::1", v6zero, null),
                new LocalAddrCase("tcp", "::1", v4lo, noSuitable),
                new LocalAddrCase("tcp", "::1", v4mappedLo, noSuitable),
                new LocalAddrCase("tcp", "::1", v6lo, null),
                new LocalAddrCase("tcp", "::1", udp, some),
                new LocalAddrCase("tcp", "::1", unix, some)));
        // go.dev/issue/34264: an IPv6 wildcard source reaches an IPv4 peer through a mapped address.
        tests.add(new LocalAddrCase("tcp", "127.0.0.1", v6zero, IpSockPosix.supportsIPv4map() ? null : some));
        try (TCPListener ln4 = localListener("tcp4"); TCPListener ln6 = localListener("tcp6")) {
            Thread t4 = serve(ln4);
            Thread t6 = serve(ln6);
            for (int i = 0; i < tests.size(); i++) {
                LocalAddrCase tt = tests.get(i);
                Dialer d = Dialer.builder().localAddr(tt.laddr()).build();
                String addr = IP.parse(tt.raddr()) instanceof java.net.Inet4Address ? ln4.addr().toString() : ln6.addr().toString();
                String desc = "#" + i + " " + tt.network() + " " + tt.laddr() + "->" + tt.raddr();
                try {
                    d.dial(tt.network(), addr).close();
                    assertNull(tt.error(), desc + ": got a conn; want " + tt.error());
                } catch (IOException e) {
                    assertNotNull(tt.error(), desc + ": " + e);
                    GoErrors.checkDial(e);
                    Throwable inner = ((OpError) e).err();
                    if (tt.error().equals(noSuitable)) {
                        assertInstanceOf(dev.netdial.api.AddrError.class, inner, desc);
                        assertEquals(noSuitable, ((dev.netdial.api.AddrError) inner).err(), desc);
                    } else {
                        assertTrue(inner instanceof dev.netdial.api.AddrError
                                || inner instanceof OpError oe && oe.err() instanceof dev.netdial.api.AddrError, desc + ": " + e);
                    }
                }
            }
            ln4.close();
            ln6.close();
            t4.join();
            t6.join();
        }
    }

    private record KeepAliveCase(Duration ka, Duration expected) {
    }

    /** Go: {@code TestDialerKeepAlive}, plus the values read back from the socket. */
    @Test
    void testDialerKeepAlive() throws Exception {
        TCPListener ln = (TCPListener) ListenConfig.builder().keepAlive(Duration.ofSeconds(-1)).build()
                .listen(Context.background(), "tcp", "127.0.0.1:0");
        Thread t = serve(ln);
        List<KeepAliveCase> tests = List.of(
                new KeepAliveCase(Duration.ofSeconds(-1), null),
                new KeepAliveCase(Duration.ZERO, Duration.ZERO),
                new KeepAliveCase(Duration.ofSeconds(5), Duration.ofSeconds(5)),
                new KeepAliveCase(Duration.ofSeconds(30), Duration.ofSeconds(30)));
        try {
            for (KeepAliveCase tt : tests) {
                AtomicReference<Duration> got = new AtomicReference<>();
                Dialer d = Dialer.builder().keepAlive(tt.ka())
                        .hooks(Hooks.NONE.withSetKeepAlive(cfg -> got.set(cfg.idle()))).build();
                try (TCPConn c = (TCPConn) d.dial("tcp", ln.addr().toString())) {
                    assertEquals(tt.expected(), got.get(), "keepAlive " + tt.ka());
                    int on = SockOpt.getInt(c.fd(), Constants.SOL_SOCKET, Constants.SO_KEEPALIVE);
                    if (tt.ka().isNegative()) {
                        assertEquals(0, on, "keep-alive off");
                        continue;
                    }
                    assertEquals(1, on);
                    long idle = tt.ka().isZero() ? 15 : tt.ka().getSeconds();
                    assertEquals(idle, SockOpt.getInt(c.fd(), Constants.IPPROTO_TCP, Constants.TCP_KEEPIDLE));
                    assertEquals(15, SockOpt.getInt(c.fd(), Constants.IPPROTO_TCP, Constants.TCP_KEEPINTVL));
                    assertEquals(9, SockOpt.getInt(c.fd(), Constants.IPPROTO_TCP, Constants.TCP_KEEPCNT));
                    assertEquals(1, SockOpt.getInt(c.fd(), Constants.IPPROTO_TCP, Constants.TCP_NODELAY));
                }
            }
            // A full KeepAliveConfig wins over keepAlive; a negative field leaves the socket's value.
            Dialer d = Dialer.builder().keepAlive(Duration.ofSeconds(-1))
                    .keepAliveConfig(new KeepAliveConfig(true, Duration.ofMillis(1500), Duration.ofSeconds(7), -1)).build();
            try (TCPConn c = (TCPConn) d.dial("tcp", ln.addr().toString())) {
                int before = SockOpt.getInt(c.fd(), Constants.IPPROTO_TCP, Constants.TCP_KEEPCNT);
                assertEquals(1, SockOpt.getInt(c.fd(), Constants.SOL_SOCKET, Constants.SO_KEEPALIVE));
                assertEquals(2, SockOpt.getInt(c.fd(), Constants.IPPROTO_TCP, Constants.TCP_KEEPIDLE), "1.5 s rounds up");
                assertEquals(7, SockOpt.getInt(c.fd(), Constants.IPPROTO_TCP, Constants.TCP_KEEPINTVL));
                c.setKeepAliveConfig(new KeepAliveConfig(true, Duration.ZERO, Duration.ZERO, 0));
                assertEquals(15, SockOpt.getInt(c.fd(), Constants.IPPROTO_TCP, Constants.TCP_KEEPIDLE));
                assertEquals(9, SockOpt.getInt(c.fd(), Constants.IPPROTO_TCP, Constants.TCP_KEEPCNT));
                assertTrue(before > 0);
                c.setKeepAlivePeriod(Duration.ofSeconds(42));
                assertEquals(42, SockOpt.getInt(c.fd(), Constants.IPPROTO_TCP, Constants.TCP_KEEPIDLE));
            }
            // Accepted conns get the ListenConfig's keep-alive: this listener said off.
            try (TCPListener ln2 = (TCPListener) ListenConfig.builder().keepAlive(Duration.ofSeconds(-1)).build()
                    .listen(Context.background(), "tcp", "127.0.0.1:0");
                    Conn c = Net.dial("tcp", ln2.addr().toString());
                    TCPConn s = ln2.acceptTCP()) {
                assertEquals(0, SockOpt.getInt(s.fd(), Constants.SOL_SOCKET, Constants.SO_KEEPALIVE));
                assertEquals(1, SockOpt.getInt(s.fd(), Constants.IPPROTO_TCP, Constants.TCP_NODELAY));
                assertNotNull(c.localAddr());
            }
        } finally {
            ln.close();
            t.join();
        }
    }

    /** Go: {@code TestCancelAfterDial} (go.dev/issue/15078): cancelling after the dial leaves the conn usable. */
    @Test
    void testCancelAfterDial() throws Exception {
        try (TCPListener ln = localListener("tcp")) {
            Thread echo = Thread.ofVirtual().start(() -> {
                for (;;) {
                    try (Conn c = ln.accept()) {
                        byte[] b = new byte[64];
                        int n;
                        while ((n = c.read(b, 0, b.length)) > 0) {
                            c.write(b, 0, n);
                            if (b[n - 1] == '\n') {
                                break;
                            }
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            for (int i = 0; i < 10; i++) {
                Context ctx = Context.background().withCancel();
                Conn c = new Dialer().dialContext(ctx, "tcp", ln.addr().toString());
                ctx.cancel();
                try (c) {
                    OutputStream out = c.outputStream();
                    out.write("abc\n".getBytes(StandardCharsets.US_ASCII));
                    InputStream in = c.inputStream();
                    byte[] got = in.readNBytes(4);
                    assertEquals("abc\n", new String(got, StandardCharsets.US_ASCII), "iteration " + i);
                    assertEquals(-1, in.read(), "iteration " + i + ": want EOF");
                }
            }
            ln.close();
            echo.join();
        }
    }

    private record DialTimeoutCase(Duration timeout, Duration delta, Duration guard, Duration max) {
    }

    /**
     * Go: {@code TestDialTimeout} (the version with guard and max): a connect filter sleeps, then
     * fails with ETIMEDOUT; past deadlines fail before any connect.
     */
    @Test
    void testDialTimeout() throws Exception {
        Duration minDuration = Duration.ofNanos(Long.MIN_VALUE);
        List<DialTimeoutCase> tests = List.of(
                new DialTimeoutCase(Duration.ofSeconds(-5), Duration.ZERO, Duration.ofSeconds(-5), Duration.ofMillis(100)),
                new DialTimeoutCase(Duration.ZERO, Duration.ofSeconds(-5), Duration.ofSeconds(-5), Duration.ofMillis(100)),
                new DialTimeoutCase(Duration.ofSeconds(-5), Duration.ofSeconds(5), Duration.ofSeconds(-5), Duration.ofMillis(100)),
                new DialTimeoutCase(minDuration, Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(100)),
                new DialTimeoutCase(Duration.ZERO, minDuration, Duration.ofSeconds(1), Duration.ofMillis(100)),
                new DialTimeoutCase(Duration.ofMillis(50), Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(1)),
                new DialTimeoutCase(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(1)),
                new DialTimeoutCase(Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1)));
        SocketSwitch sw = new SocketSwitch();
        for (int i = 0; i < tests.size(); i++) {
            DialTimeoutCase tt = tests.get(i);
            Duration guard = tt.guard();
            sw.setFilter(FilterType.CONNECT, call -> guard.isNegative() ? Action.fail(Errno.ETIMEDOUT)
                    : Action.fail(Errno.ETIMEDOUT).withDelay(guard));
            Dialer.Builder b = Dialer.builder().timeout(tt.timeout()).hooks(Hooks.NONE.withCalls(sw));
            if (!tt.delta().isZero()) {
                b.deadline(dev.netdial.api.internal.Durations.plusSaturated(Instant.now(), tt.delta()));
            }
            Dialer d = b.build();
            long start = System.nanoTime();
            IOException err = assertThrows(IOException.class, () -> d.dial("tcp", "127.0.0.1:0"), "#" + i);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            GoErrors.checkDial(err);
            assertTrue(((NetException) err).timeout(), "#" + i + ": " + err);
            assertTrue(took.compareTo(tt.max().multipliedBy(3)) < 0, "#" + i + ": took " + took);
        }
        sw.clearFilters();
    }

    /** Go: {@code TestDialTimeoutMaxDuration}: timeouts that overflow any clock still dial. */
    @Test
    void testDialTimeoutMaxDuration() throws Exception {
        try (TCPListener ln = localListener("tcp")) {
            Thread t = serve(ln);
            Duration max = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
            for (Dialer d : List.of(Dialer.builder().timeout(max).build(),
                    Dialer.builder().deadline(dev.netdial.api.internal.Durations.plusSaturated(Instant.now(), max)).build(),
                    Dialer.builder().timeout(Duration.ofNanos(Long.MAX_VALUE)).build())) {
                d.dial("tcp", ln.addr().toString()).close();
            }
            ln.close();
            t.join();
        }
    }

    /** Go: {@code TestDialListenerAddr}: the address a wildcard listener reports can be dialed. */
    @Test
    void testDialListenerAddr() throws Exception {
        try (Listener ln = Net.listen("tcp", ":0")) {
            Thread t = serve(ln);
            assertTrue(ln.addr().toString().startsWith("[::]:"), ln.addr().toString());
            Net.dial("tcp", ln.addr().toString()).close();
            ln.close();
            t.join();
        }
    }

    /** Go: {@code TestProhibitionaryDialArg}: an IPv4 address never reaches an IPv6-only dial. */
    @Test
    void testProhibitionaryDialArg() throws Exception {
        try (Listener ln = Net.listen("tcp", "[::]:0")) {
            String port = HostPort.split(ln.addr().toString()).port();
            for (String host : List.of("127.0.0.1", "::ffff:127.0.0.1")) {
                IOException e = assertThrows(IOException.class, () -> Net.dial("tcp6", HostPort.join(host, port)).close());
                GoErrors.checkDial(e);
                assertEquals("dial tcp6: address " + host + ": no suitable address found", e.getMessage());
            }
        }
    }

    /** Go: {@code TestTCPListenAfterClose} (go.dev/issue/50216): accept after close fails with the closed error. */
    @Test
    void testTCPListenAfterClose() throws Exception {
        TCPListener ln = localListener("tcp");
        Context ctx = Context.background().withCancel();
        List<Thread> dialers = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            dialers.add(Thread.ofVirtual().start(() -> {
                try {
                    Conn c = new Dialer().dialContext(ctx, "tcp", ln.addr().toString());
                    ctx.await(null);
                    c.close();
                } catch (IOException | InterruptedException e) {
                    // a dial may lose to the close; only the listener's behaviour is tested
                }
            }));
        }
        ln.accept().close();
        Thread.sleep(10);
        ctx.cancel();
        for (Thread t : dialers) {
            t.join();
        }
        ln.close();
        IOException e = assertThrows(IOException.class, ln::accept);
        GoErrors.checkAccept(e);
        assertTrue(Errors.isClosed(e), e.toString());
        assertTrue(e.getMessage().endsWith(": use of closed network connection"), e.getMessage());
        ln.close(); // idempotent
    }

    /** Go: {@code TestListenCloseListen}: a closed listener's address can be listened on again at once. */
    @Test
    void testListenCloseListen() throws Exception {
        for (int tries = 0; tries < 10; tries++) {
            TCPListener ln = localListener("tcp");
            String addr = ln.addr().toString();
            ln.close();
            try {
                Net.listen("tcp", addr).close();
                return;
            } catch (IOException e) {
                // the port can be taken by someone else between the close and the listen: retry
            }
        }
        fail("failed to listen/close/listen on the same address after 10 tries");
    }

    /** Go: {@code TestCloseRead} (net_test.go): after closeRead, a read ends at once. */
    @Test
    void testCloseRead() throws Exception {
        try (TCPListener ln = localListener("tcp"); TCPConn c = (TCPConn) Net.dial("tcp", ln.addr().toString());
                Conn s = ln.accept()) {
            c.closeRead();
            byte[] b = new byte[1];
            assertEquals(-1, c.read(b, 0, 1));
            assertNotNull(s.localAddr());
        }
    }

    /** Go: {@code TestCloseWrite} (net_test.go): a half-closed conn still reads; writes fail. */
    @Test
    void testCloseWrite() throws Exception {
        try (TCPListener ln = localListener("tcp")) {
            AtomicReference<Throwable> serverErr = new AtomicReference<>();
            Thread server = Thread.ofVirtual().start(() -> {
                try (TCPConn c = ln.acceptTCP()) {
                    byte[] b = new byte[1];
                    int n = c.read(b, 0, 1);
                    if (n != -1) {
                        throw new AssertionError("server read " + n + "; want EOF");
                    }
                    c.write("response".getBytes(StandardCharsets.US_ASCII), 0, 8);
                    c.closeWrite();
                    IOException e = assertThrows(IOException.class, () -> c.write(new byte[1], 0, 1));
                    GoErrors.checkWrite(e);
                } catch (Throwable e) {
                    serverErr.set(e);
                }
            });
            try (TCPConn c = (TCPConn) Net.dial("tcp", ln.addr().toString())) {
                c.closeWrite();
                byte[] got = c.inputStream().readNBytes(8);
                assertEquals("response", new String(got, StandardCharsets.US_ASCII));
                assertEquals(-1, c.read(new byte[1], 0, 1));
                IOException e = assertThrows(IOException.class, () -> c.write(new byte[1], 0, 1));
                GoErrors.checkWrite(e);
                assertEquals("write tcp " + c.localAddr() + "->" + c.remoteAddr() + ": write: broken pipe", e.getMessage());
            }
            server.join();
            if (serverErr.get() != null) {
                throw new AssertionError(serverErr.get());
            }
        }
    }

    /** The dial error texts of issue 3, byte for byte equal to Go's. */
    @Test
    void testDialErrorStrings() throws Exception {
        int port;
        try (TCPListener ln = localListener("tcp4")) {
            port = ((TCPAddr) ln.addr()).port();
        }
        String refused4 = "127.0.0.1:" + port;
        record Case(String network, String address, String want) {
        }
        List<Case> cases = List.of(
                new Case("tcp", refused4, "dial tcp " + refused4 + ": connect: connection refused"),
                new Case("foo", "127.0.0.1:80", "dial foo: unknown network foo"),
                new Case("udp", "127.0.0.1", "dial udp: address 127.0.0.1: missing port in address"),
                new Case("unixpacket2", "/x", "dial unixpacket2: unknown network unixpacket2"),
                new Case("tcp", "127.0.0.1", "dial tcp: address 127.0.0.1: missing port in address"),
                new Case("tcp", "127.0.0.1:70000", "dial tcp: address 70000: invalid port"),
                new Case("tcp", "::1:80", "dial tcp: address ::1:80: too many colons in address"),
                new Case("tcp4", "[::1]:80", "dial tcp4: address ::1: no suitable address found"),
                new Case("tcp", "", "dial tcp: missing address"));
        for (int i = 0; i < cases.size(); i++) {
            Case tt = cases.get(i);
            IOException e = assertThrows(IOException.class, () -> Net.dial(tt.network(), tt.address()).close(), "#" + i);
            GoErrors.checkDial(e);
            assertEquals(tt.want(), e.getMessage(), "#" + i);
        }
        // IPv6 refused: find a free [::1] port the same way.
        int port6;
        try (TCPListener ln = localListener("tcp6")) {
            port6 = ((TCPAddr) ln.addr()).port();
        }
        IOException e6 = assertThrows(IOException.class, () -> Net.dial("tcp6", "[::1]:" + port6).close());
        assertEquals("dial tcp6 [::1]:" + port6 + ": connect: connection refused", e6.getMessage());
        OpError op = (OpError) e6;
        assertEquals(Errno.ECONNREFUSED, ((dev.netdial.api.SyscallError) op.err()).errno());
        // A cancelled context before the dial starts.
        Context ctx = Context.background().withCancel();
        ctx.cancel();
        IOException ce = assertThrows(IOException.class, () -> new Dialer().dialContext(ctx, "tcp", refused4));
        GoErrors.checkDial(ce);
        assertEquals("dial tcp " + refused4 + ": operation was canceled", ce.getMessage());
        assertTrue(Errors.isCanceled(ce));
        // An expired timeout.
        IOException te = assertThrows(IOException.class,
                () -> Dialer.builder().timeout(Duration.ofNanos(-1)).build().dial("tcp", refused4));
        assertEquals("dial tcp " + refused4 + ": i/o timeout", te.getMessage());
        assertTrue(Errors.isTimeout(te));
    }

    /** Net.dialTCP: Go's DialTCP checks, and a dial from a fixed local address. */
    @Test
    void testDialTCP() throws Exception {
        IOException e = assertThrows(IOException.class, () -> Net.dialTCP("udp", null, new TCPAddr(IP.parse("127.0.0.1"), 1)));
        assertEquals("dial udp 127.0.0.1:1: unknown network udp", e.getMessage());
        e = assertThrows(IOException.class, () -> Net.dialTCP("tcp", null, null));
        assertEquals("dial tcp: missing address", e.getMessage());
        try (TCPListener ln = localListener("tcp4")) {
            Thread t = serve(ln);
            try (TCPConn c = Net.dialTCP("tcp", null, (TCPAddr) ln.addr())) {
                assertEquals(ln.addr(), c.remoteAddr());
            }
            ln.close();
            t.join();
        }
    }

    /**
     * Go: {@code TestDialerDualStackFDLeak}: "localhost" is ::1 and 127.0.0.1; ten concurrent
     * dual-stack dials at a time, 100 rounds, and no socket is left open.
     */
    @Test
    void testDialerDualStackFDLeak() throws Exception {
        int rounds = Boolean.getBoolean("netdial.short") ? 10 : 100;
        SocketSwitch sw = new SocketSwitch();
        dev.netdial.resolver.Resolver r = dev.netdial.resolver.Resolver.builder()
                .hosts(dev.netdial.resolver.HostsFile.parse("::1 localhost\n127.0.0.1 localhost\n")).build();
        Dialer d = Dialer.builder().timeout(Duration.ofSeconds(5)).resolver(r).hooks(Hooks.NONE.withCalls(sw)).build();
        int before = sw.sockets().size();
        int ok = 0;
        try (DualStackServer dss = DualStackServer.open().buildup(DualStackServer::acceptAndClose)) {
            for (int round = 0; round < rounds; round++) {
                List<Thread> ts = new ArrayList<>();
                List<Throwable> errs = Collections.synchronizedList(new ArrayList<>());
                for (int i = 0; i < 10; i++) {
                    ts.add(Thread.ofVirtual().start(() -> {
                        try {
                            d.dial("tcp", HostPort.join("localhost", Integer.toString(dss.port))).close();
                        } catch (Throwable e) {
                            errs.add(e);
                        }
                    }));
                }
                for (Thread t : ts) {
                    t.join();
                }
                assertEquals(List.of(), errs, "round " + round);
                ok += 10;
            }
        }
        // The losing racers close their conns on their own threads: give them a moment.
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sw.sockets().size() != before && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertEquals(before, sw.sockets().size(), "sockets left open");
        assertEquals(rounds * 10, ok);
    }

    /** A service name resolves through the services table; an unknown one fails as current Go. */
    @Test
    void testDialServiceNames() throws Exception {
        IOException e = assertThrows(IOException.class, () -> Net.dial("tcp", "127.0.0.1:http2x"));
        GoErrors.checkDial(e);
        assertEquals("dial tcp: lookup tcp/http2x: unknown port", e.getMessage());
        assertTrue(((OpError) e).err() instanceof dev.netdial.api.DNSError dns && dns.isNotFound());
        // "localhost" through the system's hosts file or resolver, and a service name for the port.
        try (TCPListener ln = localListener("tcp4")) {
            Thread t = serve(ln);
            Dialer d = Dialer.builder().resolver(dev.netdial.resolver.Resolver.builder()
                    .hosts(dev.netdial.resolver.HostsFile.parse("127.0.0.1 svc.test\n")).build()).build();
            try (Conn c = d.dial("tcp4", "svc.test:" + ((TCPAddr) ln.addr()).port())) {
                assertEquals(ln.addr(), c.remoteAddr());
            }
            ln.close();
            t.join();
        }
    }
}
