package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one dial's events to the Dialer's {@link DialTrace}, shielding the dial from a trace
 * that throws, and records the dial's JFR events ({@code netdial.Dial},
 * {@code netdial.SelfConnect}) while a recording wants them. With neither, the dial gets
 * {@link #NONE} and every method is a null check or two.
 *
 * <p>netdial's own: Go reads {@code nettrace.Trace} from the context and calls its fields
 * directly ({@code src/net/dial.go}, {@code src/net/lookup.go}).
 */
final class DialObserver {
    private static final Logger LOG = LoggerFactory.getLogger(DialObserver.class);
    static final DialObserver NONE = new DialObserver(null, null);

    private final DialTrace trace;
    /** The dial's {@code netdial.Dial} event while a recording wants it, else null. */
    private final DialEvent event;
    // Racers report from their own threads: the counts are atomic.
    private final AtomicInteger connects;
    private final AtomicInteger retries;
    private final AtomicInteger prevented;

    private DialObserver(DialTrace trace, DialEvent event) {
        this.trace = trace;
        this.event = event;
        this.connects = event == null ? null : new AtomicInteger();
        this.retries = event == null ? null : new AtomicInteger();
        this.prevented = event == null ? null : new AtomicInteger();
    }

    /** The observer of one dial: {@link #NONE} without a trace and without a recording. */
    static DialObserver of(DialTrace trace) {
        DialEvent ev = new DialEvent();
        if (!ev.isEnabled()) {
            ev = null;
        }
        return trace == null && ev == null ? NONE : new DialObserver(trace, ev);
    }

    private static void failed(String what, RuntimeException e) {
        LOG.debug("netdial: DialTrace.{} threw; ignored", what, e);
    }

    void dialStart(String network, String address) {
        if (event != null) {
            event.begin();
        }
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
        if (event != null) {
            connects.incrementAndGet();
        }
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
        if (event != null) {
            prevented.incrementAndGet();
        }
        selfConnectEvent("prevented", network, raddr, null, 0, portLow, portHigh, null);
        if (trace != null) {
            try {
                trace.selfConnectPrevented(network, raddr, portLow, portHigh);
            } catch (RuntimeException e) {
                failed("selfConnectPrevented", e);
            }
        }
    }

    void selfConnectRetry(String network, Addr raddr, Addr laddr, int retry, IOException err) {
        if (event != null) {
            retries.incrementAndGet();
        }
        selfConnectEvent("retry", network, raddr, laddr, retry, 0, 0, err);
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
        if (event != null) {
            commitDial(network, address, conn, conn != null ? "ok" : String.valueOf(err.getMessage()));
        }
        if (trace != null) {
            try {
                trace.dialDone(network, address, conn, err);
            } catch (RuntimeException e) {
                failed("dialDone", e);
            }
        }
    }

    /**
     * The dial ended in a RuntimeException or Error (a bug below it, or a Control hook's): the
     * recording still gets its event; the trace, which reports only conns and I/O errors, does not.
     */
    void dialAborted(String network, String address, Throwable t) {
        if (event != null) {
            commitDial(network, address, null, t.toString());
        }
    }

    /** Ends and commits the dial's {@code netdial.Dial} event. */
    private void commitDial(String network, String address, Conn conn, String result) {
        event.end();
        if (!event.shouldCommit()) {
            return;
        }
        event.network = network;
        event.address = address;
        event.localAddress = conn == null ? "" : String.valueOf(conn.localAddr());
        event.remoteAddress = conn == null ? "" : String.valueOf(conn.remoteAddr());
        event.selfConnectRetries = retries.get();
        // A retry redoes the connect below dialSingle, which counted only the first.
        event.attempts = connects.get() + retries.get();
        event.selfConnectsPrevented = prevented.get();
        event.result = result;
        event.commit();
    }

    /** Commits a {@code netdial.SelfConnect} event when a recording wants it (checked each time: rare). */
    private static void selfConnectEvent(String action, String network, Addr raddr, Addr laddr, int retry,
            int portLow, int portHigh, IOException err) {
        SelfConnectEvent ev = new SelfConnectEvent();
        if (!ev.shouldCommit()) {
            return;
        }
        ev.action = action;
        ev.network = network;
        ev.remoteAddress = String.valueOf(raddr);
        ev.localAddress = laddr == null ? "" : laddr.toString();
        ev.retry = retry;
        ev.portLow = portLow;
        ev.portHigh = portHigh;
        ev.error = err == null ? "" : String.valueOf(err.getMessage());
        ev.commit();
    }
}
