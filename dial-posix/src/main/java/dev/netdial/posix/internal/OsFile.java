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

    /**
     * One read(2) of up to {@code len} bytes into {@code b[off..]} from a file descriptor the
     * caller owns, retried on EINTR: the bytes read, or -1 at end of file (Go's {@code io.EOF}).
     * A non-blocking fd with nothing to read fails with EAGAIN ("resource temporarily unavailable").
     *
     * <p>Go: {@code src/os/file.go} {@code (*File).Read}, {@code src/internal/poll/fd_unix.go}
     * {@code (*FD).Read} for a file netpoll does not watch.
     *
     * @throws PathError Go's "read NAME: ..." on failure
     */
    public static int read(int fd, String name, byte[] b, int off, int len) throws PathError {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        NativeBuffers.Buf buf = NativeBuffers.take();
        try {
            for (;;) {
                long n = LibC.read(fd, buf.addr, Math.min(len, NativeBuffers.SIZE));
                if (n > 0) {
                    buf.bb.get(0, b, off, (int) n);
                    return (int) n;
                }
                if (n == 0) {
                    return -1;
                }
                if (-n != Constants.EINTR) {
                    throw new PathError("read", name, Errno.of((int) -n));
                }
            }
        } finally {
            NativeBuffers.release(buf);
        }
    }

    /**
     * Writes all of {@code b[off..off+len)} to a file descriptor the caller owns, retrying short
     * writes and EINTR.
     *
     * <p>Go: {@code src/os/file.go} {@code (*File).Write}, {@code src/internal/poll/fd_unix.go}
     * {@code (*FD).Write} for a file netpoll does not watch.
     *
     * @throws PathError Go's "write NAME: ..." on failure
     */
    public static int write(int fd, String name, byte[] b, int off, int len) throws PathError {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        NativeBuffers.Buf buf = NativeBuffers.take();
        try {
            int done = 0;
            while (done < len) {
                int chunk = Math.min(len - done, NativeBuffers.SIZE);
                buf.bb.put(0, b, off + done, chunk);
                int put = 0;
                while (put < chunk) {
                    long n = LibC.write(fd, buf.addr + put, chunk - put);
                    if (n >= 0) {
                        put += (int) n;
                    } else if (-n != Constants.EINTR) {
                        throw new PathError("write", name, Errno.of((int) -n));
                    }
                }
                done += chunk;
            }
            return len;
        } finally {
            NativeBuffers.release(buf);
        }
    }

    /** Closes a file from {@link #open} or {@link #create}: once, never retried. */
    public static void close(int fd) {
        LibC.close(fd);
    }
}
