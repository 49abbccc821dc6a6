package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.IP;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-connect guard's two caches: {@link EphemeralPorts} (the namespace's port range) and
 * {@link HostAddrs} (this host's addresses), each read again only after its time to live or an
 * invalidate, on a clock the test moves.
 */
class LocalCachesTest {

    /** The file is read on first use, kept for the time to live, and read again after it or an invalidate. */
    @Test
    void testEphemeralPortsRefresh(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("ip_local_port_range");
        Files.writeString(f, "32768\t60999\n");
        AtomicLong now = new AtomicLong(1_000);
        EphemeralPorts ports = new EphemeralPorts(f, now::get, Duration.ofSeconds(1));
        assertEquals(new EphemeralPorts.Range(32768, 60999), ports.range());
        Files.writeString(f, "40000 40001\n");
        now.addAndGet(999_999_999);
        assertEquals(new EphemeralPorts.Range(32768, 60999), ports.range(), "still within the time to live");
        now.addAndGet(1);
        assertEquals(new EphemeralPorts.Range(40000, 40001), ports.range(), "read again after it");
        Files.writeString(f, "45000 45000\n");
        ports.invalidate();
        assertEquals(new EphemeralPorts.Range(45000, 45000), ports.range(), "read again after invalidate");
        assertTrue(ports.range().contains(45000));
        assertFalse(ports.range().contains(45001));
    }

    /** Unreadable or malformed content is no range (and nothing is narrowed). */
    @Test
    void testEphemeralPortsMalformed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("range");
        for (String bad : new String[] {"", "32768", "1 2 3", "x 60999", "60999 32768", "0 100", "1000 70000"}) {
            Files.writeString(f, bad + "\n");
            assertNull(EphemeralPorts.read(f), "'" + bad + "'");
        }
        assertNull(EphemeralPorts.read(dir.resolve("missing")));
        assertNotNull(EphemeralPorts.system().range(), "this host's /proc/sys/net/ipv4/ip_local_port_range");
    }

    /**
     * Loopback and unspecified addresses are local without the list; others by the list, which
     * is taken once per time to live or after an invalidate.
     */
    @Test
    void testHostAddrs() {
        InetAddress a = IP.parse("192.0.2.1");
        InetAddress b = IP.parse("2001:db8::1");
        AtomicInteger lists = new AtomicInteger();
        Set<InetAddress>[] now = new Set[] {Set.of(a)};
        AtomicLong clock = new AtomicLong();
        HostAddrs host = new HostAddrs(() -> {
            lists.incrementAndGet();
            return now[0];
        }, clock::get, Duration.ofSeconds(5));
        assertTrue(host.isLocal(IP.parse("127.0.0.2")));
        assertTrue(host.isLocal(IP.parse("::1")));
        assertTrue(host.isLocal(IP.parse("0.0.0.0")));
        assertTrue(host.isLocal(IP.parse("::")));
        assertTrue(host.isLocal(null));
        assertEquals(0, lists.get(), "no list needed for those");
        assertTrue(host.isLocal(a));
        assertFalse(host.isLocal(b));
        assertEquals(1, lists.get());
        now[0] = Set.of(b);
        clock.addAndGet(Duration.ofSeconds(5).toNanos() - 1);
        assertTrue(host.isLocal(a), "the old list within the time to live");
        clock.addAndGet(1);
        assertTrue(host.isLocal(b));
        assertFalse(host.isLocal(a));
        assertEquals(2, lists.get());
        now[0] = Set.of();
        host.invalidate();
        assertFalse(host.isLocal(b));
        assertEquals(3, lists.get());
        assertTrue(HostAddrs.system().isLocal(IP.parse("127.0.0.1")));
    }
}
