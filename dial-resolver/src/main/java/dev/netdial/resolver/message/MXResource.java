package dev.netdial.resolver.message;

import java.util.Map;
import java.util.Objects;

/**
 * An MX record's body.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code MXResource}.
 *
 * @param pref the preference, 0..65535 (lower is preferred)
 * @param mx   the mail exchanger
 */
public record MXResource(int pref, Name mx) implements ResourceBody {

    /** Checks the fields. */
    public MXResource {
        if (pref < 0 || pref > 0xFFFF) {
            throw new IllegalArgumentException("pref out of range: " + pref);
        }
        Objects.requireNonNull(mx, "mx");
    }

    @Override
    public Type realType() {
        return Type.MX;
    }

    /**
     * Appends the wire form.
     *
     * <p>Go: {@code MXResource.pack}.
     */
    void pack(PackBuffer msg, Map<String, Integer> compression, int compressionOff) throws DnsMessageException {
        msg.appendUint16(pref);
        try {
            mx.pack(msg, compression, compressionOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("MXResource.MX", e);
        }
    }

    /**
     * Reads the body at {@code off}.
     *
     * <p>Go: {@code unpackMXResource}.
     */
    static MXResource unpack(byte[] msg, int off) throws DnsMessageException {
        int pref;
        try {
            pref = Wire.unpackUint16(msg, off);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Pref", e);
        }
        try {
            return new MXResource(pref, Name.unpack(msg, off + 2).name());
        } catch (DnsMessageException e) {
            throw new DnsMessageException("MX", e);
        }
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code MXResource.GoString}.
     */
    @Override
    public String goString() {
        return "dnsmessage.MXResource{Pref: " + pref + ", MX: " + mx.goString() + "}";
    }
}
