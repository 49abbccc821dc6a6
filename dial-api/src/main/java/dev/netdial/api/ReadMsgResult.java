package dev.netdial.api;

/**
 * What a message read returns beside its error: payload and out-of-band byte counts, the
 * message's flags ({@code MSG_TRUNC}, {@code MSG_CTRUNC}, ...) and the sender's address.
 *
 * <p>Go: the {@code (n, oobn, flags int, addr *UDPAddr)} results of {@code src/net/udpsock.go}
 * {@code (*UDPConn).ReadMsgUDP} (and {@code (*UnixConn).ReadMsgUnix}'s).
 *
 * @param n     the payload bytes copied into the caller's buffer
 * @param oobn  the out-of-band (control) bytes copied into the caller's oob buffer
 * @param flags the {@code msg_flags} recvmsg(2) returned
 * @param addr  the sender's address; {@code null} when the kernel reported none
 * @param <A>   the address type
 */
public record ReadMsgResult<A extends Addr>(int n, int oobn, int flags, A addr) {
    /** Linux {@code MSG_TRUNC} in {@link #flags()}: the datagram was longer than the buffer, the rest dropped. */
    public static final int MSG_TRUNC = 0x20;
    /** Linux {@code MSG_CTRUNC} in {@link #flags()}: control data was cut for lack of room in oob. */
    public static final int MSG_CTRUNC = 0x8;
}
