package dev.netdial.examples;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.List;

/**
 * Confines the calling platform thread to some CPUs with {@code sched_setaffinity(2)} (pid 0:
 * this thread only), called through JNA's direct mapping: the benches' 64 KiB stream pins its
 * writer to one CPU and its sinks to another, then gives the writer all allowed CPUs back.
 *
 * <p>netdial's own: a bench helper of the {@code netdial} command; the library itself never
 * pins a thread.
 */
public final class Affinity {

    static {
        Native.register(Affinity.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private Affinity() {
    }

    private static native int sched_setaffinity(int pid, long size, long[] mask);

    /** Confines the calling thread to {@code cpu}; false if the kernel refuses. */
    public static boolean pin(int cpu) {
        return allow(List.of(cpu));
    }

    /** Lets the calling thread run on each of {@code cpus} (at most 1,024 CPUs); false if the kernel refuses. */
    public static boolean allow(List<Integer> cpus) {
        long[] mask = new long[16];
        for (int c : cpus) {
            mask[c / 64] |= 1L << (c % 64);
        }
        return sched_setaffinity(0, mask.length * 8L, mask) == 0;
    }
}
