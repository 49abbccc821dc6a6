package dev.netdial.tcp;

import dev.netdial.api.Context;
import dev.netdial.posix.RawConn;
import java.io.IOException;

/**
 * {@link Control} with the dial's {@link Context}; when a Dialer has both, only this one runs.
 *
 * <p>Go: {@code src/net/dial.go} {@code Dialer.ControlContext}.
 */
@FunctionalInterface
public interface ControlContext {
    /** Called as {@link Control#control}, with the context of the dial. */
    void control(Context ctx, String network, String address, RawConn c) throws IOException;
}
