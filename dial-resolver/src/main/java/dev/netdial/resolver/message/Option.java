package dev.netdial.resolver.message;

import java.util.Arrays;

/**
 * One EDNS(0) option inside an {@link OPTResource} (RFC 6891).
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Option}.
 *
 * @param code the option code, 0..65535
 * @param data the option's bytes (copied; compared by content)
 */
public record Option(int code, byte[] data) {

    /** Checks the fields and copies the bytes. */
    public Option {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("option code out of range: " + code);
        }
        if (data.length > 0xFFFF) {
            throw new IllegalArgumentException("option data too long: " + data.length);
        }
        data = data.clone();
    }

    /** The option's bytes (a copy). */
    @Override
    public byte[] data() {
        return data.clone();
    }

    int dataLength() {
        return data.length;
    }

    void packData(PackBuffer msg) {
        msg.appendBytes(data, 0, data.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Option p && code == p.code && Arrays.equals(data, p.data);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Option[code=" + code + ", data=" + Wire.printByteSlice(data) + "]";
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code Option.GoString}.
     */
    public String goString() {
        return "dnsmessage.Option{Code: " + code + ", Data: []byte{" + Wire.printByteSlice(data) + "}}";
    }
}
