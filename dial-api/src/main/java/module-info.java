/**
 * netdial's types and Go-format errors: addresses, {@code Conn}, {@code Listener},
 * {@code Context}, and the error classes whose messages are Go's {@code Error()} text.
 */
module dev.netdial.api {
    exports dev.netdial.api;
}
