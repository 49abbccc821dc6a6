package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netdial.api.AddrError;
import dev.netdial.api.Context;
import dev.netdial.api.DNSError;
import dev.netdial.api.Errors;
import dev.netdial.api.IP;
import dev.netdial.api.UnknownNetworkError;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import dev.netdial.resolver.message.AAAAResource;
import dev.netdial.resolver.message.AResource;
import dev.netdial.resolver.message.DnsClass;
import dev.netdial.resolver.message.RCode;
import dev.netdial.resolver.message.Resource;
import dev.netdial.resolver.message.ResourceHeader;
import dev.netdial.resolver.message.Type;
import dev.netdial.testing.FakeDnsServer;
import dev.netdial.testing.FakeDnsServer.Query;
import dev.netdial.testing.FakeDnsServer.Reply;
import org.junit.jupiter.api.Test;

/**
 * {@link Resolver} lookups that need no DNS server: IP literals, the hosts file, the C library
 * for "localhost", and Go's errors for bad input, cancelled contexts and unknown names.
 *
 * <p>Go: {@code src/net/lookup_test.go}.
 */
class LookupTest {

    /** A resolver with no hosts entries, so the C library answers. */
    private static final Resolver SYSTEM = new Resolver(HostsFile::empty, new SystemResolver());

    /**
     * Waits until no {@code netdial-getaddrinfo} helper thread is alive (they end right after
     * their C call), so that the thread leak gate sees none.
     */
    static void awaitNoResolverThreads() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (SystemResolver.THREAD_NAME.equals(t.getName())) {
                t.join(Duration.ofSeconds(30));
                assertFalse(t.isAlive(), "resolver thread still running after 30 s");
            }
        }
    }

    /** A resolver that fails the test if it touches the hosts file or the C library. */
    private static Resolver noIO() {
        Supplier<HostsFile> hosts = () -> fail("hosts file consulted");
        // A zero-permit system resolver with a cancelled context fails any C call at once.
        return new Resolver(hosts, new SystemResolver(0), Services.builtin(), Protocols.parse(""));
    }

    private static Context canceled() {
        Context c = Context.background().withCancel();
        c.cancel();
        return c;
    }

    /**
     * "localhost" through getaddrinfo gives 127.0.0.1 and/or ::1, and nothing else; "ip4" and
     * "ip6" keep their family; lookupHost prints them in Go's text. Both threading paths.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupLocalhost} (and the
     * {@code localhost} cases of {@code TestLookupHost}).
     */
    @Test
    void lookupLocalhost() throws Exception {
        InetAddress v4 = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        InetAddress v6 = IP.parse("::1");
        Context cancellable = Context.background().withCancel();
        try {
            for (Context ctx : List.of(Context.background(), cancellable)) {
                List<InetAddress> ips = SYSTEM.lookupIP(ctx, "ip", "localhost");
                assertFalse(ips.isEmpty(), "no addresses");
                for (InetAddress ip : ips) {
                    assertTrue(ip.equals(v4) || ip.equals(v6), "unexpected localhost address " + ip);
                }
                if (ips.contains(v4)) {
                    assertEquals(List.of(v4), SYSTEM.lookupIP(ctx, "ip4", "localhost"), "ip4");
                }
                if (ips.contains(v6)) {
                    assertEquals(List.of(v6), SYSTEM.lookupIP(ctx, "ip6", "localhost"), "ip6");
                }
                List<String> hosts = SYSTEM.lookupHost(ctx, "localhost");
                List<String> want = new ArrayList<>();
                for (InetAddress ip : ips) {
                    want.add(IP.format(ip));
                }
                assertEquals(want, hosts, "lookupHost");
            }
        } finally {
            cancellable.cancel();
        }
        awaitNoResolverThreads();
    }

    /**
     * The default resolver reads /etc/hosts first and answers localhost.
     *
     * <p>Go: {@code src/net/lookup_test.go} {@code TestLookupHost} (localhost through
     * {@code DefaultResolver}).
     */
    @Test
    void defaultResolver() throws IOException {
        assertSame(Resolver.defaultResolver(), Resolver.defaultResolver());
        List<InetAddress> ips = Resolver.defaultResolver().lookupIP(Context.background(), "ip", "localhost");
        assertTrue(ips.contains(IP.parse("127.0.0.1")) || ips.contains(IP.parse("::1")), ips.toString());
        Resolver built = Resolver.builder().hosts(HostsFile.parse("192.0.2.7 Example.Test\n")).build();
        assertEquals(List.of("192.0.2.7"), built.lookupHost(Context.background(), "example.test."));
        assertEquals(List.of(IP.parse("192.0.2.7")), built.lookupIP(Context.background(), "ip4", "EXAMPLE.test"));
        assertEquals(List.of("Example.Test."), built.lookupAddr(Context.background(), "192.0.2.7"));
        assertEquals("example.test.", built.lookupCNAME(Context.background(), "example.test"));
    }

    /**
     * Literals (plain, zoned, IPv4-mapped) are answered without touching the hosts file or the C
     * library, even with a cancelled context; a zone becomes the interface's scope id.
     *
     * <p>Go: {@code src/net/lookup.go} {@code lookupIPAddr} and {@code LookupHost} (the
     * {@code parseIPZone} shortcut); {@code src/net/lookup_test.go} {@code TestLookupIPAddrPreservesContextValues}-style
     * literal handling.
     */
    @Test
    void lookupIPLiteral() throws IOException {
        Resolver r = noIO();
        Context ctx = canceled();
        assertEquals(List.of(IP.parse("127.0.0.1")), r.lookupIP(ctx, "ip", "127.0.0.1"));
        assertEquals(List.of(IP.parse("127.0.0.1")), r.lookupIP(ctx, "ip4", "127.0.0.1"));
        assertEquals(List.of(IP.parse("2001:db8::1")), r.lookupIP(ctx, "ip6", "2001:DB8::1"));
        assertEquals(List.of(IP.parse("1.2.3.4")), r.lookupIP(ctx, "ip4", "::ffff:1.2.3.4"), "IPv4-mapped is IPv4");
        assertEquals(List.of("fe80::1%lo"), r.lookupHost(ctx, "fe80::1%lo"), "lookupHost keeps the text");
        assertEquals(List.of("10.0.0.1"), r.lookupHost(ctx, "10.0.0.1"));

        NetworkInterface lo = NetworkInterface.getByName("lo");
        if (lo != null) {
            List<InetAddress> z = r.lookupIP(ctx, "ip6", "fe80::1%lo");
            Inet6Address a = assertInstanceOf(Inet6Address.class, z.get(0));
            assertEquals(lo.getIndex(), a.getScopeId(), "scope id of %lo");
            assertEquals("fe80::1", IP.format(a));
            assertEquals("fe80::1%lo", IPAddrs.format(a), "Go's IPAddr text");
        }
        Inet6Address numeric = assertInstanceOf(Inet6Address.class, r.lookupIP(ctx, "ip", "fe80::1%977").get(0));
        assertEquals(977, numeric.getScopeId(), "numeric zone");
        // "::" alone also gives 0.0.0.0 (go.dev/issue/18806).
        assertEquals(List.of(IP.parse("::"), IP.parse("0.0.0.0")), r.lookupIP(ctx, "ip", "::"));
        assertEquals(List.of(IP.parse("0.0.0.0")), r.lookupIP(ctx, "ip4", "::"));
        assertEquals(List.of(IP.parse("127.0.0.1")), r.lookupIP(ctx, "ip4:icmp", "127.0.0.1"), "ip4:icmp");
        assertEquals(List.of(IP.parse("127.0.0.1")), r.lookupIP(ctx, "ip:1", "127.0.0.1"), "ip:1");
    }

    private record ErrCase(String network, String host, Class<? extends IOException> type, String text) {
    }

    /**
     * Go's errors for bad networks, empty and unsuitable hosts; none needs any I/O.
     *
     * <p>Go: {@code src/net/lookup.go} {@code LookupIP}, {@code lookupIPAddr};
     * {@code src/net/ipsock.go} {@code filterAddrList}; {@code src/net/dial.go}
     * {@code parseNetwork}.
     */
    @Test
    void lookupIPErrors() {
        Resolver r = noIO();
        Context ctx = canceled();
        List<ErrCase> cases = List.of(
                new ErrCase("tcp", "127.0.0.1", UnknownNetworkError.class, "unknown network tcp"),
                new ErrCase("foo", "127.0.0.1", UnknownNetworkError.class, "unknown network foo"),
                new ErrCase("tcp:6", "127.0.0.1", UnknownNetworkError.class, "unknown network tcp:6"),
                new ErrCase("ip:nope", "127.0.0.1", AddrError.class, "address nope: unknown IP protocol specified"),
                new ErrCase("ip", "", DNSError.class, "lookup : no such host"),
                new ErrCase("ip4", "::1", AddrError.class, "address ::1: no suitable address found"),
                new ErrCase("ip6", "127.0.0.1", AddrError.class, "address 127.0.0.1: no suitable address found"));
        for (ErrCase c : cases) {
            String id = c.network() + " " + c.host();
            IOException e = assertThrows(c.type(), () -> r.lookupIP(ctx, c.network(), c.host()), id);
            assertEquals(c.text(), e.getMessage(), id);
        }
        DNSError empty = assertThrows(DNSError.class, () -> r.lookupHost(ctx, ""));
        assertEquals("lookup : no such host", empty.getMessage());
        assertTrue(empty.isNotFound());
    }

    /**
     * A context done before the lookup: Go's errors ("operation was canceled", "i/o timeout"),
     * and no helper thread left behind.
     *
     * <p>Go: {@code src/net/lookup.go} {@code lookupIPAddr} (the {@code ctx.Done()} case);
     * {@code src/net/cgo_unix.go} {@code doBlockingWithCtx}; {@code src/net/lookup_test.go}
     * {@code TestLookupContextCancel}.
     */
    @Test
    void lookupContextCancel() throws Exception {
        DNSError e = assertThrows(DNSError.class, () -> SYSTEM.lookupIP(canceled(), "ip", "localhost"));
        assertEquals("lookup localhost: operation was canceled", e.getMessage());
        assertTrue(Errors.isCanceled(e), "errors.Is(err, context.Canceled)");
        assertFalse(e.isTimeout());
        assertFalse(e.isNotFound());

        Context expired = Context.background().withTimeout(Duration.ofNanos(-1));
        DNSError t = assertThrows(DNSError.class, () -> SYSTEM.lookupIP(expired, "ip", "localhost"));
        assertEquals("lookup localhost: i/o timeout", t.getMessage());
        assertTrue(t.isTimeout());
        assertTrue(Errors.isTimeout(t));

        DNSError h = assertThrows(DNSError.class, () -> SYSTEM.lookupHost(canceled(), "localhost"));
        assertEquals("lookup localhost: operation was canceled", h.getMessage());
        DNSError ht = assertThrows(DNSError.class, () -> SYSTEM.lookupHost(expired, "localhost"));
        assertEquals("lookup localhost: i/o timeout", ht.getMessage());
        assertTrue(ht.isTimeout());
        DNSError a = assertThrows(DNSError.class, () -> SYSTEM.lookupAddr(canceled(), "127.0.0.1"));
        assertEquals("lookup 127.0.0.1: operation was canceled", a.getMessage());
        // The C library's CNAME lookup gives up on a cancelled context and hands the name to Go's
        // resolver, whose query then fails the same way, naming the system's DNS server.
        DNSError c = assertThrows(DNSError.class, () -> SYSTEM.lookupCNAME(canceled(), "localhost"));
        assertTrue(c.getMessage().startsWith("lookup localhost") && c.getMessage().endsWith("operation was canceled"),
                c.getMessage());
        assertTrue(Errors.isCanceled(c), c.getMessage());
        // A port number needs no lookup; a name falls back to Go's table when the C call fails.
        assertEquals(80, SYSTEM.lookupPort(canceled(), "tcp", "80"));
        assertEquals(80, SYSTEM.lookupPort(canceled(), "tcp", "http"));
        DNSError p = assertThrows(DNSError.class, () -> SYSTEM.lookupPort(canceled(), "tcp", "http2x"));
        assertEquals("lookup tcp/http2x: operation was canceled", p.getMessage());
        awaitNoResolverThreads();
    }

    /**
     * What Go reports for a name getaddrinfo cannot resolve, given the code this machine's C
     * library returns: EAI_NONAME/EAI_NODATA → "no such host" (not found); EAI_AGAIN →
     * gai_strerror's text (temporary); other codes → gai_strerror's text.
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoLookupHostIP}; {@code src/net/lookup_test.go}
     * {@code TestLookupNonLDH}-style not-found checks.
     */
    @Test
    void lookupNonexistent() throws Exception {
        String name = "nonexistent.invalid";
        Netdb.GaiResult raw = Netdb.getaddrinfo((name + "\0").getBytes(StandardCharsets.US_ASCII), null,
                SystemResolver.CGO_ADDR_INFO_FLAGS, 0, 1, 0);
        assertTrue(raw.gerrno() != 0, "the C library resolved " + name + ": " + raw);
        Context cancellable = Context.background().withCancel();
        try {
            for (Context ctx : List.of(Context.background(), cancellable)) {
                DNSError e = assertThrows(DNSError.class, () -> SYSTEM.lookupHost(ctx, name));
                if (raw.gerrno() == Netdb.EAI_NONAME || raw.gerrno() == Netdb.EAI_NODATA) {
                    assertEquals("lookup nonexistent.invalid: no such host", e.getMessage());
                    assertTrue(e.isNotFound());
                    assertFalse(e.isTemporary());
                } else {
                    assertEquals("lookup nonexistent.invalid: " + Netdb.gaiStrerror(raw.gerrno()), e.getMessage());
                    assertEquals(raw.gerrno() == Netdb.EAI_AGAIN, e.isTemporary());
                    assertFalse(e.isNotFound());
                }
                assertEquals(name, e.name());
                assertEquals("", e.server());
                DNSError ip = assertThrows(DNSError.class, () -> SYSTEM.lookupIP(ctx, "ip", name));
                assertEquals(e.getMessage(), ip.getMessage());
            }
        } finally {
            cancellable.cancel();
        }
        DNSError nul = assertThrows(DNSError.class, () -> SYSTEM.lookupHost(Context.background(), "a\0b"));
        assertEquals("lookup a\0b: invalid argument", nul.getMessage());
        awaitNoResolverThreads();
    }

    /**
     * Reverse lookups: the hosts file first, then getnameinfo (127.0.0.1 is in this machine's
     * /etc/hosts); a non-literal is "invalid address".
     *
     * <p>Go: {@code src/net/lookup.go} {@code LookupAddr}; {@code src/net/cgo_unix.go}
     * {@code cgoLookupPTR}; {@code src/net/lookup_test.go} {@code TestLookupAddr}-style checks.
     */
    @Test
    void lookupAddr() throws Exception {
        Resolver withHosts = new Resolver(() -> HostsFile.parse("127.0.0.1 one.example two\n"), new SystemResolver(0));
        assertEquals(List.of("one.example.", "two"), withHosts.lookupAddr(canceled(), "127.0.0.1"));
        // netip keeps ::ffff:127.0.0.1 apart from 127.0.0.1: no hosts match, so the C library is
        // asked (and the cancelled context answers).
        DNSError mapped = assertThrows(DNSError.class, () -> withHosts.lookupAddr(canceled(), "::ffff:127.0.0.1"));
        assertEquals("lookup ::ffff:127.0.0.1: operation was canceled", mapped.getMessage());
        DNSError bad = assertThrows(DNSError.class, () -> SYSTEM.lookupAddr(Context.background(), "one.example"));
        assertEquals("lookup one.example: invalid address", bad.getMessage());
        Resolver malformed = new Resolver(() -> HostsFile.parse("127.0.0.9 bad!name\n"), new SystemResolver(0));
        DNSError m = assertThrows(DNSError.class, () -> malformed.lookupAddr(canceled(), "127.0.0.9"));
        assertEquals("lookup 127.0.0.9: DNS response contained records which contain invalid names", m.getMessage());

        Netdb.NameInfo raw = Netdb.getnameinfo(dev.netdial.posix.internal.SockaddrCodec.encode(
                new dev.netdial.posix.internal.SockaddrInet4(new byte[] {127, 0, 0, 1}, 0)), 1025, Netdb.NI_NAMEREQD);
        Context cancellable = Context.background().withCancel();
        try {
            for (Context ctx : List.of(Context.background(), cancellable)) {
                if (raw.gerrno() == 0) {
                    assertEquals(List.of(HostsFile.absDomainName(raw.host())), SYSTEM.lookupAddr(ctx, "127.0.0.1"));
                } else {
                    assertThrows(DNSError.class, () -> SYSTEM.lookupAddr(ctx, "127.0.0.1"));
                }
            }
        } finally {
            cancellable.cancel();
        }
        awaitNoResolverThreads();
    }

    /**
     * An interrupted waiter stops waiting with "operation was canceled" and keeps its interrupt
     * status; the helper thread still ends.
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code doBlockingWithCtx} (Java's interrupts have no Go
     * counterpart).
     */
    @Test
    void interruptedWait() throws Exception {
        SystemResolver s = new SystemResolver();
        Context ctx = Context.background().withCancel();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try {
            Thread.currentThread().interrupt();
            DNSError e = assertThrows(DNSError.class, () -> s.doBlockingWithCtx(ctx, "x", () -> {
                try {
                    release.await();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                return 1;
            }));
            assertEquals("lookup x: operation was canceled", e.getMessage());
            assertTrue(Thread.interrupted(), "interrupt status kept");
        } finally {
            release.countDown();
            ctx.cancel();
        }
        awaitNoResolverThreads();
    }

    // ---- singleflight: concurrent identical lookupIP calls share one lookup ----

    private static final String SHARED_HOST = "www.example.com.";
    private static final byte[] SHARED_V4 = {(byte) 192, 0, 2, 1};
    private static final byte[] SHARED_V6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    /** A: 192.0.2.1, AAAA: 2001:db8::1. */
    private static List<Reply> sharedAnswer(Query q) {
        ResourceHeader h = new ResourceHeader(q.question().name(), q.question().type(), DnsClass.INET, 60);
        Resource r = q.question().type().equals(Type.A) ? new Resource(h, new AResource(SHARED_V4))
                : new Resource(h, new AAAAResource(SHARED_V6));
        return List.of(Reply.of(FakeDnsServer.response(q, RCode.SUCCESS, List.of(r))));
    }

    /** A resolver asking only {@code s} (5 s per attempt, so only the test decides when answers come). */
    private static Resolver dnsResolver(FakeDnsServer s) {
        return dnsResolver(s, null);
    }

    /** The same, dialing through {@code dial} ({@code null}: the client's own sockets). */
    private static Resolver dnsResolver(FakeDnsServer s, DialFunc dial) {
        return Resolver.builder().hosts(HostsFile.parse(""))
                .config(DnsConfig.parse("options timeout:5 attempts:1\n", null).withServers(List.of(s.address())))
                .dial(dial).build();
    }

    /** A caller on its own thread: the addresses it got, or its error. */
    private static final class Caller {
        final Thread thread;
        volatile List<InetAddress> ips;
        volatile IOException err;
        volatile long doneNanos;

        Caller(String name, Resolver r, Context ctx, String network) {
            thread = Thread.ofPlatform().name(name).start(() -> {
                try {
                    ips = r.lookupIP(ctx, network, SHARED_HOST);
                } catch (IOException e) {
                    err = e;
                }
                doneNanos = System.nanoTime();
            });
        }

        void join() throws InterruptedException {
            thread.join(Duration.ofSeconds(20));
            assertFalse(thread.isAlive(), thread.getName() + " still waiting");
        }
    }

    /** Waits until every caller has joined the shared call (see {@link #parkedInLookup}). */
    private static void awaitJoined(List<Caller> callers) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (Caller c : callers) {
            while (!parkedInLookup(c.thread)) {
                assertTrue(System.nanoTime() < end, c.thread.getName() + " never joined the lookup");
                Thread.sleep(5);
            }
        }
    }

    /**
     * Whether {@code t} has joined the shared lookup: it waits for the call, or it runs the call
     * itself (a caller whose context never ends starts the lookup on its own thread).
     */
    private static boolean parkedInLookup(Thread t) {
        boolean waiting = t.getState() == Thread.State.WAITING;
        for (StackTraceElement e : t.getStackTrace()) {
            if (waiting && e.getClassName().equals(Resolver.class.getName())
                    && e.getMethodName().equals("awaitOrInterrupt")) {
                return true;
            }
            if (e.getClassName().equals(SingleFlight.class.getName()) && e.getMethodName().equals("doCall")) {
                return true;
            }
        }
        return false;
    }

    private static void awaitQueries(FakeDnsServer s, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (s.queries().size() < n) {
            assertTrue(System.nanoTime() < end, "the server got " + s.queries().size() + " queries, not " + n);
            Thread.sleep(5);
        }
    }

    private static long count(FakeDnsServer s, Type t) {
        return s.queries().stream().filter(q -> q.question().type().equals(t)).count();
    }

    /**
     * Ten concurrent {@code lookupIP(ctx, "ip", host)} calls share one lookup: the server sees
     * one A and one AAAA query, and every caller gets both addresses. Three concurrent "ip4"
     * calls for the same host make a lookup of their own (one more A query), as the key
     * includes the network (go.dev/issue/30521).
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).lookupIPAddr} ({@code lookupGroup.DoChan});
     * {@code src/net/lookup_test.go} {@code TestLookupIPAddrConcurrentCallsForNetworks}.
     */
    @Test
    void lookupIPSingleflight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeDnsServer s = FakeDnsServer.start(q -> {
            release.await(20, TimeUnit.SECONDS); // holds every answer until all callers joined
            return sharedAnswer(q);
        })) {
            Resolver r = dnsResolver(s);
            List<Caller> ip = new ArrayList<>();
            List<Caller> ip4 = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    ip.add(new Caller("caller-ip-" + i, r, Context.background(), "ip"));
                }
                for (int i = 0; i < 3; i++) {
                    ip4.add(new Caller("caller-ip4-" + i, r, Context.background(), "ip4"));
                }
                awaitJoined(ip);
                awaitJoined(ip4);
            } finally {
                release.countDown();
            }
            Set<InetAddress> both = Set.of(InetAddress.getByAddress(SHARED_V4), InetAddress.getByAddress(SHARED_V6));
            for (Caller c : ip) {
                c.join();
                assertEquals(null, c.err, c.thread.getName());
                assertEquals(both, Set.copyOf(c.ips), c.thread.getName());
            }
            for (Caller c : ip4) {
                c.join();
                assertEquals(null, c.err, c.thread.getName());
                assertEquals(List.of(InetAddress.getByAddress(SHARED_V4)), c.ips, c.thread.getName());
            }
            assertEquals(2, count(s, Type.A), "A queries: one per network");
            assertEquals(1, count(s, Type.AAAA), "AAAA queries");
        }
    }

    /**
     * A caller whose own context ends returns at once with Go's error ("operation was
     * canceled", or "i/o timeout" for a deadline), while the lookup it shares goes on: the other
     * callers get the answer from the same single A and AAAA queries, even when the caller that
     * started the lookup is the one cancelled (go.dev/issue/22724).
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).lookupIPAddr} (the {@code ctx.Done()}
     * case, {@code ForgetUnshared}); {@code src/net/lookup_test.go} {@code TestLookupContextCancel}.
     */
    @Test
    void lookupIPCancelSharedCall() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeDnsServer s = FakeDnsServer.start(q -> {
            release.await(20, TimeUnit.SECONDS);
            return sharedAnswer(q);
        })) {
            Resolver r = dnsResolver(s);
            Context starterCtx = Context.background().withCancel();
            Context joinerCtx = Context.background().withTimeout(Duration.ofSeconds(30));
            List<Caller> others = new ArrayList<>();
            Caller starter;
            Caller timedOut;
            try {
                starter = new Caller("caller-starter", r, starterCtx, "ip");
                awaitQueries(s, 1); // the starter's lookup is under way
                awaitJoined(List.of(starter));
                for (int i = 0; i < 8; i++) {
                    others.add(new Caller("caller-" + i, r, Context.background(), "ip"));
                }
                Context shortCtx = Context.background().withTimeout(Duration.ofMillis(300));
                timedOut = new Caller("caller-deadline", r, shortCtx, "ip");
                awaitJoined(others);

                long t0 = System.nanoTime();
                starterCtx.cancel();
                starter.join();
                long ms = (starter.doneNanos - t0) / 1_000_000;
                assertTrue(ms < 1000, "the cancelled caller returned after " + ms + " ms");
                DNSError e = assertInstanceOf(DNSError.class, starter.err);
                assertEquals("lookup " + SHARED_HOST + ": operation was canceled", e.getMessage());
                assertTrue(Errors.isCanceled(e));
                assertFalse(e.isTimeout());
                assertEquals(SHARED_HOST, e.name());
                assertEquals("", e.server());

                timedOut.join();
                DNSError t = assertInstanceOf(DNSError.class, timedOut.err);
                assertEquals("lookup " + SHARED_HOST + ": i/o timeout", t.getMessage());
                assertTrue(t.isTimeout());
                for (Caller c : others) {
                    assertTrue(c.thread.isAlive(), c.thread.getName() + " ended before the answer: " + c.err);
                }
            } finally {
                release.countDown();
                joinerCtx.cancel();
                starterCtx.cancel();
            }
            Set<InetAddress> both = Set.of(InetAddress.getByAddress(SHARED_V4), InetAddress.getByAddress(SHARED_V6));
            for (Caller c : others) {
                c.join();
                assertEquals(null, c.err, c.thread.getName());
                assertEquals(both, Set.copyOf(c.ips), c.thread.getName());
            }
            assertEquals(1, count(s, Type.A), "A queries");
            assertEquals(1, count(s, Type.AAAA), "AAAA queries");
        }
    }

    /**
     * The only caller of a lookup is cancelled: the key is forgotten and the lookup itself is
     * cancelled (its connections are closed well before the 5 s attempt timeout), so the next call
     * starts a fresh lookup instead of joining the cancelled one.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).lookupIPAddr} ({@code ForgetUnshared}
     * then {@code lookupGroupCancel}); go.dev/issue/8602.
     */
    @Test
    void lookupIPCancelUnsharedCall() throws Exception {
        AtomicBoolean answer = new AtomicBoolean(false);
        try (FakeDnsServer s = FakeDnsServer.start(q -> answer.get() ? sharedAnswer(q) : List.of())) {
            RecordingDial dial = RecordingDial.to(null);
            Resolver r = dnsResolver(s, dial);
            Context ctx = Context.background().withCancel();
            Caller c = new Caller("caller-alone", r, ctx, "ip");
            try {
                awaitQueries(s, 2);
                awaitJoined(List.of(c));
                long t0 = System.nanoTime();
                ctx.cancel();
                c.join();
                assertTrue((c.doneNanos - t0) / 1_000_000 < 1000, "the cancelled caller was slow");
                DNSError e = assertInstanceOf(DNSError.class, c.err);
                assertEquals("lookup " + SHARED_HOST + ": operation was canceled", e.getMessage());
                // The lookup itself stops too, nobody waiting for it: its A and AAAA connections
                // are closed long before their 5 s deadline.
                assertEquals(2, dial.calls().size(), dial.calls().toString());
                assertTrue(dial.awaitAllClosed(Duration.ofMillis(1500)),
                        "the abandoned lookup was not cancelled: " + dial.open() + " connections open");
            } finally {
                ctx.cancel();
            }
            int before = s.queries().size();
            answer.set(true);
            Set<InetAddress> both = Set.of(InetAddress.getByAddress(SHARED_V4), InetAddress.getByAddress(SHARED_V6));
            assertEquals(both, Set.copyOf(r.lookupIP(Context.background(), "ip", SHARED_HOST)));
            assertEquals(before + 2, s.queries().size(), "a fresh lookup asks again");
        }
    }

}
