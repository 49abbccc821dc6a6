/**
 * Go's Unix domain sockets: {@link dev.netdial.unix.UnixConn}, {@link dev.netdial.unix.UnixListener}
 * and {@link dev.netdial.unix.UnixNet}'s {@code dialUnix}, {@code listenUnix} and
 * {@code listenUnixgram}, for the networks "unix" (stream), "unixgram" (datagram) and
 * "unixpacket" (sequenced packets). File descriptors received with {@code SCM_RIGHTS} come back as
 * {@link dev.netdial.unix.OwnedFd}s, close-on-exec, which the receiver closes.
 *
 * <p>Go: {@code src/net/unixsock.go}, {@code unixsock_posix.go}, {@code unixsock_readmsg_cmsg_cloexec.go},
 * {@code src/syscall/sockcmsg_unix.go}.
 */
package dev.netdial.unix;
