package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one dial's events to the Dialer's {@link DialTrace}, shielding the dial from a trace
 * that throws. Without a trace every method is one null check.
 *
 * <p>netdial's own: Go reads {@code nettrace.Trace} from the context and calls its fields
 * directly ({@code src/net/dial.go}, {@code src/net/lookup.go}).
 */
final class DialObserver {
    private static final Logger LOG = LoggerFactory.getLogger(DialObserver.class);
    static final DialObserver NONE = new DialObserver(null);

    private final DialTrace trace;

    private DialObserver(DialTrace trace) {
        this.trace = trace;
    }

    static DialObserver of(DialTrace trace) {
        return trace == null ? NONE : new DialObserver(trace);
    }

    boolean tracing() {
        return trace != null;
    }

    private static void failed(String what, RuntimeException e) {
        LOG.debug("netdial: DialTrace.{} threw; ignored", what, e);
    }

    void dialStart(String network, String address) {
        if (trace != null) {
            try {
                trace.dialStart(network, address);
            } catch (RuntimeException e) {
                failed("dialStart", e);
            }
        }
    }

    void lookupStart(String network, String host) {
        if (trace != null) {
            try {
                trace.lookupStart(network, host);
            } catch (RuntimeException e) {
                failed("lookupStart", e);
            }
        }
    }

    void lookupDone(String network, String host, List<InetAddress> addrs, IOException err) {
        if (trace != null) {
            try {
                trace.lookupDone(network, host, addrs == null ? List.of() : addrs, err);
            } catch (RuntimeException e) {
                failed("lookupDone", e);
            }
        }
    }

    void connectStart(String network, Addr raddr) {
        if (trace != null) {
            try {
                trace.connectStart(network, raddr);
            } catch (RuntimeException e) {
                failed("connectStart", e);
            }
        }
    }

    void connectDone(String network, Addr raddr, Addr laddr, IOException err) {
        if (trace != null) {
            try {
                trace.connectDone(network, raddr, laddr, err);
            } catch (RuntimeException e) {
                failed("connectDone", e);
            }
        }
    }

    void selfConnectPrevented(String network, Addr raddr, int portLow, int portHigh) {
        if (trace != null) {
            try {
                trace.selfConnectPrevented(network, raddr, portLow, portHigh);
            } catch (RuntimeException e) {
                failed("selfConnectPrevented", e);
            }
        }
    }

    void selfConnectRetry(String network, Addr raddr, Addr laddr, int retry, IOException err) {
        if (trace != null) {
            try {
                trace.selfConnectRetry(network, raddr, laddr, retry, err);
            } catch (RuntimeException e) {
                failed("selfConnectRetry", e);
            }
        }
    }

    void fallbackStart(String network, List<? extends Addr> fallbacks) {
        if (trace != null) {
            try {
                trace.fallbackStart(network, fallbacks);
            } catch (RuntimeException e) {
                failed("fallbackStart", e);
            }
        }
    }

    void dialDone(String network, String address, Conn conn, IOException err) {
        if (trace != null) {
            try {
                trace.dialDone(network, address, conn, err);
            } catch (RuntimeException e) {
                failed("dialDone", e);
            }
        }
    }
}
