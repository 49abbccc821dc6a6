package dev.netdial.posix.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Whether an IP address is this host's own: the unspecified address (which Linux connects to
 * this host), any loopback address, or an address of one of its interfaces. The interfaces'
 * addresses are cached: listed on first need, and again once the list is older than its time
 * to live or after {@link #invalidate}; an address added since may be missed for that long.
 * Loopback and unspecified addresses are recognised without the list.
 *
 * <p>netdial's own.
 */
public final class HostAddrs {
    /** How long a list of the interfaces' addresses is trusted. */
    public static final Duration TTL = Duration.ofSeconds(5);
    private static final HostAddrs SYSTEM = new HostAddrs(HostAddrs::interfaceAddrs, System::nanoTime, TTL);

    private record Snapshot(Set<InetAddress> addrs, long readAt) {
    }

    private final Supplier<Set<InetAddress>> source;
    private final LongSupplier nanoClock;
    private final long ttlNanos;
    private volatile Snapshot snapshot;

    /** A cache of what {@code source} lists, aged by {@code nanoClock}. */
    public HostAddrs(Supplier<Set<InetAddress>> source, LongSupplier nanoClock, Duration ttl) {
        this.source = source;
        this.nanoClock = nanoClock;
        this.ttlNanos = ttl.toNanos();
    }

    /** The cache of this host's interfaces (as {@link NetworkInterface} lists them). */
    public static HostAddrs system() {
        return SYSTEM;
    }

    /** Whether a connect to {@code ip} (null: unspecified) reaches this host. */
    public boolean isLocal(InetAddress ip) {
        if (ip == null || ip.isAnyLocalAddress() || ip.isLoopbackAddress()) {
            return true;
        }
        Snapshot s = snapshot;
        long now = nanoClock.getAsLong();
        if (s == null || now - s.readAt() >= ttlNanos) {
            s = new Snapshot(source.get(), now);
            snapshot = s;
        }
        return s.addrs().contains(ip);
    }

    /** Drops the cached list: the next {@link #isLocal} of a non-loopback address lists again. */
    public void invalidate() {
        snapshot = null;
    }

    /** Every address of every interface; empty when the JDK cannot list them. */
    static Set<InetAddress> interfaceAddrs() {
        Set<InetAddress> s = new HashSet<>();
        try {
            NetworkInterface.networkInterfaces().forEach(ifi -> ifi.inetAddresses().forEach(s::add));
        } catch (SocketException | RuntimeException e) {
            // nothing known: only loopback and unspecified addresses count as local
        }
        return Set.copyOf(s);
    }
}
