package dev.netdial.posix.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * A small pool of 64 KiB direct buffers through which {@code byte[]} reads and writes reach
 * the kernel, so JNA never copies a large Java array in and back.
 *
 * <p>netdial's own: no Go counterpart, as Go hands the kernel its own slice.
 * <p>Differs: the JDK keeps such buffers per carrier thread; a JVM library cannot, so a few
 * striped slots are shared and a miss allocates a buffer that is dropped when no slot is free.
 */
final class NativeBuffers {
    /** Bytes per buffer: one chunk of a bulk read or write. */
    static final int SIZE = 64 * 1024;
    /**
     * Bytes after the {@link #SIZE} data bytes for a datagram call's small structures (a
     * {@code msghdr}, its {@code iovec}, a socket address and its length, some control bytes;
     * see {@link Msghdr}), so that recvfrom/sendto/recvmsg/sendmsg need no other native memory.
     */
    static final int SCRATCH = 1024;
    private static final int SLOTS = 16;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Buf[].class);
    private static final Buf[] POOL = new Buf[SLOTS];

    private NativeBuffers() {
    }

    /** A direct buffer, its native address, and the address of its scratch area past the data. */
    static final class Buf {
        final ByteBuffer bb;
        final long addr;
        final long scratch;

        Buf() {
            bb = ByteBuffer.allocateDirect(SIZE + SCRATCH).order(java.nio.ByteOrder.nativeOrder());
            addr = Pointer.nativeValue(Native.getDirectBufferPointer(bb));
            scratch = addr + SIZE;
        }
    }

    static Buf take() {
        int start = (int) (Thread.currentThread().threadId() & (SLOTS - 1));
        for (int i = 0; i < SLOTS; i++) {
            int k = (start + i) & (SLOTS - 1);
            Buf b = (Buf) SLOT.getAndSet(POOL, k, null);
            if (b != null) {
                return b;
            }
        }
        return new Buf();
    }

    static void release(Buf b) {
        int start = (int) (Thread.currentThread().threadId() & (SLOTS - 1));
        for (int i = 0; i < SLOTS; i++) {
            if (SLOT.compareAndSet(POOL, (start + i) & (SLOTS - 1), null, b)) {
                return;
            }
        }
    }

    /** The native address of {@code bb}'s current position; {@code bb} must be direct. */
    static long address(ByteBuffer bb) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(bb)) + bb.position();
    }
}
