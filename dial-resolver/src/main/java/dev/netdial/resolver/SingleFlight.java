package dev.netdial.resolver;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Merges concurrent calls with the same key: the first starts the work on a virtual thread, the
 * others wait for the same result. One group per {@link Resolver}.
 *
 * <p>Go: {@code src/internal/singleflight/singleflight.go} {@code Group} ({@code DoChan},
 * {@code ForgetUnshared}).
 */
final class SingleFlight<V> {

    /** Work that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface Work<V> {
        V run() throws IOException;
    }

    /**
     * One piece of work in flight: its result, and how many callers joined it after the first.
     *
     * <p>Go: {@code singleflight.call}.
     */
    static final class Call<V> {
        final CompletableFuture<V> done = new CompletableFuture<>();
        int dups;
    }

    private final Object mu = new Object();
    private final Map<String, Call<V>> m = new HashMap<>();

    /**
     * The call for {@code key}: a new one running {@code fn}, or the one already in flight.
     *
     * <p>Go: {@code (*Group).DoChan}.
     */
    Call<V> doChan(String key, Work<V> fn) {
        Call<V> c;
        synchronized (mu) {
            c = m.get(key);
            if (c != null) {
                c.dups++;
                return c;
            }
            c = new Call<>();
            m.put(key, c);
        }
        Call<V> call = c;
        Thread.ofVirtual().name("netdial-lookup").start(() -> doCall(call, key, fn));
        return call;
    }

    /**
     * As {@link #doChan}, but a new call runs {@code fn} on the calling thread and is complete
     * when this returns; a call already in flight is returned as it is, still running.
     *
     * <p>Go: {@code (*Group).Do} (the caller runs the work; joining callers wait for it).
     *
     * <p>Differs: returns the call rather than its result, so callers of both forms wait the same
     * way. Used when the caller could not stop waiting early anyway, which saves a thread hand-off.
     */
    Call<V> doInline(String key, Work<V> fn) {
        Call<V> c;
        synchronized (mu) {
            c = m.get(key);
            if (c != null) {
                c.dups++;
                return c;
            }
            c = new Call<>();
            m.put(key, c);
        }
        doCall(c, key, fn);
        return c;
    }

    /**
     * Runs {@code fn}, forgets the key (unless a later call took it), then completes the call for every waiter.
     *
     * <p>Go: {@code src/internal/singleflight/singleflight.go} {@code (*Group).doCall}.
     */
    private void doCall(Call<V> c, String key, Work<V> fn) {
        V v = null;
        Throwable err = null;
        try {
            v = fn.run();
        } catch (IOException | RuntimeException | Error e) {
            err = e;
        }
        synchronized (mu) {
            if (m.get(key) == c) {
                m.remove(key);
            }
        }
        if (err != null) {
            c.done.completeExceptionally(err);
        } else {
            c.done.complete(v);
        }
    }

    /**
     * Forgets {@code key} if no other caller shares its call, so later callers start anew;
     * whether it was unshared (or absent).
     *
     * <p>Go: {@code (*Group).ForgetUnshared}.
     */
    boolean forgetUnshared(String key) {
        synchronized (mu) {
            Call<V> c = m.get(key);
            if (c == null) {
                return true;
            }
            if (c.dups == 0) {
                m.remove(key);
                return true;
            }
            return false;
        }
    }
}
