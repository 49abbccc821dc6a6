package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go's {@code dtoi}, now the one decimal reader of netdial, and the two socket-layer numbers read
 * with it: a zone that names no interface ({@code zoneIndex}) and {@code somaxconn}
 * ({@code maxListenerBacklog}). Leading digits count, a sign or nothing is no number, and
 * 0xFFFFFF caps.
 *
 * <p>Go: {@code src/net/parse.go} {@code dtoi}; {@code src/net/interface.go}
 * {@code (*ipv6ZoneCache).index}; {@code src/net/sock_linux.go} {@code maxListenerBacklog}.
 */
class DtoiRulesTest {

    @Test
    void dtoi() {
        assertEquals(new Dtoi(123, 3, true), Dtoi.of("123"));
        assertEquals(new Dtoi(12, 2, true), Dtoi.of("12abc"));
        assertEquals(new Dtoi(0, 0, false), Dtoi.of(""));
        assertEquals(new Dtoi(0, 0, false), Dtoi.of("+5"));
        assertEquals(new Dtoi(0, 0, false), Dtoi.of("-5"));
        assertEquals(new Dtoi(0, 0, false), Dtoi.of(" 5"));
        assertEquals(new Dtoi(Dtoi.BIG - 1, 8, true), Dtoi.of("16777214"));
        assertEquals(new Dtoi(Dtoi.BIG, 7, false), Dtoi.of("16777215"));
        assertEquals(Dtoi.BIG, Dtoi.of("99999999999999999999").n());
    }

    @Test
    void zoneIndex() throws Exception {
        assertEquals(0, IpSockPosix.zoneIndex(""));
        assertEquals(0, IpSockPosix.zoneIndex(null));
        assertEquals(NetworkInterface.getByName("lo").getIndex(), IpSockPosix.zoneIndex("lo"));
        assertEquals(7, IpSockPosix.zoneIndex("7"));
        assertEquals(12, IpSockPosix.zoneIndex("12abc"), "leading digits, as dtoi");
        assertEquals(0, IpSockPosix.zoneIndex("+5"), "a sign is no digit");
        assertEquals(0, IpSockPosix.zoneIndex("-5"));
        assertEquals(0, IpSockPosix.zoneIndex("nosuchif0"));
        assertEquals(Dtoi.BIG, IpSockPosix.zoneIndex("4294967296"), "dtoi's cap, not 0");
    }

    @Test
    void somaxconn(@TempDir Path dir) throws Exception {
        int[] k = {5, 10};
        String[][] cases = {
            {"4096x\n", "4096"},
            {"\t4096\n", "4096"},
            {"+4096\n", "128"},
            {"-1\n", "128"},
            {"16777214\n", "16777214"},
            {"16777215\n", "128"},
            {"99999999999\n", "128"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path f = dir.resolve("somaxconn" + i);
            Files.writeString(f, cases[i][0]);
            assertEquals(Integer.parseInt(cases[i][1]), Sock.maxListenerBacklog(f, k),
                    "somaxconn \"" + cases[i][0].strip() + "\"");
        }
    }
}
