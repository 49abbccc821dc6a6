package dev.netdial.unix;

import dev.netdial.api.Context;
import dev.netdial.posix.RawConn;
import java.io.IOException;

/**
 * A hook run on a fresh Unix socket before {@code bind(2)} and {@code connect(2)}, with the
 * context of the dial or listen: the place to set socket options of your own. dial-tcp's
 * {@code Dialer} and {@code ListenConfig} pass their {@code Control}/{@code ControlContext} hooks
 * through it.
 *
 * <p>Go: {@code src/net/dial.go} {@code Dialer.ControlContext}, {@code ListenConfig.Control}.
 * <p>Differs: dial-unix sits below dial-tcp, so it takes the hook in this form of its own.
 */
@FunctionalInterface
public interface UnixControl {
    /**
     * Called with the network ("unix", "unixgram" or "unixpacket"), the address being dialed or
     * bound, and the socket. A thrown exception fails the dial or listen and closes the socket.
     */
    void control(Context ctx, String network, String address, RawConn c) throws IOException;
}
