package dev.netdial.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Objects;

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
     * The TCP address of a resolved {@link InetSocketAddress}: its IP and port, and for a scoped
     * IPv6 address the zone (the interface's name when the address names one, else the numeric
     * scope id, which Go accepts as a zone too); the IP itself is kept without its scope.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code TCPAddrFromAddrPort}.
     * <p>Differs: Go converts from {@code netip.AddrPort}; {@code InetSocketAddress} is Java's pair.
     *
     * @throws IllegalArgumentException when {@code address} is unresolved (a host name, no IP)
     */
    public static TCPAddr of(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address: " + address.getHostString());
        }
        String zone = "";
        if (ip instanceof Inet6Address v6 && (v6.getScopedInterface() != null || v6.getScopeId() != 0)) {
            NetworkInterface ifi = v6.getScopedInterface();
            zone = ifi != null ? ifi.getName() : Integer.toString(v6.getScopeId());
            try {
                ip = InetAddress.getByAddress(v6.getAddress());
            } catch (UnknownHostException impossible) {
                throw new AssertionError(impossible); // 16 bytes are always a valid length
            }
        }
        return new TCPAddr(ip, address.getPort(), zone);
    }

    /**
     * This address as an {@link InetSocketAddress}: the wildcard address when {@code ip} is null;
     * a zone becomes the IPv6 address's scope (an interface name as that interface, a number as
     * the scope id); a zone naming no interface here is dropped, as Go's {@code ipToSockaddr}
     * gives it scope 0.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code (*TCPAddr).AddrPort}.
     *
     * @throws IllegalArgumentException when {@code port} is outside 0..65535
     */
    public InetSocketAddress toInetSocketAddress() {
        if (ip == null) {
            return new InetSocketAddress(port);
        }
        if (zone.isEmpty() || !(ip instanceof Inet6Address)) {
            return new InetSocketAddress(ip, port);
        }
        byte[] b = ip.getAddress();
        InetAddress scoped = null;
        try {
            scoped = Inet6Address.getByAddress(null, b, Integer.parseInt(zone));
        } catch (NumberFormatException notNumeric) {
            try {
                NetworkInterface ifi = NetworkInterface.getByName(zone);
                if (ifi != null) {
                    scoped = Inet6Address.getByAddress(null, b, ifi);
                }
            } catch (SocketException | UnknownHostException noSuchZone) {
                // dropped below, as Go's zone index 0
            }
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
        return new InetSocketAddress(scoped != null ? scoped : ip, port);
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
