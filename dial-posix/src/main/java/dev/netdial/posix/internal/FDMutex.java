package dev.netdial.posix.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Semaphore;

/**
 * The lock that guards one file descriptor: it counts every operation using the fd, serializes
 * reads against reads and writes against writes, and decides when {@code close(2)} may run.
 *
 * <p>Go: {@code src/internal/poll/fd_mutex.go} {@code fdMutex}.
 *
 * <p>The whole state is one {@code long}, changed only by compare-and-set:
 * <pre>
 * bit  0      closed: once set, every later incref/rwlock fails
 * bit  1      read lock held
 * bit  2      write lock held
 * bits 3-22   references (operations in flight, locked or not, plus the closer)
 * bits 23-42  threads waiting for the read lock
 * bits 43-62  threads waiting for the write lock
 * </pre>
 *
 * <p>How callers use it (the {@code NetFD}/{@code PollFD} layer above):
 * <ul>
 *   <li>a read does {@code rwlock(true)} … {@code rwunlock(true)};</li>
 *   <li>a write does {@code rwlock(false)} … {@code rwunlock(false)};</li>
 *   <li>anything else that hands the fd number to the kernel (setsockopt, getsockname,
 *       deadline changes) does {@code incref()} … {@code decref()}. Holding a reference is
 *       what stops a concurrent close from releasing the number while the call is using it;</li>
 *   <li>close does {@code increfAndClose()} … {@code decref()}.</li>
 * </ul>
 * Every release ({@code decref}, {@code rwunlock}) reports whether it dropped the last
 * reference of a closed mutex; the caller that sees {@code true} is the one that must run the
 * real {@code close(2)}, exactly once.
 *
 * <p>Why close waits for the last reference: the kernel reuses the lowest free fd number
 * immediately. If {@code close(2)} ran while another thread was still between "take the fd
 * number" and "make the syscall", that thread could read, write or set options on a socket
 * some unrelated code has just opened under the same number. So {@code increfAndClose} only
 * marks the mutex closed (new operations fail, waiting ones are evicted) and the descriptor is
 * destroyed by whichever release brings the count to zero.
 *
 * <p>Threads that must wait for a held lock block on a semaphore, as Go's goroutines block on
 * {@code runtime_Semacquire}. The wake-up does not hand the lock over: the woken thread simply
 * tries again, and sees the closed bit if the mutex was closed meanwhile.
 *
 * <p>Differs: Go keeps two {@code uint32} runtime semaphores inline. Here the two
 * {@link Semaphore}s live in one holder created on first contention (by CAS), so an idle or
 * uncontended mutex is only an object header, the {@code long} and one null reference (24 bytes
 * with compressed pointers), and the uncontended paths allocate nothing. {@link Semaphore}
 * parks with {@code LockSupport.park} and holds no monitor, so a waiting virtual thread
 * releases its carrier.
 */
public final class FDMutex {

    // Bit layout of state: the same values as Go's constants.
    private static final long MUTEX_CLOSED = 1L << 0;
    private static final long MUTEX_RLOCK = 1L << 1;
    private static final long MUTEX_WLOCK = 1L << 2;
    private static final long MUTEX_REF = 1L << 3;
    private static final long MUTEX_REF_MASK = ((1L << 20) - 1) << 3;
    private static final long MUTEX_RWAIT = 1L << 23;
    private static final long MUTEX_RMASK = ((1L << 20) - 1) << 23;
    private static final long MUTEX_WWAIT = 1L << 43;
    private static final long MUTEX_WMASK = ((1L << 20) - 1) << 43;

    /** Go's {@code overflowMsg}: a 20-bit counter would wrap. */
    private static final String OVERFLOW_MSG =
            "too many concurrent operations on a single file or socket (max 1048575)";
    /** Go's panic text for a release without a matching acquire. */
    private static final String INCONSISTENT_MSG = "inconsistent poll.fdMutex";

    private static final VarHandle STATE;
    private static final VarHandle SEMAS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(FDMutex.class, "state", long.class);
            SEMAS = l.findVarHandle(FDMutex.class, "semas", Semas.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The packed state described in the class comment; used only through {@link #STATE}. */
    private volatile long state;

    /** The two wait queues: null until a thread first has to wait; set through {@link #SEMAS}. */
    private volatile Semas semas;

    /**
     * Go's {@code rsema} and {@code wsema}: one semaphore per lock, permits start at zero.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex.go} {@code fdMutex.rsema}, {@code fdMutex.wsema}.
     */
    private static final class Semas {
        final Semaphore rsema = new Semaphore(0);
        final Semaphore wsema = new Semaphore(0);
    }

    /**
     * Creates an open mutex with no references, no lock held and no waiters.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex.go} the zero {@code fdMutex}.
     */
    public FDMutex() {
    }

    /**
     * Takes a reference without locking, for operations that only need the fd to stay open.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex.go} {@code (*fdMutex).incref}.
     *
     * @return true if the reference was taken; false if the mutex is closed (nothing changes)
     * @throws IllegalStateException with Go's overflow text when 1,048,575 references are
     *         already held
     */
    public boolean incref() {
        for (;;) {
            long old = (long) STATE.getVolatile(this);
            if ((old & MUTEX_CLOSED) != 0) {
                return false;
            }
            long next = old + MUTEX_REF;
            if ((next & MUTEX_REF_MASK) == 0) {
                throw new IllegalStateException(OVERFLOW_MSG);
            }
            if (STATE.compareAndSet(this, old, next)) {
                return true;
            }
        }
    }

    /**
     * Marks the mutex closed and takes the closer's reference; every thread waiting in
     * {@link #rwlock} is woken and returns false. The caller must later {@link #decref()}, and
     * runs {@code close(2)} if that (or any other release) reports the last reference.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex.go} {@code (*fdMutex).increfAndClose}.
     *
     * @return true if this call closed the mutex; false if it was already closed (nothing
     *         changes, no reference is taken)
     * @throws IllegalStateException with Go's overflow text when the reference count is full
     */
    public boolean increfAndClose() {
        for (;;) {
            long old = (long) STATE.getVolatile(this);
            if ((old & MUTEX_CLOSED) != 0) {
                return false;
            }
            // Set the closed bit and count the closer as one more reference.
            long next = (old | MUTEX_CLOSED) + MUTEX_REF;
            if ((next & MUTEX_REF_MASK) == 0) {
                throw new IllegalStateException(OVERFLOW_MSG);
            }
            // Forget every waiter: each gets a permit below instead.
            next &= ~(MUTEX_RMASK | MUTEX_WMASK);
            if (STATE.compareAndSet(this, old, next)) {
                // Wake every waiter we just removed; each retries, sees the closed bit and
                // fails. Waiters exist only if the semaphores were created first.
                long readers = (old & MUTEX_RMASK) / MUTEX_RWAIT;
                long writers = (old & MUTEX_WMASK) / MUTEX_WWAIT;
                if (readers != 0 || writers != 0) {
                    Semas s = semas();
                    if (readers != 0) {
                        s.rsema.release((int) readers);
                    }
                    if (writers != 0) {
                        s.wsema.release((int) writers);
                    }
                }
                return true;
            }
        }
    }

    /**
     * Drops a reference taken by {@link #incref()} or {@link #increfAndClose()}.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex.go} {@code (*fdMutex).decref}.
     *
     * @return true if the mutex is closed and this was its last reference: the caller must now
     *         destroy the fd
     * @throws IllegalStateException "inconsistent poll.fdMutex" when no reference is held
     */
    public boolean decref() {
        for (;;) {
            long old = (long) STATE.getVolatile(this);
            if ((old & MUTEX_REF_MASK) == 0) {
                throw new IllegalStateException(INCONSISTENT_MSG);
            }
            long next = old - MUTEX_REF;
            if (STATE.compareAndSet(this, old, next)) {
                return (next & (MUTEX_CLOSED | MUTEX_REF_MASK)) == MUTEX_CLOSED;
            }
        }
    }

    /**
     * Takes a reference and the read ({@code read == true}) or write lock, blocking while
     * another thread holds that lock.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex.go} {@code (*fdMutex).rwlock}.
     *
     * <p>Differs: the wait cannot be interrupted, as Go's {@code runtime_Semacquire} cannot be
     * cancelled: the releasing thread has already taken this waiter out of the count, so
     * leaving early would swallow a wake-up. An interrupt received meanwhile stays set for the
     * caller to see. The wait ends when the holder unlocks or the mutex is closed.
     *
     * @param read true for the read lock, false for the write lock
     * @return true if the lock and a reference are now held; false if the mutex is (or became,
     *         while waiting) closed, in which case nothing is held
     * @throws IllegalStateException with Go's overflow text when the reference count or the
     *         waiter count is full
     */
    public boolean rwlock(boolean read) {
        final long mutexBit;
        final long mutexWait;
        final long mutexMask;
        if (read) {
            mutexBit = MUTEX_RLOCK;
            mutexWait = MUTEX_RWAIT;
            mutexMask = MUTEX_RMASK;
        } else {
            mutexBit = MUTEX_WLOCK;
            mutexWait = MUTEX_WWAIT;
            mutexMask = MUTEX_WMASK;
        }
        for (;;) {
            long old = (long) STATE.getVolatile(this);
            if ((old & MUTEX_CLOSED) != 0) {
                return false;
            }
            long next;
            if ((old & mutexBit) == 0) {
                // Free: take the lock and a reference together.
                next = (old | mutexBit) + MUTEX_REF;
                if ((next & MUTEX_REF_MASK) == 0) {
                    throw new IllegalStateException(OVERFLOW_MSG);
                }
            } else {
                // Held: join the waiters.
                next = old + mutexWait;
                if ((next & mutexMask) == 0) {
                    throw new IllegalStateException(OVERFLOW_MSG);
                }
            }
            if (STATE.compareAndSet(this, old, next)) {
                if ((old & mutexBit) == 0) {
                    return true;
                }
                Semas s = semas();
                (read ? s.rsema : s.wsema).acquireUninterruptibly();
                // Whoever released the permit already removed us from the waiter count;
                // start over and compete for the lock (or find the mutex closed).
            }
        }
    }

    /**
     * Releases the read ({@code read == true}) or write lock and its reference, waking one
     * thread waiting for that lock if there is one.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex.go} {@code (*fdMutex).rwunlock}.
     *
     * @param read true for the read lock, false for the write lock
     * @return true if the mutex is closed and this was its last reference: the caller must now
     *         destroy the fd
     * @throws IllegalStateException "inconsistent poll.fdMutex" when that lock is not held
     */
    public boolean rwunlock(boolean read) {
        final long mutexBit;
        final long mutexWait;
        final long mutexMask;
        if (read) {
            mutexBit = MUTEX_RLOCK;
            mutexWait = MUTEX_RWAIT;
            mutexMask = MUTEX_RMASK;
        } else {
            mutexBit = MUTEX_WLOCK;
            mutexWait = MUTEX_WWAIT;
            mutexMask = MUTEX_WMASK;
        }
        for (;;) {
            long old = (long) STATE.getVolatile(this);
            if ((old & mutexBit) == 0 || (old & MUTEX_REF_MASK) == 0) {
                throw new IllegalStateException(INCONSISTENT_MSG);
            }
            // Clear the lock bit, drop our reference, and take one waiter (if any) off the
            // count: that waiter is the one our permit below is for.
            long next = (old & ~mutexBit) - MUTEX_REF;
            boolean wake = (old & mutexMask) != 0;
            if (wake) {
                next -= mutexWait;
            }
            if (STATE.compareAndSet(this, old, next)) {
                if (wake) {
                    Semas s = semas();
                    (read ? s.rsema : s.wsema).release();
                }
                return (next & (MUTEX_CLOSED | MUTEX_REF_MASK)) == MUTEX_CLOSED;
            }
        }
    }

    /**
     * The semaphore holder, created by the first thread that needs it; a racing creator adopts
     * the winner's, so waiters and wakers always meet on the same instance.
     *
     * <p>Go: none (Go's semaphores are fields of {@code fdMutex}).
     */
    private Semas semas() {
        Semas s = (Semas) SEMAS.getAcquire(this);
        if (s != null) {
            return s;
        }
        Semas fresh = new Semas();
        Semas witness = (Semas) SEMAS.compareAndExchange(this, (Semas) null, fresh);
        return witness == null ? fresh : witness;
    }

    /**
     * The number of references held: locked operations, plain references and the closer's.
     * For tests.
     *
     * <p>Go: none (tests read {@code fdMutex.state} directly).
     */
    int refs() {
        return (int) (((long) STATE.getVolatile(this) & MUTEX_REF_MASK) / MUTEX_REF);
    }

    /**
     * The number of threads counted as waiting for the read lock. For tests.
     *
     * <p>Go: none.
     */
    int readWaiters() {
        return (int) (((long) STATE.getVolatile(this) & MUTEX_RMASK) / MUTEX_RWAIT);
    }

    /**
     * The number of threads counted as waiting for the write lock. For tests.
     *
     * <p>Go: none.
     */
    int writeWaiters() {
        return (int) (((long) STATE.getVolatile(this) & MUTEX_WMASK) / MUTEX_WWAIT);
    }

    /**
     * Whether {@link #increfAndClose()} has run. For tests.
     *
     * <p>Go: none.
     */
    boolean isClosed() {
        return ((long) STATE.getVolatile(this) & MUTEX_CLOSED) != 0;
    }

    /**
     * The decoded state, for failure messages.
     *
     * <p>Go: none.
     */
    @Override
    public String toString() {
        long s = (long) STATE.getVolatile(this);
        return "FDMutex[closed=" + ((s & MUTEX_CLOSED) != 0)
                + " rlock=" + ((s & MUTEX_RLOCK) != 0)
                + " wlock=" + ((s & MUTEX_WLOCK) != 0)
                + " refs=" + ((s & MUTEX_REF_MASK) / MUTEX_REF)
                + " rwait=" + ((s & MUTEX_RMASK) / MUTEX_RWAIT)
                + " wwait=" + ((s & MUTEX_WMASK) / MUTEX_WWAIT) + "]";
    }
}
