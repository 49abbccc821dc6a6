package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Errno;
import dev.netdial.api.IP;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.testing.Capabilities;
import dev.netdial.testing.Conformance;
import dev.netdial.testing.SocketSwitch;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link AddressSelection}: RFC 6724 destination ordering, its policy table, scopes and prefix
 * lengths, and the source addresses the kernel picks.
 *
 * <p>Go: {@code src/net/addrselect_test.go}.
 */
class AddrSelectTest {

    private static InetAddress ip(String s) {
        InetAddress a = IP.parse(s);
        if (a == null) {
            throw new IllegalArgumentException("bad IP in test: " + s);
        }
        return a;
    }

    private static List<InetAddress> ips(List<?> l) {
        List<InetAddress> out = new ArrayList<>();
        for (Object o : l) {
            out.add(o == null ? null : ip((String) o));
        }
        return out;
    }

    private static List<InetAddress> ips(String... s) {
        return ips(Arrays.asList(s));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases(String kind) {
        Map<String, Object> doc = (Map<String, Object>) Conformance.vectors("addrselect.json");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (List<Object>) doc.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            if (c.get("kind").equals(kind)) {
                out.add(c);
            }
        }
        return out;
    }

    private record SortCase(String name, List<InetAddress> in, List<InetAddress> srcs, List<InetAddress> want,
            boolean reverse) {
    }

    /**
     * Go's table (RFC 6724 section 10.2's examples and go.dev/issue/13283), each also run
     * reversed where Go does, then every {@code kind=sort} vector.
     *
     * <p>Go: {@code TestSortByRFC6724}.
     */
    @Test
    void testSortByRFC6724() {
        List<SortCase> tests = List.of(
                new SortCase("prefer matching scope 1", ips("2001:db8:1::1", "198.51.100.121"),
                        ips("2001:db8:1::2", "169.254.13.78"), ips("2001:db8:1::1", "198.51.100.121"), true),
                new SortCase("prefer matching scope 2", ips("2001:db8:1::1", "198.51.100.121"),
                        ips("fe80::1", "198.51.100.117"), ips("198.51.100.121", "2001:db8:1::1"), true),
                new SortCase("prefer higher precedence", ips("2001:db8:1::1", "10.1.2.3"),
                        ips("2001:db8:1::2", "10.1.2.4"), ips("2001:db8:1::1", "10.1.2.3"), true),
                new SortCase("prefer smaller scope", ips("2001:db8:1::1", "fe80::1"),
                        ips("2001:db8:1::2", "fe80::2"), ips("fe80::1", "2001:db8:1::1"), true),
                // go.dev/issue/13283: a 10/8 source must not favour 23/8 destinations.
                new SortCase("issue 13283",
                        ips("54.83.193.112", "184.72.238.214", "23.23.172.185", "75.101.148.21", "23.23.134.56",
                                "23.21.50.150"),
                        ips("10.2.3.4", "10.2.3.4", "10.2.3.4", "10.2.3.4", "10.2.3.4", "10.2.3.4"),
                        ips("54.83.193.112", "184.72.238.214", "23.23.172.185", "75.101.148.21", "23.23.134.56",
                                "23.21.50.150"), false));
        for (SortCase tt : tests) {
            assertEquals(tt.want(), AddressSelection.sortByRfc6724(tt.in(), tt.srcs()), tt.name());
            if (tt.reverse()) {
                List<InetAddress> in = new ArrayList<>(tt.in());
                List<InetAddress> srcs = new ArrayList<>(tt.srcs());
                Collections.reverse(in);
                Collections.reverse(srcs);
                assertEquals(tt.want(), AddressSelection.sortByRfc6724(in, srcs), tt.name() + " (reversed)");
            }
        }

        List<Map<String, Object>> vectors = cases("sort");
        assertEquals(11, vectors.size(), "sort vectors");
        for (Map<String, Object> c : vectors) {
            List<InetAddress> in = ips((List<?>) c.get("addrs"));
            List<InetAddress> srcs = ips((List<?>) c.get("srcs"));
            List<InetAddress> before = List.copyOf(in);
            assertEquals(ips((List<?>) c.get("expected")), AddressSelection.sortByRfc6724(in, srcs), (String) c.get("id"));
            assertEquals(before, in, c.get("id") + ": the input list is not changed");
        }
    }

    /**
     * Lists of different sizes are a caller bug (Go panics).
     *
     * <p>Go: {@code sortByRFC6724withSrcs}'s length check.
     */
    @Test
    void testSortByRFC6724Mismatch() {
        assertThrows(IllegalArgumentException.class,
                () -> AddressSelection.sortByRfc6724(ips("::1", "127.0.0.1"), ips("::1")));
        assertEquals(List.of(), AddressSelection.sortByRfc6724(List.of(), List.of()));
    }

    /**
     * The policy table row each address falls in.
     *
     * <p>Go: {@code TestRFC6724PolicyTableClassify}.
     */
    @Test
    @SuppressWarnings("unchecked")
    void testRFC6724PolicyTableClassify() {
        List<Map<String, Object>> vectors = cases("classify");
        assertEquals(4, vectors.size());
        for (Map<String, Object> c : vectors) {
            String id = (String) c.get("id");
            Map<String, Object> want = (Map<String, Object>) c.get("expected");
            AddressSelection.PolicyTableEntry got = AddressSelection.classify(ip((String) c.get("ip")).getAddress());
            assertEquals(want.get("prefix"), got.text(), id);
            assertEquals(((Long) want.get("precedence")).intValue(), got.precedence(), id);
            assertEquals(((Long) want.get("label")).intValue(), got.label(), id);
        }
        // The table is ordered longest prefix first, so the first match is the longest.
        List<AddressSelection.PolicyTableEntry> t = AddressSelection.RFC6724_POLICY_TABLE;
        for (int i = 1; i < t.size(); i++) {
            assertTrue(t.get(i - 1).bits() >= t.get(i).bits(), "order at " + t.get(i).text());
        }
        // A 16-byte IPv4-mapped address lands where its 4-byte form does.
        byte[] mapped = HexFormat.of().parseHex("00000000000000000000ffff7f000001");
        assertEquals("::ffff:0:0/96", AddressSelection.classify(mapped).text());
        assertEquals("fc00::/7", AddressSelection.classify(ip("fd00::1").getAddress()).text());
        assertEquals("fec0::/10", AddressSelection.classify(ip("fec0::1").getAddress()).text());
        assertEquals("2001::/32", AddressSelection.classify(ip("2001::1").getAddress()).text());
        assertEquals("::/0", AddressSelection.classify(ip("2001:db8::1").getAddress()).text());
        assertEquals("::/96", AddressSelection.classify(ip("::1.2.3.4").getAddress()).text());
        assertEquals("3ffe::/16", AddressSelection.classify(ip("3ffe::1").getAddress()).text());
    }

    /**
     * RFC 6724 scopes: loopback and link-local are link-local, IPv6 multicast carries its own,
     * fec0::/10 is site-local, the rest global; IPv4 in 4 or 16 bytes alike.
     *
     * <p>Go: {@code TestRFC6724ClassifyScope}.
     */
    @Test
    @SuppressWarnings("unchecked")
    void testRFC6724ClassifyScope() {
        List<Map<String, Object>> vectors = cases("scope");
        assertEquals(12, vectors.size());
        for (Map<String, Object> c : vectors) {
            String id = (String) c.get("id");
            byte[] b = ip((String) c.get("ip")).getAddress();
            byte[] in = (Boolean) c.get("fourByte") ? AddressSelection.to4(b) : dev.netdial.api.IP.to16(b);
            assertNotNull(in, id);
            int want = ((Long) ((Map<String, Object>) c.get("expected")).get("scope")).intValue();
            assertEquals(want, AddressSelection.classifyScope(in), id);
            assertEquals(want, AddressSelection.classifyScope(b), id + " (Java's own form)");
        }
        assertEquals(AddressSelection.SCOPE_LINK_LOCAL, AddressSelection.classifyScope(ip("fe80::1").getAddress()));
        assertEquals(AddressSelection.SCOPE_ORG_LOCAL, AddressSelection.classifyScope(ip("ff08::1").getAddress()));
        assertEquals(AddressSelection.SCOPE_INTERFACE_LOCAL, AddressSelection.classifyScope(ip("ff01::1").getAddress()));
        assertEquals(AddressSelection.SCOPE_GLOBAL, AddressSelection.classifyScope(ip("2001:db8::1").getAddress()));
    }

    /**
     * Shared leading bits: IPv6 over the 64-bit prefix only, IPv4 over 32, mixed families 0.
     *
     * <p>Go: {@code TestRFC6724CommonPrefixLength}.
     */
    @Test
    void testRFC6724CommonPrefixLength() {
        List<Map<String, Object>> vectors = cases("commonPrefixLen");
        assertEquals(10, vectors.size());
        HexFormat hex = HexFormat.of();
        for (Map<String, Object> c : vectors) {
            String id = (String) c.get("id");
            byte[] a = hex.parseHex((String) c.get("aHex"));
            byte[] b = hex.parseHex((String) c.get("bHex"));
            assertEquals(((Long) c.get("expected")).intValue(), AddressSelection.commonPrefixLen(a, b), id);
        }
        assertEquals(64, AddressSelection.commonPrefixLen(ip("2001:db8::1").getAddress(), ip("2001:db8::ffff").getAddress()));
        assertEquals(32, AddressSelection.commonPrefixLen(ip("1.2.3.4").getAddress(),
                hex.parseHex("00000000000000000000ffff01020304")), "b is reduced to 4 bytes");
        assertEquals(0, AddressSelection.commonPrefixLen(ip("1.2.3.4").getAddress(), ip("::102:304").getAddress()));
    }

    /**
     * The kernel's source address for loopback destinations is the same loopback address; every
     * socket opened is closed, and a failed connect or socket gives {@code null}.
     *
     * <p>Go: {@code srcAddrs} (exercised by Go's lookup tests; no test of its own).
     */
    @Test
    void testSrcAddrs() {
        SocketSwitch sw = new SocketSwitch();
        boolean v6 = IpSockPosix.supportsIPv6();
        List<InetAddress> dst = v6 ? ips("127.0.0.1", "::1", "127.0.0.2") : ips("127.0.0.1", "127.0.0.2");
        List<InetAddress> srcs = AddressSelection.srcAddrs(sw, dst);
        assertEquals(ip("127.0.0.1"), srcs.get(0));
        if (v6) {
            assertEquals(ip("::1"), srcs.get(1));
        }
        assertNotNull(srcs.get(srcs.size() - 1), "127.0.0.2 is on lo too");
        assertEquals(Map.of(), sw.sockets(), "every socket closed");
        SocketSwitch.Stat st = sw.stat(Constants.AF_INET, Constants.SOCK_DGRAM, 0);
        assertEquals(dst.size() - (v6 ? 1 : 0), st.opened());
        assertEquals(st.opened(), st.closed());

        sw.setFilter(SocketSwitch.FilterType.CONNECT, call -> SocketSwitch.Action.fail(Errno.ENETUNREACH));
        assertEquals(Arrays.asList((InetAddress) null), AddressSelection.srcAddrs(sw, ips("192.0.2.1")),
                "no route: no source");
        sw.setFilter(SocketSwitch.FilterType.CONNECT, null);
        sw.setFilter(SocketSwitch.FilterType.SOCKET, call -> SocketSwitch.Action.fail(Errno.EMFILE));
        assertNull(AddressSelection.srcAddrs(sw, ips("127.0.0.1")).get(0), "no socket: no source");
        sw.clearFilters();
        assertEquals(Map.of(), sw.sockets(), "nothing left open after failures");
        st = sw.stat(Constants.AF_INET, Constants.SOCK_DGRAM, 0);
        assertEquals(st.opened(), st.closed());
    }

    /**
     * The one-argument sort asks the kernel for sources: on loopback, ::1 (precedence 50)
     * comes before 127.0.0.1 (35); one address is returned as it is.
     *
     * <p>Go: {@code sortByRFC6724}.
     */
    @Test
    void testSortByRFC6724WithKernelSources() {
        assertEquals(ips("127.0.0.1"), AddressSelection.sortByRfc6724(ips("127.0.0.1")));
        Capabilities.require("IPv6 loopback", IpSockPosix.supportsIPv6());
        SocketSwitch sw = new SocketSwitch();
        assertEquals(ips("::1", "127.0.0.1"), AddressSelection.sortByRfc6724(sw, ips("127.0.0.1", "::1")));
        assertEquals(Map.of(), sw.sockets());
    }

    /**
     * Go's stable sort agrees with a stable reference sort for total orders of every size up
     * to 200 (so SymMerge and rotation run), and returns without error for a comparator that
     * is not a total order, where {@link List#sort} may throw.
     *
     * <p>Go: {@code src/slices/sort_test.go} {@code TestStability} (in spirit).
     */
    @Test
    void testStableSort() {
        Random rnd = new Random(13283);
        record Item(int key, int seq) {
        }
        Comparator<Item> byKey = Comparator.comparingInt(Item::key);
        for (int n = 0; n <= 200; n++) {
            List<Item> data = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                data.add(new Item(rnd.nextInt(Math.max(1, n / 4)), i));
            }
            List<Item> want = new ArrayList<>(data);
            want.sort(byKey); // TimSort is stable
            List<Item> got = new ArrayList<>(data);
            StableSort.sort(got, byKey);
            assertEquals(want, got, "n=" + n);
        }
        // Rock-paper-scissors: no total order. It must simply finish with the same elements.
        List<Integer> rps = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rps.add(rnd.nextInt(3));
        }
        List<Integer> sorted = new ArrayList<>(rps);
        StableSort.sort(sorted, (a, b) -> a.equals(b) ? 0 : (a + 1) % 3 == b ? -1 : 1);
        List<Integer> x = new ArrayList<>(rps);
        List<Integer> y = new ArrayList<>(sorted);
        Collections.sort(x);
        Collections.sort(y);
        assertEquals(x, y, "a permutation");
    }
}
