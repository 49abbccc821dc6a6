package dev.netdial.posix.internal;

import com.sun.jna.Platform;
import java.nio.ByteBuffer;

/**
 * {@code struct msghdr} and {@code struct iovec} at their Linux offsets, and where a datagram
 * call puts them in a pooled buffer's scratch area ({@link NativeBuffers#SCRATCH}): the header,
 * one iovec, the {@code socklen_t} of an address, the address, and up to {@link #OOB_ROOM}
 * control bytes. Both architectures netdial runs on are LP64 with glibc's layout: pointers and
 * {@code size_t} are 8 bytes, {@code msg_namelen} a 4-byte {@code socklen_t} padded to 8.
 *
 * <p>Go: {@code src/syscall/ztypes_linux_amd64.go} and {@code ztypes_linux_arm64.go}
 * {@code Msghdr}, {@code Iovec} (the same layout on both).
 */
final class Msghdr {
    private Msghdr() {
    }

    static {
        if (!Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
            throw new ExceptionInInitializerError("netdial's struct msghdr layout is for linux/amd64 and linux/arm64; this is "
                    + System.getProperty("os.arch"));
        }
    }

    /** {@code sizeof(struct msghdr)}. */
    static final int SIZEOF = 56;
    static final int NAME = 0;
    static final int NAMELEN = 8;
    static final int IOV = 16;
    static final int IOVLEN = 24;
    static final int CONTROL = 32;
    static final int CONTROLLEN = 40;
    static final int FLAGS = 48;

    /** {@code sizeof(struct iovec)}: {@code iov_base} at 0, {@code iov_len} at 8. */
    static final int SIZEOF_IOVEC = 16;

    // Where each part sits in the scratch area (offsets from its start).
    static final int SCRATCH_MSGHDR = 0;
    static final int SCRATCH_IOVEC = 64;
    static final int SCRATCH_ADDRLEN = 96;
    static final int SCRATCH_NAME = 128;
    static final int SCRATCH_OOB = SCRATCH_NAME + SockaddrCodec.MAX_LEN;
    /** The control bytes that fit in the scratch area; more get their own native memory. */
    static final int OOB_ROOM = NativeBuffers.SCRATCH - SCRATCH_OOB;

    /**
     * Writes a header with one iovec into {@code bb} at {@code base} (the scratch area's index in
     * {@code bb}, whose native address is {@code baseAddr}).
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code recvmsgRaw}, {@code sendmsgN} (their
     * {@code Msghdr} set-up).
     */
    static void put(ByteBuffer bb, int base, long baseAddr, long name, int namelen, long data, long datalen,
            long control, long controllen) {
        int h = base + SCRATCH_MSGHDR;
        bb.putLong(h + NAME, name);
        bb.putLong(h + NAMELEN, namelen & 0xFFFFFFFFL); // the 4-byte field and its padding
        bb.putLong(h + IOV, baseAddr + SCRATCH_IOVEC);
        bb.putLong(h + IOVLEN, 1);
        bb.putLong(h + CONTROL, controllen > 0 ? control : 0);
        bb.putLong(h + CONTROLLEN, controllen);
        bb.putLong(h + FLAGS, 0); // msg_flags and the padding after it
        bb.putLong(base + SCRATCH_IOVEC, data);
        bb.putLong(base + SCRATCH_IOVEC + 8, datalen);
    }
}
