package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.IP;
import dev.netdial.api.Listener;
import dev.netdial.api.OpError;
import dev.netdial.api.PacketConn;
import dev.netdial.api.ReadFromResult;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.UnixAddr;
import dev.netdial.testing.GoErrors;
import dev.netdial.unix.UnixConn;
import dev.netdial.unix.UnixListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Unix networks through the generic calls: {@code Net.dial}/{@code Dialer.dial},
 * {@code Net.listen}/{@code ListenConfig.listen} and {@code listenPacket}, dispatched to dial-unix
 * by address type as Go's {@code dialSingle} and {@code ListenConfig.Listen} do; the Dialer's
 * local address, Control hook, deadline and Context; Go's error texts.
 *
 * <p>Go: {@code src/net/dial.go} ({@code resolveAddrList}'s Unix case, {@code dialSingle},
 * {@code ListenConfig.Listen}, {@code ListenConfig.ListenPacket}), {@code src/net/unixsock_posix.go}.
 */
@Timeout(60)
class UnixDialTest {
    @TempDir
    Path dir;

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void dialAndListenUnix() throws IOException {
        String p = path("s");
        try (Listener ln = Net.listen("unix", p)) {
            assertInstanceOf(UnixListener.class, ln);
            assertEquals(new UnixAddr(p, "unix"), ln.addr());
            try (Conn c = Net.dial("unix", p); Conn s = ln.accept()) {
                assertInstanceOf(UnixConn.class, c);
                assertEquals(new UnixAddr(p, "unix"), c.remoteAddr());
                byte[] m = "via Net.dial".getBytes(StandardCharsets.US_ASCII);
                c.write(m, 0, m.length);
                assertArrayEquals(m, s.inputStream().readNBytes(m.length));
            }
        }
        assertTrue(Files.notExists(Path.of(p)), "the listener removed its file");
    }

    @Test
    void dialAndListenUnixpacket() throws IOException {
        String p = path("pk");
        try (Listener ln = new ListenConfig().listen(Context.background(), "unixpacket", p);
                Conn c = new Dialer().dial("unixpacket", p);
                Conn s = ln.accept()) {
            c.write(new byte[] {1, 2, 3}, 0, 3);
            c.write(new byte[] {4}, 0, 1);
            byte[] b = new byte[16];
            assertEquals(3, s.read(b, 0, b.length));
            assertEquals(1, s.read(b, 0, b.length));
        }
    }

    @Test
    void listenPacketAndDialUnixgram() throws IOException {
        String p = path("g");
        String local = path("g-local");
        try (PacketConn pc = Net.listenPacket("unixgram", p)) {
            assertInstanceOf(UnixConn.class, pc);
            Dialer d = Dialer.builder().localAddr(new UnixAddr(local, "unixgram")).build();
            try (Conn c = d.dial("unixgram", p)) {
                assertEquals(new UnixAddr(local, "unixgram"), c.localAddr(), "the Dialer's local address is bound");
                c.write(new byte[] {9, 9}, 0, 2);
                pc.setReadDeadline(Instant.now().plusSeconds(5));
                ReadFromResult<?> r = pc.readFrom(new byte[8]);
                assertEquals(2, r.n());
                assertEquals(new UnixAddr(local, "unixgram"), r.addr());
            }
        }
    }

    @Test
    void controlHookSeesTheUnixNetwork() throws IOException {
        String p = path("ctl");
        List<String> seen = new ArrayList<>();
        ListenConfig lc = ListenConfig.builder().control((network, address, raw) -> seen.add("listen " + network + " " + address)).build();
        try (Listener ln = lc.listen(Context.background(), "unix", p)) {
            Dialer d = Dialer.builder().controlContext((ctx, network, address, raw) -> {
                int[] fd = {-1};
                raw.control(f -> fd[0] = f);
                seen.add("dial " + network + " " + address + (fd[0] >= 0 ? " fd" : " nofd"));
            }).build();
            try (Conn c = d.dial("unix", p); Conn s = ln.accept()) {
                assertEquals(List.of("listen unix " + p, "dial unix " + p + " fd"), seen);
            }
        }
    }

    @Test
    void deadlineAndContext() throws IOException {
        String p = path("dl");
        try (Listener ln = Net.listen("unix", p)) {
            Dialer past = Dialer.builder().deadline(Instant.now().minusSeconds(1)).build();
            OpError e = assertThrows(OpError.class, () -> past.dial("unix", p));
            assertEquals("dial unix " + p + ": i/o timeout", e.getMessage());
            GoErrors.checkDial(e);
            Context ctx = Context.background().withCancel();
            ctx.cancel();
            OpError c = assertThrows(OpError.class, () -> new Dialer().dialContext(ctx, "unix", p));
            assertEquals("dial unix " + p + ": operation was canceled", c.getMessage());
            GoErrors.checkDial(c);
        }
    }

    @Test
    void goErrorTexts() throws IOException {
        String missing = path("x/y");
        OpError e = assertThrows(OpError.class, () -> Net.dial("unix", missing));
        assertEquals("dial unix " + missing + ": connect: no such file or directory", e.getMessage());
        GoErrors.checkDial(e);

        String p = path("busy");
        try (Listener ln = Net.listen("unix", p)) {
            OpError inUse = assertThrows(OpError.class, () -> Net.listen("unix", p));
            assertEquals("listen unix " + p + ": bind: address already in use", inUse.getMessage());
            GoErrors.checkDial(inUse);
        }

        assertEquals("dial unix: missing address", assertThrows(OpError.class, () -> Net.dial("unix", "")).getMessage());
        assertEquals("dial unixfoo: unknown network unixfoo",
                assertThrows(OpError.class, () -> Net.dial("unixfoo", p)).getMessage());
        assertEquals("listen unixfoo: unknown network unixfoo",
                assertThrows(OpError.class, () -> Net.listen("unixfoo", p)).getMessage());

        Dialer tcpLocal = Dialer.builder().localAddr(new TCPAddr(IP.parse("127.0.0.1"), 0)).build();
        assertEquals("dial unix: address 127.0.0.1:0: mismatched local address type",
                assertThrows(OpError.class, () -> tcpLocal.dial("unix", p)).getMessage());
        Dialer gramLocal = Dialer.builder().localAddr(new UnixAddr(path("l"), "unixgram")).build();
        assertEquals("dial unix: address " + path("l") + ": mismatched local address type",
                assertThrows(OpError.class, () -> gramLocal.dial("unix", p)).getMessage());
        Dialer unixLocal = Dialer.builder().localAddr(new UnixAddr(path("l"), "unix")).build();
        assertEquals("dial tcp: address " + path("l") + ": mismatched local address type",
                assertThrows(OpError.class, () -> unixLocal.dial("tcp", "127.0.0.1:1")).getMessage());
    }

    /** Go's ListenConfig.Listen takes "unixgram" too: a listener on a datagram socket, whose accept fails. */
    @Test
    void listenUnixgramAsStreamListenerAcceptFails() throws IOException {
        String p = path("lg");
        try (Listener ln = Net.listen("unixgram", p)) {
            OpError e = assertThrows(OpError.class, ln::accept);
            assertEquals("accept unixgram " + p + ": accept4: operation not supported", e.getMessage()); // Go names accept4 too
            GoErrors.checkAccept(e);
        }
    }

    @Test
    void dialUnixAndListenUnixOnNet() throws IOException {
        String p = path("n");
        UnixAddr a = Net.resolveUnixAddr("unix", p);
        try (UnixListener ln = Net.listenUnix("unix", a);
                UnixConn c = Net.dialUnix("unix", null, a);
                UnixConn s = ln.acceptUnix()) {
            c.write(new byte[] {3}, 0, 1);
            assertEquals(3, s.inputStream().read());
        }
        try (UnixConn g = Net.listenUnixgram("unixgram", new UnixAddr("", "unixgram"))) {
            assertTrue(g.localAddr().toString().startsWith("@"), "autobind: " + g.localAddr());
        }
    }
}
