package dev.netdial.resolver.message;

import java.util.Map;
import java.util.Objects;

/**
 * An SOA record's body.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code SOAResource}.
 *
 * @param ns      the primary name server
 * @param mbox    the responsible mailbox
 * @param serial  the zone serial, 0..2^32-1
 * @param refresh seconds, 0..2^32-1
 * @param retry   seconds, 0..2^32-1
 * @param expire  seconds, 0..2^32-1
 * @param minTTL  the default and negative-caching TTL (RFC 2308 section 4), 0..2^32-1
 */
public record SOAResource(Name ns, Name mbox, long serial, long refresh, long retry, long expire, long minTTL)
        implements ResourceBody {

    /** Checks the fields. */
    public SOAResource {
        Objects.requireNonNull(ns, "ns");
        Objects.requireNonNull(mbox, "mbox");
        for (long v : new long[] {serial, refresh, retry, expire, minTTL}) {
            if (v < 0 || v > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("SOA field out of range: " + v);
            }
        }
    }

    @Override
    public Type realType() {
        return Type.SOA;
    }

    /**
     * Appends the wire form.
     *
     * <p>Go: {@code SOAResource.pack}.
     */
    void pack(PackBuffer msg, Map<String, Integer> compression, int compressionOff) throws DnsMessageException {
        try {
            ns.pack(msg, compression, compressionOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("SOAResource.NS", e);
        }
        try {
            mbox.pack(msg, compression, compressionOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("SOAResource.MBox", e);
        }
        msg.appendUint32(serial);
        msg.appendUint32(refresh);
        msg.appendUint32(retry);
        msg.appendUint32(expire);
        msg.appendUint32(minTTL);
    }

    /**
     * Reads the body at {@code off}.
     *
     * <p>Go: {@code unpackSOAResource}.
     */
    static SOAResource unpack(byte[] msg, int off) throws DnsMessageException {
        Name.Unpacked ns;
        try {
            ns = Name.unpack(msg, off);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("NS", e);
        }
        Name.Unpacked mbox;
        try {
            mbox = Name.unpack(msg, ns.off());
        } catch (DnsMessageException e) {
            throw new DnsMessageException("MBox", e);
        }
        int o = mbox.off();
        long serial = uint32(msg, o, "Serial");
        long refresh = uint32(msg, o + 4, "Refresh");
        long retry = uint32(msg, o + 8, "Retry");
        long expire = uint32(msg, o + 12, "Expire");
        long minTTL = uint32(msg, o + 16, "MinTTL");
        return new SOAResource(ns.name(), mbox.name(), serial, refresh, retry, expire, minTTL);
    }

    /** One 32-bit field, its name prefixing an error. Go: {@code unpackSOAResource}, each field's {@code nestedError}. */
    private static long uint32(byte[] msg, int off, String field) throws DnsMessageException {
        try {
            return Wire.unpackUint32(msg, off);
        } catch (DnsMessageException e) {
            throw new DnsMessageException(field, e);
        }
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code SOAResource.GoString}.
     */
    @Override
    public String goString() {
        return "dnsmessage.SOAResource{NS: " + ns.goString() + ", MBox: " + mbox.goString() + ", Serial: " + serial
                + ", Refresh: " + refresh + ", Retry: " + retry + ", Expire: " + expire + ", MinTTL: " + minTTL + "}";
    }
}
