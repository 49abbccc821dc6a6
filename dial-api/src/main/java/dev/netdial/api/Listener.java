package dev.netdial.api;

import java.io.Closeable;
import java.io.IOException;

/**
 * A listener for a stream-oriented network. Its methods may be called from several threads at
 * once; {@link #close()} unblocks a waiting {@link #accept()}, which then fails with
 * "use of closed network connection".
 *
 * <p>Go: {@code src/net/net.go} {@code Listener}.
 */
public interface Listener extends Closeable {

    /**
     * Waits for and returns the next connection.
     *
     * <p>Go: {@code src/net/net.go} {@code Listener.Accept}.
     */
    Conn accept() throws IOException;

    /**
     * The listener's network address.
     *
     * <p>Go: {@code src/net/net.go} {@code Listener.Addr}.
     */
    Addr addr();
}
