package dev.netdial.api;

/**
 * What a packet read returns beside its error: the bytes copied and the sender's address.
 *
 * <p>Go: the {@code (n int, addr Addr)} results of {@code src/net/net.go}
 * {@code PacketConn.ReadFrom} (and of {@code (*UDPConn).ReadFromUDP}, with a {@code *UDPAddr}).
 *
 * @param n    the number of bytes copied into the caller's buffer (a longer datagram is truncated)
 * @param addr the sender's address; {@code null} when the kernel reported none
 * @param <A>  the address type
 */
public record ReadFromResult<A extends Addr>(int n, A addr) {
}
