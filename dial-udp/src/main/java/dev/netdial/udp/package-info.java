/**
 * {@link dev.netdial.udp.UDPConn}: Go's {@code net.UDPConn}, a {@link dev.netdial.api.Conn} and a
 * {@link dev.netdial.api.PacketConn}. Get one from dial-tcp's {@code Net.dial("udp", …)},
 * {@code Net.listenPacket("udp", …)}, {@code Net.dialUDP} or {@code Net.listenUDP}.
 *
 * <p>Go: {@code src/net/udpsock.go}, {@code src/net/udpsock_posix.go}.
 */
package dev.netdial.udp;
