package dev.netdial.unix;

import dev.netdial.posix.internal.OsFile;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open file descriptor that this object owns: a file descriptor received in an
 * {@code SCM_RIGHTS} message ({@link UnixConn#readMsgUnix}) or a duplicate of a listener's
 * ({@link UnixListener#file()}). Every one netdial hands out is close-on-exec. {@link #close()}
 * closes it, once; {@link #detach()} hands it over to the caller instead.
 *
 * <p>Its methods must not race {@link #close()} from another thread: once closed, the number may
 * be reused by the kernel for another file.
 *
 * <p>Go: {@code src/os/file.go} {@code File} (as {@code os.NewFile} makes one), {@code (*File).Fd},
 * {@code (*File).Read}, {@code (*File).Write}, {@code (*File).Close}.
 * <p>Differs: no finalizer closes a forgotten one (Go's {@code os.File} has one): close it, or
 * {@code try}-with-resources.
 */
public final class OwnedFd implements AutoCloseable {
    private final int fd;
    private final String name;
    private final AtomicBoolean released = new AtomicBoolean();

    OwnedFd(int fd, String name) {
        this.fd = fd;
        this.name = name;
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
        return fd;
    }

    /**
     * One read into {@code b[off..off+len)}: the bytes read, -1 at end of file.
     *
     * <p>Go: {@code src/os/file.go} {@code (*File).Read}.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        return OsFile.read(fd(), name, b, off, len);
    }

    /**
     * Writes all of {@code b[off..off+len)}.
     *
     * <p>Go: {@code src/os/file.go} {@code (*File).Write}.
     */
    public int write(byte[] b, int off, int len) throws IOException {
        return OsFile.write(fd(), name, b, off, len);
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
        if (!released.getAndSet(true)) {
            OsFile.close(fd);
        }
    }

    @Override
    public String toString() {
        return "OwnedFd(" + fd + " " + name + (released.get() ? ", closed)" : ")");
    }
}
