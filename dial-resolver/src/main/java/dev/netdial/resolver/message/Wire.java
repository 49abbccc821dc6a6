package dev.netdial.resolver.message;

import java.util.Arrays;

/**
 * Bounds-checked readers and writers of fixed-size fields, character strings and raw bytes,
 * plus the printers behind {@code goString()}.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code unpackUint16}, {@code skipUint16},
 * {@code unpackUint32}, {@code skipUint32}, {@code packText}, {@code unpackText},
 * {@code unpackBytes}, {@code printString}, {@code printByteSlice}.
 * <p>Differs: every check is written as {@code need > msg.length - off}, which cannot overflow,
 * and offsets are advanced with {@link #advance}, which saturates; Go's {@code int} is 64 bits.
 */
final class Wire {
    private Wire() {}

    /** {@code off + n}, saturating at {@link Integer#MAX_VALUE} (always past any array's end). */
    static int advance(int off, int n) {
        long r = (long) off + n;
        return r > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) r;
    }

    /** Whether {@code n} bytes are available at {@code off} ({@code off} may lie past the end). */
    static boolean has(byte[] msg, int off, int n) {
        return off >= 0 && off <= msg.length && n <= msg.length - off;
    }

    /**
     * Reads a big-endian 16-bit field.
     *
     * <p>Go: {@code unpackUint16}.
     */
    static int unpackUint16(byte[] msg, int off) throws DnsMessageException {
        if (!has(msg, off, 2)) {
            throw new DnsMessageException(DnsMessageException.ERR_BASE_LEN);
        }
        return (msg[off] & 0xFF) << 8 | (msg[off + 1] & 0xFF);
    }

    /**
     * Steps over a 16-bit field.
     *
     * <p>Go: {@code skipUint16}.
     */
    static int skipUint16(byte[] msg, int off) throws DnsMessageException {
        if (!has(msg, off, 2)) {
            throw new DnsMessageException(DnsMessageException.ERR_BASE_LEN);
        }
        return off + 2;
    }

    /**
     * Reads a big-endian 32-bit field; the value is unsigned, 0..2^32-1.
     *
     * <p>Go: {@code unpackUint32}.
     */
    static long unpackUint32(byte[] msg, int off) throws DnsMessageException {
        if (!has(msg, off, 4)) {
            throw new DnsMessageException(DnsMessageException.ERR_BASE_LEN);
        }
        return (long) (msg[off] & 0xFF) << 24 | (msg[off + 1] & 0xFF) << 16
                | (msg[off + 2] & 0xFF) << 8 | (msg[off + 3] & 0xFF);
    }

    /**
     * Steps over a 32-bit field.
     *
     * <p>Go: {@code skipUint32}.
     */
    static int skipUint32(byte[] msg, int off) throws DnsMessageException {
        if (!has(msg, off, 4)) {
            throw new DnsMessageException(DnsMessageException.ERR_BASE_LEN);
        }
        return off + 4;
    }

    /**
     * Appends a character string: a length octet, then the bytes.
     *
     * <p>Go: {@code packText}.
     */
    static void packText(PackBuffer msg, byte[] field) throws DnsMessageException {
        if (field.length > 255) {
            throw new DnsMessageException(DnsMessageException.ERR_STRING_TOO_LONG);
        }
        msg.appendByte(field.length);
        msg.appendBytes(field, 0, field.length);
    }

    /**
     * Reads the character string at {@code off}; the next field starts at
     * {@code off + 1 + result.length}.
     *
     * <p>Go: {@code unpackText}.
     */
    static byte[] unpackText(byte[] msg, int off) throws DnsMessageException {
        if (off < 0 || off >= msg.length) {
            throw new DnsMessageException(DnsMessageException.ERR_BASE_LEN);
        }
        int n = msg[off] & 0xFF;
        if (!has(msg, off + 1, n)) {
            throw new DnsMessageException(DnsMessageException.ERR_CALC_LEN);
        }
        return Arrays.copyOfRange(msg, off + 1, off + 1 + n);
    }

    /**
     * Copies {@code n} bytes at {@code off}; checks before allocating.
     *
     * <p>Go: {@code unpackBytes}.
     */
    static byte[] unpackBytes(byte[] msg, int off, int n) throws DnsMessageException {
        if (!has(msg, off, n)) {
            throw new DnsMessageException(DnsMessageException.ERR_BASE_LEN);
        }
        return Arrays.copyOfRange(msg, off, off + n);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * Letters, digits, '.', '-' and ' ' as they are, every other byte as {@code \xNN}.
     *
     * <p>Go: {@code printString}.
     */
    static String printString(byte[] str) {
        StringBuilder b = new StringBuilder(str.length);
        for (byte x : str) {
            int c = x & 0xFF;
            if (c == '.' || c == '-' || c == ' ' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z'
                    || '0' <= c && c <= '9') {
                b.append((char) c);
            } else {
                b.append('\\').append('x').append(HEX[c >>> 4]).append(HEX[c & 0xF]);
            }
        }
        return b.toString();
    }

    /**
     * Unsigned decimal bytes separated by {@code ", "}.
     *
     * <p>Go: {@code printByteSlice}.
     */
    static String printByteSlice(byte[] b) {
        StringBuilder s = new StringBuilder(b.length * 5);
        for (int i = 0; i < b.length; i++) {
            if (i > 0) {
                s.append(", ");
            }
            s.append(b[i] & 0xFF);
        }
        return s.toString();
    }
}
