package dev.netdial.api.internal;

import dev.netdial.api.ContextCanceledError;
import dev.netdial.api.ContextDeadlineExceededError;
import dev.netdial.api.Errors;
import dev.netdial.api.NetException;
import java.io.IOException;

/**
 * The error helpers of Go's {@code net.go} that Go does not export, shared by netdial's modules
 * through a qualified export (not public API).
 *
 * <p>Go: {@code src/net/net.go}.
 */
public final class NetErrors {

    private NetErrors() {
    }

    /**
     * Turns a context's error into the network layer's historical one: "context canceled"
     * becomes "operation was canceled", "context deadline exceeded" becomes "i/o timeout";
     * any other error is returned as it is ({@code null} stays {@code null}).
     *
     * <p>Go: {@code src/net/net.go} {@code mapErr}.
     *
     * <p>Differs: Go returns any other error unchanged; an {@link IOException} that is not a
     * {@link NetException} is wrapped in one carrying its text, to fit the return type.
     */
    public static NetException mapErr(IOException ctxErr) {
        if (ctxErr == null) {
            return null;
        }
        if (ctxErr instanceof ContextCanceledError) {
            return Errors.canceled();
        }
        if (ctxErr instanceof ContextDeadlineExceededError) {
            return Errors.errTimeout();
        }
        if (ctxErr instanceof NetException ne) {
            return ne;
        }
        return new NetException(ctxErr.getMessage(), ctxErr);
    }
}
