package dev.netdial.resolver;

import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import java.io.IOException;

/**
 * Opens the connection the DNS client talks to a server over: {@code network} is "udp" or
 * "tcp", {@code address} a "host:port" IP literal from the configuration ("127.0.0.53:53",
 * "[2001:db8::1]:53"). For "udp" the connection must keep datagram boundaries: one write sends
 * one datagram and one read returns one datagram (a read of 0 or -1 counts as an empty one).
 *
 * <p>Go: {@code src/net/lookup.go} {@code Resolver.Dial}.
 */
@FunctionalInterface
public interface DialFunc {

    /**
     * A connection to {@code address} over {@code network}, honouring {@code ctx}'s deadline and
     * cancellation while connecting.
     *
     * <p>Go: {@code src/net/lookup.go} {@code Resolver.Dial}.
     */
    Conn dial(Context ctx, String network, String address) throws IOException;
}
