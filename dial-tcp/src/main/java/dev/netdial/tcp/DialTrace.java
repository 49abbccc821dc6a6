package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Callbacks that watch one {@link Dialer}'s dials: each name lookup, each connect attempt, each
 * self-connect the dial prevented or retried, the start of the fallback family, and the end of
 * the dial. Set with {@link Dialer.Builder#trace}; every method has an empty default, so a trace
 * overrides only what it wants.
 *
 * <p>A method is called on the thread doing that part of the dial (the caller's, or a racer's
 * virtual thread while two families race), so a trace shared between dials must be thread-safe.
 * A method that throws is logged at debug level and otherwise ignored: a trace never breaks a
 * dial. A method should return quickly; the dial waits for it. Under Happy Eyeballs v2 a lookup
 * or connect the winner cancelled may report its end just after {@code dialDone}. For recording rather than
 * callbacks, the same dials are JFR events ({@code netdial.Dial}, {@code netdial.SelfConnect},
 * and the resolver's {@code netdial.Lookup}) whenever a flight recording is on, trace or not.
 *
 * <pre>{@code
 * Dialer d = Dialer.builder().trace(new DialTrace() {
 *     public void connectDone(String network, Addr raddr, Addr laddr, IOException err) {
 *         log.info("{} {} from {}: {}", network, raddr, laddr, err == null ? "ok" : err.getMessage());
 *     }
 * }).build();
 * }</pre>
 *
 * <p>Go: {@code src/internal/nettrace/nettrace.go} {@code Trace} (DNSStart, DNSDone,
 * ConnectStart, ConnectDone), which Go keeps internal for {@code net/http/httptrace}; OkHttp's
 * {@code EventListener} for the shape.
 * <p>Differs: public, and it adds the events Go's dial has but does not report (self-connect
 * retries, the fallback's start, the dial's end).
 */
public interface DialTrace {

    /** A dial of {@code address} on {@code network} started ({@code Dialer.dialContext}). */
    default void dialStart(String network, String address) {
    }

    /**
     * A name lookup started: {@code network} is "ip" (both families in one lookup, Go's way),
     * "ip4" or "ip6" (Happy Eyeballs v2 asks each family on its own). IP literals need no lookup
     * and report none.
     */
    default void lookupStart(String network, String host) {
    }

    /** A lookup ended with {@code addrs} (empty on error) or {@code err}. */
    default void lookupDone(String network, String host, List<InetAddress> addrs, IOException err) {
    }

    /** A connect to {@code raddr} is about to start. Go: {@code nettrace.Trace.ConnectStart}. */
    default void connectStart(String network, Addr raddr) {
    }

    /**
     * A connect to {@code raddr} ended: {@code laddr} is the local address the kernel picked
     * (null on error), {@code err} null on success. Go: {@code nettrace.Trace.ConnectDone}.
     */
    default void connectDone(String network, Addr raddr, Addr laddr, IOException err) {
    }

    /**
     * Before connecting to {@code raddr}, a local address of this host, the socket's ephemeral
     * port range was narrowed to {@code [portLow, portHigh]} so that the kernel cannot pick
     * {@code raddr}'s own port (see {@link SelfConnectPolicy}).
     */
    default void selfConnectPrevented(String network, Addr raddr, int portLow, int portHigh) {
    }

    /**
     * A dial was thrown away and is dialed again ({@code retry} 1 or 2): either it connected to
     * itself ({@code laddr} equal to {@code raddr}, {@code err} null) or the kernel reported a
     * spurious {@code EADDRNOTAVAIL} ({@code laddr} null, {@code err} that error).
     * Go: {@code src/net/tcpsock_posix.go} {@code doDialTCPProto}'s loop.
     */
    default void selfConnectRetry(String network, Addr raddr, Addr laddr, int retry, IOException err) {
    }

    /** The fallback family's addresses start dialing (RFC 6555: after the fallback delay or the primaries' failure). */
    default void fallbackStart(String network, List<? extends Addr> fallbacks) {
    }

    /** The dial ended with {@code conn}, or failed with {@code err}. */
    default void dialDone(String network, String address, Conn conn, IOException err) {
    }
}
