package dev.netdial.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The address of a UDP end point: an IP address (or {@code null} for "any"), a port, and an
 * IPv6 zone ("eth0", empty for none). It has {@link TCPAddr}'s fields and string form; only
 * the network differs.
 *
 * <p>Go: {@code src/net/udpsock.go} {@code UDPAddr}.
 *
 * <p>Differs: {@code zone} is never {@code null}; a {@code null} zone becomes "" (Go's zero
 * value), as in {@link TCPAddr}.
 *
 * @param ip   the IP address, or {@code null} (Go's nil IP: the unspecified address)
 * @param port the port, 0..65535 for a valid address
 * @param zone the IPv6 scoped-addressing zone, or "" for none
 */
public record UDPAddr(InetAddress ip, int port, String zone) implements Addr {

    /**
     * Normalises a {@code null} zone to "".
     *
     * <p>Go: {@code src/net/udpsock.go} {@code UDPAddr}.
     */
    public UDPAddr {
        if (zone == null) {
            zone = "";
        }
    }

    /**
     * An address without a zone.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code UDPAddr}.
     */
    public UDPAddr(InetAddress ip, int port) {
        this(ip, port, "");
    }

    /**
     * The UDP address of a resolved {@link InetSocketAddress}, by {@link TCPAddr#of}'s rules.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code UDPAddrFromAddrPort}.
     *
     * @throws IllegalArgumentException when {@code address} is unresolved
     */
    public static UDPAddr of(InetSocketAddress address) {
        TCPAddr t = TCPAddr.of(address);
        return new UDPAddr(t.ip(), t.port(), t.zone());
    }

    /**
     * This address as an {@link InetSocketAddress}, by {@link TCPAddr#toInetSocketAddress}'s rules.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code (*UDPAddr).AddrPort}.
     */
    public InetSocketAddress toInetSocketAddress() {
        return new TCPAddr(ip, port, zone).toInetSocketAddress();
    }

    /**
     * Always "udp".
     *
     * <p>Go: {@code src/net/udpsock.go} {@code (*UDPAddr).Network}.
     */
    @Override
    public String network() {
        return "udp";
    }

    /**
     * Go's form: "1.2.3.4:53", "[::1]:53", "[fe80::1%eth0]:53", ":53" without an IP.
     *
     * <p>Go: {@code src/net/udpsock.go} {@code (*UDPAddr).String}.
     */
    @Override
    public String toString() {
        return new TCPAddr(ip, port, zone).toString();
    }
}
