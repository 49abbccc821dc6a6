package dev.netdial.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Context}: cancellation flowing parent to child, the deadline minimum rule, Go's error
 * texts, {@code AfterFunc}'s stop semantics, saturation and concurrency.
 *
 * <p>Go: {@code src/context/context_test.go}, {@code src/context/x_test.go}.
 */
class ContextTest {

    /** Go's {@code shortDuration}: long enough to notice something that should not happen. */
    private static final Duration SHORT = Duration.ofMillis(50);
    /** Go's {@code veryLongDuration}: a bound for something that must happen. */
    private static final long VERY_LONG_MS = 10_000;

    /**
     * Background is never done, has no deadline, cannot be cancelled, and names itself.
     *
     * <p>Go: {@code src/context/x_test.go} {@code TestBackground}.
     */
    @Test
    void testBackground() {
        Context c = Context.background();
        assertSame(c, Context.background());
        c.cancel();
        assertFalse(c.isDone());
        assertNull(c.err());
        assertEquals(Optional.empty(), c.deadline());
        assertEquals("context.Background", c.toString());
    }

    /**
     * Cancelling a parent cancels its children (with the same error); cancelling a child does
     * not touch its parent or siblings.
     *
     * <p>Go: {@code src/context/x_test.go} {@code TestWithCancel}.
     */
    @Test
    void testWithCancel() {
        Context c1 = Context.background().withCancel();
        assertEquals("context.Background.WithCancel", c1.toString());
        Context c2 = c1.withCancel();
        Context c3 = c1.withCancel();
        List<Context> contexts = List.of(c1, c2, c3);
        for (int i = 0; i < contexts.size(); i++) {
            assertFalse(contexts.get(i).isDone(), "c[" + i + "] done before cancel");
            assertNull(contexts.get(i).err(), "c[" + i + "] err before cancel");
        }
        c2.cancel();
        assertTrue(c2.isDone());
        assertFalse(c1.isDone(), "parent done after child cancel");
        assertFalse(c3.isDone(), "sibling done after child cancel");
        c1.cancel();
        for (int i = 0; i < contexts.size(); i++) {
            assertTrue(contexts.get(i).isDone(), "c[" + i + "] not done after cancel");
            IOException err = contexts.get(i).err();
            assertInstanceOf(ContextCanceledError.class, err, "c[" + i + "]");
            assertEquals("context canceled", err.getMessage());
        }
    }

    /**
     * A parent's cancel reaches every descendant, including grandchildren made from a
     * deadline context, and the cancelled children leave the parent's child set.
     *
     * <p>Go: {@code src/context/context_test.go} {@code TestParentFinishesChild}.
     */
    @Test
    void testParentFinishesChild() {
        Context parent = Context.background().withCancel();
        Context cancelChild = parent.withCancel();
        Context timerChild = parent.withTimeout(Duration.ofHours(1));
        Context afterStop = parent.withCancel();
        BooleanSupplier stop = parent.afterFunc(() -> { });
        assertEquals(4, parent.numChildren());
        Context grand = timerChild.withCancel();
        assertEquals(1, timerChild.numChildren());
        assertFalse(cancelChild.isDone());
        assertFalse(grand.isDone());

        parent.cancel();
        for (Context c : List.of(parent, cancelChild, timerChild, grand, afterStop)) {
            assertTrue(c.isDone(), c.toString());
            assertInstanceOf(ContextCanceledError.class, c.err(), c.toString());
        }
        assertEquals(0, parent.numChildren(), "parent still has children after cancel");
        assertEquals(0, timerChild.numChildren());
        assertFalse(stop.getAsBoolean(), "after-function should have been started by the cancel");
        // A child made after the parent is done is born done.
        Context late = parent.withCancel();
        assertTrue(late.isDone());
        assertInstanceOf(ContextCanceledError.class, late.err());
        assertEquals(0, parent.numChildren());
    }

    /**
     * Cancelling a child first leaves the parent live and removes the child from it.
     *
     * <p>Go: {@code src/context/context_test.go} {@code TestChildFinishesFirst},
     * {@code TestCancelRemoves}.
     */
    @Test
    void testChildFinishesFirst() {
        Context parent = Context.background().withCancel();
        Context child = parent.withCancel();
        Context timer = parent.withTimeout(Duration.ofHours(1));
        BooleanSupplier stop = parent.afterFunc(() -> { });
        assertEquals(3, parent.numChildren());
        child.cancel();
        assertEquals(2, parent.numChildren());
        timer.cancel();
        assertEquals(1, parent.numChildren());
        assertTrue(stop.getAsBoolean());
        assertEquals(0, parent.numChildren());
        assertFalse(parent.isDone());
        assertTrue(child.isDone());
        assertTrue(timer.isDone());
        assertInstanceOf(ContextCanceledError.class, timer.err());
        parent.cancel();
    }

    /**
     * A deadline fires by itself with "context deadline exceeded" (a timeout); a child's
     * deadline is the earlier of its parent's and its own.
     *
     * <p>Go: {@code src/context/x_test.go} {@code TestDeadline}.
     */
    @Test
    void testDeadline() throws Exception {
        Context c = Context.background().withDeadline(Instant.now().plus(SHORT));
        assertTrue(c.toString().startsWith("context.Background.WithDeadline("), c.toString());
        assertTrue(c.await(Duration.ofMillis(VERY_LONG_MS)), "deadline did not fire");
        IOException err = c.err();
        assertInstanceOf(ContextDeadlineExceededError.class, err);
        assertEquals("context deadline exceeded", err.getMessage());
        assertTrue(((NetException) err).timeout());
        assertTrue(((NetException) err).temporary());

        // Parent sooner than child: the child inherits the parent's deadline and fires with it.
        Instant soon = Instant.now().plus(SHORT);
        Context p = Context.background().withDeadline(soon);
        Context ch = p.withDeadline(Instant.now().plus(Duration.ofHours(1)));
        assertEquals(Optional.of(soon), ch.deadline());
        assertNull(ch.timerThread(), "a child bounded by its parent needs no timer of its own");
        assertTrue(ch.await(Duration.ofMillis(VERY_LONG_MS)));
        assertInstanceOf(ContextDeadlineExceededError.class, ch.err());

        // Child sooner than parent: its own deadline, and the parent stays live.
        Context p2 = Context.background().withTimeout(Duration.ofHours(1));
        Instant sooner = Instant.now().plus(SHORT);
        Context ch2 = p2.withDeadline(sooner);
        assertEquals(Optional.of(sooner), ch2.deadline());
        assertTrue(ch2.await(Duration.ofMillis(VERY_LONG_MS)));
        assertInstanceOf(ContextDeadlineExceededError.class, ch2.err());
        assertFalse(p2.isDone());
        // withCancel children share the deadline.
        assertEquals(p2.deadline(), p2.withCancel().deadline());
        p2.cancel();
        assertInstanceOf(ContextCanceledError.class, p2.err());
    }

    /**
     * withTimeout fires after its timeout, not before.
     *
     * <p>Go: {@code src/context/x_test.go} {@code TestTimeout}.
     */
    @Test
    void testTimeout() throws Exception {
        long start = System.nanoTime();
        Context c = Context.background().withTimeout(SHORT);
        assertTrue(c.deadline().isPresent());
        assertTrue(c.await(Duration.ofMillis(VERY_LONG_MS)));
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= SHORT.toNanos() - TimeUnit.MILLISECONDS.toNanos(5), "fired after " + elapsed + " ns");
        assertInstanceOf(ContextDeadlineExceededError.class, c.err());
        // The timer thread is gone once it fired.
        Thread t = c.timerThread();
        assertNotNull(t);
        t.join(VERY_LONG_MS);
        assertFalse(t.isAlive());
    }

    /**
     * Cancelling a timed context before its deadline gives "context canceled" and stops its
     * timer thread.
     *
     * <p>Go: {@code src/context/x_test.go} {@code TestCanceledTimeout}.
     */
    @Test
    void testCanceledTimeout() throws Exception {
        Context c = Context.background().withTimeout(Duration.ofHours(1));
        Thread t = c.timerThread();
        assertNotNull(t);
        assertEquals("netdial-context-timer", t.getName());
        assertTrue(t.isVirtual());
        Context child = c.withCancel();
        c.cancel();
        assertTrue(child.isDone());
        assertInstanceOf(ContextCanceledError.class, c.err());
        assertInstanceOf(ContextCanceledError.class, child.err());
        t.join(VERY_LONG_MS);
        assertFalse(t.isAlive(), "timer thread outlived its context");
    }

    /**
     * A zero or negative timeout, or a past deadline, gives a context already done with
     * "context deadline exceeded" and no timer; a huge one neither throws nor fires.
     *
     * <p>Go: {@code src/context/context.go} {@code WithDeadlineCause} (the {@code dur <= 0}
     * branch); {@code src/context/x_test.go} {@code TestDeadline} (past deadline).
     */
    @Test
    void testTimeoutSaturation() {
        for (Duration d : List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(-5),
                Duration.ofSeconds(Long.MIN_VALUE))) {
            Context c = Context.background().withTimeout(d);
            assertTrue(c.isDone(), d.toString());
            assertInstanceOf(ContextDeadlineExceededError.class, c.err(), d.toString());
            assertNull(c.timerThread(), d.toString());
        }
        Context past = Context.background().withDeadline(Instant.EPOCH);
        assertTrue(past.isDone());
        Context min = Context.background().withDeadline(Instant.MIN);
        assertTrue(min.isDone());

        Context huge = Context.background().withTimeout(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
        assertFalse(huge.isDone());
        assertEquals(Optional.of(Instant.MAX), huge.deadline());
        Context far = Context.background().withDeadline(Instant.MAX);
        assertFalse(far.isDone());
        // A child of the huge one with a short timeout keeps its own.
        Context child = huge.withTimeout(Duration.ofHours(1));
        assertTrue(child.deadline().orElseThrow().isBefore(Instant.MAX));
        huge.cancel();
        far.cancel();
        assertTrue(child.isDone());
        assertThrows(NullPointerException.class, () -> Context.background().withTimeout(null));
        assertThrows(NullPointerException.class, () -> Context.background().withDeadline(null));
    }

    /**
     * A parent already cancelled makes a deadline child report "context canceled", even with
     * a deadline in the past: the parent's state is propagated first.
     *
     * <p>Go: {@code src/context/context.go} {@code WithDeadlineCause} (propagateCancel before
     * the expiry check).
     */
    @Test
    void testWithDeadlineCanceledParent() {
        Context parent = Context.background().withCancel();
        parent.cancel();
        Context child = parent.withTimeout(Duration.ofSeconds(-1));
        assertInstanceOf(ContextCanceledError.class, child.err());
        Context child2 = parent.withTimeout(Duration.ofHours(1));
        assertTrue(child2.isDone());
        assertInstanceOf(ContextCanceledError.class, child2.err());
    }

    /**
     * A tree of contexts cancelled from its root while many threads wait on the leaves: every
     * wait ends.
     *
     * <p>Go: {@code src/context/x_test.go} {@code TestSimultaneousCancels}.
     */
    @Test
    void testSimultaneousCancels() throws Exception {
        Context root = Context.background().withCancel();
        List<Context> all = new ArrayList<>();
        List<Context> level = List.of(root);
        for (int depth = 0; depth < 4; depth++) {
            List<Context> next = new ArrayList<>();
            for (Context p : level) {
                for (int k = 0; k < 4; k++) {
                    Context c = (k % 2 == 0) ? p.withCancel() : p.withTimeout(Duration.ofHours(1));
                    next.add(c);
                }
            }
            all.addAll(next);
            level = next;
        }
        CountDownLatch waited = new CountDownLatch(all.size());
        List<Thread> waiters = new ArrayList<>();
        for (Context c : all) {
            waiters.add(Thread.ofVirtual().start(() -> {
                try {
                    if (c.await(Duration.ofMillis(VERY_LONG_MS))) {
                        waited.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        // Cancel concurrently from many threads: exactly one wins, all see the same result.
        int threads = 16;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> cancellers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            cancellers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                root.cancel();
            }));
        }
        go.countDown();
        for (Thread t : cancellers) {
            t.join();
        }
        assertTrue(waited.await(VERY_LONG_MS, TimeUnit.MILLISECONDS), "waits not ended: " + waited.getCount());
        for (Context c : all) {
            assertInstanceOf(ContextCanceledError.class, c.err(), c.toString());
            assertEquals(0, c.numChildren());
        }
        for (Thread t : waiters) {
            t.join();
        }
    }

    /**
     * Cancelling a context from its parent's after-function (a chain) works without deadlock.
     *
     * <p>Go: {@code src/context/x_test.go} {@code TestInterlockedCancels}.
     */
    @Test
    void testInterlockedCancels() throws Exception {
        Context parent = Context.background().withCancel();
        Context child = Context.background().withCancel();
        parent.afterFunc(child::cancel);
        parent.cancel();
        assertTrue(child.await(Duration.ofMillis(VERY_LONG_MS)), "interlocked cancel did not reach the child");
        assertInstanceOf(ContextCanceledError.class, child.err());
    }

    /**
     * Many threads cancelling the same context and racing children creation against it: each
     * child ends up done, the parent keeps no child, and err() never changes kind.
     *
     * <p>Go: {@code src/context/x_test.go} {@code TestSimultaneousCancels} (the racing part);
     * {@code src/context/context.go} {@code (*cancelCtx).propagateCancel}.
     */
    @Test
    void testConcurrentCancelAndDerive() throws Exception {
        for (int round = 0; round < 50; round++) {
            Context parent = Context.background().withCancel();
            int n = 8;
            CountDownLatch go = new CountDownLatch(1);
            List<Context> children = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                final int id = i;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (id % 2 == 0) {
                        parent.cancel();
                    } else {
                        for (int k = 0; k < 20; k++) {
                            children.add(parent.withCancel());
                        }
                    }
                }));
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            for (Context c : children) {
                assertTrue(c.isDone(), "round " + round + ": a child missed its parent's cancel");
            }
            assertEquals(0, parent.numChildren(), "round " + round);
            assertInstanceOf(ContextCanceledError.class, parent.err());
        }
    }

    /**
     * The after-function runs once the context is cancelled, not before; stop then says false.
     *
     * <p>Go: {@code src/context/x_test.go} {@code TestAfterFuncCalledAfterCancel}.
     */
    @Test
    void testAfterFuncCalledAfterCancel() throws Exception {
        Context ctx = Context.background().withCancel();
        CountDownLatch done = new CountDownLatch(1);
        BooleanSupplier stop = ctx.afterFunc(done::countDown);
        assertFalse(done.await(SHORT.toMillis(), TimeUnit.MILLISECONDS), "AfterFunc called before context is done");
        ctx.cancel();
        assertTrue(done.await(VERY_LONG_MS, TimeUnit.MILLISECONDS), "AfterFunc not called after context is canceled");
        assertFalse(stop.getAsBoolean(), "stop() = true, want false");
    }

    /**
     * The after-function runs when the deadline passes.
     *
     * <p>Go: {@code src/context/x_test.go} {@code TestAfterFuncCalledAfterTimeout}.
     */
    @Test
    void testAfterFuncCalledAfterTimeout() throws Exception {
        Context ctx = Context.background().withTimeout(SHORT);
        CountDownLatch done = new CountDownLatch(1);
        ctx.afterFunc(done::countDown);
        assertTrue(done.await(VERY_LONG_MS, TimeUnit.MILLISECONDS), "AfterFunc not called after the deadline");
        ctx.cancel();
    }

    /**
     * On a context already done the after-function starts at once, on its own virtual thread.
     *
     * <p>Go: {@code src/context/x_test.go} {@code TestAfterFuncCalledImmediately}.
     */
    @Test
    void testAfterFuncCalledImmediately() throws Exception {
        Context ctx = Context.background().withCancel();
        ctx.cancel();
        CountDownLatch done = new CountDownLatch(1);
        Thread[] ran = new Thread[1];
        BooleanSupplier stop = ctx.afterFunc(() -> {
            ran[0] = Thread.currentThread();
            done.countDown();
        });
        assertTrue(done.await(VERY_LONG_MS, TimeUnit.MILLISECONDS), "AfterFunc not called for already-canceled context");
        assertTrue(ran[0].isVirtual());
        assertTrue(ran[0] != Thread.currentThread());
        assertFalse(stop.getAsBoolean());
    }

    /**
     * Stopping before the cancel keeps the function from running; a second stop says false.
     *
     * <p>Go: {@code src/context/x_test.go} {@code TestAfterFuncNotCalledAfterStop}.
     */
    @Test
    void testAfterFuncNotCalledAfterStop() throws Exception {
        Context ctx = Context.background().withCancel();
        CountDownLatch done = new CountDownLatch(1);
        BooleanSupplier stop = ctx.afterFunc(done::countDown);
        assertTrue(stop.getAsBoolean(), "stop() = false, want true");
        assertEquals(0, ctx.numChildren(), "a stopped after-function stays registered");
        ctx.cancel();
        assertFalse(done.await(SHORT.toMillis(), TimeUnit.MILLISECONDS), "AfterFunc called for already-canceled context");
        assertFalse(stop.getAsBoolean(), "stop() = true, want false");
    }

    /**
     * cancel() does not wait for after-functions: one that blocks until the test reads from it
     * does not block the cancel.
     *
     * <p>Go: {@code src/context/x_test.go} {@code TestAfterFuncCalledAsynchronously}.
     */
    @Test
    void testAfterFuncCalledAsynchronously() throws Exception {
        Context ctx = Context.background().withCancel();
        SynchronousQueue<Object> donec = new SynchronousQueue<>();
        BooleanSupplier stop = ctx.afterFunc(() -> {
            try {
                donec.put(Boolean.TRUE); // blocks until the test takes it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ctx.cancel(); // must return although the function blocks
        assertNotNull(donec.poll(VERY_LONG_MS, TimeUnit.MILLISECONDS), "AfterFunc not called after context is canceled");
        assertFalse(stop.getAsBoolean());
    }

    /**
     * Each after-function runs exactly once however many threads cancel; independent
     * registrations all run; one on background never runs and its stop says true.
     *
     * <p>Go: {@code src/context/context.go} {@code AfterFunc} ({@code sync.Once}).
     */
    @Test
    void testAfterFuncRunsOnce() throws Exception {
        Context ctx = Context.background().withCancel();
        AtomicInteger calls = new AtomicInteger();
        int funcs = 10;
        CountDownLatch all = new CountDownLatch(funcs);
        for (int i = 0; i < funcs; i++) {
            ctx.afterFunc(() -> {
                calls.incrementAndGet();
                all.countDown();
            });
        }
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ts.add(Thread.ofPlatform().start(ctx::cancel));
        }
        for (Thread t : ts) {
            t.join();
        }
        assertTrue(all.await(VERY_LONG_MS, TimeUnit.MILLISECONDS));
        Thread.sleep(SHORT.toMillis());
        assertEquals(funcs, calls.get());

        AtomicInteger bg = new AtomicInteger();
        BooleanSupplier stop = Context.background().afterFunc(bg::incrementAndGet);
        assertTrue(stop.getAsBoolean());
        assertFalse(stop.getAsBoolean());
        assertEquals(0, bg.get());
    }

    /**
     * await returns false on a live context after its limit, true once done, and honours
     * interruption.
     *
     * <p>Go: {@code src/context/context.go} {@code Context.Done} (waiting on the channel).
     */
    @Test
    void testAwait() throws Exception {
        Context ctx = Context.background().withCancel();
        assertFalse(ctx.await(Duration.ofMillis(20)));
        assertFalse(ctx.await(Duration.ZERO));
        assertEquals(0, ctx.numChildren(), "await left its registration behind");
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> ctx.await(Duration.ofMillis(VERY_LONG_MS)));
        assertFalse(Thread.interrupted());
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(SHORT.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            ctx.cancel();
        });
        assertTrue(ctx.await(null));
        assertTrue(ctx.await(Duration.ZERO));
    }
}
