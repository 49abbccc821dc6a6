package dev.netdial.api;

import java.util.Objects;

/**
 * A failed operation on a file path, printed as Go prints it:
 * {@code "open /tmp/x: no such file or directory"}.
 *
 * <p>Go: {@code src/io/fs/fs.go} {@code PathError} (the {@code os.PathError} of {@code os.Open}).
 */
public class PathError extends java.io.IOException {

    private final String op;
    private final String path;
    private final Errno errno;

    /**
     * Operation {@code op} on {@code path} failed with {@code errno}.
     *
     * <p>Go: {@code src/io/fs/fs.go} {@code PathError}.
     * <p>Differs: Go's {@code Err} is any error; here it is always an {@link Errno}.
     */
    public PathError(String op, String path, Errno errno) {
        super(Objects.requireNonNull(op, "op") + " " + Objects.requireNonNull(path, "path") + ": "
                + Objects.requireNonNull(errno, "errno").message());
        this.op = op;
        this.path = path;
        this.errno = errno;
    }

    /** The operation ("open"). Go: {@code src/io/fs/fs.go} {@code PathError.Op}. */
    public String op() {
        return op;
    }

    /** The path. Go: {@code src/io/fs/fs.go} {@code PathError.Path}. */
    public String path() {
        return path;
    }

    /** Why it failed. Go: {@code src/io/fs/fs.go} {@code PathError.Err}. */
    public Errno errno() {
        return errno;
    }
}
