package dev.netdial.api;

/**
 * An address unusable for the operation, its text being the whole message (for example
 * "mismatched local address type").
 *
 * <p>Go: {@code src/net/net.go} {@code InvalidAddrError}.
 */
public class InvalidAddrError extends NetException {

    /**
     * An error whose text is {@code message}.
     *
     * <p>Go: {@code src/net/net.go} {@code InvalidAddrError.Error}.
     */
    public InvalidAddrError(String message) {
        super(message);
    }
}
