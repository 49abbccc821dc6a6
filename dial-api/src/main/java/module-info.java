/**
 * netdial's types and Go-format errors: addresses, {@code Conn}, {@code Listener},
 * {@code Context}, and the error classes whose messages are Go's {@code Error()} text.
 */
module dev.netdial.api {
    exports dev.netdial.api;
    // Helpers Go does not export (saturating time arithmetic, net.go's mapErr), for netdial's own modules.
    exports dev.netdial.api.internal to dev.netdial.posix, dev.netdial.resolver, dev.netdial.tcp, dev.netdial.udp,
            dev.netdial.unix;
}
