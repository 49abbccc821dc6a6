package dev.netdial.api;

import java.util.Objects;

/**
 * The address of a Unix domain socket end point: a file system path ("/run/app.sock"), an
 * abstract name written with a leading '@' ("@app", Linux's leading NUL), or "" for an unnamed
 * socket (bound by the kernel to an "@"-name of its own choosing: Linux autobind).
 *
 * <p>Go: {@code src/net/unixsock.go} {@code UnixAddr}.
 *
 * <p>Differs: {@code name} and {@code net} are never {@code null}; a {@code null} becomes ""
 * (Go's zero value).
 *
 * @param name the path or abstract name ("" for none)
 * @param net  the network: "unix", "unixgram" or "unixpacket"
 */
public record UnixAddr(String name, String net) implements Addr {

    /**
     * Normalises a {@code null} name or network to "".
     *
     * <p>Go: {@code src/net/unixsock.go} {@code UnixAddr}.
     */
    public UnixAddr {
        name = name == null ? "" : name;
        net = net == null ? "" : net;
    }

    /**
     * The address of {@code address} on a Unix network: the name as given, with no look-up and
     * no check that it exists. Any other network fails with "unknown network NETWORK".
     *
     * <p>Go: {@code src/net/unixsock.go} {@code ResolveUnixAddr}.
     *
     * @throws UnknownNetworkError when {@code network} is not "unix", "unixgram" or "unixpacket"
     */
    public static UnixAddr resolveUnixAddr(String network, String address) throws UnknownNetworkError {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        return switch (network) {
            case "unix", "unixgram", "unixpacket" -> new UnixAddr(address, network);
            default -> throw new UnknownNetworkError(network);
        };
    }

    /**
     * Whether this address names no end point (an empty name): a dial treats it as no address.
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixAddr).isWildcard}.
     */
    public boolean isWildcard() {
        return name.isEmpty();
    }

    /**
     * The network: "unix", "unixgram" or "unixpacket".
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixAddr).Network}.
     */
    @Override
    public String network() {
        return net;
    }

    /**
     * The name, as Go prints it ("/tmp/x.sock", "@abstract", "" for an unnamed address).
     *
     * <p>Go: {@code src/net/unixsock.go} {@code (*UnixAddr).String}.
     */
    @Override
    public String toString() {
        return name;
    }
}
