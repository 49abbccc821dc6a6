package dev.netdial.resolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The current resolv.conf configuration, re-read at most every five seconds and only when the
 * file's modification time has changed, unless the configuration in force says
 * {@code no-reload}. Thread-safe; each instance has its own state.
 *
 * <p>Go: {@code src/net/dnsclient_unix.go} {@code resolverConfig}, {@code getSystemDNSConfig}.
 */
final class ResolverConfig {

    /** Go: the resolv.conf path {@code getSystemDNSConfig} passes to {@code tryUpdate}. */
    static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

    /** Go: the minimum time between two checks of the file. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);

    private final Path path;
    private final InstantSource clock;
    private final Function<Path, DnsConfig> reader;

    /** Guards the first read (Go: {@code initOnce}). */
    private final Object initLock = new Object();
    private volatile boolean initialized;

    /** Lets one caller at a time recheck the file (Go: the one-slot channel {@code ch}). */
    private final AtomicBoolean sema = new AtomicBoolean();

    /** The last check; read and written only while holding {@link #sema} (or in init). */
    private Instant lastChecked;

    /** The parsed file used by lookups (Go: {@code dnsConfig atomic.Pointer[dnsConfig]}). */
    private volatile DnsConfig dnsConfig;

    /** The system's: {@code /etc/resolv.conf}, the system clock, {@link DnsConfig#read(Path)}. */
    ResolverConfig() {
        this(RESOLV_CONF, InstantSource.system(), DnsConfig::read);
    }

    /**
     * A configuration read from {@code path}, timed by {@code clock}, parsed by {@code reader}
     * (test hooks: Go's tests pass the file name to {@code tryUpdate} and move
     * {@code lastChecked} by hand).
     */
    ResolverConfig(Path path, InstantSource clock, Function<Path, DnsConfig> reader) {
        this.path = Objects.requireNonNull(path, "path");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /**
     * Reads the file the first time and records the check, so the first use does not parse
     * it twice.
     *
     * <p>Go: {@code (*resolverConfig).init}.
     */
    private void init() {
        if (initialized) {
            return;
        }
        synchronized (initLock) {
            if (initialized) {
                return;
            }
            dnsConfig = reader.apply(path);
            lastChecked = clock.instant();
            initialized = true;
        }
    }

    /**
     * Checks for updates, then returns the configuration in force.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code getSystemDNSConfig}.
     */
    DnsConfig get() {
        tryUpdate();
        return dnsConfig;
    }

    /** The configuration in force, without checking the file (initialising it if needed). */
    DnsConfig current() {
        init();
        return dnsConfig;
    }

    /**
     * Re-reads the file if the configuration allows reloads, no other thread is checking, the
     * last check is at least five seconds old, and the file's modification time differs from
     * the one the configuration was read with (a missing file counts as Go's zero time).
     *
     * <p>Go: {@code (*resolverConfig).tryUpdate}.
     */
    void tryUpdate() {
        init();
        if (dnsConfig.noReload()) {
            return;
        }
        if (!sema.compareAndSet(false, true)) {
            return; // someone else is checking
        }
        try {
            Instant now = clock.instant();
            if (lastChecked.isAfter(now.minus(CHECK_INTERVAL))) {
                return;
            }
            lastChecked = now;
            Instant mtime = null;
            try {
                mtime = Files.getLastModifiedTime(path).toInstant();
            } catch (IOException e) {
                // stays Go's zero time
            }
            if (Objects.equals(mtime, dnsConfig.mtime())) {
                return;
            }
            dnsConfig = reader.apply(path);
        } finally {
            sema.set(false);
        }
    }

    /**
     * Replaces the configuration and the time of the last check, waiting for any check in
     * progress; so a test can install a configuration that the file will not override until
     * {@code lastChecked} is five seconds old.
     *
     * <p>Go: {@code src/net/dnsclient_unix_test.go} {@code (*resolvConfTest).forceUpdateConf}.
     */
    void forceUpdateConf(DnsConfig conf, Instant lastChecked) {
        init();
        while (!sema.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        try {
            this.dnsConfig = Objects.requireNonNull(conf, "conf");
            this.lastChecked = Objects.requireNonNull(lastChecked, "lastChecked");
        } finally {
            sema.set(false);
        }
    }
}
