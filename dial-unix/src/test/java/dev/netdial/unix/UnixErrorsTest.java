package dev.netdial.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import dev.netdial.api.OpError;
import dev.netdial.api.UnixAddr;
import dev.netdial.api.UnknownNetworkError;
import dev.netdial.testing.GoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go's error texts, byte for byte, for the common failures of Unix sockets: no such socket file,
 * permission denied, connection refused, address in use, a name too long for {@code sun_path},
 * unknown networks, missing addresses.
 *
 * <p>Go: {@code src/net/unixsock.go} ({@code DialUnix}, {@code ListenUnix}, {@code ListenUnixgram}
 * and their {@code OpError}s), {@code src/syscall/syscall_linux.go} {@code (*SockaddrUnix).sockaddr}
 * (EINVAL), {@code src/net/error_test.go} (the shapes {@link GoErrors} checks).
 */
@Timeout(60)
class UnixErrorsTest {
    @TempDir
    Path dir;

    private static OpError dialError(String network, UnixAddr laddr, UnixAddr raddr) {
        OpError e = assertThrows(OpError.class, () -> UnixNet.dialUnix(network, laddr, raddr).close());
        GoErrors.checkDial(e);
        return e;
    }

    @Test
    void noSuchSocketFile() {
        String p = dir.resolve("x/y").toString();
        assertEquals("dial unix " + p + ": connect: no such file or directory",
                dialError("unix", null, new UnixAddr(p, "unix")).getMessage());
    }

    @Test
    void connectionRefused() throws IOException {
        String p = dir.resolve("stale").toString();
        UnixListener ln = UnixNet.listenUnix("unix", new UnixAddr(p, "unix"));
        ln.setUnlinkOnClose(false);
        ln.close(); // the file stays, nothing listens on it
        assertEquals("dial unix " + p + ": connect: connection refused",
                dialError("unix", null, new UnixAddr(p, "unix")).getMessage());
    }

    @Test
    void addressInUse() throws IOException {
        String p = dir.resolve("busy").toString();
        UnixAddr a = new UnixAddr(p, "unix");
        try (UnixListener ln = UnixNet.listenUnix("unix", a)) {
            OpError e = assertThrows(OpError.class, () -> UnixNet.listenUnix("unix", a).close());
            assertEquals("listen unix " + p + ": bind: address already in use", e.getMessage());
            GoErrors.checkDial(e);
            OpError g = assertThrows(OpError.class, () -> UnixNet.listenUnixgram("unixgram", new UnixAddr(p, "unixgram")).close());
            assertEquals("listen unixgram " + p + ": bind: address already in use", g.getMessage());
        }
    }

    /** A path of 108 bytes leaves no room for its NUL: EINVAL before the kernel, as Go's syscall package; an abstract name of 108 fits. */
    @Test
    void nameTooLong() throws IOException {
        String p = "/" + "x".repeat(107);
        assertEquals(108, p.length());
        assertEquals("dial unix " + p + ": connect: invalid argument", dialError("unix", null, new UnixAddr(p, "unix")).getMessage());
        OpError e = assertThrows(OpError.class, () -> UnixNet.listenUnix("unix", new UnixAddr(p, "unix")).close());
        assertEquals("listen unix " + p + ": bind: invalid argument", e.getMessage());
        String q = "/" + "x".repeat(110);
        assertEquals("dial unix " + q + ": connect: invalid argument", dialError("unix", null, new UnixAddr(q, "unix")).getMessage());
        String abs = "@" + "a".repeat(107);
        try (UnixListener ln = UnixNet.listenUnix("unix", new UnixAddr(abs, "unix"))) {
            assertEquals(abs, ln.addr().toString(), "an abstract name may use all 108 bytes");
        }
        String path107 = dir.resolve("p").toString();
        path107 = path107 + "/" + "y".repeat(106 - path107.length());
        Files.createDirectories(Path.of(path107).getParent());
        assertEquals(107, path107.length());
        try (UnixListener ln = UnixNet.listenUnix("unix", new UnixAddr(path107, "unix"))) {
            assertEquals(path107, ln.addr().toString(), "a path of 107 bytes fits");
        }
    }

    @Test
    void unknownNetworkAndMissingAddress() {
        UnixAddr a = new UnixAddr("/x", "unix");
        assertEquals("dial tcp /x: unknown network tcp", dialError("tcp", null, a).getMessage());
        assertEquals("listen unixgram /x: unknown network unixgram",
                assertThrows(OpError.class, () -> UnixNet.listenUnix("unixgram", a)).getMessage());
        assertEquals("listen unix /x: unknown network unix",
                assertThrows(OpError.class, () -> UnixNet.listenUnixgram("unix", a)).getMessage());
        assertEquals("dial unix: missing address", dialError("unix", null, null).getMessage());
        // An empty name is no address; Go's OpError still names it, printing "" (GoErrors' check
        // that an address prints something does not apply: Go's own isValid only rejects nil).
        assertEquals("dial unix : missing address", assertThrows(OpError.class,
                () -> UnixNet.dialUnix("unix", null, new UnixAddr("", "unix"))).getMessage());
        assertEquals("dial unixgram: missing address", dialError("unixgram", null, null).getMessage());
        assertEquals("listen unix: missing address",
                assertThrows(OpError.class, () -> UnixNet.listenUnix("unix", null)).getMessage());
        assertEquals("listen unixgram: missing address",
                assertThrows(OpError.class, () -> UnixNet.listenUnixgram("unixgram", null)).getMessage());
        assertEquals("unknown network tcp",
                assertThrows(UnknownNetworkError.class, () -> UnixNet.resolveUnixAddr("tcp", "/x")).getMessage());
    }

    /** A listener's accept deadline and a conn's read deadline fail with Go's "i/o timeout". */
    @Test
    void deadlines() throws IOException {
        String p = dir.resolve("dl").toString();
        try (UnixListener ln = UnixNet.listenUnix("unix", new UnixAddr(p, "unix"))) {
            ln.setDeadline(java.time.Instant.now().plusMillis(50));
            OpError a = assertThrows(OpError.class, ln::acceptUnix);
            assertEquals("accept unix " + p + ": i/o timeout", a.getMessage());
            GoErrors.checkAccept(a);
            ln.setDeadline(null);
            try (UnixConn c = UnixNet.dialUnix("unix", null, new UnixAddr(p, "unix")); UnixConn s = ln.acceptUnix()) {
                c.setReadDeadline(java.time.Instant.now().plusMillis(50));
                OpError r = assertThrows(OpError.class, () -> c.read(new byte[1], 0, 1));
                assertEquals("read unix @->" + p + ": i/o timeout", r.getMessage());
                GoErrors.checkRead(r);
            }
        }
    }

    /** fileListener of something that is not a socket: Go's "file file+net NAME: getsockopt: socket operation on non-socket". */
    @Test
    void fileListenerOfAPipe() throws IOException {
        int[] p = new int[2];
        assertEquals(0, dev.netdial.posix.internal.LibC.pipe2(p, dev.netdial.posix.internal.Constants.O_CLOEXEC));
        try (OwnedFd r = new OwnedFd(p[0], "pipe"); OwnedFd w = new OwnedFd(p[1], "pipe-w")) {
            OpError e = assertThrows(OpError.class, () -> UnixNet.fileListener(r));
            assertEquals("file file+net pipe: getsockopt: socket operation on non-socket", e.getMessage());
            assertTrue(r.isOpen() && w.isOpen(), "the caller's file stays open");
        }
    }

    /**
     * connect(2) to a socket file without write permission fails with EACCES. Root passes every
     * permission check, so as root the dial runs on a thread of its own that has dropped
     * CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (capabilities are per thread): the kernel's own check.
     */
    @Test
    void permissionDenied() throws Exception {
        String p = dir.resolve("private").toString();
        try (UnixListener ln = UnixNet.listenUnix("unix", new UnixAddr(p, "unix"))) {
            Files.setPosixFilePermissions(Path.of(p), PosixFilePermissions.fromString("---------"));
            AtomicReference<Throwable> got = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name("unprivileged-dial").start(() -> {
                try {
                    dropDacCapabilities();
                    UnixNet.dialUnix("unix", null, new UnixAddr(p, "unix")).close();
                    got.set(new AssertionError("dial succeeded"));
                } catch (Throwable e) {
                    got.set(e);
                }
            });
            t.join();
            Throwable e = got.get();
            if (!(e instanceof OpError oe)) {
                throw new AssertionError("want an OpError", e);
            }
            assertEquals("dial unix " + p + ": connect: permission denied", oe.getMessage());
            GoErrors.checkDial(oe);
        }
    }

    /** capget/capset of the calling thread (libc), for {@link #dropDacCapabilities}. */
    interface Caps extends Library {
        int capget(Memory hdr, Memory data);

        int capset(Memory hdr, Memory data);
    }

    /** Clears CAP_DAC_OVERRIDE (1) and CAP_DAC_READ_SEARCH (2) from this thread's effective set; nothing to do for a non-root user. */
    private static void dropDacCapabilities() {
        Caps caps = Native.load("c", Caps.class);
        Memory hdr = new Memory(8);
        hdr.setInt(0, 0x20080522); // _LINUX_CAPABILITY_VERSION_3
        hdr.setInt(4, 0); // this thread
        Memory data = new Memory(24);
        data.clear();
        if (caps.capget(hdr, data) != 0) {
            throw new AssertionError("capget failed: errno " + Native.getLastError());
        }
        int effective = data.getInt(0);
        data.setInt(0, effective & ~((1 << 1) | (1 << 2)));
        if (caps.capset(hdr, data) != 0) {
            throw new AssertionError("capset failed: errno " + Native.getLastError());
        }
    }
}
