package dev.netdial.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link OwnedFd}'s ownership: a forgotten one is closed by its Cleaner (Go's finalizer on
 * {@code os.File}), a detached one is not, and close is once.
 *
 * <p>Go: {@code src/os/file_unix.go} {@code newFile} (the finalizer); netdial's own test.
 */
class OwnedFdTest {

    /** What /proc/self/fd/N links to ("pipe:[inode]"), or null once N is closed. */
    private static String target(int fd) throws IOException {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static int[] pipe() {
        int[] p = new int[2];
        assertEquals(0, LibC.pipe2(p, Constants.O_CLOEXEC), "pipe2");
        return p;
    }

    /** Makes an OwnedFd and drops it: nothing refers to it once this returns. */
    private static void forget(int fd) {
        new OwnedFd(fd, "forgotten");
    }

    /** Collects until {@code fd} no longer names the file it named ({@code was}); fails after 30 s. */
    private static void awaitClosed(int fd, String was) throws Exception {
        long until = System.nanoTime() + 30_000_000_000L;
        while (was.equals(target(fd))) {
            if (System.nanoTime() - until > 0) {
                fail("fd " + fd + " (" + was + ") still open 30 s after its OwnedFd became unreachable");
            }
            System.gc();
            Thread.sleep(10);
        }
    }

    @Test
    @Timeout(60)
    void aForgottenOneIsClosedByTheCleaner() throws Exception {
        int[] p = pipe();
        try {
            String was = target(p[0]);
            forget(p[0]);
            awaitClosed(p[0], was);
        } finally {
            LibC.close(p[1]);
        }
    }

    @Test
    @Timeout(60)
    void aDetachedOneStaysOpenWhenItsObjectIsGone() throws Exception {
        int[] kept = pipe();
        int[] canary = pipe();
        try {
            String keptWas = target(kept[0]);
            String canaryWas = target(canary[0]);
            OwnedFd k = new OwnedFd(kept[0], "kept");
            assertEquals(kept[0], k.detach());
            assertThrows(IllegalStateException.class, k::fd);
            k = null;
            // Once the canary, forgotten after the detached one, has been cleaned, the detached
            // one was collectable too: it must still be open.
            forget(canary[0]);
            awaitClosed(canary[0], canaryWas);
            System.gc();
            Thread.sleep(50);
            assertEquals(keptWas, target(kept[0]), "the detached fd was closed");
        } finally {
            LibC.close(kept[0]);
            LibC.close(kept[1]);
            LibC.close(canary[1]);
        }
    }

    @Test
    void closeIsOnceAndEndsTheNumber() throws Exception {
        int[] p = pipe();
        try {
            String was = target(p[0]);
            OwnedFd f = new OwnedFd(p[0], "once");
            f.close();
            assertFalse(f.isOpen());
            assertFalse(was.equals(target(p[0])), "close must close the fd");
            f.close(); // a no-op: must not close whatever now has that number
            assertThrows(IllegalStateException.class, f::fd);
            assertThrows(IllegalStateException.class, f::detach);
        } finally {
            LibC.close(p[1]);
        }
    }
}
