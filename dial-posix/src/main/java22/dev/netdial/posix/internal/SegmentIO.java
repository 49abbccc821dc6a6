package dev.netdial.posix.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * read(2) and write(2) into a direct buffer that keep the buffer's memory alive for the duration
 * of the syscall: the Java 22+ version of this multi-release class (the Java 21 one, in
 * {@code src/main/java}, only says it cannot).
 *
 * <p>The buffer is viewed as a memory segment ({@link MemorySegment#ofBuffer}) and passed as an
 * address argument to a downcall of libc's {@code read} or {@code write}. The Linker guarantees
 * (see {@link Linker#downcallHandle(FunctionDescriptor, Linker.Option...)}) that such a segment's
 * scope is alive when the call starts ({@code IllegalStateException: Already closed} otherwise; a
 * confined arena's memory from another thread: {@code WrongThreadException}) and stays alive
 * until it returns: a concurrent {@code Arena.close()} of a shared arena fails with
 * {@code IllegalStateException} instead of freeing the memory under the kernel. The JDK's own
 * channels acquire the buffer's session the same way, through internals. errno is captured by
 * the Linker into a small per-call slot taken from a striped pool.
 *
 * <p>netdial's own: Go's slices cannot be freed under a syscall.
 */
final class SegmentIO {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_VALUE = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final long STATE_SIZE = Linker.Option.captureStateLayout().byteSize();
    private static final MethodHandle READ = handle("read");
    private static final MethodHandle WRITE = handle("write");
    private static final MethodHandle RECVFROM = handle("recvfrom", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS));
    private static final MethodHandle SENDTO = handle("sendto", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT));

    /** Capture-state slots, one per stripe; a miss allocates one (from an automatic arena). */
    private static final int SLOTS = 16;
    private static final MemorySegment[] POOL = new MemorySegment[SLOTS];
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(MemorySegment[].class);

    static {
        MemorySegment all = Arena.global().allocate(STATE_SIZE * SLOTS, 8);
        for (int i = 0; i < SLOTS; i++) {
            POOL[i] = all.asSlice(i * STATE_SIZE, STATE_SIZE);
        }
    }

    private SegmentIO() {
    }

    private static MethodHandle handle(String name) {
        return handle(name, FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    }

    @SuppressWarnings("restricted") // native access: see the README (module dev.netdial.posix)
    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        MemorySegment sym = LINKER.defaultLookup().find(name).orElseThrow();
        return LINKER.downcallHandle(sym, fd, ERRNO);
    }

    /** Whether {@link #read} and {@link #write} are available: always, on Java 22 and newer. */
    static boolean pins() {
        return true;
    }

    /**
     * read(2) of up to {@code len} bytes into direct buffer {@code bb} at its position: the count,
     * 0 at end of stream, or {@code -errno}. The buffer's memory stays alive during the call.
     */
    static long read(int fd, ByteBuffer bb, int len) {
        return call(READ, fd, MemorySegment.ofBuffer(bb), len);
    }

    /**
     * write(2) of up to {@code len} bytes from direct buffer {@code bb}, {@code off} bytes past
     * its position: the count, or {@code -errno}. The buffer's memory stays alive during the call.
     */
    static long write(int fd, ByteBuffer bb, int off, int len) {
        return call(WRITE, fd, MemorySegment.ofBuffer(bb).asSlice(off), len);
    }

    /**
     * recvfrom(2) into native memory netdial owns (a pooled buffer): the count or {@code -errno}.
     * A downcall costs about 100 ns less than JNA's (docs/PERFORMANCE-LOG.md, SegmentCallCost),
     * and a datagram's echo makes two of these; the memory needs no pinning.
     *
     * <p>netdial's own: the Java 22+ path of {@link LibC#recvfrom}.
     */
    static long recvfrom(int fd, long buf, long len, int flags, long addr, long addrlen) {
        MemorySegment state = take();
        try {
            long n = (long) RECVFROM.invokeExact(state, fd, MemorySegment.ofAddress(buf), len, flags,
                    MemorySegment.ofAddress(addr), MemorySegment.ofAddress(addrlen));
            return n >= 0 ? n : -(int) ERRNO_VALUE.get(state, 0L);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            release(state);
        }
    }

    /**
     * sendto(2) from native memory netdial owns: the count or {@code -errno}.
     *
     * <p>netdial's own: the Java 22+ path of {@link LibC#sendto}, as {@link #recvfrom}.
     */
    static long sendto(int fd, long buf, long len, int flags, long addr, int addrlen) {
        MemorySegment state = take();
        try {
            long n = (long) SENDTO.invokeExact(state, fd, MemorySegment.ofAddress(buf), len, flags,
                    MemorySegment.ofAddress(addr), addrlen);
            return n >= 0 ? n : -(int) ERRNO_VALUE.get(state, 0L);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            release(state);
        }
    }

    /**
     * read(2) into native memory netdial owns (a pooled buffer, never freed): the count, 0 at end
     * of stream, or {@code -errno}; a downcall, ~100 ns cheaper than JNA's.
     *
     * <p>netdial's own: the Java 22+ path of {@link LibC#read}.
     */
    static long read(int fd, long addr, int len) {
        return call(READ, fd, MemorySegment.ofAddress(addr), len);
    }

    /**
     * write(2) from native memory netdial owns: the count or {@code -errno}.
     *
     * <p>netdial's own: the Java 22+ path of {@link LibC#write}.
     */
    static long write(int fd, long addr, int len) {
        return call(WRITE, fd, MemorySegment.ofAddress(addr), len);
    }

    private static long call(MethodHandle h, int fd, MemorySegment seg, int len) {
        MemorySegment state = take();
        try {
            long n = (long) h.invokeExact(state, fd, seg, (long) len);
            return n >= 0 ? n : -(int) ERRNO_VALUE.get(state, 0L);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            release(state);
        }
    }

    private static MemorySegment take() {
        int start = (int) (Thread.currentThread().threadId() & (SLOTS - 1));
        for (int i = 0; i < SLOTS; i++) {
            MemorySegment s = (MemorySegment) SLOT.getAndSet(POOL, (start + i) & (SLOTS - 1), null);
            if (s != null) {
                return s;
            }
        }
        return Arena.ofAuto().allocate(STATE_SIZE, 8);
    }

    private static void release(MemorySegment s) {
        int start = (int) (Thread.currentThread().threadId() & (SLOTS - 1));
        for (int i = 0; i < SLOTS; i++) {
            if (SLOT.compareAndSet(POOL, (start + i) & (SLOTS - 1), null, s)) {
                return;
            }
        }
    }
}
