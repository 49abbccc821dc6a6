package dev.netdial.unix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.UnixAddr;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * File descriptors passed with {@code SCM_RIGHTS}: a pipe's read end goes over a Unix socket,
 * arrives close-on-exec as an {@link OwnedFd}, reads what was written into the pipe, and is closed
 * by its owner. Also the control-message layout against Go's {@code UnixRights} bytes.
 *
 * <p>Go: {@code src/net/unixsock_test.go} (the fd passing of {@code TestUnixListenerFile}'s kind),
 * {@code src/syscall/syscall_unix_test.go} {@code TestPassFD}, {@code src/syscall/sockcmsg_unix.go}.
 */
@Timeout(60)
class UnixRightsTest {
    @TempDir
    Path dir;

    /** A pipe, both ends close-on-exec; the caller closes them. */
    private static int[] pipe() {
        int[] p = new int[2];
        assertEquals(0, LibC.pipe2(p, Constants.O_CLOEXEC), "pipe2");
        return p;
    }

    private static boolean cloexec(int fd) {
        int f = LibC.fcntl(fd, Constants.F_GETFD, 0);
        assertTrue(f >= 0, "F_GETFD of fd " + fd + ": " + f);
        return (f & Constants.FD_CLOEXEC) != 0;
    }

    /** Go's {@code UnixRights(3, 4)} on 64-bit Linux: a 16-byte header, then the fds, padded to 8. */
    @Test
    void unixRightsLayout() {
        byte[] b = UnixRights.unixRights(3, 4);
        assertEquals(24, b.length, "CmsgSpace(8)");
        assertArrayEquals(new byte[] {24, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0}, b);
        assertEquals(20, UnixRights.cmsgLen(4));
        assertEquals(24, UnixRights.cmsgSpace(4));
        assertEquals(List.of(3, 4), UnixRights.parseUnixRights(b, b.length));
        assertEquals(List.of(), UnixRights.parseUnixRights(b, 15), "a truncated header is not parsed");
    }

    private void passPipe(String network) throws IOException {
        String path = dir.resolve("rights-" + network).toString();
        UnixAddr a = new UnixAddr(path, network);
        int[] p = pipe();
        try {
            UnixConn c;
            UnixConn s;
            AutoCloseable ln;
            UnixAddr to = null;
            if (network.equals("unixgram")) {
                // Go refuses writeMsgUnix on a connected "unixgram" socket, so the sender is bound, unconnected.
                s = UnixNet.listenUnixgram(network, a);
                c = UnixNet.listenUnixgram(network, new UnixAddr(path + "-sender", network));
                to = a;
                ln = () -> { };
            } else {
                UnixListener l = UnixNet.listenUnix(network, a);
                c = UnixNet.dialUnix(network, null, a);
                s = l.acceptUnix();
                ln = l;
            }
            try (ln; c; s) {
                byte[] msg = "fd".getBytes(StandardCharsets.US_ASCII);
                assertEquals(2, c.writeMsgUnix(msg, UnixRights.unixRights(p[0]), to));
                byte[] hello = "hello through a passed fd".getBytes(StandardCharsets.US_ASCII);
                LibC.close(p[0]); // the receiver's copy is independent of ours
                p[0] = -1;
                byte[] b = new byte[16];
                byte[] oob = new byte[UnixRights.cmsgSpace(4)];
                s.setReadDeadline(Instant.now().plusSeconds(5));
                OwnedFd f;
                try (UnixMsg m = s.readMsgUnix(b, oob)) {
                    assertEquals(2, m.n());
                    assertEquals(oob.length, m.oobn());
                    assertEquals(0, m.flags() & 0x8, "no MSG_CTRUNC");
                    assertEquals(1, m.fds().size(), "one fd received");
                    f = m.fds().get(0);
                    assertTrue(cloexec(f.fd()), "a received fd is close-on-exec (MSG_CMSG_CLOEXEC)");
                    writeAll(p[1], hello);
                    byte[] got = new byte[hello.length];
                    int n = 0;
                    while (n < got.length) {
                        int r = f.read(got, n, got.length - n);
                        assertTrue(r > 0, "read through the received fd: " + r);
                        n += r;
                    }
                    assertArrayEquals(hello, got);
                    LibC.close(p[1]);
                    p[1] = -1;
                    assertEquals(-1, f.read(got, 0, 1), "end of file once the write end is closed");
                    assertTrue(f.isOpen());
                }
                assertFalse(f.isOpen(), "closing the message closed its fd");
                assertThrows(IllegalStateException.class, f::fd);
            }
        } catch (Exception e) {
            throw e instanceof IOException io ? io : new IOException(e);
        } finally {
            for (int fd : p) {
                if (fd >= 0) {
                    LibC.close(fd);
                }
            }
        }
    }

    private static void writeAll(int fd, byte[] b) throws IOException {
        assertEquals(b.length, dev.netdial.posix.internal.OsFile.write(fd, "pipe", b, 0, b.length));
    }

    @Test
    void passFdOverStream() throws IOException {
        passPipe("unix");
    }

    @Test
    void passFdOverUnixgram() throws IOException {
        passPipe("unixgram");
    }

    @Test
    void passFdOverUnixpacket() throws IOException {
        passPipe("unixpacket");
    }

    /**
     * A connected socket passed over another one becomes a conn again on the far side (Go's
     * {@code FileConn}): the socket-passing pattern of a supervisor handing connections to workers.
     */
    @Test
    void passAConnectedSocketAndUseIt() throws Exception {
        String ctl = dir.resolve("ctl").toString();
        String data = dir.resolve("data").toString();
        try (UnixListener ctlLn = UnixNet.listenUnix("unix", new UnixAddr(ctl, "unix"));
                UnixListener dataLn = UnixNet.listenUnix("unix", new UnixAddr(data, "unix"));
                UnixConn supervisor = UnixNet.dialUnix("unix", null, new UnixAddr(ctl, "unix"));
                UnixConn worker = ctlLn.acceptUnix();
                UnixConn client = UnixNet.dialUnix("unix", null, new UnixAddr(data, "unix"));
                UnixConn accepted = dataLn.acceptUnix()) {
            try (OwnedFd f = accepted.file()) {
                assertTrue(cloexec(f.fd()));
                supervisor.writeMsgUnix(new byte[] {1}, UnixRights.unixRights(f.fd()), null);
            }
            accepted.close(); // the supervisor keeps no copy
            worker.setReadDeadline(Instant.now().plusSeconds(5));
            try (UnixMsg m = worker.readMsgUnix(new byte[1], new byte[UnixRights.cmsgSpace(4)]);
                    UnixConn handed = UnixNet.fileConn(m.fds().get(0))) {
                assertEquals(new UnixAddr(data, "unix"), handed.localAddr());
                byte[] hi = "to the worker".getBytes(StandardCharsets.US_ASCII);
                client.write(hi, 0, hi.length);
                assertArrayEquals(hi, handed.inputStream().readNBytes(hi.length));
                handed.write(new byte[] {7}, 0, 1);
                assertEquals(7, client.inputStream().read());
            }
        }
    }

    /** Several fds in one message, and control data alone (Go's dummy byte on a stream); a detached fd stays open. */
    @Test
    void severalFdsAndNoPayload() throws Exception {
        String path = dir.resolve("rights-" + ThreadLocalRandom.current().nextInt(1000)).toString();
        int[] p1 = pipe();
        int[] p2 = pipe();
        try (UnixListener l = UnixNet.listenUnix("unix", new UnixAddr(path, "unix"));
                UnixConn c = UnixNet.dialUnix("unix", null, new UnixAddr(path, "unix"));
                UnixConn s = l.acceptUnix()) {
            assertEquals(0, c.writeMsgUnix(null, UnixRights.unixRights(p1[0], p2[1]), null), "control data alone counts 0");
            byte[] oob = new byte[UnixRights.cmsgSpace(8)];
            int kept;
            try (UnixMsg m = s.readMsgUnix(null, oob)) {
                assertEquals(2, m.fds().size());
                for (OwnedFd f : m.fds()) {
                    assertTrue(cloexec(f.fd()));
                }
                kept = m.fds().get(1).detach(); // the write end of p2, now ours
            }
            assertTrue(LibC.fcntl(kept, Constants.F_GETFD, 0) >= 0, "a detached fd stays open");
            assertEquals(1, dev.netdial.posix.internal.OsFile.write(kept, "pipe", new byte[] {6}, 0, 1));
            LibC.close(kept);
            byte[] one = new byte[1];
            assertEquals(1, dev.netdial.posix.internal.OsFile.read(p2[0], "pipe", one, 0, 1));
            assertEquals(6, one[0]);
        } finally {
            for (int fd : new int[] {p1[0], p1[1], p2[0], p2[1]}) {
                LibC.close(fd);
            }
        }
    }
}
