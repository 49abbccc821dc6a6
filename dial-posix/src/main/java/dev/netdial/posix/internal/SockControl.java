package dev.netdial.posix.internal;

import dev.netdial.api.Context;
import dev.netdial.posix.RawConn;
import java.io.IOException;

/**
 * A function run on a new socket after its default options and before bind and connect:
 * the dialer's or listener's Control hook.
 *
 * <p>Go: {@code src/net/sock_posix.go} the {@code ctrlCtxFn} parameter of {@code socket}.
 */
@FunctionalInterface
public interface SockControl {
    /**
     * @param network "tcp4" or "tcp6" (Go's {@code ctrlNetwork})
     * @param address the "ip:port" the socket will connect or bind to
     */
    void control(Context ctx, String network, String address, RawConn c) throws IOException;
}
