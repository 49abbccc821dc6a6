package dev.netdial.api;

import java.io.IOException;
import java.util.Objects;

/**
 * A failed operation on a file path, printed as Go prints it:
 * {@code "open /tmp/x: no such file or directory"}, {@code "readfrom /tmp/x: i/o timeout"}.
 *
 * <p>Go: {@code src/io/fs/fs.go} {@code PathError} (the {@code os.PathError} of {@code os.Open}
 * and {@code (*os.File).ReadFrom}).
 * <p>Differs: a {@link NetException} (for {@link #timeout()}, which Go's has too), though it is
 * not a network error.
 */
public class PathError extends NetException {

    private final String op;
    private final String path;
    private final Errno errno;

    /**
     * Operation {@code op} on {@code path} failed with {@code errno}.
     *
     * <p>Go: {@code src/io/fs/fs.go} {@code PathError} with a {@code syscall.Errno}.
     */
    public PathError(String op, String path, Errno errno) {
        super(Objects.requireNonNull(op, "op") + " " + Objects.requireNonNull(path, "path") + ": "
                + Objects.requireNonNull(errno, "errno").message());
        this.op = op;
        this.path = path;
        this.errno = errno;
    }

    /**
     * Operation {@code op} on {@code path} failed with {@code err}; {@code getCause()} is
     * {@code err} (Go's {@code Unwrap}).
     *
     * <p>Go: {@code src/io/fs/fs.go} {@code PathError}.
     */
    public PathError(String op, String path, IOException err) {
        super(Objects.requireNonNull(op, "op") + " " + Objects.requireNonNull(path, "path") + ": "
                + Objects.requireNonNull(err, "err").getMessage(), err);
        this.op = op;
        this.path = path;
        this.errno = err instanceof SyscallError se ? se.errno() : null;
    }

    /**
     * Whether the failure was a timeout (a deadline, or an errno that is one).
     *
     * <p>Go: {@code src/io/fs/fs.go} {@code (*PathError).Timeout}.
     */
    @Override
    public boolean timeout() {
        if (errno != null) {
            return errno.timeout();
        }
        return getCause() instanceof NetException ne && ne.timeout();
    }

    /** The operation ("open", "readfrom"). Go: {@code src/io/fs/fs.go} {@code PathError.Op}. */
    public String op() {
        return op;
    }

    /** The path. Go: {@code src/io/fs/fs.go} {@code PathError.Path}. */
    public String path() {
        return path;
    }

    /**
     * The errno behind the failure, or null when it was not a system call's (a deadline, a
     * closed connection: see {@link #getCause()}).
     *
     * <p>Go: {@code src/io/fs/fs.go} {@code PathError.Err}, unwrapped to a {@code syscall.Errno}.
     */
    public Errno errno() {
        return errno;
    }
}
