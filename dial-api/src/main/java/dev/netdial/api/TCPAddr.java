package dev.netdial.api;

import java.net.InetAddress;

/**
 * The address of a TCP end point: an IP address (or {@code null} for "any"), a port, and an
 * IPv6 zone ("eth0", empty for none).
 *
 * <p>Go: {@code src/net/tcpsock.go} {@code TCPAddr}.
 *
 * <p>Differs: {@code zone} is never {@code null}; a {@code null} zone becomes "" (Go's zero
 * value). The scope id an {@link java.net.Inet6Address} may carry is ignored; the zone is
 * this record's {@code zone}.
 *
 * @param ip   the IP address, or {@code null} (Go's nil IP: the unspecified address)
 * @param port the port, 0..65535 for a valid address
 * @param zone the IPv6 scoped-addressing zone, or "" for none
 */
public record TCPAddr(InetAddress ip, int port, String zone) implements Addr {

    /**
     * Normalises a {@code null} zone to "".
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code TCPAddr}.
     */
    public TCPAddr {
        if (zone == null) {
            zone = "";
        }
    }

    /**
     * An address without a zone.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code TCPAddr}.
     */
    public TCPAddr(InetAddress ip, int port) {
        this(ip, port, "");
    }

    /**
     * Always "tcp".
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPAddr).Network}.
     */
    @Override
    public String network() {
        return "tcp";
    }

    /**
     * Go's form: "1.2.3.4:80", "[::1]:80", "[fe80::1%eth0]:80", ":80" without an IP; an
     * IPv4-mapped IPv6 address prints as IPv4.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPAddr).String}.
     */
    @Override
    public String toString() {
        String host = ip == null ? "" : IP.format(ip);
        if (!zone.isEmpty()) {
            host = host + "%" + zone;
        }
        return HostPort.join(host, Integer.toString(port));
    }
}
