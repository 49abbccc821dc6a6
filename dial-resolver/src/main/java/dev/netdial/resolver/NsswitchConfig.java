package dev.netdial.resolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The current {@code /etc/nsswitch.conf}, re-read at most every five seconds and only when the
 * file's modification time has changed. Thread-safe; each instance has its own state.
 *
 * <p>Go: {@code src/net/nss.go} {@code nsswitchConfig}, {@code getSystemNSS}.
 */
final class NsswitchConfig {

    /** Go: {@code nssConfigPath}. */
    static final Path NSS_CONFIG_PATH = Path.of("/etc/nsswitch.conf");

    private final Path path;
    private final InstantSource clock;

    private final Object initLock = new Object();
    private volatile boolean initialized;

    /** Lets one caller at a time recheck the file (Go: the one-slot channel {@code ch}). */
    private final AtomicBoolean sema = new AtomicBoolean();

    /** Read and written only while holding {@link #sema} (or in init). */
    private Instant lastChecked;

    private volatile NssConf nssConf;

    /** The system's: {@code /etc/nsswitch.conf} and the system clock. */
    NsswitchConfig() {
        this(NSS_CONFIG_PATH, InstantSource.system());
    }

    /** A configuration read from {@code path}, timed by {@code clock} (test hooks). */
    NsswitchConfig(Path path, InstantSource clock) {
        this.path = Objects.requireNonNull(path, "path");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Reads the file the first time and records the check.
     *
     * <p>Go: {@code src/net/nss.go} {@code (*nsswitchConfig).init}.
     */
    private void init() {
        if (initialized) {
            return;
        }
        synchronized (initLock) {
            if (initialized) {
                return;
            }
            nssConf = NssConf.parseFile(path);
            lastChecked = clock.instant();
            initialized = true;
        }
    }

    /**
     * Checks for updates, then returns the configuration in force.
     *
     * <p>Go: {@code src/net/nss.go} {@code getSystemNSS}.
     */
    NssConf get() {
        tryUpdate();
        return nssConf;
    }

    /**
     * Re-reads the file when no other thread is checking, the last check is at least five
     * seconds old and the modification time differs from the one it was read with.
     *
     * <p>Go: {@code (*nsswitchConfig).tryUpdate}.
     */
    void tryUpdate() {
        init();
        if (!sema.compareAndSet(false, true)) {
            return;
        }
        try {
            Instant now = clock.instant();
            if (lastChecked.isAfter(now.minus(ResolverConfig.CHECK_INTERVAL))) {
                return;
            }
            lastChecked = now;
            Instant mtime = null;
            try {
                mtime = Files.getLastModifiedTime(path).toInstant();
            } catch (IOException e) {
                // stays Go's zero time
            }
            if (Objects.equals(mtime, nssConf.mtime())) {
                return;
            }
            nssConf = NssConf.parseFile(path);
        } finally {
            sema.set(false);
        }
    }

    /**
     * Installs {@code conf} and sets the last check to {@code lastChecked}, waiting for any
     * check in progress.
     *
     * <p>Go: {@code src/net/conf_test.go} {@code setSystemNSS}.
     */
    void setSystemNSS(NssConf conf, Instant lastChecked) {
        init();
        while (!sema.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        try {
            this.nssConf = Objects.requireNonNull(conf, "conf");
            this.lastChecked = Objects.requireNonNull(lastChecked, "lastChecked");
        } finally {
            sema.set(false);
        }
    }
}
