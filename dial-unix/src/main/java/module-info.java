/**
 * Go's Unix domain sockets: {@code UnixConn}, {@code UnixListener} and the {@code dialUnix},
 * {@code listenUnix} and {@code listenUnixgram} calls of {@code UnixNet}, for the networks
 * "unix", "unixgram" and "unixpacket"; with {@code SCM_RIGHTS} fd passing.
 */
module dev.netdial.unix {
    requires transitive dev.netdial.api;
    requires transitive dev.netdial.posix;

    exports dev.netdial.unix;
}
