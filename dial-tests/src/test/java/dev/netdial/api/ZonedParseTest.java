package dev.netdial.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link IP#parseZoned}, netdial's one IP-with-zone parser, by {@code netip.ParseAddr}'s rules,
 * over the cases where the dialer's and the resolver's parsers used to disagree (an IPv4 zone, an
 * empty zone, a '%' inside the zone); and the one {@link IP#to16} / {@link IP#isV4Mapped}.
 *
 * <p>Go: {@code src/net/netip/netip_test.go} {@code TestParseAddr} (the zone cases).
 */
class ZonedParseTest {

    private static void literal(String s, String ip, boolean is6, String zone) {
        IP.Zoned z = IP.parseZoned(s);
        assertNotNull(z, s);
        assertEquals(ip, IP.format(z.ip()), s);
        assertEquals(is6, z.is6(), s + " is6");
        assertEquals(zone, z.zone(), s + " zone");
    }

    @Test
    void literals() {
        literal("127.0.0.1", "127.0.0.1", false, "");
        literal("::1", "::1", true, "");
        literal("fe80::1%eth0", "fe80::1", true, "eth0");
        literal("fe80::1%1", "fe80::1", true, "1");
        // netip: the zone is all after the first '%' (the old dialer parser split at the last).
        literal("fe80::1%eth0%x", "fe80::1", true, "eth0%x");
        // A mapped address keeps 16 bytes and may carry a zone.
        literal("::ffff:192.0.2.1%eth0", "192.0.2.1", true, "eth0");
        assertEquals(16, IP.parseZoned("::ffff:192.0.2.1").ip().length);
    }

    @Test
    void notLiterals() {
        // The empty zone: both old parsers took it as "fe80::1" with no zone; Go refuses it.
        assertNull(IP.parseZoned("fe80::1%"));
        // IPv4 takes no zone: the resolver's old parser dropped it and kept 127.0.0.1.
        assertNull(IP.parseZoned("127.0.0.1%eth0"));
        assertNull(IP.parseZoned("%eth0"));
        assertNull(IP.parseZoned(""));
        assertNull(IP.parseZoned("example.com"));
        assertNull(IP.parseZoned("[::1]"));
        assertNull(IP.parseZoned("01.2.3.4"));
        assertNull(IP.parseZoned(null));
    }

    @Test
    void to16AndV4Mapped() {
        byte[] v4 = {(byte) 192, 0, 2, 1};
        byte[] m = IP.to16(v4);
        assertEquals(16, m.length);
        assertTrue(IP.isV4Mapped(m));
        assertArrayEquals(v4, Arrays.copyOfRange(m, 12, 16));
        byte[] v6 = IP.parseZoned("2001:db8::1").ip();
        assertFalse(IP.isV4Mapped(v6));
        assertTrue(IP.to16(v6) == v6, "16 bytes come back as they are");
        assertFalse(IP.isV4Mapped(v4), "4 bytes are not a mapped 16-byte address");
        assertThrows(IllegalArgumentException.class, () -> IP.to16(new byte[5]));
    }
}
