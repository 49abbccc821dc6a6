package dev.netdial.unix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.OpError;
import dev.netdial.api.UnixAddr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream and sequenced-packet cases of Go's unixsock_test.go that need no external host:
 * local and remote names, unlink on close (every subcase of {@code TestUnixUnlink}), autobind,
 * abstract names, "unixpacket" message boundaries.
 *
 * <p>Go: {@code src/net/unixsock_test.go}.
 */
@Timeout(60)
class UnixSockTest {
    @TempDir
    Path dir;

    /** Go: {@code src/net/mockserver_test.go} {@code testUnixAddr}: a fresh name in a private directory. */
    private String testUnixAddr() {
        return dir.resolve("sock" + ThreadLocalRandom.current().nextInt(1_000_000)).toString();
    }

    /** Go: {@code src/net/unixsock_test.go} {@code TestUnixConnLocalAndRemoteNames}. */
    @Test
    void unixConnLocalAndRemoteNames() throws Exception {
        for (String laddr : new String[] {"", testUnixAddr()}) {
            String taddr = testUnixAddr();
            UnixAddr ta = UnixNet.resolveUnixAddr("unix", taddr);
            try (UnixListener ln = UnixNet.listenUnix("unix", ta)) {
                UnixAddr la = UnixNet.resolveUnixAddr("unix", laddr);
                try (UnixConn c = UnixNet.dialUnix("unix", la, ta); UnixConn s = ln.acceptUnix()) {
                    byte[] msg = "UNIXCONN LOCAL AND REMOTE NAME TEST".getBytes(StandardCharsets.US_ASCII);
                    c.write(msg, 0, msg.length);
                    assertArrayEquals(msg, s.inputStream().readNBytes(msg.length));
                    String want = laddr.isEmpty() ? "@" : laddr; // Linux: an unnamed socket reads as "@"
                    assertEquals(ta, ln.addr(), "listener address");
                    assertEquals(new UnixAddr(want, "unix"), c.localAddr(), "dialer's local address");
                    assertEquals(ta, c.remoteAddr(), "dialer's remote address");
                    assertEquals(ta, s.localAddr(), "accepted conn's local address");
                    assertEquals(new UnixAddr(want, "unix"), s.remoteAddr(), "accepted conn's remote address");
                }
                if (!laddr.isEmpty()) {
                    Files.deleteIfExists(Path.of(laddr));
                }
            }
        }
    }

    // ---- Go: TestUnixUnlink, one test per subcase ----

    private UnixListener listen(String name) throws IOException {
        return UnixNet.listenUnix("unix", new UnixAddr(name, "unix"));
    }

    private static void checkExists(String name, String desc) {
        assertTrue(Files.exists(Path.of(name)), "unix socket does not exist " + desc);
    }

    private static void checkNotExists(String name, String desc) {
        assertFalse(Files.exists(Path.of(name)), "unix socket does exist " + desc);
    }

    /** Go: {@code TestUnixUnlink/Listen}: the listener removes its file on close. */
    @Test
    void unixUnlinkListen() throws IOException {
        String name = testUnixAddr();
        UnixListener l = listen(name);
        checkExists(name, "after Listen");
        l.close();
        checkNotExists(name, "after Listener close");
    }

    /** Go: {@code TestUnixUnlink/FileListener}: a listener made from a file does not. */
    @Test
    void unixUnlinkFileListener() throws IOException {
        String name = testUnixAddr();
        UnixListener l = listen(name);
        OwnedFd f = l.file();
        UnixListener l1 = UnixNet.fileListener(f);
        checkExists(name, "after FileListener");
        f.close();
        checkExists(name, "after File close");
        l1.close();
        checkExists(name, "after FileListener close");
        l.close();
        checkNotExists(name, "after Listener close");
    }

    /** Go: {@code TestUnixUnlink/SecondClose}: only the first close removes the file. */
    @Test
    void unixUnlinkSecondClose() throws IOException {
        String name = testUnixAddr();
        UnixListener l = listen(name);
        checkExists(name, "after Listen");
        l.close();
        checkNotExists(name, "after Listener close");
        Files.writeString(Path.of(name), "hello world");
        checkExists(name, "after writing temp file");
        l.close();
        checkExists(name, "after second Listener close");
        Files.delete(Path.of(name));
    }

    /** Go: {@code TestUnixUnlink/Listen/SetUnlinkOnClose(true)}. */
    @Test
    void unixUnlinkListenSetUnlinkOnCloseTrue() throws IOException {
        String name = testUnixAddr();
        UnixListener l = listen(name);
        checkExists(name, "after Listen");
        l.setUnlinkOnClose(true);
        l.close();
        checkNotExists(name, "after Listener close");
    }

    /** Go: {@code TestUnixUnlink/Listen/SetUnlinkOnClose(false)}. */
    @Test
    void unixUnlinkListenSetUnlinkOnCloseFalse() throws IOException {
        String name = testUnixAddr();
        UnixListener l = listen(name);
        checkExists(name, "after Listen");
        l.setUnlinkOnClose(false);
        l.close();
        checkExists(name, "after Listener close");
        Files.delete(Path.of(name));
    }

    /** Go: {@code TestUnixUnlink/FileListener/SetUnlinkOnClose(true)}. */
    @Test
    void unixUnlinkFileListenerSetUnlinkOnCloseTrue() throws IOException {
        String name = testUnixAddr();
        UnixListener l = listen(name);
        OwnedFd f = l.file();
        UnixListener l1 = UnixNet.fileListener(f);
        checkExists(name, "after FileListener");
        l1.setUnlinkOnClose(true);
        f.close();
        checkExists(name, "after File close");
        l1.close();
        checkNotExists(name, "after FileListener close");
        l.close();
    }

    /** Go: {@code TestUnixUnlink/FileListener/SetUnlinkOnClose(false)}. */
    @Test
    void unixUnlinkFileListenerSetUnlinkOnCloseFalse() throws IOException {
        String name = testUnixAddr();
        UnixListener l = listen(name);
        OwnedFd f = l.file();
        UnixListener l1 = UnixNet.fileListener(f);
        checkExists(name, "after FileListener");
        l1.setUnlinkOnClose(false);
        f.close();
        checkExists(name, "after File close");
        l1.close();
        checkExists(name, "after FileListener close");
        l.close();
    }

    /** A listener made from a file accepts on the same socket, and names the same address. */
    @Test
    void fileListenerAccepts() throws IOException {
        String name = testUnixAddr();
        try (UnixListener l = listen(name); OwnedFd f = l.file(); UnixListener l1 = UnixNet.fileListener(f)) {
            assertEquals(l.addr(), l1.addr());
            try (UnixConn c = UnixNet.dialUnix("unix", null, new UnixAddr(name, "unix")); UnixConn s = l1.acceptUnix()) {
                c.write(new byte[] {42}, 0, 1);
                assertEquals(42, s.inputStream().read());
            }
        }
    }

    /** Go: {@code src/net/unixsock_test.go} {@code TestUnixAutobindClose}: an autobound listener has an "@" name and closes cleanly. */
    @Test
    void unixAutobindClose() throws IOException {
        UnixListener ln = UnixNet.listenUnix("unix", new UnixAddr("", "unix"));
        String name = ln.addr().toString();
        assertTrue(name.length() > 1 && name.charAt(0) == '@', "autobind address: " + name);
        try (UnixConn c = UnixNet.dialUnix("unix", null, (UnixAddr) ln.addr()); UnixConn s = ln.acceptUnix()) {
            assertEquals(ln.addr(), c.remoteAddr());
        }
        ln.close();
    }

    /** An abstract name ("@…") needs no file: dial and listen meet in the kernel's namespace. */
    @Test
    void abstractAddress() throws IOException {
        String name = "@netdial-test-" + ProcessHandle.current().pid() + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
        UnixAddr a = new UnixAddr(name, "unix");
        try (UnixListener ln = UnixNet.listenUnix("unix", a)) {
            assertEquals(a, ln.addr());
            try (UnixConn c = UnixNet.dialUnix("unix", null, a); UnixConn s = ln.acceptUnix()) {
                assertEquals(a, c.remoteAddr());
                assertEquals(a, s.localAddr());
                byte[] m = "abstract".getBytes(StandardCharsets.US_ASCII);
                c.write(m, 0, m.length);
                assertArrayEquals(m, s.inputStream().readNBytes(m.length));
            }
            OpError e = assertThrows(OpError.class, () -> UnixNet.listenUnix("unix", a));
            assertEquals("listen unix " + name + ": bind: address already in use", e.getMessage());
        }
    }

    /** "unixpacket" keeps message boundaries: each read returns one whole write, a short buffer truncates it. */
    @Test
    void unixpacketMessageBoundaries() throws IOException {
        String name = testUnixAddr();
        UnixAddr a = new UnixAddr(name, "unixpacket");
        try (UnixListener ln = UnixNet.listenUnix("unixpacket", a);
                UnixConn c = UnixNet.dialUnix("unixpacket", null, a);
                UnixConn s = ln.acceptUnix()) {
            assertEquals("unixpacket", c.localAddr().network());
            assertEquals(a, s.localAddr());
            for (int len : new int[] {1, 7, 100, 3000}) {
                byte[] m = new byte[len];
                ThreadLocalRandom.current().nextBytes(m);
                c.write(m, 0, len);
            }
            byte[] buf = new byte[8192];
            for (int len : new int[] {1, 7, 100, 3000}) {
                assertEquals(len, s.read(buf, 0, buf.length), "one read, one message");
            }
            c.write(new byte[] {1, 2, 3, 4}, 0, 4);
            assertEquals(2, s.read(buf, 0, 2), "a short buffer gets the head of the message");
            c.write(new byte[] {9}, 0, 1);
            assertEquals(1, s.read(buf, 0, buf.length), "the rest of the truncated message is gone");
            assertEquals(9, buf[0]);
            c.close();
            assertEquals(-1, s.read(buf, 0, buf.length), "end of stream after the peer closes");
        }
    }

    /** closeWrite gives the peer end of stream; the other direction still works; closeRead ends reading. */
    @Test
    void closeWriteHalfCloses() throws IOException {
        String name = testUnixAddr();
        try (UnixListener ln = listen(name);
                UnixConn c = UnixNet.dialUnix("unix", null, new UnixAddr(name, "unix"));
                UnixConn s = ln.acceptUnix()) {
            c.closeWrite();
            assertEquals(-1, s.inputStream().read());
            s.write(new byte[] {5}, 0, 1);
            assertEquals(5, c.inputStream().read());
            s.closeRead();
            assertEquals(-1, s.inputStream().read(), "end of stream after closeRead");
        }
    }

    /** syscallConn's control sees the socket's fd. */
    @Test
    void syscallConnControl() throws IOException {
        String name = testUnixAddr();
        try (UnixListener ln = listen(name); UnixConn c = UnixNet.dialUnix("unix", null, new UnixAddr(name, "unix"))) {
            int[] seen = {-1, -1};
            c.syscallConn().control(fd -> seen[0] = fd);
            ln.syscallConn().control(fd -> seen[1] = fd);
            assertTrue(seen[0] >= 0 && seen[1] >= 0 && seen[0] != seen[1], "fds " + seen[0] + ", " + seen[1]);
            try (UnixConn s = ln.acceptUnix()) {
                assertEquals(new UnixAddr("@", "unix"), s.remoteAddr());
            }
        }
    }
}
