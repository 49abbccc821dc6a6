package dev.netdial.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.testing.Dnsmasq;
import dev.netdial.testing.Netns;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code netdial lookup KIND NAME}: end to end against dnsmasq serving {@link LocalDns}'s zone
 * in private namespaces (one probe JVM, {@link LookupCliProbe}, runs every lookup through
 * {@link Main#run}), and in this JVM the cases that need no DNS server (IP literals, ports,
 * command-line errors).
 */
class LookupCliTest {

    /** stdout and stderr of one run, with its exit code. */
    private record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Every query of the zone prints the zone's answers, one a line, and exits 0; the NXDOMAIN
     * name exits 1 with Go's "lookup nx.netdial.test on 127.0.0.53:53: no such host" for each
     * DNS kind, and an address without a PTR record with the rooted reverse name's error.
     * The resolver is the default one: the namespace's nsswitch.conf and resolv.conf pick Go's
     * DNS client.
     */
    @Test
    @Tag("netns")
    void lookupAgainstDnsmasq() {
        Dnsmasq.assumeAvailable();
        List<String> nxKinds = List.of("host", "ip", "cname", "srv", "mx", "ns", "txt");
        List<String> args = new ArrayList<>();
        for (LocalDnsAnswers.Query q : LocalDnsAnswers.QUERIES) {
            args.add(q.kind());
            args.add(q.name());
        }
        for (String k : nxKinds) {
            args.add(k);
            args.add(LocalDns.NX);
        }
        args.addAll(List.of("addr", LocalDns.NX_ADDR));
        Netns.ProbeResult probe = Dnsmasq.run(LookupCliProbe.class, List.of(), args, Duration.ofSeconds(60))
                .requireSuccess();
        Object runs = probe.requireJson().get("runs");
        assertInstanceOf(List.class, runs, probe::toString);
        List<?> list = (List<?>) runs;
        assertEquals(args.size() / 2, list.size(), probe::toString);
        int i = 0;
        for (LocalDnsAnswers.Query q : LocalDnsAnswers.QUERIES) {
            Map<?, ?> r = (Map<?, ?>) list.get(i++);
            String what = "netdial lookup " + q.kind() + " " + q.name() + ": " + r;
            assertEquals(0L, r.get("exit"), what);
            assertEquals("", r.get("err"), what);
            String out = (String) r.get("out");
            assertTrue(out.endsWith("\n"), what);
            List<String> want = new ArrayList<>(q.answers());
            List<String> have = new ArrayList<>(Arrays.asList(out.split("\n")));
            if (!q.ordered()) {
                want.sort(null);
                have.sort(null);
            }
            assertEquals(want, have, what);
        }
        for (String k : nxKinds) {
            Map<?, ?> r = (Map<?, ?>) list.get(i++);
            String what = "netdial lookup " + k + " " + LocalDns.NX + ": " + r;
            assertEquals(1L, r.get("exit"), what);
            assertEquals("", r.get("out"), what);
            assertEquals(LocalDnsAnswers.NX_ERROR + "\n", r.get("err"), what);
        }
        Map<?, ?> r = (Map<?, ?>) list.get(i);
        assertEquals(1L, r.get("exit"), r::toString);
        assertEquals(LocalDnsAnswers.NX_ADDR_ERROR + "\n", r.get("err"), r::toString);
        System.out.println("LookupCliTest.lookupAgainstDnsmasq: " + list.size() + " lookups, probe "
                + probe.elapsed().toMillis() + " ms");
    }

    /**
     * {@code netdial bench lookup} end to end, briefly: it starts dnsmasq in its namespaces,
     * runs the three clients, and prints a row per client whose queries per lookup are 2.00
     * (every lookup reached dnsmasq, none came from a cache), then both ratios.
     */
    @Test
    @Tag("netns")
    void benchLookupRuns() {
        Dnsmasq.assumeAvailable();
        Result r = run("bench", "lookup", "--n", "100", "--rounds", "1");
        assertEquals(0, r.code(), r::toString);
        for (String client : List.of("netdial Resolver, Go's DNS client", "netdial Resolver, C library",
                "JDK InetAddress.getAllByName")) {
            String row = Arrays.stream(r.out().split("\n")).filter(l -> l.startsWith(client)).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + client + ": " + r));
            assertTrue(row.endsWith(" 2.00"), row);
        }
        assertTrue(r.out().matches("(?s).*ratio netdial Go's DNS client / JDK +\\d+\\.\\d\\d\n.*"), r::toString);
        assertTrue(r.out().matches("(?s).*ratio netdial C library / JDK +\\d+\\.\\d\\d\n.*"), r::toString);
    }

    /** IP literals need no lookup: host and ip echo them, in Go's form. */
    @Test
    void lookupLiterals() {
        for (String[] c : new String[][] {{"host", "192.0.2.1", "192.0.2.1\n"}, {"ip", "::ffff:192.0.2.1", "192.0.2.1\n"},
                {"ip", "2001:DB8::1", "2001:db8::1\n"}, {"host", "2001:db8::1", "2001:db8::1\n"}}) {
            Result r = run("lookup", c[0], c[1]);
            assertEquals(0, r.code(), String.join(" ", c) + ": " + r);
            assertEquals(c[2], r.out(), String.join(" ", c) + ": " + r);
        }
    }

    /**
     * port takes NETWORK/SERVICE (a bare SERVICE is tcp): numbers as they are, names from Go's
     * table or the services file; an unknown name is Go's "lookup tcp/NAME: unknown port", exit 1.
     */
    @Test
    void lookupPort() {
        for (String[] c : new String[][] {{"tcp/http", "80\n"}, {"http", "80\n"}, {"udp/domain", "53\n"},
                {"tcp/8080", "8080\n"}}) {
            Result r = run("lookup", "port", c[0]);
            assertEquals(0, r.code(), c[0] + ": " + r);
            assertEquals(c[1], r.out(), c[0] + ": " + r);
        }
        Result unknown = run("lookup", "port", "tcp/no-such-service-netdial");
        assertEquals(1, unknown.code(), unknown.toString());
        assertEquals("lookup tcp/no-such-service-netdial: unknown port\n", unknown.err(), unknown.toString());
        Result badNet = run("lookup", "port", "sctp/http");
        assertEquals(1, badNet.code(), badNet.toString());
        assertEquals("address sctp: unknown network\n", badNet.err(), badNet.toString());
    }

    /** A bad command line: usage and exit 2, with what was wrong. */
    @Test
    void lookupUsage() {
        Result few = run("lookup", "host");
        assertEquals(2, few.code(), few.toString());
        assertTrue(few.err().startsWith("netdial lookup: want KIND NAME, got [host]\n"), few.toString());
        assertTrue(few.err().contains("lookup KIND NAME"), few.toString());
        Result kind = run("lookup", "a", "example.com");
        assertEquals(2, kind.code(), kind.toString());
        assertTrue(kind.err().startsWith("netdial lookup: unknown KIND \"a\", want one of host, ip, port, cname, srv, "
                + "mx, ns, txt, addr\n"), kind.toString());
        Result flag = run("lookup", "host", "example.com", "--timeout", "1s");
        assertEquals(2, flag.code(), flag.toString());
        assertTrue(flag.err().startsWith("netdial lookup: flag provided but not defined: --timeout\n"), flag.toString());
        assertEquals("", few.out() + kind.out() + flag.out());
    }
}
