/**
 * Go's TCP dial stack: {@link dev.netdial.tcp.Dialer}, {@link dev.netdial.tcp.ListenConfig},
 * {@link dev.netdial.tcp.TCPConn}, {@link dev.netdial.tcp.TCPListener} and {@link dev.netdial.tcp.Net}.
 *
 * <p>Go: {@code src/net/dial.go}, {@code ipsock.go}, {@code tcpsock.go}, {@code tcpsock_posix.go},
 * {@code tcpsockopt_unix.go}.
 */
package dev.netdial.tcp;
