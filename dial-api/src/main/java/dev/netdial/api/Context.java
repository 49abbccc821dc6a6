package dev.netdial.api;

import dev.netdial.api.internal.Durations;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A cancellation signal and optional deadline that flows down a tree: cancelling a context
 * (or reaching its deadline) cancels every context derived from it. Thread-safe and lock-free;
 * cancellation wakes nothing by itself, code that waits registers with {@link #afterFunc}.
 *
 * <p>Go: {@code src/context/context.go} {@code Context}, {@code cancelCtx}, {@code timerCtx},
 * {@code afterFuncCtx}.
 *
 * <p>Differs: Go returns a separate {@code CancelFunc}; here {@link #cancel()} is a method of
 * the derived context (a no-op on {@link #background()}). Go's {@code Done()} channel becomes
 * {@link #isDone()}, {@link #afterFunc(Runnable)} and {@link #await(Duration)}. Causes
 * ({@code WithCancelCause}) and values ({@code WithValue}) are not ported. Each {@link #err()}
 * call returns a new exception instead of a shared sentinel.
 */
public final class Context {

    private static final int LIVE = 0;
    private static final int CANCELED = 1;
    private static final int DEADLINE_EXCEEDED = 2;

    private static final VarHandle STATE;
    /** The name suffix of a context with its own deadline; {@link #toString()} adds the time. */
    private static final String WITH_DEADLINE = ".WithDeadline";

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Context.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Context BACKGROUND = new Context(null, null, 0, null, false, "context.Background");

    /** The context this one derives from; {@code null} only for {@link #background()}. */
    private final Context parent;
    /** The effective deadline (own or inherited), {@code null} for none. */
    private final Instant deadline;
    /** {@link #deadline} on the {@link System#nanoTime()} scale; meaningless without one. */
    private final long deadlineNanos;
    /** For contexts made by {@link #afterFunc}: the function to start when done. */
    private final Runnable afterFunc;
    /** Run {@link #afterFunc} on the cancelling thread (only for non-blocking internal hooks). */
    private final boolean inline;
    /** Go's {@code sync.Once} of an {@code afterFuncCtx}: who claims {@link #afterFunc} first. */
    private final AtomicBoolean afterFuncClaimed;
    /** Go's name suffix of this kind of context (".WithCancel"), or the root's whole name. */
    private final String name;
    /** Live children, to cancel with this context; never filled for {@link #background()}. */
    private final Set<Context> children = ConcurrentHashMap.newKeySet();
    /** The virtual thread waiting for this context's own deadline, if any. */
    private volatile Thread timer;
    /** {@link #LIVE}, {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}; set once, by CAS. */
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    /**
     * A node of the tree; {@link #propagateCancel} links it to its parent.
     *
     * <p>Go: {@code src/context/context.go} {@code newCancelCtx}.
     */
    private Context(Context parent, Instant deadline, long deadlineNanos, Runnable afterFunc, boolean inline,
            String name) {
        this.parent = parent;
        this.deadline = deadline;
        this.deadlineNanos = deadlineNanos;
        this.afterFunc = afterFunc;
        this.inline = inline;
        this.afterFuncClaimed = afterFunc == null ? null : new AtomicBoolean();
        this.name = name;
    }

    /**
     * The root context: never cancelled, no deadline.
     *
     * <p>Go: {@code src/context/context.go} {@code Background}.
     */
    public static Context background() {
        return BACKGROUND;
    }

    /**
     * A child that is done when {@link #cancel()} is called on it or when this context is
     * done, whichever comes first; it shares this context's deadline.
     *
     * <p>Go: {@code src/context/context.go} {@code WithCancel}.
     */
    public Context withCancel() {
        Context c = new Context(this, deadline, deadlineNanos, null, false, ".WithCancel");
        propagateCancel(c);
        return c;
    }

    /**
     * A child whose deadline is the earlier of {@code d} and this context's own; at that
     * deadline it is done with "context deadline exceeded". A deadline already past makes it
     * done at once.
     *
     * <p>Go: {@code src/context/context.go} {@code WithDeadline}.
     *
     * @throws NullPointerException if {@code d} is null
     */
    public Context withDeadline(Instant deadline) {
        Objects.requireNonNull(deadline, "deadline");
        return withDeadline(deadline, Durations.deadlineToNanoTime(deadline));
    }

    /**
     * {@code withDeadline(now + timeout)}; a zero or negative timeout gives a context already
     * done, a huge one saturates (never throws).
     *
     * <p>Go: {@code src/context/context.go} {@code WithTimeout}.
     *
     * @throws NullPointerException if {@code timeout} is null
     */
    public Context withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long nanoNow = System.nanoTime();
        Instant d = Durations.plusSaturated(Instant.now(), timeout);
        return withDeadline(d, Durations.nanoTimeAfter(nanoNow, Durations.toNanosSaturated(timeout)));
    }

    /**
     * Shared body of {@link #withDeadline(Instant)} and {@link #withTimeout(Duration)}.
     *
     * <p>Go: {@code src/context/context.go} {@code WithDeadlineCause}.
     */
    private Context withDeadline(Instant d, long dNanos) {
        if (deadline != null && deadline.isBefore(d)) {
            // This context ends sooner anyway; a plain cancellable child is enough.
            return withCancel();
        }
        Context c = new Context(this, d, dNanos, null, false, WITH_DEADLINE);
        propagateCancel(c);
        if (dNanos - System.nanoTime() <= 0) {
            c.cancel(true, DEADLINE_EXCEEDED);
            return c;
        }
        c.startTimer();
        return c;
    }

    /**
     * Makes {@code child} done when this context is; a child of a context that is already done
     * is done at once with the same error.
     *
     * <p>Go: {@code src/context/context.go} {@code (*cancelCtx).propagateCancel}.
     */
    private void propagateCancel(Context child) {
        if (this == BACKGROUND) {
            return; // never done: nothing to propagate
        }
        children.add(child);
        // Re-check after registering: a cancel that ran before the add is seen here, one that
        // runs after it finds the child in the set. Either way the child is cancelled.
        int s = (int) STATE.getVolatile(this);
        if (s != LIVE) {
            child.cancel(true, s);
        }
    }

    /**
     * Starts the virtual thread that cancels this context at its deadline; it ends early when
     * the context is cancelled (the canceller unparks it).
     *
     * <p>Go: {@code src/context/context.go} {@code WithDeadlineCause} ({@code time.AfterFunc}).
     */
    private void startTimer() {
        Thread t = Thread.ofVirtual().name("netdial-context-timer").unstarted(() -> {
            while ((int) STATE.getVolatile(this) == LIVE) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    cancel(true, DEADLINE_EXCEEDED);
                    return;
                }
                LockSupport.parkNanos(this, remaining);
            }
        });
        timer = t;
        if ((int) STATE.getVolatile(this) == LIVE) {
            t.start();
        }
    }

    /**
     * Cancels this context and its descendants with "context canceled"; later calls, and calls
     * on a context already done, do nothing. On {@link #background()} it does nothing.
     *
     * <p>Go: {@code src/context/context.go} {@code CancelFunc} (of {@code WithCancel},
     * {@code WithDeadline}, {@code WithTimeout}).
     */
    public void cancel() {
        if (this != BACKGROUND) {
            cancel(true, CANCELED);
        }
    }

    /**
     * Marks this context done with {@code reason} (first caller wins), cancels its children,
     * leaves its parent's child set, stops its timer and starts its after-function.
     *
     * <p>Go: {@code src/context/context.go} {@code (*cancelCtx).cancel},
     * {@code (*timerCtx).cancel}, {@code (*afterFuncCtx).cancel}.
     */
    private void cancel(boolean removeFromParent, int reason) {
        if (!STATE.compareAndSet(this, LIVE, reason)) {
            return;
        }
        for (Context child : children) {
            child.cancel(false, reason);
        }
        children.clear();
        if (removeFromParent && parent != null) {
            parent.children.remove(this);
        }
        Thread t = timer;
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
        }
        if (afterFunc != null && afterFuncClaimed.compareAndSet(false, true)) {
            if (inline) {
                afterFunc.run();
            } else {
                Thread.ofVirtual().name("netdial-context-afterfunc").start(afterFunc);
            }
        }
    }

    /**
     * The deadline after which this context is done, if it has one (its own or an ancestor's).
     *
     * <p>Go: {@code src/context/context.go} {@code Context.Deadline}.
     */
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    /**
     * Whether this context is done (cancelled or past its deadline).
     *
     * <p>Go: {@code src/context/context.go} {@code Context.Done} (a closed channel).
     */
    public boolean isDone() {
        return (int) STATE.getVolatile(this) != LIVE;
    }

    /**
     * {@code null} while live; afterwards a new {@link ContextCanceledError} ("context
     * canceled") or {@link ContextDeadlineExceededError} ("context deadline exceeded"), the same
     * kind on every call.
     *
     * <p>Go: {@code src/context/context.go} {@code Context.Err}.
     */
    public IOException err() {
        return switch ((int) STATE.getVolatile(this)) {
            case CANCELED -> new ContextCanceledError();
            case DEADLINE_EXCEEDED -> new ContextDeadlineExceededError();
            default -> null;
        };
    }

    /**
     * Arranges for {@code f} to run once, on a new virtual thread, when this context is done
     * (at once if it already is). Calling the returned {@code stop} detaches {@code f}: it
     * answers {@code true} if that kept {@code f} from running, {@code false} if {@code f} had
     * already been started or stopped. {@code stop} does not wait for a running {@code f}.
     * Several registrations are independent.
     *
     * <p>Go: {@code src/context/context.go} {@code AfterFunc}.
     */
    public BooleanSupplier afterFunc(Runnable f) {
        return afterFunc(Objects.requireNonNull(f, "f"), false);
    }

    /**
     * {@link #afterFunc(Runnable)}, optionally running {@code f} on the cancelling thread
     * itself; {@code inline} is only for tiny hooks that never block (an unpark).
     *
     * <p>Go: {@code src/context/context.go} {@code AfterFunc}.
     */
    private BooleanSupplier afterFunc(Runnable f, boolean inline) {
        Context a = new Context(this, deadline, deadlineNanos, f, inline, ".AfterFunc");
        propagateCancel(a);
        return () -> {
            if (a.afterFuncClaimed.compareAndSet(false, true)) {
                // Detach from the parent so a long-lived context does not keep it.
                a.cancel(true, CANCELED);
                return true;
            }
            return false;
        };
    }

    /**
     * Blocks until this context is done or {@code max} has passed ({@code null}: no limit);
     * returns {@link #isDone()}. Parks without holding a carrier thread; the cancelling thread
     * unparks it directly, no thread is started for the wake-up.
     *
     * <p>Go: {@code src/context/context.go} {@code Context.Done} (a receive with a timer).
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean await(Duration max) throws InterruptedException {
        if (isDone()) {
            return true;
        }
        Thread me = Thread.currentThread();
        BooleanSupplier stop = afterFunc(() -> LockSupport.unpark(me), true);
        try {
            long end = max == null ? 0 : Durations.nanoTimeAfter(System.nanoTime(), Durations.toNanosSaturated(max));
            while (!isDone()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (max == null) {
                    LockSupport.park(this);
                } else {
                    long remaining = end - System.nanoTime();
                    if (remaining <= 0) {
                        break;
                    }
                    LockSupport.parkNanos(this, remaining);
                }
            }
            return isDone();
        } finally {
            stop.getAsBoolean();
        }
    }

    /**
     * How many live children are registered (contexts and after-functions); for tests.
     *
     * <p>Go: {@code src/context/context_test.go} {@code TestCancelRemoves} (reads
     * {@code len(c.children)}).
     */
    int numChildren() {
        return children.size();
    }

    /**
     * The timer thread of a context with its own deadline, {@code null} otherwise; for tests.
     *
     * <p>Go: {@code src/context/context.go} {@code timerCtx.timer}.
     */
    Thread timerThread() {
        return timer;
    }

    /**
     * Go's description: "context.Background.WithCancel",
     * "context.Background.WithDeadline(2030-01-01T00:00:00Z [PT1H])" (deadline and time left).
     *
     * <p>Go: {@code src/context/context.go} {@code (*cancelCtx).String}, {@code (*timerCtx).String}.
     */
    @Override
    public String toString() {
        if (parent == null) {
            return name;
        }
        if (WITH_DEADLINE.equals(name)) {
            long left = deadlineNanos - System.nanoTime();
            return parent + name + "(" + deadline + " [" + Duration.ofNanos(left) + "])";
        }
        return parent + name;
    }
}
