package dev.netdial.posix.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Wake-up eventfds for platform threads that wait in {@code poll(2)} themselves: a waiter polls
 * its fd and one of these, and close or a deadline change writes to it. Pooled, so a wait costs
 * no fd creation; a pool miss creates one and a full pool closes the extra.
 *
 * <p>netdial's own (goroutines always wait through the netpoller).
 * <p>Differs: the JDK wakes such threads with a signal; a JNA library cannot install a signal
 * handler safely, so the wake-up is an fd the waiter polls.
 */
final class WakeFds {
    private static final int SLOTS = 32;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Waiter[].class);
    private static final Waiter[] POOL = new Waiter[SLOTS];
    /** Eight bytes holding 1: what a wake-up writes to an eventfd. */
    private static final Memory ONE = new Memory(8);

    static {
        ONE.setLong(0, 1);
    }

    private WakeFds() {
    }

    /**
     * A platform thread's wait: its eventfd and the two {@code struct pollfd} it polls (the
     * socket, then the eventfd), in native memory reused across waits.
     */
    static final class Waiter {
        final int eventfd;
        /**
         * pollfd[2] (socket, eventfd), 8 bytes to drain the eventfd, then at {@link #STATE} the
         * errno capture of poll's downcall (Java 22+), in native byte order.
         */
        final java.nio.ByteBuffer pollfds = java.nio.ByteBuffer.allocateDirect(STATE + LibC.CAPTURE_ROOM)
                .order(java.nio.ByteOrder.nativeOrder());
        final long pollfdsAddr = NativeBuffers.address(pollfds);

        /** Offset of the errno capture slot in {@link #pollfds}. */
        static final int STATE = 32;

        Waiter(int eventfd) {
            this.eventfd = eventfd;
        }

        /** Wakes the thread polling with this waiter. */
        void wake() {
            LibC.write(eventfd, Pointer.nativeValue(ONE), 8);
        }

        /** Empties the eventfd's counter. */
        void drain() {
            LibC.read(eventfd, pollfdsAddr + 16, 8);
        }
    }

    /** A waiter for the current thread, or null when the kernel refuses an eventfd (then the caller polls in slices). */
    static Waiter take() {
        int start = (int) (Thread.currentThread().threadId() & (SLOTS - 1));
        for (int i = 0; i < SLOTS; i++) {
            Waiter w = (Waiter) SLOT.getAndSet(POOL, (start + i) & (SLOTS - 1), null);
            if (w != null) {
                return w;
            }
        }
        int fd = LibC.eventfd(0, Constants.EFD_CLOEXEC | Constants.EFD_NONBLOCK);
        return fd < 0 ? null : new Waiter(fd);
    }

    static void release(Waiter w) {
        int start = (int) (Thread.currentThread().threadId() & (SLOTS - 1));
        for (int i = 0; i < SLOTS; i++) {
            if (SLOT.compareAndSet(POOL, (start + i) & (SLOTS - 1), null, w)) {
                return;
            }
        }
        LibC.close(w.eventfd);
    }

    /** The eventfds held in the pool now (for the fd leak gate). */
    static int[] pooled() {
        int[] out = new int[SLOTS];
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            Waiter w = (Waiter) SLOT.getVolatile(POOL, i);
            if (w != null) {
                out[n++] = w.eventfd;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
