package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Tests of {@link FDMutex}: the reference count, the two locks, close, and its panics.
 *
 * <p>Go: {@code src/internal/poll/fd_mutex_test.go}.
 *
 * <p>{@code -Dnetdial.short=true} trims the stress loops as Go's {@code testing.Short()} does;
 * {@code -Dnetdial.fdmutex.stress=P,N} runs the stress tests with P threads of N iterations.
 */
class FDMutexTest {

    private static final String OVERFLOW =
            "too many concurrent operations on a single file or socket (max 1048575)";
    private static final String INCONSISTENT = "inconsistent poll.fdMutex";

    /** How long a blocked caller may take to return after {@code increfAndClose}. */
    private static final Duration UNBLOCK_LIMIT = Duration.ofSeconds(1);

    /**
     * Each kind of acquire on an open mutex succeeds, and its release does not report a last
     * reference (the mutex is not closed).
     *
     * <p>Go: {@code src/internal/poll/fd_mutex_test.go} {@code TestMutexLock}.
     */
    @Test
    void testMutexLock() {
        FDMutex mu = new FDMutex();

        assertTrue(mu.incref(), "incref on an open mutex");
        assertFalse(mu.decref(), "decref of an open mutex");

        assertTrue(mu.rwlock(true), "read lock on an open mutex");
        assertFalse(mu.rwunlock(true), "read unlock of an open mutex");

        assertTrue(mu.rwlock(false), "write lock on an open mutex");
        assertFalse(mu.rwunlock(false), "write unlock of an open mutex");

        assertEquals(0, mu.refs(), mu.toString());
    }

    /**
     * After {@code increfAndClose} every acquire fails, and a second close reports that the
     * mutex was already closed.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex_test.go} {@code TestMutexClose}.
     */
    @Test
    void testMutexClose() {
        FDMutex mu = new FDMutex();
        assertTrue(mu.increfAndClose(), "first close");

        assertFalse(mu.incref(), "incref after close");
        assertFalse(mu.rwlock(true), "read lock after close");
        assertFalse(mu.rwlock(false), "write lock after close");
        assertFalse(mu.increfAndClose(), "second close");

        // Only the first close's reference is held; dropping it is the last one.
        assertEquals(1, mu.refs(), mu.toString());
        assertTrue(mu.decref(), "the closer's decref drops the last reference");
    }

    /**
     * Readers blocked behind a held read lock stay blocked until {@code increfAndClose}, then
     * all return false; the closer's decref is not the last, the holder's unlock is.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex_test.go} {@code TestMutexCloseUnblock}.
     * <p>Go allows each blocked reader 10 s after the close; netdial allows
     * {@link #UNBLOCK_LIMIT} for all of them, and also checks that all four were counted as
     * waiters before the close.
     */
    @Test
    void testMutexCloseUnblock() throws InterruptedException {
        closeUnblock(Thread.ofPlatform().daemon(true).name("fdmutex-closeunblock-", 0), 4, false);
    }

    /**
     * {@link #testMutexCloseUnblock} on virtual threads, with read and write waiters: many more
     * waiters than carrier threads park at once (impossible if a parked waiter pinned its
     * carrier), another virtual thread still runs meanwhile, and the close wakes them all.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex_test.go} {@code TestMutexCloseUnblock}.
     */
    @Test
    void testMutexCloseUnblockVirtual() throws InterruptedException {
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        int n = Math.max(16, 8 * carriers);
        closeUnblock(Thread.ofVirtual().name("fdmutex-closeunblock-v", 0), n, true);
    }

    /**
     * Holds the read lock (and the write lock when {@code writersToo}), blocks {@code n}
     * readers (and {@code n} writers) behind it, closes, and checks that every blocked caller
     * returns false within {@link #UNBLOCK_LIMIT} and that the last release reports the last
     * reference.
     */
    private static void closeUnblock(Thread.Builder builder, int n, boolean writersToo)
            throws InterruptedException {
        FDMutex mu = new FDMutex();
        assertTrue(mu.rwlock(true), "holder's read lock");
        if (writersToo) {
            assertTrue(mu.rwlock(false), "holder's write lock");
        }
        LinkedBlockingQueue<String> c = new LinkedBlockingQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(builder.start(() -> c.add("read:" + mu.rwlock(true))));
            if (writersToo) {
                threads.add(builder.start(() -> c.add("write:" + mu.rwlock(false))));
            }
        }
        int writers = writersToo ? n : 0;

        // No blocked caller may get the lock while it is held.
        Thread.sleep(1);
        assertNull(c.poll(), "a caller got a held lock");
        awaitTrue(Duration.ofSeconds(10),
                () -> mu.readWaiters() == n && mu.writeWaiters() == writers,
                () -> "waiters never all blocked: " + mu);
        assertNull(c.poll(), "a caller got a held lock");
        assertEquals(writersToo ? 2 : 1, mu.refs(), "waiters must not hold references: " + mu);

        if (writersToo) {
            // Every carrier would be stuck if parked waiters pinned them; this must still run.
            LinkedBlockingQueue<Boolean> bystander = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> bystander.add(mu.incref() && !mu.decref()));
            Boolean ran = bystander.poll(UNBLOCK_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(Boolean.TRUE, ran,
                    "a virtual thread could not run while " + 2 * n + " waiters were parked");
        }

        assertTrue(mu.increfAndClose(), "close must succeed"); // must unblock every waiter
        long deadline = System.nanoTime() + UNBLOCK_LIMIT.toNanos();
        int reads = 0;
        for (int i = 0; i < n + writers; i++) {
            String got = c.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(got, "only " + i + " of " + (n + writers)
                    + " blocked callers returned within " + UNBLOCK_LIMIT + " of close: " + mu);
            assertTrue(got.endsWith(":false"), "a blocked caller acquired a closed mutex: " + got);
            if (got.startsWith("read:")) {
                reads++;
            }
        }
        assertEquals(n, reads, "read waiters woken");
        for (Thread t : threads) {
            assertTrue(t.join(UNBLOCK_LIMIT), t + " still running");
        }
        assertEquals(0, mu.readWaiters() + mu.writeWaiters(), mu.toString());

        assertFalse(mu.decref(), "the holder's lock still holds a reference");
        if (writersToo) {
            assertFalse(mu.rwunlock(false), "the read lock still holds a reference");
        }
        assertTrue(mu.rwunlock(true), "the holder's last unlock drops the last reference");
        assertEquals(0, mu.refs(), mu.toString());
    }

    /**
     * Releasing what is not held throws Go's "inconsistent" text, and leaves the mutex usable.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex_test.go} {@code TestMutexPanic}.
     */
    @Test
    void testMutexPanic() {
        FDMutex mu = new FDMutex();
        ensurePanics("decref with no reference", mu::decref);
        ensurePanics("read unlock with no lock", () -> mu.rwunlock(true));
        ensurePanics("write unlock with no lock", () -> mu.rwunlock(false));

        ensurePanics("second decref", () -> {
            assertTrue(mu.incref());
            assertFalse(mu.decref());
            mu.decref();
        });
        ensurePanics("second read unlock", () -> {
            assertTrue(mu.rwlock(true));
            assertFalse(mu.rwunlock(true));
            mu.rwunlock(true);
        });
        ensurePanics("second write unlock", () -> {
            assertTrue(mu.rwlock(false));
            assertFalse(mu.rwunlock(false));
            mu.rwunlock(false);
        });
        // Holding the read lock does not make a write unlock valid.
        ensurePanics("write unlock while read-locked", () -> {
            assertTrue(mu.rwlock(true));
            try {
                mu.rwunlock(false);
            } finally {
                assertFalse(mu.rwunlock(true));
            }
        });

        // The failed releases changed nothing.
        assertEquals(0, mu.refs(), mu.toString());
        assertTrue(mu.incref());
        assertFalse(mu.decref());
        assertTrue(mu.rwlock(true));
        assertFalse(mu.rwunlock(true));
        assertTrue(mu.rwlock(false));
        assertFalse(mu.rwunlock(false));
        assertEquals(0, mu.refs(), mu.toString());
    }

    private static void ensurePanics(String what, Executable f) {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, f, what + ": does not throw");
        assertEquals(INCONSISTENT, e.getMessage(), what);
    }

    /**
     * 1,048,575 references fill the 20-bit count; one more throws Go's "too many" text (not the
     * "inconsistent" one) and changes nothing.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex_test.go} {@code TestMutexOverflowPanic}.
     * <p>Go only loops {@code 1<<21} increfs until the panic; this also pins where it happens
     * and checks that the lock and close paths refuse to overflow the same way.
     */
    @Test
    void testMutexOverflowPanic() {
        FDMutex mu1 = new FDMutex();
        int max = (1 << 20) - 1;
        for (int i = 0; i < max; i++) {
            if (!mu1.incref()) {
                fail("incref " + i + " returned false: " + mu1);
            }
        }
        assertEquals(max, mu1.refs(), mu1.toString());

        IllegalStateException e = assertThrows(IllegalStateException.class, mu1::incref,
                "incref past " + max + " did not throw");
        String msg = e.getMessage();
        assertTrue(msg.contains("too many") && !msg.contains("inconsistent"),
                "wrong message " + msg);
        assertEquals(OVERFLOW, msg);

        e = assertThrows(IllegalStateException.class, () -> mu1.rwlock(true), "read lock, full");
        assertEquals(OVERFLOW, e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> mu1.rwlock(false), "write lock, full");
        assertEquals(OVERFLOW, e.getMessage());
        e = assertThrows(IllegalStateException.class, mu1::increfAndClose, "close, full");
        assertEquals(OVERFLOW, e.getMessage());

        assertEquals(max, mu1.refs(), "a refused acquire changed the count: " + mu1);
        assertFalse(mu1.isClosed(), "a refused close closed the mutex");
        assertFalse(mu1.decref(), "decref after overflow");
        assertTrue(mu1.increfAndClose(), "close with room for one more reference");
    }

    /**
     * Threads mix random increfs, read locks and write locks on one mutex; each lock must
     * exclude its own kind, no call may fail or report a last reference, and at the end the
     * mutex is idle and closes cleanly.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex_test.go} {@code TestMutexStress}.
     * <p>Beyond Go's checks: the lock-protected counters must equal the number of locked
     * sections run (a lost update means two threads were inside at once), and no reference or
     * waiter may be left.
     */
    @Test
    void testMutexStress() throws InterruptedException {
        int[] pn = stressSize();
        stress(Thread.ofPlatform().daemon(true).name("fdmutex-stress-", 0), pn[0], pn[1]);
    }

    /**
     * {@link #testMutexStress} on virtual threads: blocked lockers park and unpark through the
     * virtual-thread scheduler.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex_test.go} {@code TestMutexStress}.
     */
    @Test
    void testMutexStressVirtual() throws InterruptedException {
        int[] pn = stressSize();
        stress(Thread.ofVirtual().name("fdmutex-stress-v", 0), pn[0], pn[1]);
    }

    /**
     * Go's P and N: 8 × 1e6, or 4 × 1e4 in short mode. {@code -Dnetdial.fdmutex.stress=P,N}
     * overrides both.
     */
    private static int[] stressSize() {
        String override = System.getProperty("netdial.fdmutex.stress");
        if (override != null && !override.isBlank()) {
            String[] f = override.split(",");
            return new int[] {Integer.parseInt(f[0].trim()), Integer.parseInt(f[1].trim())};
        }
        boolean isShort = Boolean.getBoolean("netdial.short");
        return isShort ? new int[] {4, 10_000} : new int[] {8, 1_000_000};
    }

    private static void stress(Thread.Builder builder, int p, int n) throws InterruptedException {
        FDMutex mu = new FDMutex();
        // Plain fields, touched only inside the matching lock: [0] and [1] move together.
        long[] readState = new long[2];
        long[] writeState = new long[2];
        LongAdder reads = new LongAdder();
        LongAdder writes = new LongAdder();
        LongAdder refs = new LongAdder();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < p; t++) {
            int id = t;
            threads.add(builder.start(() -> {
                long[] done = new long[3]; // refs, reads, writes
                try {
                    String err = stressLoop(mu, n, readState, writeState, done);
                    if (err != null) {
                        errors.add(id + "/" + err);
                    }
                } catch (Throwable e) {
                    errors.add(id + ": " + e);
                } finally {
                    refs.add(done[0]);
                    reads.add(done[1]);
                    writes.add(done[2]);
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        for (Thread t : threads) {
            long left = Math.max(1, deadline - System.nanoTime());
            if (!t.join(Duration.ofNanos(left))) {
                fail("stress " + p + " x " + n + " did not finish in 2 min (deadlock?): " + mu);
            }
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("FDMutexTest stress %s %d x %d: %d ms%n",
                threads.get(0).isVirtual() ? "virtual" : "platform", p, n, ms);

        assertTrue(errors.isEmpty(), "errors: " + errors);
        assertEquals((long) p * n, reads.sum() + writes.sum() + refs.sum(), "iterations run");
        assertEquals(reads.sum(), readState[0], "read sections lost an update");
        assertEquals(readState[0], readState[1], "read counters");
        assertEquals(writes.sum(), writeState[0], "write sections lost an update");
        assertEquals(writeState[0], writeState[1], "write counters");
        assertEquals(0, mu.refs(), "references left: " + mu);
        assertEquals(0, mu.readWaiters() + mu.writeWaiters(), "waiters left: " + mu);

        assertTrue(mu.increfAndClose(), "close after the stress");
        assertTrue(mu.decref(), "the closer holds the last reference");
    }

    /**
     * One stress thread's {@code n} random operations; counts each kind in {@code done}
     * (refs, reads, writes). Returns null, or "iteration: what broke".
     */
    private static String stressLoop(FDMutex mu, int n, long[] readState, long[] writeState,
            long[] done) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(3)) {
                case 0 -> {
                    if (!mu.incref()) {
                        return i + ": incref failed on an open mutex";
                    }
                    if (mu.decref()) {
                        return i + ": decref reported a last reference";
                    }
                    done[0]++;
                }
                case 1 -> {
                    if (!mu.rwlock(true)) {
                        return i + ": read lock failed on an open mutex";
                    }
                    // Readers must exclude each other.
                    if (readState[0] != readState[1]) {
                        return i + ": two readers inside the read lock";
                    }
                    readState[0]++;
                    readState[1]++;
                    done[1]++;
                    if (mu.rwunlock(true)) {
                        return i + ": read unlock reported a last reference";
                    }
                }
                default -> {
                    if (!mu.rwlock(false)) {
                        return i + ": write lock failed on an open mutex";
                    }
                    // Writers must exclude each other.
                    if (writeState[0] != writeState[1]) {
                        return i + ": two writers inside the write lock";
                    }
                    writeState[0]++;
                    writeState[1]++;
                    done[2]++;
                    if (mu.rwunlock(false)) {
                        return i + ": write unlock reported a last reference";
                    }
                }
            }
        }
        return null;
    }

    private static void awaitTrue(Duration limit, BooleanSupplier cond, Supplier<String> why)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(why.get());
            }
            Thread.sleep(1);
        }
    }
}
