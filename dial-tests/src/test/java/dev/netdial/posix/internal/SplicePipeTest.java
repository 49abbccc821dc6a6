package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.testing.Loopback;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipes {@link Splice} makes and the fallbacks of {@link Splice} and {@link Sendfile}: pipe
 * ends are born {@code O_CLOEXEC|O_NONBLOCK} with the larger buffer; a source splice cannot read
 * from and a file sendfile cannot send are reported as not handled, nothing moved.
 *
 * <p>Go: {@code src/internal/poll/splice_linux_test.go}, {@code src/net/splice_linux_test.go}
 * {@code TestSpliceNoUnixpacket}-like fallbacks.
 */
class SplicePipeTest {

    @TempDir
    Path dir;

    /** Both ends close-on-exec and non-blocking (the house rule for every fd netdial opens). */
    @Test
    void testNewPipeFlags() {
        Splice.SplicePipe p = Splice.newPipe();
        assertNotNull(p);
        try {
            for (int fd : new int[] {p.rfd, p.wfd}) {
                assertTrue((LibC.fcntl(fd, Constants.F_GETFD, 0) & Constants.FD_CLOEXEC) != 0, "FD_CLOEXEC on " + fd);
                assertTrue((LibC.fcntl(fd, Constants.F_GETFL, 0) & Constants.O_NONBLOCK) != 0, "O_NONBLOCK on " + fd);
            }
            int size = LibC.fcntl(p.rfd, Splice.F_GETPIPE_SZ, 0);
            assertTrue(size >= 64 * 1024, "pipe size " + size);
        } finally {
            Splice.destroyPipe(p);
        }
    }

    /**
     * sendfile from something that is not a regular file (a pipe: ESPIPE; a directory: EINVAL)
     * is not handled when nothing was sent, so the caller copies another way.
     */
    @Test
    void testSendfileNotHandled() throws Exception {
        NetFD[] p = Loopback.pair();
        int[] pipe = new int[2];
        assertEquals(0, LibC.pipe2(pipe, Constants.O_CLOEXEC | Constants.O_NONBLOCK));
        try {
            // A pipe has no offsets: sendfile at one fails with ESPIPE.
            Transfer t = Sendfile.sendFile(p[0].pfd(), pipe[0], 0, 100);
            assertFalse(t.handled());
            assertEquals(0, t.written());
            assertEquals("sendfile: illegal seek", t.err().getMessage());
            // A directory opens, but sendfile cannot read it: EINVAL.
            int d = OsFile.open(dir.toString());
            try {
                t = Sendfile.sendFile(p[0].pfd(), d, 0, 100);
            } finally {
                OsFile.close(d);
            }
            assertFalse(t.handled());
            assertEquals(0, t.written());
            assertEquals("sendfile: invalid argument", t.err().getMessage());
        } finally {
            LibC.close(pipe[0]);
            LibC.close(pipe[1]);
            p[0].close();
            p[1].close();
        }
    }

    /** A file read through sendfile at an offset; the count is what the kernel sent. */
    @Test
    void testSendfileOffset() throws Exception {
        Path f = Files.write(dir.resolve("f"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        NetFD[] p = Loopback.pair();
        int ffd = OsFile.open(f.toString());
        try {
            Transfer t = Sendfile.sendFile(p[0].pfd(), ffd, 3, Long.MAX_VALUE);
            assertTrue(t.handled());
            assertNull(t.err());
            assertEquals(5, t.written());
            byte[] b = new byte[8];
            int n = p[1].read(b, 0, 8);
            assertEquals(5, n);
            assertEquals(4, b[0]);
            assertEquals(8, b[4]);
        } finally {
            OsFile.close(ffd);
            p[0].close();
            p[1].close();
        }
    }
}
