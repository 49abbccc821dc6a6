// ns per read(2) call on a direct buffer (fd -1, so EBADF: the call's own cost), netdial's two
// paths side by side: JNA direct mapping (the Java 21 path: address + Native.getLastError) and
// the Foreign downcall of dial-posix's Java 22 SegmentIO (MemorySegment.ofBuffer, errno captured
// into a pooled slot), for an allocateDirect buffer and a shared arena's. JDK 22+, source launcher:
//   java --enable-native-access=ALL-UNNAMED -Djna.nosys=true \
//        -cp ~/.m2/repository/net/java/dev/jna/jna/5.18.1/jna-5.18.1.jar bench/SegmentCallCost.java
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.lang.foreign.*;
import java.lang.invoke.*;
import java.nio.ByteBuffer;

public class SegmentCallCost {
    static final class Raw {
        static native long read(int fd, long buf, long count);
    }
    static final Linker L = Linker.nativeLinker();
    static final MethodHandle READ = L.downcallHandle(L.defaultLookup().find("read").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Linker.Option.captureCallState("errno"));
    static final VarHandle ERRNO = Linker.Option.captureStateLayout().varHandle(MemoryLayout.PathElement.groupElement("errno"));
    static final MemorySegment[] POOL = new MemorySegment[16];
    static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(MemorySegment[].class);
    static {
        Native.register(Raw.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        for (int i = 0; i < 16; i++) POOL[i] = Arena.global().allocate(Linker.Option.captureStateLayout());
    }
    static long jna(ByteBuffer bb) {
        long addr = Pointer.nativeValue(Native.getDirectBufferPointer(bb)) + bb.position();
        long n = Raw.read(-1, addr, bb.remaining());
        return n >= 0 ? n : -Native.getLastError();
    }
    static long ffm(ByteBuffer bb) throws Throwable {
        int start = (int) (Thread.currentThread().threadId() & 15);
        MemorySegment s = null;
        for (int i = 0; i < 16 && s == null; i++) s = (MemorySegment) SLOT.getAndSet(POOL, (start + i) & 15, null);
        try {
            long n = (long) READ.invokeExact(s, -1, MemorySegment.ofBuffer(bb), (long) bb.remaining());
            return n >= 0 ? n : -(int) ERRNO.get(s, 0L);
        } finally {
            for (int i = 0; i < 16; i++) if (SLOT.compareAndSet(POOL, (start + i) & 15, null, s)) break;
        }
    }
    public static void main(String[] a) throws Throwable {
        ByteBuffer plain = ByteBuffer.allocateDirect(4096);
        ByteBuffer shared = Arena.ofShared().allocate(4096).asByteBuffer();
        int N = 2_000_000;
        for (int round = 0; round < 7; round++) {
            long sink = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < N; i++) sink += jna(plain);
            long t1 = System.nanoTime();
            for (int i = 0; i < N; i++) sink += ffm(plain);
            long t2 = System.nanoTime();
            for (int i = 0; i < N; i++) sink += ffm(shared);
            long t3 = System.nanoTime();
            if (sink != -9L * 3 * N) throw new AssertionError(sink);
            System.out.printf("round %d ns/call: jna %.0f  ffm(allocateDirect) %.0f  ffm(shared arena) %.0f%n",
                    round, (t1 - t0) / (double) N, (t2 - t1) / (double) N, (t3 - t2) / (double) N);
        }
    }
}
