/**
 * Go's UDP connections: {@code UDPConn} on POSIX datagram sockets. dial-tcp's {@code Dialer},
 * {@code Net} and {@code ListenConfig} dial and listen "udp", "udp4" and "udp6" through it.
 */
module dev.netdial.udp {
    requires transitive dev.netdial.api;
    requires transitive dev.netdial.posix;

    exports dev.netdial.udp;
    // Go's sysDialer.dialUDP and sysListener.listenUDP, for the dialer's dispatch only.
    exports dev.netdial.udp.internal to dev.netdial.tcp;
}
