package dev.netdial.api;

/**
 * A network name netdial does not know: "unknown network foo".
 *
 * <p>Go: {@code src/net/net.go} {@code UnknownNetworkError}.
 */
public class UnknownNetworkError extends NetException {

    private final String network;

    /**
     * The error for network name {@code network}.
     *
     * <p>Go: {@code src/net/net.go} {@code UnknownNetworkError.Error}.
     */
    public UnknownNetworkError(String network) {
        super("unknown network " + network);
        this.network = network;
    }

    /**
     * The network name that was not recognised.
     *
     * <p>Go: {@code src/net/net.go} {@code UnknownNetworkError}.
     */
    public String network() {
        return network;
    }
}
