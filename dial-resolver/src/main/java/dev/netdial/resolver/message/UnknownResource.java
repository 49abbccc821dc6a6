package dev.netdial.resolver.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * The body of a record of a type this package does not decode: its type and raw bytes.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code UnknownResource}.
 *
 * @param type the record type, which packing puts in the header
 * @param data the body bytes (copied; compared by content)
 */
public record UnknownResource(Type type, byte[] data) implements ResourceBody {

    /** Checks the fields and copies the bytes. */
    public UnknownResource {
        Objects.requireNonNull(type, "type");
        data = data.clone();
    }

    /** The body bytes (a copy). */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public Type realType() {
        return type;
    }

    /**
     * Appends the wire form.
     *
     * <p>Go: {@code UnknownResource.pack}.
     */
    void pack(PackBuffer msg) {
        msg.appendBytes(data, 0, data.length);
    }

    /**
     * Copies the {@code length} body bytes, checking they are there before allocating.
     *
     * <p>Go: {@code unpackUnknownResource}.
     */
    static UnknownResource unpack(Type recordType, byte[] msg, int off, int length) throws DnsMessageException {
        return new UnknownResource(recordType, Wire.unpackBytes(msg, off, length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownResource r && type.equals(r.type) && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "UnknownResource[type=" + type + ", data=" + Wire.printByteSlice(data) + "]";
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code UnknownResource.GoString}.
     */
    @Override
    public String goString() {
        return "dnsmessage.UnknownResource{Type: " + type.goString() + ", Data: []byte{"
                + Wire.printByteSlice(data) + "}}";
    }
}
