package dev.netdial.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * {@link UDPAddr}'s network and string form, and the new sentinel texts of {@link Errors}.
 *
 * <p>Go: {@code src/net/udpsock.go} {@code (*UDPAddr).String}, {@code Network};
 * {@code src/net/net.go} {@code errMissingAddress}, {@code ErrWriteToConnected}.
 */
class UDPAddrTest {

    /** Go's String for each form: IPv4, IPv6, zoned, IPv4-mapped, and no IP. */
    @Test
    void stringAndNetwork() throws Exception {
        record Case(UDPAddr a, String want) {
        }
        for (Case c : new Case[] {
            new Case(new UDPAddr(InetAddress.getByName("127.0.0.1"), 53), "127.0.0.1:53"),
            new Case(new UDPAddr(InetAddress.getByName("::1"), 53), "[::1]:53"),
            new Case(new UDPAddr(InetAddress.getByName("fe80::1"), 53, "eth0"), "[fe80::1%eth0]:53"),
            new Case(new UDPAddr(InetAddress.getByName("::ffff:1.2.3.4"), 1), "1.2.3.4:1"),
            new Case(new UDPAddr(null, 0, null), ":0"),
        }) {
            assertEquals(c.want(), c.a().toString(), c.want());
            assertEquals("udp", c.a().network());
            assertEquals("", new UDPAddr(null, 1, null).zone());
        }
    }

    /** Conversion to and from InetSocketAddress keeps IP and port. */
    @Test
    void inetSocketAddress() throws Exception {
        UDPAddr a = new UDPAddr(InetAddress.getByName("192.0.2.1"), 5353);
        InetSocketAddress s = a.toInetSocketAddress();
        assertEquals(5353, s.getPort());
        assertEquals(a, UDPAddr.of(s));
    }

    /** Go's texts, each a new instance. */
    @Test
    void sentinelTexts() {
        assertEquals("missing address", Errors.missingAddress().getMessage());
        assertEquals("use of WriteTo with pre-connected connection", Errors.writeToConnected().getMessage());
        assertEquals("write udp 127.0.0.1:1->127.0.0.1:2: use of WriteTo with pre-connected connection",
                new OpError("write", "udp", new UDPAddr(InetAddress.getLoopbackAddress(), 1),
                        new UDPAddr(InetAddress.getLoopbackAddress(), 2), Errors.writeToConnected()).getMessage());
    }
}
