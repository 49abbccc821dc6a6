package dev.netdial.posix.internal;

import java.nio.ByteBuffer;

/**
 * read(2) and write(2) into a direct buffer that keep the buffer's memory alive for the duration
 * of the syscall, so that another thread cannot free it (close its shared arena) while the kernel
 * uses it.
 *
 * <p>netdial's own: Go's slices cannot be freed under a syscall.
 * <p>This is the Java 21 class, which cannot pin (the Foreign API is a preview there):
 * {@link #pins()} is false and {@link PollFD} hands the buffer's address to JNA. dial-posix is a
 * multi-release jar: on Java 22 and newer the JVM loads {@code META-INF/versions/22}'s version of
 * this class instead (source {@code src/main/java22}), which calls read(2) and write(2) through
 * Foreign Function downcalls that take the buffer's memory segment as an argument; the Linker
 * keeps that segment's scope acquired during the call.
 */
final class SegmentIO {
    private SegmentIO() {
    }

    /** Whether {@link #read} and {@link #write} are available (never, on Java 21). */
    static boolean pins() {
        return false;
    }

    /**
     * read(2) of up to {@code len} bytes into direct buffer {@code bb} at its position: the count,
     * 0 at end of stream, or {@code -errno}.
     */
    static long read(int fd, ByteBuffer bb, int len) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /**
     * write(2) of up to {@code len} bytes from direct buffer {@code bb}, {@code off} bytes past
     * its position: the count, or {@code -errno}.
     */
    static long write(int fd, ByteBuffer bb, int off, int len) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** recvfrom(2) through a Foreign downcall (Java 22+ only; {@link PollFD} asks {@link #pins()} first). */
    static long recvfrom(int fd, long buf, long len, int flags, long addr, long addrlen) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** sendto(2) through a Foreign downcall (Java 22+ only; {@link PollFD} asks {@link #pins()} first). */
    static long sendto(int fd, long buf, long len, int flags, long addr, int addrlen) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** read(2) into netdial's own native memory through a Foreign downcall (Java 22+ only). */
    static long read(int fd, long addr, int len) {
        throw new UnsupportedOperationException("needs Java 22");
    }

    /** write(2) from netdial's own native memory through a Foreign downcall (Java 22+ only). */
    static long write(int fd, long addr, int len) {
        throw new UnsupportedOperationException("needs Java 22");
    }
}
