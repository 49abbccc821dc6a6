package dev.netdial.resolver.message;

import java.util.Objects;

/**
 * An SRV record's body.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code SRVResource}.
 *
 * @param priority 0..65535, lower first
 * @param weight   0..65535, for choosing among equal priorities
 * @param port     0..65535
 * @param target   the host; packed without compression (RFC 2782)
 */
public record SRVResource(int priority, int weight, int port, Name target) implements ResourceBody {

    /** Checks the fields. */
    public SRVResource {
        check("priority", priority);
        check("weight", weight);
        check("port", port);
        Objects.requireNonNull(target, "target");
    }

    /** Rejects a value outside 0..65535. netdial's own: Go's fields are {@code uint16}. */
    private static void check(String what, int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
    }

    @Override
    public Type realType() {
        return Type.SRV;
    }

    /**
     * Appends the wire form; the target is never compressed.
     *
     * <p>Go: {@code SRVResource.pack}.
     */
    void pack(PackBuffer msg, int compressionOff) throws DnsMessageException {
        msg.appendUint16(priority);
        msg.appendUint16(weight);
        msg.appendUint16(port);
        try {
            target.pack(msg, null, compressionOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("SRVResource.Target", e);
        }
    }

    /**
     * Reads the body at {@code off}; like current Go it accepts a compressed target.
     *
     * <p>Go: {@code unpackSRVResource}.
     */
    static SRVResource unpack(byte[] msg, int off) throws DnsMessageException {
        int priority;
        try {
            priority = Wire.unpackUint16(msg, off);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Priority", e);
        }
        int weight;
        try {
            weight = Wire.unpackUint16(msg, off + 2);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Weight", e);
        }
        int port;
        try {
            port = Wire.unpackUint16(msg, off + 4);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Port", e);
        }
        try {
            return new SRVResource(priority, weight, port, Name.unpack(msg, off + 6).name());
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Target", e);
        }
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code SRVResource.GoString}.
     */
    @Override
    public String goString() {
        return "dnsmessage.SRVResource{Priority: " + priority + ", Weight: " + weight + ", Port: " + port
                + ", Target: " + target.goString() + "}";
    }
}
