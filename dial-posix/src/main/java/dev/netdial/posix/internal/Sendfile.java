package dev.netdial.posix.internal;

import dev.netdial.api.Errno;
import dev.netdial.api.SyscallError;
import java.io.IOException;

/**
 * File-to-socket copies with sendfile(2): the kernel sends the file's pages without copying them
 * through the JVM.
 *
 * <p>Go: {@code src/internal/poll/sendfile_unix.go} (its Linux path).
 */
public final class Sendfile {
    private Sendfile() {
    }

    /**
     * The most one sendfile(2) call is asked to send; the kernel caps a call a little below 2 GiB
     * anyway, and a non-blocking socket takes only what its buffer has room for.
     */
    static final long MAX_SENDFILE_CHUNK = 1L << 30;

    /**
     * Sends up to {@code size} bytes of the file {@code src} starting at offset {@code pos}, until
     * end of file; the file's own position is not used or moved. A kernel or file that cannot do
     * sendfile (ENOSYS, EINVAL, EOPNOTSUPP before any byte went) gives {@code handled == false};
     * every other outcome is handled. The destination's write deadline applies, and closing it
     * ends the transfer.
     *
     * <p>Go: {@code src/internal/poll/sendfile_unix.go} {@code SendFile}, {@code sendFile},
     * {@code sendFileChunk}.
     * <p>Differs: always an explicit offset (Go's non-Linux path): netdial opens the file itself,
     * so no shared file position needs moving; so a pipe answers ESPIPE, which falls back as
     * Go's EINVAL does.
     *
     * @param dst  the socket to send to
     * @param src  an open file descriptor, readable
     * @param pos  the file offset to start at, {@code >= 0}
     * @param size the most bytes to send, {@code > 0} ({@link Long#MAX_VALUE}: to end of file)
     */
    public static Transfer sendFile(PollFD dst, int src, long pos, long size) {
        try {
            dst.writeLock();
        } catch (IOException e) {
            return new Transfer(0, false, e);
        }
        try {
            try {
                dst.prepare(false);
            } catch (IOException e) {
                return new Transfer(0, false, e);
            }
            long written = 0;
            for (;;) {
                long chunk = Math.min(size - written, MAX_SENDFILE_CHUNK);
                long n = LibC.sendfile(dst.sysfd, src, pos + written, chunk);
                if (n > 0) {
                    written += n;
                    if (written >= size) {
                        return new Transfer(written, true, null);
                    }
                    continue;
                }
                if (n == 0) {
                    return new Transfer(written, true, null); // end of file
                }
                int errno = (int) -n;
                if (errno == Constants.EINTR) {
                    continue;
                }
                if (errno == Constants.EAGAIN) {
                    try {
                        dst.waitFor(false);
                    } catch (IOException e) {
                        return new Transfer(written, true, e);
                    }
                    continue;
                }
                IOException err = new SyscallError("sendfile", Errno.of(errno));
                if (errno == Errno.ENOSYS.code() || errno == Constants.EINVAL || errno == Errno.EOPNOTSUPP.code()
                        || errno == Errno.ESPIPE.code()) {
                    // No kernel support, or a file kind sendfile cannot read: fall back if
                    // nothing was sent yet. ESPIPE is a pipe refusing the offset netdial passes
                    // (Go passes none there and gets EINVAL).
                    return new Transfer(written, written > 0, err);
                }
                return new Transfer(written, true, err);
            }
        } finally {
            dst.writeUnlock();
        }
    }
}
