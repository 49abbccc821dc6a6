package dev.netdial.posix;

import java.io.IOException;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * Raw access to a connection's file descriptor, for socket options netdial does not wrap. The
 * fd is valid only inside the callback: the connection holds a reference on it meanwhile, so it
 * cannot be closed and its number reused under the callback.
 *
 * <p>Go: {@code src/syscall/net.go} {@code RawConn}.
 */
public interface RawConn {
    /**
     * Calls {@code f} with the fd.
     *
     * <p>Go: {@code src/syscall/net.go} {@code RawConn.Control}.
     */
    void control(IntConsumer f) throws IOException;

    /**
     * Calls {@code f} with the fd until it returns true, waiting for readability in between.
     *
     * <p>Go: {@code src/syscall/net.go} {@code RawConn.Read}.
     */
    void read(IntPredicate f) throws IOException;

    /**
     * Calls {@code f} with the fd until it returns true, waiting for writability in between.
     *
     * <p>Go: {@code src/syscall/net.go} {@code RawConn.Write}.
     */
    void write(IntPredicate f) throws IOException;
}
