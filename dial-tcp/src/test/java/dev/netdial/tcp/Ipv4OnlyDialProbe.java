package dev.netdial.tcp;

import dev.netdial.api.Conn;
import dev.netdial.api.Listener;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.resolver.FakeDnsResolvers;
import dev.netdial.resolver.Resolver;
import dev.netdial.resolver.message.AAAAResource;
import dev.netdial.resolver.message.AResource;
import dev.netdial.resolver.message.DnsClass;
import dev.netdial.resolver.message.RCode;
import dev.netdial.resolver.message.Resource;
import dev.netdial.resolver.message.ResourceHeader;
import dev.netdial.resolver.message.Type;
import dev.netdial.testing.FakeDnsServer;
import java.io.IOException;
import java.util.List;

/**
 * The probe JVM of {@link Ipv4OnlyDialTest}, in a network namespace whose IPv6 is disabled: a
 * "tcp" dial to a name with A 127.0.0.1 and AAAA ::1, a listener on 127.0.0.1.
 *
 * <p>Keys: {@code supportsIPv6}; {@code remote} (the conn's remote address) or {@code error};
 * {@code queriesA}, {@code queriesAAAA} at the fake server.
 */
public final class Ipv4OnlyDialProbe {

    private Ipv4OnlyDialProbe() {
    }

    public static void main(String[] args) {
        ProbeSupport.main(out -> {
            out.put("supportsIPv6", IpSockPosix.supportsIPv6());
            try (FakeDnsServer s = FakeDnsServer.start(q -> {
                ResourceHeader h = new ResourceHeader(q.question().name(), q.question().type(), DnsClass.INET, 60);
                Resource r = q.question().type().equals(Type.A)
                        ? new Resource(h, new AResource(new byte[] {127, 0, 0, 1}))
                        : new Resource(h, new AAAAResource(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
                return List.of(FakeDnsServer.Reply.of(FakeDnsServer.response(q, RCode.SUCCESS, List.of(r))));
            }); Listener ln = Net.listen("tcp4", "127.0.0.1:0")) {
                Resolver res = FakeDnsResolvers.of(s);
                int port = ((TCPAddr) ln.addr()).port();
                try (Conn c = Dialer.builder().resolver(res).build().dial("tcp", "v4only.test:" + port);
                     Conn peer = ln.accept()) {
                    out.put("remote", c.remoteAddr().toString());
                } catch (IOException e) {
                    out.put("error", e.getMessage());
                }
                out.put("queriesA", s.queries().stream().filter(q -> q.question().type().equals(Type.A)).count());
                out.put("queriesAAAA", s.queries().stream().filter(q -> q.question().type().equals(Type.AAAA)).count());
            }
        });
    }
}
