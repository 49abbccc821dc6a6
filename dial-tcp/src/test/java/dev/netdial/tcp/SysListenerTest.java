package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.IP;
import dev.netdial.api.TCPAddr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WARN for a listener port inside the kernel's ephemeral range, against fake
 * {@code /proc/sys/net/ipv4} files.
 */
class SysListenerTest {
    @TempDir
    Path dir;

    private TCPAddr at(int port) {
        return new TCPAddr(IP.parse("127.0.0.1"), port);
    }

    @Test
    void testWarnIfEphemeral() throws IOException {
        Files.writeString(dir.resolve("ip_local_port_range"), "32768\t60999\n");
        Files.writeString(dir.resolve("ip_local_reserved_ports"), "40000,50000-50010\n");
        assertTrue(SysListener.warnIfEphemeral(at(40001), at(40001), dir), "inside the range");
        assertTrue(SysListener.warnIfEphemeral(at(60999), at(60999), dir), "the range's upper end");
        assertFalse(SysListener.warnIfEphemeral(at(8080), at(8080), dir), "below the range");
        assertFalse(SysListener.warnIfEphemeral(at(40000), at(40000), dir), "reserved");
        assertFalse(SysListener.warnIfEphemeral(at(50005), at(50005), dir), "inside a reserved span");
        assertFalse(SysListener.warnIfEphemeral(at(0), at(45000), dir), "a port the kernel chose");
        assertFalse(SysListener.warnIfEphemeral(at(40001), at(40001), dir.resolve("missing")), "unreadable: no warning");
    }

    @Test
    void testParsers() throws IOException {
        Path range = dir.resolve("r");
        Files.writeString(range, "1024 2048\n");
        assertArrayEquals(new int[] {1024, 2048}, SysListener.portRange(range));
        Files.writeString(range, "garbage\n");
        assertNull(SysListener.portRange(range));
        Path reserved = dir.resolve("v");
        Files.writeString(reserved, "\n");
        assertFalse(SysListener.isReserved(1, reserved));
        // The real files parse on this machine.
        assertTrue(SysListener.portRange(Path.of("/proc/sys/net/ipv4/ip_local_port_range")) != null);
    }
}
