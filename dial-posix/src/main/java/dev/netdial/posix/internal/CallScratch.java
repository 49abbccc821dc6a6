package dev.netdial.posix.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Small blocks of native memory for one socket call's structures, so that {@link LibC} passes a
 * socket address, its {@code socklen_t} and an option value to the kernel by address, with no
 * per-call Java array for JNA to copy in and out, and so that a Foreign downcall
 * ({@link SocketDowncalls}) has its errno capture slot beside them. A block is taken for one
 * system call and given back straight after it; nothing holds one across a wait, so a few striped
 * slots serve every thread (virtual threads included).
 *
 * <p>Layout of a block: {@link #STATE} the downcall's errno capture state, {@link #LEN} a
 * {@code socklen_t}, {@link #VALUE} an option value (an {@code int}, or a {@code struct linger}),
 * {@link #NAME} a socket address of up to {@link SockaddrCodec#MAX_LEN} bytes.
 *
 * <p>netdial's own: Go passes pointers into its own stack frame.
 * <p>Differs: as {@link NativeBuffers}, a miss (every slot taken) allocates a block, which is
 * dropped when no slot is free for it.
 */
final class CallScratch {
    /** Bytes per block. */
    static final int SIZE = 256;
    /** Offset of the errno capture state (Java 22+ downcalls; at most {@link #STATE_ROOM} bytes). */
    static final int STATE = 0;
    /** Room for the capture state. */
    static final int STATE_ROOM = 16;
    /** Offset of the {@code socklen_t}. */
    static final int LEN = 16;
    /** Offset of an option value: an {@code int}, or {@code struct linger {int; int;}}. */
    static final int VALUE = 24;
    /** Offset of the socket address. */
    static final int NAME = 32;

    private static final int SLOTS = 16;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(CallScratch[].class);
    private static final CallScratch[] POOL = new CallScratch[SLOTS];

    static {
        if (NAME + SockaddrCodec.MAX_LEN > SIZE) {
            throw new ExceptionInInitializerError("CallScratch: a block cannot hold a sockaddr");
        }
        ByteBuffer all = ByteBuffer.allocateDirect(SIZE * SLOTS + 16).alignedSlice(16);
        for (int i = 0; i < SLOTS; i++) {
            POOL[i] = new CallScratch(all.slice(i * SIZE, SIZE));
        }
    }

    /** The block, in native byte order (the kernel's structs are host order). */
    final ByteBuffer bb;
    /** Its native address. */
    final long addr;

    private CallScratch(ByteBuffer bb) {
        this.bb = bb.order(ByteOrder.nativeOrder());
        this.addr = Pointer.nativeValue(Native.getDirectBufferPointer(bb));
    }

    /** Takes a block for one system call; give it back with {@link #release}. netdial's own, as {@link NativeBuffers}. */
    static CallScratch take() {
        int start = (int) (Thread.currentThread().threadId() & (SLOTS - 1));
        for (int i = 0; i < SLOTS; i++) {
            CallScratch s = (CallScratch) SLOT.getAndSet(POOL, (start + i) & (SLOTS - 1), null);
            if (s != null) {
                return s;
            }
        }
        return new CallScratch(ByteBuffer.allocateDirect(SIZE + 16).alignedSlice(16).slice(0, SIZE));
    }

    /** Gives a block back (dropped when every slot is full). netdial's own. */
    static void release(CallScratch s) {
        int start = (int) (Thread.currentThread().threadId() & (SLOTS - 1));
        for (int i = 0; i < SLOTS; i++) {
            if (SLOT.compareAndSet(POOL, (start + i) & (SLOTS - 1), null, s)) {
                return;
            }
        }
    }

    /**
     * Writes {@code sa} at {@link #NAME}; returns its length.
     *
     * <p>netdial's own: see {@link SockaddrCodec#put}.
     */
    int putName(Sockaddr sa) {
        return SockaddrCodec.put(bb, NAME, sa);
    }

    /**
     * The address the kernel wrote at {@link #NAME}, its length at {@link #LEN}; null when it is
     * none netdial speaks.
     *
     * <p>netdial's own: see {@link SockaddrCodec#decode(ByteBuffer, int, int)}.
     */
    Sockaddr name() {
        return SockaddrCodec.decode(bb, NAME, Math.min(bb.getInt(LEN), SockaddrCodec.MAX_LEN));
    }
}
