package dev.netdial.tcp;

import dev.netdial.posix.RawConn;
import java.io.IOException;

/**
 * A hook run on a fresh socket after {@code socket(2)} and netdial's default options, before
 * {@code bind(2)} and {@code connect(2)}: the place to set socket options of your own.
 *
 * <p>Go: {@code src/net/dial.go} {@code Dialer.Control} and {@code ListenConfig.Control}.
 */
@FunctionalInterface
public interface Control {
    /**
     * Called with the resolved network ({@code "tcp4"} or {@code "tcp6"}), the {@code "ip:port"}
     * address being dialed or bound, and the socket. A thrown exception fails the dial or listen
     * and closes the socket.
     */
    void control(String network, String address, RawConn c) throws IOException;
}
