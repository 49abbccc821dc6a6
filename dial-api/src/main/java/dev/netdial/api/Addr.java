package dev.netdial.api;

/**
 * A network end point address.
 *
 * <p>Go: {@code src/net/net.go} {@code Addr}.
 */
public interface Addr {

    /**
     * The network's name ("tcp", "udp", "unix").
     *
     * <p>Go: {@code src/net/net.go} {@code Addr.Network}.
     */
    String network();

    /**
     * The address in Go's string form ("192.0.2.1:25", "[2001:db8::1]:80").
     *
     * <p>Go: {@code src/net/net.go} {@code Addr.String}.
     */
    @Override
    String toString();
}
