package dev.netdial.posix.internal;

import dev.netdial.api.Errno;
import dev.netdial.api.SyscallError;
import java.io.IOException;

/**
 * Socket-to-socket copies with splice(2): the bytes go from the source socket into a pipe and
 * from the pipe into the destination socket without ever entering the JVM.
 *
 * <p>Go: {@code src/internal/poll/splice_linux.go}.
 * <p>Differs: no pipe pool. Go keeps idle pipes in a {@code sync.Pool}, which the garbage
 * collector empties, closing each pipe through a cleanup; a JVM pool would either hold its fds
 * for the life of the process or need a cleaner thread. Each transfer makes its pipe
 * ({@code pipe2} and one {@code fcntl}) and closes it: four system calls against the megabytes a
 * splice moves (this is what Go did before 1.21).
 */
public final class Splice {
    private Splice() {
    }

    /** {@code SPLICE_F_NONBLOCK} ({@code <linux/splice.h>}): the pipe side never blocks. */
    static final int SPLICE_NONBLOCK = 0x2;
    /** {@code F_SETPIPE_SZ} ({@code <linux/fcntl.h>}, {@code F_LINUX_SPECIFIC_BASE + 7}). */
    static final int F_SETPIPE_SZ = 1031;
    /** {@code F_GETPIPE_SZ} ({@code F_LINUX_SPECIFIC_BASE + 8}). */
    static final int F_GETPIPE_SZ = 1032;
    /**
     * The most one splice(2) call is asked to move: 1 MiB, the default ceiling of a pipe's
     * buffer ({@code /proc/sys/fs/pipe-max-size}). Go: {@code maxSpliceSize}.
     */
    static final int MAX_SPLICE_SIZE = 1 << 20;

    /** A pipe between the two sockets and the bytes it holds. Go: {@code splicePipe}. */
    static final class SplicePipe {
        final int rfd;
        final int wfd;
        /** Bytes drained into the pipe and not yet pumped out. */
        int data;

        SplicePipe(int rfd, int wfd) {
            this.rfd = rfd;
            this.wfd = wfd;
        }
    }

    /**
     * Moves at most {@code remain} bytes from {@code src} to {@code dst}, until {@code src} reaches
     * end of stream. Both must be stream sockets. A source the kernel cannot splice from (EINVAL
     * on the first call, nothing moved) gives {@code handled == false}; every other outcome is
     * handled, with the bytes moved and the error that stopped it, if any. The source's read
     * deadline and the destination's write deadline apply; closing either ends the transfer.
     *
     * <p>Go: {@code src/internal/poll/splice_linux.go} {@code Splice}.
     */
    public static Transfer splice(PollFD dst, PollFD src, long remain) {
        return transfer(src, remain, (p, inPipe) -> splicePump(dst, p, inPipe));
    }

    /**
     * Moves at most {@code remain} bytes from the stream socket {@code src} into the open regular
     * file {@code file} (at its offset, which advances), until {@code src} reaches end of stream;
     * results as {@link #splice}. The file must not be in append mode (splice refuses it). The
     * source's read deadline applies, and closing it ends the transfer.
     *
     * <p>Go: {@code src/os/zero_copy_linux.go} {@code (*File).spliceToFile}, through
     * {@code src/internal/poll/splice_linux.go} {@code Splice} with a file destination.
     */
    public static Transfer spliceToFile(int file, PollFD src, long remain) {
        return transfer(src, remain, (p, inPipe) -> splicePumpFile(file, p, inPipe));
    }

    /** Empties the pipe's {@code inPipe} bytes into the destination, lowering {@code p.data} as they go. */
    private interface Pump {
        void pump(SplicePipe p, int inPipe) throws IOException;
    }

    /**
     * The loop of {@link #splice}: drain the source into the pipe, pump the pipe out, repeat.
     *
     * <p>Go: {@code src/internal/poll/splice_linux.go} {@code Splice} (its loop of {@code spliceDrain} and {@code splicePump}).
     */
    private static Transfer transfer(PollFD src, long remain, Pump pump) {
        SplicePipe p = newPipe();
        if (p == null) {
            return new Transfer(0, false, null); // Go: getPipe's EINVAL, not handled
        }
        long written = 0;
        boolean handled = false;
        IOException err = null;
        try {
            while (remain > 0) {
                int max = (int) Math.min(MAX_SPLICE_SIZE, remain);
                int inPipe;
                try {
                    inPipe = spliceDrain(p.wfd, src, max);
                } catch (IOException e) {
                    // An EINVAL from the drain means the kernel cannot splice from this kind of
                    // socket; nothing was consumed, so a generic copy can take over.
                    handled = handled || !isErrno(e, Errno.EINVAL);
                    err = e;
                    break;
                }
                handled = true;
                if (inPipe == 0) {
                    break; // src is at end of stream
                }
                p.data += inPipe;
                int before = p.data;
                try {
                    pump.pump(p, inPipe);
                } catch (IOException e) {
                    err = e;
                }
                int n = before - p.data;
                written += n;
                remain -= n;
                if (err != null) {
                    break;
                }
            }
        } finally {
            destroyPipe(p);
        }
        if (err != null) {
            return new Transfer(written, handled, err);
        }
        return new Transfer(written, true, null);
    }

    private static boolean isErrno(IOException e, Errno errno) {
        return e instanceof SyscallError se && se.errno() == errno;
    }

    /**
     * Moves up to {@code max} bytes from a socket into the (empty) pipe, waiting while the socket
     * has nothing to read; 0 at end of stream. The pipe has room, so EAGAIN can only mean the
     * socket is not readable.
     *
     * <p>Go: {@code src/internal/poll/splice_linux.go} {@code spliceDrain}.
     */
    static int spliceDrain(int pipefd, PollFD sock, int max) throws IOException {
        sock.readLock();
        try {
            sock.prepare(true);
            for (;;) {
                long n = LibC.splice(sock.sysfd, pipefd, max, SPLICE_NONBLOCK);
                if (n >= 0) {
                    return (int) n;
                }
                int errno = (int) -n;
                if (errno == Constants.EINTR) {
                    continue;
                }
                if (errno != Constants.EAGAIN) {
                    throw new SyscallError("splice", Errno.of(errno));
                }
                sock.waitFor(true);
            }
        } finally {
            sock.readUnlock();
        }
    }

    /**
     * Moves the {@code inPipe} bytes the pipe holds into a socket, waiting while the socket's
     * buffer is full; {@code p.data} drops as bytes leave, so a failure part-way still tells how
     * much went out.
     *
     * <p>Go: {@code src/internal/poll/splice_linux.go} {@code splicePump}.
     */
    static void splicePump(PollFD sock, SplicePipe p, int inPipe) throws IOException {
        sock.writeLock();
        try {
            sock.prepare(false);
            while (inPipe > 0) {
                long n = LibC.splice(p.rfd, sock.sysfd, inPipe, SPLICE_NONBLOCK);
                if (n > 0) {
                    inPipe -= (int) n;
                    p.data -= (int) n;
                    continue;
                }
                int errno = n == 0 ? 0 : (int) -n;
                if (errno == Constants.EINTR) {
                    continue;
                }
                if (errno != Constants.EAGAIN) {
                    // n == 0 cannot happen: this transfer alone writes into the pipe.
                    throw new SyscallError("splice", Errno.of(errno == 0 ? Constants.EINVAL : errno));
                }
                sock.waitFor(false);
            }
        } finally {
            sock.writeUnlock();
        }
    }

    /**
     * Moves the {@code inPipe} bytes the pipe holds into a regular file. A file is never
     * "not ready" (the kernel waits for the disk inside the call), so there is no poller wait;
     * an EAGAIN (the pipe side) is simply retried.
     *
     * <p>Go: {@code src/internal/poll/splice_linux.go} {@code splicePump} on a non-pollable
     * {@code FD} (a file).
     */
    static void splicePumpFile(int file, SplicePipe p, int inPipe) throws IOException {
        while (inPipe > 0) {
            long n = LibC.splice(p.rfd, file, inPipe, SPLICE_NONBLOCK);
            if (n > 0) {
                inPipe -= (int) n;
                p.data -= (int) n;
                continue;
            }
            int errno = n == 0 ? Constants.EINVAL : (int) -n;
            if (errno == Constants.EINTR || errno == Constants.EAGAIN) {
                continue;
            }
            throw new SyscallError("splice", Errno.of(errno));
        }
    }

    /**
     * A pipe for one transfer, both ends {@code O_CLOEXEC|O_NONBLOCK}, its buffer grown to
     * {@link #MAX_SPLICE_SIZE} when the kernel allows (a smaller one only costs more calls);
     * null when no pipe can be made (the caller then copies another way).
     *
     * <p>Go: {@code src/internal/poll/splice_linux.go} {@code newPipe}.
     */
    static SplicePipe newPipe() {
        int[] fds = new int[2];
        if (LibC.pipe2(fds, Constants.O_CLOEXEC | Constants.O_NONBLOCK) < 0) {
            return null;
        }
        LibC.fcntl(fds[0], F_SETPIPE_SZ, MAX_SPLICE_SIZE); // best effort
        return new SplicePipe(fds[0], fds[1]);
    }

    /**
     * Closes both ends; bytes still in the pipe (a transfer that failed part-way) go with it.
     *
     * <p>Go: {@code src/internal/poll/splice_linux.go} {@code destroyPipe}.
     */
    static void destroyPipe(SplicePipe p) {
        LibC.close(p.rfd);
        LibC.close(p.wfd);
    }
}
