package dev.netdial.tcp;

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
import java.time.Duration;
import java.util.List;

/**
 * A {@link FakeDnsServer} script for the Happy Eyeballs tests: every name is A 127.0.0.1 and
 * AAAA ::1, except names starting "nx." (NXDOMAIN), "v4only." (no AAAA record) and "multi."
 * (A 127.0.0.1, 127.0.0.2; AAAA ::1, fd00::2); each family's answer can be delayed, or never
 * sent (a null delay).
 */
final class LoopbackDns {
    private static final byte[] V4 = {127, 0, 0, 1};
    private static final byte[] V6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final byte[] V4B = {127, 0, 0, 2};
    private static final byte[] V6B = {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};

    private LoopbackDns() {
    }

    /** A handler answering A after {@code aDelay} and AAAA after {@code aaaaDelay} (null: never). */
    static FakeDnsServer.Handler handler(Duration aDelay, Duration aaaaDelay) {
        return q -> {
            boolean isA = q.question().type().equals(Type.A);
            Duration delay = isA ? aDelay : aaaaDelay;
            if (delay == null) {
                return List.of(Reply.stall());
            }
            return List.of(Reply.of(FakeDnsServer.response(q, rcode(q), answers(q))).after(delay));
        };
    }

    /** A handler answering both families at once. */
    static FakeDnsServer.Handler handler() {
        return handler(Duration.ZERO, Duration.ZERO);
    }

    private static String name(Query q) {
        return q.question().name().toString();
    }

    private static RCode rcode(Query q) {
        return name(q).startsWith("nx.") ? RCode.NAME_ERROR : RCode.SUCCESS;
    }

    private static List<Resource> answers(Query q) {
        String n = name(q);
        Type t = q.question().type();
        if (n.startsWith("nx.") || n.startsWith("v4only.") && t.equals(Type.AAAA)) {
            return List.of();
        }
        ResourceHeader h = new ResourceHeader(q.question().name(), t, DnsClass.INET, 60);
        List<Resource> rs = new java.util.ArrayList<>();
        rs.add(t.equals(Type.A) ? new Resource(h, new AResource(V4)) : new Resource(h, new AAAAResource(V6)));
        if (n.startsWith("multi.")) {
            rs.add(t.equals(Type.A) ? new Resource(h, new AResource(V4B)) : new Resource(h, new AAAAResource(V6B)));
        }
        return rs;
    }
}
