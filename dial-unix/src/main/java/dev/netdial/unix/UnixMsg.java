package dev.netdial.unix;

import dev.netdial.api.ReadMsgResult;
import dev.netdial.api.UnixAddr;
import java.util.List;

/**
 * What {@link UnixConn#readMsgUnix} returns: Go's results, plus the files that arrived in
 * {@code SCM_RIGHTS} control messages, already wrapped as {@link OwnedFd}s (close-on-exec). Closing
 * the message closes every one of them not {@linkplain OwnedFd#detach() detached}, so
 * {@code try (UnixMsg m = c.readMsgUnix(b, oob)) { ... }} leaks none.
 *
 * <p>Go: the {@code (n, oobn, flags int, addr *UnixAddr)} results of {@code src/net/unixsock.go}
 * {@code (*UnixConn).ReadMsgUnix}, and {@code syscall.ParseUnixRights} of its control data.
 * <p>Differs: Go leaves received fds as numbers in {@code oob} for the caller to parse and close;
 * here they are owned objects from the start, so none is lost (the raw bytes are in {@code oob} too).
 *
 * @param n     the payload bytes copied into {@code b} (-1: end of stream, on a stream socket)
 * @param oobn  the control bytes copied into {@code oob}
 * @param flags the {@code msg_flags} recvmsg(2) returned ({@code MSG_TRUNC}, {@code MSG_CTRUNC}, ...)
 * @param addr  the sender, or null (a connected or unnamed peer)
 * @param fds   the files received, in order
 */
public record UnixMsg(int n, int oobn, int flags, UnixAddr addr, List<OwnedFd> fds) implements AutoCloseable {
    public UnixMsg {
        fds = List.copyOf(fds);
    }

    /** The message's results in the form {@code readMsgUDP} returns them. netdial's own. */
    public ReadMsgResult<UnixAddr> result() {
        return new ReadMsgResult<>(n, oobn, flags, addr);
    }

    /** Closes every received file still owned here. netdial's own. */
    @Override
    public void close() {
        for (OwnedFd f : fds) {
            f.close();
        }
    }
}
