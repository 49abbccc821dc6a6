package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.Errors;
import dev.netdial.api.Listener;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.LibC;
import dev.netdial.posix.internal.SockOpt;
import dev.netdial.testing.GoErrors;
import dev.netdial.testing.SocketSwitch;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Control hooks of Dialer and ListenConfig, and the errors a TCPConn reports.
 *
 * <p>Go: {@code src/net/dial_test.go} {@code TestDialerControl}, {@code TestDialerControlContext};
 * {@code src/net/listen_test.go} {@code TestListenConfigControl}; {@code src/net/net_test.go}.
 */
@Timeout(60)
class ControlTest {

    /** Go: {@code TestDialerControl}: the hook sees "tcp4"/"tcp6" and "ip:port", before connect. */
    @Test
    void testDialerControl() throws Exception {
        for (String network : List.of("tcp", "tcp4", "tcp6")) {
            String addr = network.equals("tcp6") ? "[::1]:0" : "127.0.0.1:0";
            try (Listener ln = new ListenConfig().listen(Context.background(), network, addr)) {
                List<String> seen = Collections.synchronizedList(new ArrayList<>());
                Dialer d = Dialer.builder().control((net, address, c) -> {
                    seen.add(net + " " + address);
                    // Before connect the socket has no peer: the hook runs first.
                    c.control(fd -> seen.add("peer " + LibC.getpeername(fd, new dev.netdial.posix.internal.Sockaddr[1])));
                }).build();
                try (Conn c = d.dial(network, ln.addr().toString())) {
                    String want = (network.equals("tcp6") ? "tcp6 " : "tcp4 ") + ln.addr();
                    assertEquals(want, seen.get(0), network);
                    assertEquals("peer " + -Constants.ENOTCONN, seen.get(1), network);
                    assertTrue(c.remoteAddr() instanceof TCPAddr);
                }
            }
        }
    }

    /** Go: {@code TestDialerControlContext}: ControlContext gets the dial's context and wins over Control. */
    @Test
    void testDialerControlContext() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0")) {
            Context ctx = Context.background().withCancel();
            List<Object> seen = Collections.synchronizedList(new ArrayList<>());
            Dialer d = Dialer.builder()
                    .control((net, address, c) -> seen.add("control"))
                    .controlContext((cctx, net, address, c) -> seen.add(cctx)).build();
            d.dialContext(ctx, "tcp", ln.addr().toString()).close();
            assertEquals(1, seen.size());
            assertTrue(seen.get(0) instanceof Context, seen.toString());
            ctx.cancel();
            assertTrue(((Context) seen.get(0)).isDone(), "the hook's context derives from the dial's");
        }
    }

    /** A failing Control fails the dial, wrapped as Go does, and closes the socket. */
    @Test
    void testDialerControlError() throws Exception {
        SocketSwitch sw = new SocketSwitch();
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0")) {
            IOException boom = new IOException("control says no");
            Dialer d = Dialer.builder().hooks(Hooks.NONE.withCalls(sw)).control((net, address, c) -> {
                throw boom;
            }).build();
            IOException e = assertThrows(IOException.class, () -> d.dial("tcp", ln.addr().toString()));
            assertEquals("dial tcp " + ln.addr() + ": control says no", e.getMessage());
            assertSame(boom, ((OpError) e).err());
            assertEquals(0, sw.sockets().size(), "the socket was closed");
        }
    }

    /** Go: {@code TestListenConfigControl}: the hook runs before bind and can set options. */
    @Test
    void testListenConfigControl() throws Exception {
        for (String network : List.of("tcp", "tcp4", "tcp6")) {
            String addr = network.equals("tcp6") ? "[::1]:0" : network.equals("tcp4") ? "127.0.0.1:0" : ":0";
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            ListenConfig lc = ListenConfig.builder().control((net, address, c) -> {
                seen.add(net + " " + address);
                c.control(fd -> LibC.setsockoptInt(fd, Constants.SOL_SOCKET, Constants.SO_RCVBUF, 65536));
            }).build();
            try (TCPListener ln = (TCPListener) lc.listen(Context.background(), network, addr)) {
                String fam = network.equals("tcp") ? "tcp6" : network; // ":0" listens dual-stack on [::]
                assertTrue(seen.get(0).startsWith(fam + " "), seen.toString());
                assertTrue(seen.get(0).endsWith(":0"), "before bind the port is still 0: " + seen);
                try (Conn c = Net.dial(network.equals("tcp6") ? "tcp6" : "tcp", ln.addr().toString());
                        TCPConn s = ln.acceptTCP()) {
                    assertTrue(SockOpt.getInt(s.fd(), Constants.SOL_SOCKET, Constants.SO_RCVBUF) >= 65536,
                            "the accepted socket inherits the listener's buffer");
                    assertTrue(c.localAddr() != null);
                }
            }
        }
    }

    /** Read and write errors are Go's OpErrors naming both endpoints. */
    @Test
    void testConnErrorShapes() throws Exception {
        try (TCPListener ln = (TCPListener) Net.listen("tcp", "127.0.0.1:0");
                Conn c = Net.dial("tcp", ln.addr().toString());
                Conn s = ln.accept()) {
            c.setReadDeadline(Instant.now().minusSeconds(1));
            IOException e = assertThrows(IOException.class, () -> c.read(new byte[1], 0, 1));
            GoErrors.checkRead(e);
            assertEquals("read tcp " + c.localAddr() + "->" + c.remoteAddr() + ": i/o timeout", e.getMessage());
            assertTrue(Errors.isTimeout(e));
            c.setReadDeadline(null);
            c.close();
            e = assertThrows(IOException.class, () -> c.write(new byte[1], 0, 1));
            GoErrors.checkWrite(e);
            assertEquals("write tcp " + c.localAddr() + "->" + c.remoteAddr() + ": use of closed network connection",
                    e.getMessage());
            e = assertThrows(IOException.class, () -> ((TCPConn) c).setNoDelay(true));
            assertEquals("set tcp " + c.localAddr() + "->" + c.remoteAddr() + ": use of closed network connection",
                    e.getMessage());
            c.close(); // idempotent
            assertTrue(!c.isOpen());
            assertEquals(-1, s.read(new byte[1], 0, 1), "the peer sees EOF");
            ln.setDeadline(Instant.now().plus(Duration.ofMillis(20)));
            e = assertThrows(IOException.class, ln::accept);
            GoErrors.checkAccept(e);
            assertEquals("accept tcp " + ln.addr() + ": i/o timeout", e.getMessage());
        }
    }
}
