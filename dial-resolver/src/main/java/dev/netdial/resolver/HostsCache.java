package dev.netdial.resolver;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * The hosts table of one file path, re-read when the file changes: at most every
 * {@link #CACHE_MAX_AGE} the file's modification time and size are checked, and the file is
 * parsed again when either differs. A missing or unreadable (permission) file is an empty
 * table; any other read failure keeps the previous table. Thread-safe.
 *
 * <p>Go: {@code src/net/hosts.go} {@code hosts}, {@code readHosts}, {@code cacheMaxAge}.
 *
 * <p>Differs: Go's cache is one global for {@code /etc/hosts}; this one belongs to its
 * {@link Resolver}, and its clock is injectable for tests.
 */
final class HostsCache implements Supplier<HostsFile> {

    /** How long a checked table is trusted without looking at the file. */
    static final Duration CACHE_MAX_AGE = Duration.ofSeconds(5);

    private final Path path;
    private final InstantSource clock;

    // Guarded by this.
    private HostsFile table = HostsFile.empty();
    private Instant expire = Instant.MIN;
    private FileTime mtime;
    private long size;

    /**
     * A cache of {@code path} read through the system clock.
     *
     * <p>Go: {@code src/net/hosts.go} {@code hosts}.
     */
    HostsCache(Path path) {
        this(path, InstantSource.system());
    }

    /**
     * A cache of {@code path} timed by {@code clock} (a test seam).
     *
     * <p>Go: {@code src/net/hosts.go} {@code hosts}.
     */
    HostsCache(Path path, InstantSource clock) {
        this.path = path;
        this.clock = clock;
    }

    /**
     * The current table, re-reading the file when it may have changed.
     *
     * <p>Go: {@code src/net/hosts.go} {@code readHosts}.
     */
    @Override
    public synchronized HostsFile get() {
        Instant now = clock.instant();
        if (now.isBefore(expire) && !table.isEmpty()) {
            return table;
        }
        FileTime newMtime = null;
        long newSize = 0;
        boolean statOk = false;
        try {
            BasicFileAttributes st = Files.readAttributes(path, BasicFileAttributes.class);
            newMtime = st.lastModifiedTime();
            newSize = st.size();
            statOk = true;
        } catch (IOException e) {
            // Go goes on to open the file, which reports the same problem.
        }
        if (statOk && newMtime.equals(mtime) && newSize == size) {
            expire = now.plus(CACHE_MAX_AGE);
            return table;
        }
        HostsFile parsed;
        try {
            parsed = HostsFile.parse(Parse.readFile(path));
        } catch (NoSuchFileException | AccessDeniedException e) {
            parsed = HostsFile.empty();
        } catch (IOException e) {
            // Keep the last table; try again on the next lookup.
            return table;
        }
        expire = now.plus(CACHE_MAX_AGE);
        table = parsed;
        mtime = newMtime;
        size = newSize;
        return table;
    }
}
