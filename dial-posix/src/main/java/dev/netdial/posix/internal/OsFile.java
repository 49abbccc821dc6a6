package dev.netdial.posix.internal;

import dev.netdial.api.Errno;
import dev.netdial.api.PathError;

/**
 * Plain files for the zero-copy paths: {@link #open} a file to send with sendfile, {@link #create}
 * one to splice into. The fd is owned by the calling thread from open to {@link #close} and never
 * shared, so it needs no {@link FDMutex}.
 *
 * <p>Go: {@code src/os/file.go} {@code Open}, {@code Create}; {@code src/os/file_unix.go}
 * {@code openFileNolog}.
 * <p>Differs: no {@code O_NONBLOCK}: a regular file never blocks, and netdial does not poll it.
 */
public final class OsFile {
    private OsFile() {
    }

    // <fcntl.h>
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_TRUNC = 01000;

    /**
     * Opens {@code path} for reading, close-on-exec.
     *
     * <p>Go: {@code src/os/file.go} {@code Open}.
     *
     * @throws PathError Go's "open PATH: ..." on failure
     */
    public static int open(String path) throws PathError {
        return openFile(path, O_RDONLY | Constants.O_CLOEXEC, 0);
    }

    /**
     * Creates or truncates {@code path} (mode 0666 before the umask), open for reading and
     * writing, close-on-exec.
     *
     * <p>Go: {@code src/os/file.go} {@code Create}.
     *
     * @throws PathError Go's "open PATH: ..." on failure
     */
    public static int create(String path) throws PathError {
        return openFile(path, O_RDWR | O_CREAT | O_TRUNC | Constants.O_CLOEXEC, 0666);
    }

    /** Go: {@code src/os/file_unix.go} {@code openFileNolog} (retrying EINTR). */
    private static int openFile(String path, int flags, int mode) throws PathError {
        for (;;) {
            int fd = LibC.open(path, flags, mode);
            if (fd >= 0) {
                return fd;
            }
            if (-fd != Constants.EINTR) {
                throw new PathError("open", path, Errno.of(-fd));
            }
        }
    }

    /** Closes a file from {@link #open} or {@link #create}: once, never retried. */
    public static void close(int fd) {
        LibC.close(fd);
    }
}
