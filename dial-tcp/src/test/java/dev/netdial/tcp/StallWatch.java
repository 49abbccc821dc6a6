package dev.netdial.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures when this JVM could not run a ready thread: a daemon thread parks for 1 ms at a time
 * and records every interval in which it woke more than {@value #SLACK_MILLIS} ms late (an
 * overloaded CPU, a GC pause, the host stealing time). A latency test subtracts the stalled
 * time that overlaps a measured window, so that a bound on netdial's own wake-up path does not
 * fail because the machine stood still; a slow netdial path still fails, since no stall covers
 * it.
 */
final class StallWatch implements AutoCloseable {

    /** Lateness below this is ordinary scheduling noise and not recorded. */
    static final long SLACK_MILLIS = 5;

    private final List<long[]> stalls = new ArrayList<>(); // guarded by this; {start, end} nanoTime
    private final Thread thread;
    private volatile boolean stop;

    StallWatch() {
        thread = Thread.ofPlatform().daemon().name("probe-stallwatch").start(this::watch);
    }

    private void watch() {
        long period = TimeUnit.MILLISECONDS.toNanos(1);
        long slack = TimeUnit.MILLISECONDS.toNanos(SLACK_MILLIS);
        while (!stop) {
            long t0 = System.nanoTime();
            LockSupport.parkNanos(period);
            long t1 = System.nanoTime();
            if (t1 - t0 - period > slack) {
                synchronized (this) {
                    stalls.add(new long[] {t0 + period, t1});
                }
            }
        }
    }

    /** Milliseconds of recorded stall that overlap {@code [from, to]} (nanoTime values). */
    synchronized long stalledMillis(long from, long to) {
        long sum = 0;
        for (long[] s : stalls) {
            long a = Math.max(from, s[0]);
            long b = Math.min(to, s[1]);
            if (b > a) {
                sum += b - a;
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(sum);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join();
    }
}
