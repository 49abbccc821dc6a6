package dev.netdial.posix.internal;

import dev.netdial.api.Addr;
import java.io.IOException;

/**
 * A dialer's own step on a new socket, run after the Control hook and before {@code bind} (and
 * so before {@code connect}): where TCP sets {@code IP_BIND_ADDRESS_NO_PORT} and narrows the
 * socket's ephemeral port range ({@code IP_LOCAL_PORT_RANGE}) so that a dial cannot connect to
 * itself.
 *
 * <p>netdial's own: Go's {@code (*netFD).dial} runs only the caller's Control there.
 */
@FunctionalInterface
public interface BeforeBind {
    /**
     * @param calls the socket's syscall seam (every option goes through it, so a test can fail it)
     * @param s the socket
     * @param laddr the local address the socket will be bound to, or null
     * @param raddr the address it will connect to
     */
    void apply(SocketCalls calls, int s, Addr laddr, Addr raddr) throws IOException;
}
