package dev.netdial.examples;

import java.util.List;

/**
 * The answers netdial must give for {@link LocalDns}'s zone {@code netdial.test}, in the
 * {@code netdial lookup} output form, and Go's errors for its missing names: the expectations of
 * the tests that run against dnsmasq ({@code LookupCliTest}, {@code ResolverDnsmasqTest}).
 */
public final class LocalDnsAnswers {

    /** Go's error for {@link LocalDns#NX_ADDR}: the reverse name, rooted, as Go's {@code goLookupPTR} asks it. */
    public static final String NX_ADDR_ERROR = "lookup 99.2.0.192.in-addr.arpa. on 127.0.0.53:53: no such host";
    /** Go's error for {@link LocalDns#NX}, as {@code netdial lookup host} prints it. */
    public static final String NX_ERROR = "lookup " + LocalDns.NX + " on " + LocalDns.SERVER + ": no such host";

    private LocalDnsAnswers() {
    }

    /**
     * One {@code netdial lookup KIND NAME} and the lines it must print.
     *
     * @param ordered whether the order is fixed (false for TXT and NS: the server's order, which
     *                Go keeps but does not define)
     */
    public record Query(String kind, String name, List<String> answers, boolean ordered) {
        public Query {
            answers = List.copyOf(answers);
        }
    }

    /**
     * The answers of the zone for every kind. Addresses are in RFC 6724 order for a namespace
     * with only loopback (::1 has the higher precedence).
     */
    public static final List<Query> QUERIES = List.of(
            new Query("host", LocalDns.WWW, List.of("::1", "127.0.0.1"), true),
            new Query("host", "www", List.of("::1", "127.0.0.1"), true),
            new Query("ip", LocalDns.WWW, List.of("::1", "127.0.0.1"), true),
            new Query("host", LocalDns.ALIAS, List.of("::1", "127.0.0.1"), true),
            new Query("host", "mail.netdial.test", List.of("192.0.2.25"), true),
            new Query("cname", LocalDns.ALIAS, List.of("www.netdial.test."), true),
            new Query("cname", LocalDns.WWW, List.of("www.netdial.test."), true),
            new Query("mx", LocalDns.DOMAIN, List.of("mail.netdial.test. 10", "mail2.netdial.test. 20"), true),
            new Query("srv", LocalDns.SRV, List.of("www.netdial.test. 8080 1 10", "mail.netdial.test. 8081 2 20"), true),
            new Query("txt", LocalDns.TXT, List.of("first record", "part one part two"), false),
            new Query("ns", LocalDns.DOMAIN, List.of("ns1.netdial.test.", "ns2.netdial.test."), false),
            new Query("addr", LocalDns.PTR_ADDR, List.of("ptr.netdial.test."), true),
            new Query("port", "tcp/http", List.of("80"), true));
}
