package dev.netdial.resolver.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A TXT record's body: a list of character strings of at most 255 bytes each.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code TXTResource}.
 * <p>Differs: Go's strings are byte strings; here the bytes are kept exactly (so any parsed
 * record packs back unchanged) and {@link #txt()} decodes them as UTF-8 for display.
 */
public final class TXTResource implements ResourceBody {
    private final List<byte[]> txt;

    private TXTResource(List<byte[]> txt, boolean copy) {
        List<byte[]> l = new ArrayList<>(txt.size());
        for (byte[] t : txt) {
            l.add(copy ? t.clone() : t);
        }
        this.txt = l;
    }

    /** The record with the UTF-8 bytes of each of {@code txt}. */
    public TXTResource(List<String> txt) {
        this(encode(txt), false);
    }

    /** The UTF-8 bytes of each string. netdial's own: Go's strings are bytes already. */
    private static List<byte[]> encode(List<String> txt) {
        List<byte[]> l = new ArrayList<>(txt.size());
        for (String s : txt) {
            l.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return l;
    }

    /** The record with these raw strings (copied). */
    public static TXTResource ofBytes(List<byte[]> txt) {
        return new TXTResource(txt, true);
    }

    /** The strings decoded as UTF-8 (bytes that are not UTF-8 show as U+FFFD). */
    public List<String> txt() {
        List<String> l = new ArrayList<>(txt.size());
        for (byte[] t : txt) {
            l.add(new String(t, StandardCharsets.UTF_8));
        }
        return List.copyOf(l);
    }

    /** The raw strings (copies). */
    public List<byte[]> data() {
        List<byte[]> l = new ArrayList<>(txt.size());
        for (byte[] t : txt) {
            l.add(t.clone());
        }
        return l;
    }

    @Override
    public Type realType() {
        return Type.TXT;
    }

    /**
     * Appends the wire form.
     *
     * <p>Go: {@code TXTResource.pack}.
     */
    void pack(PackBuffer msg) throws DnsMessageException {
        for (byte[] s : txt) {
            Wire.packText(msg, s);
        }
    }

    /**
     * Reads character strings until {@code length} bytes are used; one that would run past
     * {@code length} is an error.
     *
     * <p>Go: {@code unpackTXTResource}.
     */
    static TXTResource unpack(byte[] msg, int off, int length) throws DnsMessageException {
        List<byte[]> txts = new ArrayList<>(1);
        for (int n = 0; n < length; ) {
            byte[] t;
            try {
                t = Wire.unpackText(msg, off);
            } catch (DnsMessageException e) {
                throw new DnsMessageException("text", e);
            }
            off += t.length + 1;
            if (length - n < t.length + 1) {
                throw new DnsMessageException(DnsMessageException.ERR_CALC_LEN);
            }
            n += t.length + 1;
            txts.add(t);
        }
        return new TXTResource(txts, false);
    }

    /**
     * Equal when the raw strings are, byte for byte.
     *
     * <p>netdial's own: Go compares records with {@code ==} or {@code reflect.DeepEqual}.
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TXTResource r) || r.txt.size() != txt.size()) {
            return false;
        }
        for (int i = 0; i < txt.size(); i++) {
            if (!java.util.Arrays.equals(txt.get(i), r.txt.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** A hash over the raw strings, consistent with {@link #equals}. netdial's own. */
    @Override
    public int hashCode() {
        int h = 1;
        for (byte[] t : txt) {
            h = 31 * h + java.util.Arrays.hashCode(t);
        }
        return h;
    }

    @Override
    public String toString() {
        return "TXTResource" + txt();
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code TXTResource.GoString}.
     */
    @Override
    public String goString() {
        StringBuilder s = new StringBuilder("dnsmessage.TXTResource{TXT: []string{");
        for (int i = 0; i < txt.size(); i++) {
            s.append(i == 0 ? "\"" : "\", \"").append(Wire.printString(txt.get(i)));
        }
        return s.append(txt.isEmpty() ? "}}" : "\"}}").toString();
    }
}
