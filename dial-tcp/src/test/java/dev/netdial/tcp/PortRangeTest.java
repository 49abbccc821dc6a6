package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netdial.api.Context;
import dev.netdial.api.IP;
import dev.netdial.api.Listener;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.IpSockPosix;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link TCPAddr} whose port does not fit 16 bits, as a dial target, a dial's local address or
 * a listen address: Go's {@code OpError}s with the {@code EINVAL} its syscall package reports for
 * such a sockaddr (issue 16: netdial threw {@code IllegalArgumentException} from
 * {@code SockaddrInet4}).
 *
 * <p>Go: {@code src/syscall/syscall_linux.go} {@code (*SockaddrInet4).sockaddr} (EINVAL);
 * {@code src/net/fd_unix.go} {@code (*netFD).connect} ("connect"), {@code src/net/sock_posix.go}
 * {@code (*netFD).dial} and {@code listenStream} ("bind").
 */
@Timeout(30)
class PortRangeTest {

    private static List<String> hosts() {
        return IpSockPosix.supportsIPv6() ? List.of("127.0.0.1", "::1") : List.of("127.0.0.1");
    }

    @Test
    void dialTargetPortOutOfRange() throws Exception {
        for (String host : hosts()) {
            for (int port : new int[] {-1, 70000}) {
                TCPAddr ra = new TCPAddr(IP.parse(host), port);
                OpError e = assertThrows(OpError.class, () -> Net.dialTCP("tcp", null, ra));
                assertEquals("dial tcp " + ra + ": connect: invalid argument", e.getMessage());
                OpError e2 = assertThrows(OpError.class,
                        () -> new Dialer().dialContext(Context.background(), "tcp", ra.toString()));
                // A port in a string is parsed first: Go's "invalid port" address error.
                assertEquals("dial tcp: address " + port + ": invalid port", e2.getMessage());
            }
        }
    }

    @Test
    void dialLocalPortOutOfRange() throws Exception {
        for (String host : hosts()) {
            String lhost = host.equals("::1") ? "[::1]" : host;
            try (Listener ln = Net.listen("tcp", lhost + ":0")) {
                TCPAddr ra = (TCPAddr) ln.addr();
                for (int port : new int[] {-1, 70000}) {
                    TCPAddr la = new TCPAddr(IP.parse(host), port);
                    String want = "dial tcp " + la + "->" + ra + ": bind: invalid argument";
                    assertEquals(want, assertThrows(OpError.class, () -> Net.dialTCP("tcp", la, ra)).getMessage());
                    Dialer d = Dialer.builder().localAddr(la).build();
                    assertEquals(want, assertThrows(OpError.class, () -> d.dial("tcp", ra.toString())).getMessage());
                }
            }
        }
    }

    @Test
    void listenPortOutOfRange() throws Exception {
        for (String host : hosts()) {
            for (int port : new int[] {-1, 70000}) {
                TCPAddr la = new TCPAddr(IP.parse(host), port);
                OpError e = assertThrows(OpError.class, () -> Net.listenTCP("tcp", la));
                assertEquals("listen tcp " + la + ": bind: invalid argument", e.getMessage());
            }
        }
    }
}
