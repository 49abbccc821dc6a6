package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Context;
import dev.netdial.resolver.message.DnsClass;
import dev.netdial.resolver.message.MXResource;
import dev.netdial.resolver.message.Name;
import dev.netdial.resolver.message.RCode;
import dev.netdial.resolver.message.Resource;
import dev.netdial.resolver.message.ResourceHeader;
import dev.netdial.resolver.message.SRVResource;
import dev.netdial.resolver.message.Type;
import dev.netdial.testing.FakeDnsServer;
import dev.netdial.testing.FakeDnsServer.Reply;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The ordering of SRV and MX answers: the weighted shuffle of RFC 2782 and the shuffle of equal
 * MX preferences, with a seeded source (reproducible) and with the default one.
 *
 * <p>Go: {@code src/net/dnsclient_test.go}.
 */
class DnsClientTest {

    /** Go's draw count in {@code checkDistribution}. */
    private static final int COUNT = 10_000;

    /**
     * Shuffles {@code data} {@value #COUNT} times and checks that its first record comes first
     * in proportion to its weight, within {@code margin} of the expected count.
     *
     * <p>Go: {@code src/net/dnsclient_test.go} {@code checkDistribution}.
     */
    private static void checkDistribution(String id, List<SRV> data, double margin, RandomGenerator rand) {
        int sum = 0;
        for (SRV srv : data) {
            sum += srv.weight();
        }
        Map<String, Integer> results = new HashMap<>();
        for (int j = 0; j < COUNT; j++) {
            List<SRV> d = new ArrayList<>(data);
            DnsClient.shuffleByWeight(d, rand);
            results.merge(d.get(0).target(), 1, Integer::sum);
        }
        int actual = results.getOrDefault(data.get(0).target(), 0);
        double expected = (double) COUNT * data.get(0).weight() / sum;
        double diff = Math.abs(actual - expected);
        assertTrue(diff <= expected * margin,
                id + ": missed target weight: expected " + expected + ", got " + actual + " (margin " + margin + ")");
    }

    /** Go: {@code src/net/dnsclient_test.go} {@code testUniformity}. */
    private static void testUniformity(int size, double margin, RandomGenerator rand) {
        List<SRV> data = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            data.add(new SRV(String.valueOf((char) ('a' + i)), 0, 0, 1));
        }
        checkDistribution("uniformity size " + size, data, margin, rand);
    }

    /** Go: {@code src/net/dnsclient_test.go} {@code testWeighting}. */
    private static void testWeighting(double margin, RandomGenerator rand) {
        List<SRV> data = List.of(new SRV("a", 0, 0, 60), new SRV("b", 0, 0, 30), new SRV("c", 0, 0, 10));
        checkDistribution("weighting 60/30/10", data, margin, rand);
    }

    /**
     * Go: {@code TestDNSSRVUniformity}: equal weights pick each record first about equally
     * often (Go's margins 5%, 10%, 20% for 2, 3, 10 records), and 60/30/10 picks the first 60%
     * of the time (5%). Run with a seeded source, as Go seeded its, and with the default source
     * (Go's margins are more than 4 standard deviations at 10,000 draws).
     */
    @Test
    void testDNSSRVUniformity() {
        for (RandomGenerator rand : List.of(new Random(1), ThreadLocalRandom.current())) {
            testUniformity(2, 0.05, rand);
            testUniformity(3, 0.10, rand);
            testUniformity(10, 0.20, rand);
            testWeighting(0.05, rand);
        }
    }

    /** Go: {@code TestWeighting}: 60/30/10 within 5%, with a seeded source. */
    @Test
    void testWeighting() {
        testWeighting(0.05, new Random(1));
    }

    /**
     * Go: {@code byPriorityWeight.sort} (the RFC 2782 ordering {@code TestDNSSRVUniformity}
     * relies on): priorities ascend; within a priority every record of positive weight comes
     * before the zero-weight ones, which keep their sorted order; the records are the same; the
     * same seed gives the same order, and some seeds give different orders.
     */
    @Test
    void testSortByPriorityWeight() {
        List<SRV> input = List.of(
                new SRV("p20-w0", 1, 20, 0), new SRV("p10-w5", 1, 10, 5), new SRV("p10-w0", 1, 10, 0),
                new SRV("p20-w7", 1, 20, 7), new SRV("p10-w50", 1, 10, 50), new SRV("p5-w0", 1, 5, 0),
                new SRV("p10-w1", 1, 10, 1), new SRV("p20-w3", 1, 20, 3));
        List<List<SRV>> orders = new ArrayList<>();
        for (long seed = 0; seed < 200; seed++) {
            List<SRV> got = new ArrayList<>(input);
            DnsClient.sortByPriorityWeight(got, new Random(seed));
            String id = "seed " + seed + ": " + got;
            assertEquals(input.stream().sorted(Comparator.comparing(SRV::target)).toList(),
                    got.stream().sorted(Comparator.comparing(SRV::target)).toList(), id);
            assertEquals("p5-w0", got.get(0).target(), id);
            for (int i = 1; i < got.size(); i++) {
                SRV prev = got.get(i - 1);
                SRV cur = got.get(i);
                assertTrue(prev.priority() <= cur.priority(), id);
                if (prev.priority() == cur.priority()) {
                    assertTrue(prev.weight() > 0 || cur.weight() == 0, id + ": zero weight before a positive one");
                }
            }
            List<SRV> again = new ArrayList<>(input);
            DnsClient.sortByPriorityWeight(again, new Random(seed));
            assertEquals(got, again, "seed " + seed + " is not reproducible");
            orders.add(got);
        }
        assertTrue(orders.stream().distinct().count() > 1, "200 seeds gave one order");
        // All weights zero: nothing to draw, the order is the sort's.
        List<SRV> zeros = new ArrayList<>(List.of(new SRV("b", 1, 2, 0), new SRV("a", 1, 1, 0), new SRV("c", 1, 2, 0)));
        DnsClient.sortByPriorityWeight(zeros, new Random(7));
        assertEquals(List.of("a", "b", "c"), zeros.stream().map(SRV::target).toList());
    }

    /**
     * Go: {@code byPref.sort}: preferences ascend, and records of one preference come in every
     * order about equally often (each of the 6 orders of 3 records within 20% of a sixth of
     * 12,000 draws, seeded and default source).
     */
    @Test
    void testSortByPref() {
        List<MX> input = List.of(new MX("c", 10), new MX("z", 30), new MX("a", 10), new MX("first", 5),
                new MX("b", 10));
        int draws = 12_000;
        for (RandomGenerator rand : List.of(new Random(1), ThreadLocalRandom.current())) {
            Map<List<String>, Integer> perms = new HashMap<>();
            for (int i = 0; i < draws; i++) {
                List<MX> got = new ArrayList<>(input);
                DnsClient.sortByPref(got, rand);
                assertEquals("first", got.get(0).host(), got.toString());
                assertEquals("z", got.get(4).host(), got.toString());
                for (int j = 1; j < got.size(); j++) {
                    assertTrue(got.get(j - 1).pref() <= got.get(j).pref(), got.toString());
                }
                perms.merge(got.subList(1, 4).stream().map(MX::host).toList(), 1, Integer::sum);
            }
            assertEquals(6, perms.size(), perms.toString());
            double expected = draws / 6.0;
            for (Map.Entry<List<String>, Integer> e : perms.entrySet()) {
                assertTrue(Math.abs(e.getValue() - expected) <= expected * 0.20, e + " of " + perms);
            }
        }
        List<MX> a = new ArrayList<>(input);
        List<MX> b = new ArrayList<>(input);
        DnsClient.sortByPref(a, new Random(42));
        DnsClient.sortByPref(b, new Random(42));
        assertEquals(a, b, "a seeded order is reproducible");
    }

    /**
     * Go: {@code src/net/lookup.go} {@code goLookupSRV}, {@code goLookupMX}: the records a server
     * sends in reverse order come back ordered by priority and by preference.
     */
    @Test
    void testLookupSRVAndMXOrdered() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> {
            Name n = q.question().name();
            List<Resource> ans = new ArrayList<>();
            for (int p = 3; p >= 1; p--) {
                if (q.question().type().equals(Type.SRV)) {
                    ans.add(new Resource(new ResourceHeader(n, Type.SRV, DnsClass.INET, 60),
                            new SRVResource(p, 10, 8000 + p, Name.mustOf("s" + p + ".example."))));
                } else {
                    ans.add(new Resource(new ResourceHeader(n, Type.MX, DnsClass.INET, 60),
                            new MXResource(p * 10, Name.mustOf("mx" + p + ".example."))));
                }
            }
            return List.of(Reply.of(FakeDnsServer.response(q, RCode.SUCCESS, ans)));
        })) {
            Resolver r = Resolver.builder().hosts(HostsFile.parse(""))
                    .config(DnsConfig.parse("", null).withServers(List.of(s.address()))).build();
            assertEquals(List.of(new SRV("s1.example.", 8001, 1, 10), new SRV("s2.example.", 8002, 2, 10),
                    new SRV("s3.example.", 8003, 3, 10)), r.lookupSRV(Context.background(), "x", "tcp", "example."));
            assertEquals(List.of(new MX("mx1.example.", 10), new MX("mx2.example.", 20), new MX("mx3.example.", 30)),
                    r.lookupMX(Context.background(), "example."));
            assertNotEquals(0, s.queries().size());
        }
    }
}
