package dev.netdial.tcp;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link DialTrace} that records each event with its {@code System.nanoTime()}, in the order
 * the events happened (thread-safe: attempts and lookups report from their own threads).
 */
final class RecordingTrace implements DialTrace {

    /**
     * One event: {@code kind} (lookupStart, lookupDone, connectStart, connectDone, ...),
     * {@code what} (the lookup's network "ip4"/"ip6"/"ip", or the remote address), {@code err}
     * (null when none) and when.
     */
    record Event(String kind, String what, IOException err, long nanos) {
        /** "kind what", plus " ERR" when it failed: the form the order checks compare. */
        String label() {
            return kind + " " + what + (err == null ? "" : " ERR");
        }
    }

    private final List<Event> events = new ArrayList<>();

    private synchronized void add(String kind, String what, IOException err) {
        events.add(new Event(kind, what, err, System.nanoTime()));
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized void clear() {
        events.clear();
    }

    /**
     * The labels of the lookups and connects so far, the order the Happy Eyeballs checks compare
     * (the dial's start and end, self-connect prevention, which depends on the kernel and the
     * port, and the fallback's start are left out: see {@link #allLabels()}).
     */
    List<String> labels() {
        return events().stream().filter(e -> e.kind().startsWith("lookup") || e.kind().startsWith("connect"))
                .map(Event::label).toList();
    }

    /** The labels of every event so far, dialStart and dialDone included. */
    List<String> allLabels() {
        return events().stream().map(Event::label).toList();
    }

    /** The first event matching, or null. */
    Event first(Predicate<Event> p) {
        return events().stream().filter(p).findFirst().orElse(null);
    }

    /** The first event of {@code kind} about {@code what}, or null. */
    Event first(String kind, String what) {
        return first(e -> e.kind().equals(kind) && e.what().equals(what));
    }

    /** How many events of {@code kind} there are. */
    long count(String kind) {
        return events().stream().filter(e -> e.kind().equals(kind)).count();
    }

    @Override
    public void dialStart(String network, String address) {
        add("dialStart", address, null);
    }

    @Override
    public void lookupStart(String network, String host) {
        add("lookupStart", network, null);
    }

    @Override
    public void lookupDone(String network, String host, List<InetAddress> addrs, IOException err) {
        add("lookupDone", network, err);
    }

    @Override
    public void connectStart(String network, Addr raddr) {
        add("connectStart", raddr.toString(), null);
    }

    @Override
    public void connectDone(String network, Addr raddr, Addr laddr, IOException err) {
        add("connectDone", raddr.toString(), err);
    }

    @Override
    public void selfConnectPrevented(String network, Addr raddr, int portLow, int portHigh) {
        add("selfConnectPrevented", raddr + " " + portLow + "-" + portHigh, null);
    }

    @Override
    public void selfConnectRetry(String network, Addr raddr, Addr laddr, int retry, IOException err) {
        add("selfConnectRetry", raddr + " " + retry, err);
    }

    @Override
    public void fallbackStart(String network, List<? extends Addr> fallbacks) {
        add("fallbackStart", fallbacks.toString(), null);
    }

    @Override
    public void dialDone(String network, String address, Conn conn, IOException err) {
        add("dialDone", address, err);
    }
}
