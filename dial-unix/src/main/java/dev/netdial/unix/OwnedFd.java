package dev.netdial.unix;

import dev.netdial.posix.internal.NetFD;
import dev.netdial.posix.internal.OsFile;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open file descriptor that this object owns: a file descriptor received in an
 * {@code SCM_RIGHTS} message ({@link UnixConn#readMsgUnix}) or a duplicate of a listener's
 * ({@link UnixListener#file()}). Every one netdial hands out is close-on-exec. {@link #close()}
 * closes it, once; {@link #detach()} hands it over to the caller instead.
 *
 * <p>Its methods must not race {@link #close()} from another thread: once closed, the number may
 * be reused by the kernel for another file. One that becomes unreachable while still open is
 * closed by netdial's {@link Cleaner} (the {@code netdial-cleaner} thread), as Go's finalizer
 * closes a forgotten {@code os.File}; so keep the object, not only the number {@link #fd()}
 * returns, for as long as the number is used.
 *
 * <p>Go: {@code src/os/file.go} {@code File} (as {@code os.NewFile} makes one), {@code (*File).Fd},
 * {@code (*File).Read}, {@code (*File).Write}, {@code (*File).Close}.
 * <p>Differs: a {@link Cleaner} stands in for Go's finalizer ({@code runtime.SetFinalizer(f.file,
 * (*file).close)} in {@code newFile}): Java's finalizers are deprecated.
 */
public final class OwnedFd implements AutoCloseable {
    private final int fd;
    private final String name;
    private final AtomicBoolean released;
    private final Cleaner.Cleanable cleanable;

    OwnedFd(int fd, String name) {
        this.fd = fd;
        this.name = name;
        this.released = new AtomicBoolean();
        this.cleanable = NetFD.cleaner().register(this, new CloseOnce(fd, released));
    }

    /**
     * Closes the fd unless it was closed or detached: what {@link #close()} runs, and what the
     * {@link Cleaner} runs for an OwnedFd nobody closed. Holds no reference to the OwnedFd.
     *
     * <p>Go: {@code src/os/file_unix.go} {@code (*file).close} (as the finalizer calls it).
     */
    private record CloseOnce(int fd, AtomicBoolean released) implements Runnable {
        @Override
        public void run() {
            if (!released.getAndSet(true)) {
                OsFile.close(fd);
            }
        }
    }

    /**
     * The file descriptor number, valid until {@link #close()} or {@link #detach()}.
     *
     * <p>Go: {@code src/os/file_unix.go} {@code (*File).Fd}.
     *
     * @throws IllegalStateException once closed or detached
     */
    public int fd() {
        if (released.get()) {
            throw new IllegalStateException("file already closed");
        }
        return fd;
    }

    /**
     * The name it was given (Go's {@code os.File} name): "fd N" for a received fd, the
     * listener's "unix:PATH->" for a duplicate.
     *
     * <p>Go: {@code src/os/file.go} {@code (*File).Name}.
     */
    public String name() {
        return name;
    }

    /** Whether it is still open and owned here. netdial's own. */
    public boolean isOpen() {
        return !released.get();
    }

    /**
     * Gives up ownership: returns the number, which the caller now closes; {@link #close()}
     * then does nothing.
     *
     * <p>netdial's own: what Go does by keeping {@code f.Fd()} and dropping {@code f} unclosed.
     *
     * @throws IllegalStateException once closed or detached
     */
    public int detach() {
        if (released.getAndSet(true)) {
            throw new IllegalStateException("file already closed");
        }
        cleanable.clean(); // released already: nothing is closed, the Cleaner forgets it
        return fd;
    }

    /**
     * One read into {@code b[off..off+len)}: the bytes read, -1 at end of file.
     *
     * <p>Go: {@code src/os/file.go} {@code (*File).Read}.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return OsFile.read(fd(), name, b, off, len);
        } finally {
            Reference.reachabilityFence(this); // the Cleaner must not close it during the call
        }
    }

    /**
     * Writes all of {@code b[off..off+len)}.
     *
     * <p>Go: {@code src/os/file.go} {@code (*File).Write}.
     */
    public int write(byte[] b, int off, int len) throws IOException {
        try {
            return OsFile.write(fd(), name, b, off, len);
        } finally {
            Reference.reachabilityFence(this); // the Cleaner must not close it during the call
        }
    }

    /**
     * Closes the file descriptor, once; later calls do nothing.
     *
     * <p>Go: {@code src/os/file_posix.go} {@code (*File).Close}.
     * <p>Differs: a second close is a no-op (Java's {@link AutoCloseable} custom), not Go's
     * "file already closed".
     */
    @Override
    public void close() {
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "OwnedFd(" + fd + " " + name + (released.get() ? ", closed)" : ")");
    }
}
