package dev.netdial.resolver.message;

import java.util.Arrays;

/**
 * The growing byte slice that packing appends to.
 *
 * <p>Go: the {@code msg []byte} that {@code golang.org/x/net/dns/dnsmessage}'s pack functions
 * append to and return.
 * <p>Differs: Go hands back the old slice on failure; callers here {@link #truncate} to the
 * length they saw before.
 */
final class PackBuffer {
    /** Go's {@code packStartingCap}: most replies fit the classic 512-byte UDP limit. */
    static final int PACK_STARTING_CAP = 512;

    private byte[] buf;
    private int len;

    /** An empty buffer. */
    PackBuffer() {
        buf = new byte[PACK_STARTING_CAP];
    }

    /** A buffer that starts with a copy of {@code prefix}. */
    PackBuffer(byte[] prefix) {
        buf = Arrays.copyOf(prefix, Math.max(prefix.length + PACK_STARTING_CAP, PACK_STARTING_CAP));
        len = prefix.length;
    }

    int length() {
        return len;
    }

    /**
     * Makes room for {@code more} bytes, doubling the capacity as Go's {@code append} does.
     *
     * <p>netdial's own: Go's {@code append} grows the slice itself.
     */
    private void ensure(int more) {
        int need = len + more;
        if (need < 0) {
            throw new OutOfMemoryError("DNS message too large");
        }
        if (need > buf.length) {
            int cap = buf.length * 2;
            if (cap < need || cap < 0) {
                cap = need;
            }
            buf = Arrays.copyOf(buf, cap);
        }
    }

    /** Appends the low 8 bits of {@code b}. */
    void appendByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    /** Go's {@code packUint16}: big-endian. */
    void appendUint16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    /** Go's {@code packUint32}: big-endian. */
    void appendUint32(long v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    /** Go's {@code packBytes}. */
    void appendBytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    /** Overwrites two bytes at {@code at} (big-endian), as Go's {@code packUint16(msg[at:at], v)}. */
    void setUint16(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    /** Drops everything from {@code n} on. */
    void truncate(int n) {
        len = n;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
