package dev.netdial.api;

import java.util.Objects;

/**
 * A failed system call: its name and the {@link Errno} it returned, printed as
 * {@code "connect: connection refused"}.
 *
 * <p>Go: {@code src/os/error.go} {@code SyscallError}, as made by
 * {@code src/net/error_posix.go} {@code wrapSyscallError}.
 *
 * <p>Differs: Go's {@code SyscallError} wraps any {@code error} and has no {@code Temporary}
 * method; here it always wraps an {@link Errno}, so {@link #temporary()} asks the errno,
 * which is what Go's {@code OpError.Temporary} does when it unwraps one.
 */
public class SyscallError extends NetException {

    private final String syscall;
    private final Errno errno;

    /**
     * The error of system call {@code syscall} failing with {@code errno}.
     *
     * <p>Go: {@code src/os/error.go} {@code NewSyscallError}.
     */
    public SyscallError(String syscall, Errno errno) {
        super(syscall + ": " + Objects.requireNonNull(errno, "errno").message());
        this.syscall = syscall;
        this.errno = errno;
    }

    /**
     * Records no stack trace: like Go's, a SyscallError is a value (the call and its errno), and
     * it reaches callers as the cause of an {@link OpError} whose own trace shows where they
     * called from. A dial refused in a retry loop then walks the stack once, not twice.
     *
     * <p>Differs: Java exceptions record a trace by default; Go's errors never do.
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /**
     * The system call's name ("connect", "socket", "getsockopt").
     *
     * <p>Go: {@code src/os/error.go} {@code SyscallError.Syscall}.
     */
    public String syscall() {
        return syscall;
    }

    /**
     * The error number the call returned.
     *
     * <p>Go: {@code src/os/error.go} {@code SyscallError.Err}.
     */
    public Errno errno() {
        return errno;
    }

    /**
     * Whether the errno is a timeout ({@code EAGAIN}, {@code ETIMEDOUT}).
     *
     * <p>Go: {@code src/os/error.go} {@code (*SyscallError).Timeout}.
     */
    @Override
    public boolean timeout() {
        return errno.timeout();
    }

    /**
     * Whether the errno is temporary ({@link Errno#temporary()}).
     *
     * <p>Go: {@code src/net/net.go} {@code (*OpError).Temporary} (its {@code SyscallError} branch).
     */
    @Override
    public boolean temporary() {
        return errno.temporary();
    }
}
