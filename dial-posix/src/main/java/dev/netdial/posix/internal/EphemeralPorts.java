package dev.netdial.posix.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The network namespace's ephemeral port range ({@code net.ipv4.ip_local_port_range}, which
 * Linux uses for IPv6 too), cached: read on first use, and again once the value is older than
 * its time to live or after {@link #invalidate}. Reading {@code /proc} costs some ten
 * microseconds, too much for every loopback dial; a cached value can lag a change of the sysctl
 * by up to the time to live, which callers must tolerate (the dialer's self-connect loop stays
 * behind the range it narrows with this value).
 *
 * <p>netdial's own.
 */
public final class EphemeralPorts {
    /** How long a value read is trusted. */
    public static final Duration TTL = Duration.ofSeconds(1);
    private static final EphemeralPorts SYSTEM =
            new EphemeralPorts(Path.of("/proc/sys/net/ipv4/ip_local_port_range"), System::nanoTime, TTL);

    /** An inclusive range of ports. */
    public record Range(int lo, int hi) {
        public boolean contains(int port) {
            return lo <= port && port <= hi;
        }
    }

    /** A value read (null range: unreadable) and when. */
    private record Snapshot(Range range, long readAt) {
    }

    private final Path file;
    private final LongSupplier nanoClock;
    private final long ttlNanos;
    private volatile Snapshot snapshot;

    /** A cache of {@code file} (the sysctl's format: two numbers), aged by {@code nanoClock}. */
    public EphemeralPorts(Path file, LongSupplier nanoClock, Duration ttl) {
        this.file = file;
        this.nanoClock = nanoClock;
        this.ttlNanos = ttl.toNanos();
    }

    /** The cache of this process's network namespace. */
    public static EphemeralPorts system() {
        return SYSTEM;
    }

    /** The range, at most the time to live old; null when the file is unreadable or malformed. */
    public Range range() {
        Snapshot s = snapshot;
        long now = nanoClock.getAsLong();
        if (s == null || now - s.readAt() >= ttlNanos) {
            // Two threads may both read: the value is the same, and the last write wins.
            s = new Snapshot(read(file), now);
            snapshot = s;
        }
        return s.range();
    }

    /** Drops the cached value: the next {@link #range} reads the file. */
    public void invalidate() {
        snapshot = null;
    }

    /** Parses "lo hi" (tab-separated in /proc); null when unreadable or not two ports lo <= hi. */
    static Range read(Path file) {
        try {
            // readAllLines, not readString: /proc/sys files report size 0.
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty()) {
                return null;
            }
            String[] f = lines.get(0).strip().split("\\s+");
            if (f.length != 2) {
                return null;
            }
            int lo = Integer.parseInt(f[0]);
            int hi = Integer.parseInt(f[1]);
            return lo >= 1 && lo <= hi && hi <= 65535 ? new Range(lo, hi) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
