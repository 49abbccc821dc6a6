package dev.netdial.resolver.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A domain name in presentation form without escapes ({@code "www.example.com."}), at most 255
 * bytes; packing wants it rooted (ending in a dot) and at most 254 bytes, which is the 255-octet
 * wire limit.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Name}.
 * <p>Differs: the bytes are an immutable array sized to the name instead of Go's fixed
 * {@code [255]byte} plus length; {@link #equals} compares the bytes, as Go's {@code ==} does on
 * the used part.
 */
public final class Name {
    /** Go's {@code nonEncodedNameMax}: 254 presentation bytes are 255 octets on the wire. */
    static final int NON_ENCODED_NAME_MAX = 254;
    /** Capacity of Go's {@code Name.Data}. */
    static final int NAME_LEN = 255;

    /** The root name {@code "."}. */
    public static final Name ROOT = new Name(new byte[] {'.'});

    private final byte[] data;

    private Name(byte[] data) {
        this.data = data;
    }

    /**
     * The name with the UTF-8 bytes of {@code name}; fails with Go's
     * {@code "insufficient data for calculated length type"} beyond 255 bytes.
     *
     * <p>Go: {@code NewName}.
     */
    public static Name of(String name) throws DnsMessageException {
        return ofBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #of(String)} for raw bytes (copied). Go: {@code NewName}. */
    public static Name ofBytes(byte[] name) throws DnsMessageException {
        if (name.length > NAME_LEN) {
            throw new DnsMessageException(DnsMessageException.ERR_CALC_LEN);
        }
        return new Name(name.clone());
    }

    /**
     * {@link #of(String)} for names known to be short; a longer one is a programming error.
     *
     * <p>Go: {@code MustNewName} (which panics with the same text).
     */
    public static Name mustOf(String name) {
        try {
            return of(name);
        } catch (DnsMessageException e) {
            throw new IllegalArgumentException("creating name: " + e.getMessage(), e);
        }
    }

    /** The name's bytes (a copy). */
    public byte[] data() {
        return data.clone();
    }

    /** The number of bytes, Go's {@code Name.Length}. */
    public int length() {
        return data.length;
    }

    /** The byte at {@code i}. */
    public byte byteAt(int i) {
        return data[i];
    }

    /**
     * The name as text, without escaping; bytes that are not UTF-8 show as U+FFFD.
     *
     * <p>Go: {@code Name.String}.
     */
    @Override
    public String toString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /**
     * Go's {@code %#v} form, {@code dnsmessage.MustNewName("...")} with odd bytes as {@code \xNN}.
     *
     * <p>Go: {@code Name.GoString}.
     */
    public String goString() {
        return "dnsmessage.MustNewName(\"" + Wire.printString(data) + "\")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Name n && Arrays.equals(data, n.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    /**
     * Appends the wire form: length-prefixed labels, then a zero octet, or a pointer to an earlier
     * copy of a suffix when {@code compression} is not null (which then learns the new suffixes).
     * On failure the caller truncates {@code msg}.
     *
     * <p>Go: {@code Name.pack}.
     */
    void pack(PackBuffer msg, Map<String, Integer> compression, int compressionOff) throws DnsMessageException {
        int n = data.length;
        if (n > NON_ENCODED_NAME_MAX) {
            throw new DnsMessageException(DnsMessageException.ERR_NAME_TOO_LONG);
        }
        if (n == 0 || data[n - 1] != '.') {
            throw new DnsMessageException(DnsMessageException.ERR_NON_CANONICAL_NAME);
        }
        if (data[0] == '.' && n == 1) {
            msg.appendByte(0); // the root
            return;
        }
        String nameAsStr = null; // the suffix keys, one byte per char
        for (int i = 0, begin = 0; i < n; i++) {
            if (data[i] == '.') {
                // A label's length octet keeps its top two bits for pointers and reserved forms.
                if (i - begin >= 1 << 6) {
                    throw new DnsMessageException(DnsMessageException.ERR_SEG_TOO_LONG);
                }
                if (i - begin == 0) {
                    throw new DnsMessageException(DnsMessageException.ERR_ZERO_SEG_LEN);
                }
                msg.appendByte(i - begin);
                msg.appendBytes(data, begin, i - begin);
                begin = i + 1;
                continue;
            }
            // Only a suffix that starts a label can be replaced by a pointer.
            if ((i == 0 || data[i - 1] == '.') && compression != null) {
                if (nameAsStr == null) {
                    nameAsStr = new String(data, StandardCharsets.ISO_8859_1);
                }
                String suffix = nameAsStr.substring(i);
                Integer ptr = compression.get(suffix);
                if (ptr != null) {
                    msg.appendByte(ptr >>> 8 | 0xC0);
                    msg.appendByte(ptr);
                    return;
                }
                // A pointer holds 14 bits of offset; later suffixes cannot be pointed at.
                int newPtr = msg.length() - compressionOff;
                if (newPtr <= 0x3FFF) {
                    compression.put(suffix, newPtr);
                }
            }
        }
        msg.appendByte(0);
    }

    /** A name read from the wire and the offset where the next field starts. */
    record Unpacked(Name name, int off) {}

    /**
     * Reads the name at {@code off}, following at most 10 compression pointers, iteratively.
     * Labels may not contain a dot (go.dev/issue/56246), the reserved 0x40/0x80 prefixes are
     * refused, and the result is at most 254 bytes (255 octets on the wire).
     *
     * <p>Go: {@code Name.unpack}.
     * <p>Differs: it stops with {@code "name too long"} as soon as the name passes 254 bytes, so
     * that memory and time stay bounded; Go collects the whole name first and, for a name that is
     * both too long and malformed further on, reports the later fault instead.
     */
    static Unpacked unpack(byte[] msg, int off) throws DnsMessageException {
        int currOff = off; // where we read now
        int newOff = off; // where the next field starts: after the first pointer, if any
        int ptr = 0; // pointers followed
        byte[] name = new byte[NAME_LEN];
        int n = 0;
        for (;;) {
            if (currOff < 0 || currOff >= msg.length) {
                throw new DnsMessageException(DnsMessageException.ERR_BASE_LEN);
            }
            int c = msg[currOff] & 0xFF;
            currOff++;
            int kind = c & 0xC0;
            if (kind == 0x00) { // a label
                if (c == 0) {
                    break; // the root label ends the name
                }
                if (c > msg.length - currOff) {
                    throw new DnsMessageException(DnsMessageException.ERR_CALC_LEN);
                }
                int endOff = currOff + c;
                for (int i = currOff; i < endOff; i++) {
                    if (msg[i] == '.') {
                        throw new DnsMessageException(DnsMessageException.ERR_INVALID_NAME);
                    }
                }
                if (n + c + 1 > NON_ENCODED_NAME_MAX) {
                    throw new DnsMessageException(DnsMessageException.ERR_NAME_TOO_LONG);
                }
                System.arraycopy(msg, currOff, name, n, c);
                n += c;
                name[n++] = '.';
                currOff = endOff;
            } else if (kind == 0xC0) { // a pointer
                if (currOff >= msg.length) {
                    throw new DnsMessageException(DnsMessageException.ERR_INVALID_PTR);
                }
                int c1 = msg[currOff] & 0xFF;
                currOff++;
                if (ptr == 0) {
                    newOff = currOff;
                }
                // A loop of pointers would never end; ten is plenty for real messages.
                if (++ptr > 10) {
                    throw new DnsMessageException(DnsMessageException.ERR_TOO_MANY_PTR);
                }
                currOff = (c ^ 0xC0) << 8 | c1;
            } else { // 0x40 and 0x80 are reserved
                throw new DnsMessageException(DnsMessageException.ERR_RESERVED);
            }
        }
        if (n == 0) {
            name[n++] = '.';
        }
        if (ptr == 0) {
            newOff = currOff;
        }
        return new Unpacked(new Name(Arrays.copyOf(name, n)), newOff);
    }

    /**
     * Steps over the name at {@code off} without following pointers or checking its contents.
     *
     * <p>Go: {@code skipName}.
     */
    static int skipName(byte[] msg, int off) throws DnsMessageException {
        int newOff = off;
        for (;;) {
            if (newOff < 0 || newOff >= msg.length) {
                throw new DnsMessageException(DnsMessageException.ERR_BASE_LEN);
            }
            int c = msg[newOff] & 0xFF;
            newOff++;
            int kind = c & 0xC0;
            if (kind == 0x00) {
                if (c == 0) {
                    break;
                }
                newOff += c; // c <= 63 and newOff <= msg.length: no overflow
                if (newOff > msg.length) {
                    throw new DnsMessageException(DnsMessageException.ERR_CALC_LEN);
                }
            } else if (kind == 0xC0) {
                newOff++; // a pointer is two octets and ends the name here
                break;
            } else {
                throw new DnsMessageException(DnsMessageException.ERR_RESERVED);
            }
        }
        return newOff;
    }
}
