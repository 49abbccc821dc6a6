package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Errno;
import dev.netdial.api.IP;
import dev.netdial.api.Listener;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.EphemeralPorts;
import dev.netdial.posix.internal.HostAddrs;
import dev.netdial.posix.internal.SocketCalls;
import dev.netdial.testing.Capabilities;
import dev.netdial.testing.Loopback;
import dev.netdial.testing.SocketSwitch;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SelfConnectGuard}, the TCP dial's step between Control and bind, on this host's
 * loopback: which options each kind of dial gets, in which order, and what the kernel then
 * picks. The namespace tests of {@link SelfConnectTest} show it against a real self-connect.
 */
@Timeout(60)
class SelfConnectGuardTest {

    /** Whether the running kernel knows {@code IP_LOCAL_PORT_RANGE} (Linux 6.3). */
    static boolean kernelHasLocalPortRange() {
        SocketCalls sys = SocketCalls.system();
        int s = sys.socket(Constants.AF_INET, Constants.SOCK_STREAM | Constants.SOCK_CLOEXEC, 0);
        if (s < 0) {
            return false;
        }
        try {
            return sys.setsockoptInt(s, Constants.IPPROTO_IP, Constants.IP_LOCAL_PORT_RANGE, 0) == 0;
        } finally {
            sys.close(s);
        }
    }

    private static int pack(int lo, int hi) {
        return lo | hi << 16;
    }

    /** One row of {@link #testNarrowed}: namespace range, socket's own value, port, want. */
    record Row(int nlo, int nhi, int own, int port, int want) {
    }

    /**
     * The range kept: the larger side without the port (the upper on a tie), inside the range
     * the kernel would draw from given the socket's own halves (each used only when inside);
     * 0 when the port is outside it or it is the port alone.
     */
    @Test
    void testNarrowed() {
        List<Row> rows = List.of(
                new Row(40000, 40001, 0, 40000, pack(40001, 40001)), // the namespace fixture
                new Row(40000, 40001, 0, 40001, pack(40000, 40000)),
                new Row(40000, 40000, 0, 40000, 0), // one port: nothing to split, Go's loop guards
                new Row(32768, 60999, 0, 80, 0), // outside the range
                new Row(32768, 60999, 0, 61000, 0),
                new Row(32768, 60999, 0, 32768, pack(32769, 60999)),
                new Row(32768, 60999, 0, 60999, pack(32768, 60998)),
                new Row(32768, 60999, 0, 46883, pack(46884, 60999)), // 14115 below, 14115 above: tie, upper
                new Row(32768, 60999, 0, 50000, pack(32768, 49999)),
                new Row(32768, 60999, 0, 40000, pack(40001, 60999)),
                // a Control hook's own range, honoured as the kernel does
                new Row(32768, 60999, pack(45000, 45010), 45004, pack(45005, 45010)),
                new Row(32768, 60999, pack(45000, 45010), 45006, pack(45000, 45005)),
                new Row(32768, 60999, pack(45000, 45010), 50000, 0), // outside the socket's range
                new Row(32768, 60999, pack(45000, 0), 40000, 0), // low half only: draws from 45000-60999
                new Row(32768, 60999, pack(0, 45000), 50000, 0), // high half only: 32768-45000
                new Row(32768, 60999, pack(1000, 45000), 40000, pack(32768, 39999)), // low half outside: ignored
                new Row(32768, 60999, pack(45000, 65535), 55000, pack(45000, 54999)), // high half outside: ignored
                new Row(32768, 60999, pack(45000, 45000), 45000, 0));
        List<String> bad = new ArrayList<>();
        for (Row r : rows) {
            int got = SelfConnectGuard.narrowed(r.nlo(), r.nhi(), r.own(), r.port());
            if (got != r.want()) {
                bad.add(r + ": got " + (got & 0xFFFF) + "-" + (got >>> 16));
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    /** The trace's self-connect events, as text. */
    static final class Events implements DialTrace {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void selfConnectPrevented(String network, Addr raddr, int portLow, int portHigh) {
            events.add("prevented " + network + " " + raddr + " " + portLow + "-" + portHigh);
        }

        @Override
        public void selfConnectRetry(String network, Addr raddr, Addr laddr, int retry, IOException err) {
            events.add("retry " + retry);
        }
    }

    /** Records every setsockopt and connect of a switch, in order. */
    private static List<String> record(SocketSwitch sw) {
        List<String> calls = new CopyOnWriteArrayList<>();
        sw.setFilter(SocketSwitch.FilterType.SETSOCKOPT, c -> {
            calls.add("setsockopt " + c.level() + "/" + c.name() + "=" + (c.value() & 0xFFFF) + "-" + (c.value() >>> 16));
            return null;
        });
        sw.setFilter(SocketSwitch.FilterType.CONNECT, c -> {
            calls.add("connect");
            return null;
        });
        return calls;
    }

    private static String range(int lo, int hi) {
        return "setsockopt 0/" + Constants.IP_LOCAL_PORT_RANGE + "=" + lo + "-" + hi;
    }

    /** A loopback listener whose port lies inside the host's ephemeral range with room on both sides. */
    static Listener listenInRange(EphemeralPorts.Range nr) throws IOException {
        for (int i = 0; i < 20; i++) {
            Listener ln = Net.listen("tcp", "127.0.0.1:0");
            int p = ((TCPAddr) ln.addr()).port();
            if (p > nr.lo() + 10 && p < nr.hi() - 10) {
                return ln;
            }
            ln.close();
        }
        throw new AssertionError("no listener port inside " + nr + " with room on both sides");
    }

    /**
     * The default Dialer to a loopback listener whose port lies in the ephemeral range: the
     * socket's range is set to the larger side without that port before the one connect, the
     * trace reports it, and the kernel's pick lies inside it. (A listener holds its port, so no
     * self-connect was possible here: the guard cannot know that, and narrows anyway.)
     */
    @Test
    void testPreventedOnLoopback() throws IOException {
        Capabilities.require("IP_LOCAL_PORT_RANGE (Linux 6.3)", kernelHasLocalPortRange());
        EphemeralPorts.Range nr = EphemeralPorts.system().range();
        assertNotNull(nr, "ip_local_port_range readable");
        try (Listener ln = listenInRange(nr)) {
            TCPAddr ra = (TCPAddr) ln.addr();
            int want = SelfConnectGuard.narrowed(nr.lo(), nr.hi(), 0, ra.port());
            int lo = want & 0xFFFF;
            int hi = want >>> 16;
            SocketSwitch sw = new SocketSwitch();
            List<String> calls = record(sw);
            Events ev = new Events();
            Dialer d = Dialer.builder().trace(ev).hooks(Hooks.NONE.withCalls(sw)).build();
            try (Conn c = d.dial("tcp", ra.toString()); Conn s = ln.accept()) {
                int lp = ((TCPAddr) c.localAddr()).port();
                assertTrue(lo <= lp && lp <= hi, "local port " + lp + " outside " + lo + "-" + hi);
                assertNotNull(s.remoteAddr());
            }
            assertEquals(List.of(range(lo, hi), "connect"), calls);
            assertEquals(List.of("prevented tcp " + ra + " " + lo + "-" + hi), ev.events);
        }
    }

    /**
     * A Control hook that sets its own range around the listener's port: the guard narrows
     * inside it (reading it back first), so the pick lies in the hook's range minus the port.
     */
    @Test
    void testControlRangeRespected() throws IOException {
        Capabilities.require("IP_LOCAL_PORT_RANGE (Linux 6.3)", kernelHasLocalPortRange());
        EphemeralPorts.Range nr = EphemeralPorts.system().range();
        try (Listener ln = listenInRange(nr)) {
            TCPAddr ra = (TCPAddr) ln.addr();
            int p = ra.port();
            int own = pack(p - 3, p + 5);
            SocketSwitch sw = new SocketSwitch();
            List<String> calls = record(sw);
            Events ev = new Events();
            Dialer d = Dialer.builder().trace(ev).hooks(Hooks.NONE.withCalls(sw))
                    .control((network, address, raw) -> raw.control(fd -> SocketCalls.system()
                            .setsockoptInt(fd, Constants.IPPROTO_IP, Constants.IP_LOCAL_PORT_RANGE, own)))
                    .build();
            try (Conn c = d.dial("tcp", ra.toString()); Conn s = ln.accept()) {
                int lp = ((TCPAddr) c.localAddr()).port();
                assertTrue(p + 1 <= lp && lp <= p + 5, "local port " + lp + " outside " + (p + 1) + "-" + (p + 5));
                assertNotNull(s.remoteAddr());
            }
            assertEquals(List.of(range(p + 1, p + 5), "connect"), calls);
            assertEquals(List.of("prevented tcp " + ra + " " + (p + 1) + "-" + (p + 5)), ev.events);
        }
    }

    /**
     * A kernel without {@code IP_LOCAL_PORT_RANGE} (the switch fails it with
     * {@code ENOPROTOOPT}): the dial goes on as Go's and succeeds, with no prevented event.
     */
    @Test
    void testKernelWithoutOption() throws IOException {
        EphemeralPorts.Range nr = EphemeralPorts.system().range();
        try (Listener ln = listenInRange(nr)) {
            TCPAddr ra = (TCPAddr) ln.addr();
            SocketSwitch sw = new SocketSwitch();
            sw.setFilter(SocketSwitch.FilterType.SETSOCKOPT, c -> SocketSwitch.Action.fail(Errno.ENOPROTOOPT));
            Events ev = new Events();
            Dialer d = Dialer.builder().trace(ev).hooks(Hooks.NONE.withCalls(sw)).build();
            try (Conn c = d.dial("tcp", ra.toString()); Conn s = ln.accept()) {
                assertNotNull(c.localAddr());
                assertNotNull(s.remoteAddr());
            }
            SocketSwitch.Stat st = sw.stat(Constants.AF_INET, Constants.SOCK_STREAM, 0);
            assertEquals(1, st.setsockoptCalls(), sw.stats().toString());
            assertEquals(1, st.setsockoptFailed(), sw.stats().toString());
            assertEquals(1, st.connectCalls(), sw.stats().toString());
            assertEquals(List.of(), ev.events);
        }
    }

    /**
     * Untouched: {@link SelfConnectPolicy#GO} without a local address, and a fixed local port
     * under either policy, set no option of their own (Go's exact calls).
     */
    @Test
    void testGoPolicyAndFixedPortUntouched() throws IOException {
        EphemeralPorts.Range nr = EphemeralPorts.system().range();
        try (Listener ln = listenInRange(nr)) {
            TCPAddr ra = (TCPAddr) ln.addr();
            SocketSwitch sw = new SocketSwitch();
            List<String> calls = record(sw);
            Events ev = new Events();
            Dialer go = Dialer.builder().selfConnectPolicy(SelfConnectPolicy.GO).trace(ev)
                    .hooks(Hooks.NONE.withCalls(sw)).build();
            try (Conn c = go.dial("tcp", ra.toString()); Conn s = ln.accept()) {
                assertNotNull(s.remoteAddr());
            }
            assertEquals(List.of("connect"), calls, "GO");
            for (SelfConnectPolicy policy : SelfConnectPolicy.values()) {
                calls.clear();
                int fixed;
                try (Listener probe = Net.listen("tcp", "127.0.0.1:0")) {
                    fixed = ((TCPAddr) probe.addr()).port();
                }
                Dialer d = Dialer.builder().selfConnectPolicy(policy).localAddr(new TCPAddr(Loopback.V4, fixed))
                        .trace(ev).hooks(Hooks.NONE.withCalls(sw)).build();
                try (Conn c = d.dial("tcp", ra.toString()); Conn s = ln.accept()) {
                    assertEquals(fixed, ((TCPAddr) c.localAddr()).port(), policy.toString());
                    assertNotNull(s.remoteAddr());
                }
                assertEquals(List.of("connect"), calls, policy + ", fixed local port " + fixed);
            }
            assertEquals(List.of(), ev.events);
        }
    }

    /**
     * A local IP with port 0: {@code IP_BIND_ADDRESS_NO_PORT} before bind under both policies;
     * under REFUSE the range too when the destination port is in range. The kernel still
     * picks a port, at connect.
     */
    @Test
    void testBindAddressNoPort() throws IOException {
        Capabilities.require("IP_LOCAL_PORT_RANGE (Linux 6.3)", kernelHasLocalPortRange());
        EphemeralPorts.Range nr = EphemeralPorts.system().range();
        String noPort = "setsockopt 0/" + Constants.IP_BIND_ADDRESS_NO_PORT + "=1-0";
        try (Listener ln = listenInRange(nr)) {
            TCPAddr ra = (TCPAddr) ln.addr();
            int want = SelfConnectGuard.narrowed(nr.lo(), nr.hi(), 0, ra.port());
            for (SelfConnectPolicy policy : SelfConnectPolicy.values()) {
                SocketSwitch sw = new SocketSwitch();
                List<String> calls = record(sw);
                Dialer d = Dialer.builder().selfConnectPolicy(policy).localAddr(new TCPAddr(Loopback.V4, 0))
                        .hooks(Hooks.NONE.withCalls(sw)).build();
                try (Conn c = d.dial("tcp", ra.toString()); Conn s = ln.accept()) {
                    assertTrue(((TCPAddr) c.localAddr()).port() != 0, policy.toString());
                    assertNotNull(s.remoteAddr());
                }
                List<String> expected = policy == SelfConnectPolicy.GO ? List.of(noPort, "connect")
                        : List.of(noPort, range(want & 0xFFFF, want >>> 16), "connect");
                assertEquals(expected, calls, policy.toString());
            }
        }
    }

    /**
     * Only a destination of this host is narrowed: an address the host list lacks is left
     * alone; the same address once listed, the unspecified address and loopback are narrowed.
     * The guard runs directly on a socket of a switch; the host list is a fixed set.
     */
    @Test
    void testOnlyLocalDestinations() throws IOException {
        EphemeralPorts.Range nr = EphemeralPorts.system().range();
        assertNotNull(nr);
        int p = nr.lo() + (nr.hi() - nr.lo()) / 3;
        InetAddress remote = IP.parse("192.0.2.7");
        InetAddress unspecified = IP.parse("0.0.0.0");
        Dialer dialer = new Dialer();
        SysDialer sd = new SysDialer(dialer, "tcp", "x");
        HostAddrs without = new HostAddrs(Set::of, System::nanoTime, Duration.ofHours(1));
        HostAddrs with = new HostAddrs(() -> Set.of(remote), System::nanoTime, Duration.ofHours(1));
        record Case(HostAddrs host, InetAddress ip, long wantSets) {
        }
        for (Case k : List.of(new Case(without, remote, 0), new Case(with, remote, 1),
                new Case(without, unspecified, 1), new Case(without, Loopback.V4, 1))) {
            SocketSwitch sw = new SocketSwitch();
            // ENOPROTOOPT: the guard must only try; the kernel's answer does not matter here.
            sw.setFilter(SocketSwitch.FilterType.SETSOCKOPT, c -> SocketSwitch.Action.fail(Errno.ENOPROTOOPT));
            int s = sw.socket(Constants.AF_INET, Constants.SOCK_STREAM | Constants.SOCK_CLOEXEC, 0);
            assertTrue(s >= 0);
            try {
                new SelfConnectGuard(sd, true, false, EphemeralPorts.system(), k.host())
                        .apply(sw, s, null, new TCPAddr(k.ip(), p));
            } finally {
                sw.close(s);
            }
            assertEquals(k.wantSets(), sw.stat(Constants.AF_INET, Constants.SOCK_STREAM, 0).setsockoptCalls(),
                    k.ip() + " " + (k.host() == with ? "listed" : "unlisted"));
        }
    }
}
