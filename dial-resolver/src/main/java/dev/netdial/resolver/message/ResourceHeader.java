package dev.netdial.resolver.message;

import java.util.Map;
import java.util.Objects;

/**
 * The header every resource record shares: owner name, type, class, TTL and body length.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code ResourceHeader}.
 * <p>Differs: {@link #equals} and {@link #hashCode} ignore {@link #length()}. Go's packer writes
 * the packed body length into the caller's header (and its {@code FuzzUnpackPack} compares
 * after that); a record cannot be written to, so the derived field stays out of equality
 * instead, and {@code Message.parse(m.pack()).equals(m)} holds for every parsed {@code m}.
 *
 * @param name     the owner name
 * @param type     the record type; packing sets it from the body
 * @param dnsClass the class (for OPT: the UDP payload size)
 * @param ttl      the time to live in seconds, 0..2^32-1 (for OPT: extended RCode, version, flags)
 * @param length   the body length on the wire, 0..65535; packing computes it
 */
public record ResourceHeader(Name name, Type type, DnsClass dnsClass, long ttl, int length) {

    /** EDNS(0) version 0. */
    private static final long EDNS0_VERSION = 0;
    /** The DO bit (RFC 3225). */
    private static final long EDNS0_DNSSEC_OK = 0x00008000L;
    private static final long EDNS_VERSION_MASK = 0x00ff0000L;
    private static final long EDNS0_DNSSEC_OK_MASK = 0x00ff8000L;

    /** Checks that no part is missing and the numbers fit their fields. */
    public ResourceHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dnsClass, "dnsClass");
        if (ttl < 0 || ttl > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("ttl out of range: " + ttl);
        }
        if (length < 0 || length > 0xFFFF) {
            throw new IllegalArgumentException("length out of range: " + length);
        }
    }

    /** A header with length 0, which packing fills in. */
    public ResourceHeader(Name name, Type type, DnsClass dnsClass, long ttl) {
        this(name, type, dnsClass, ttl, 0);
    }

    /** This header with {@code type}. */
    ResourceHeader withType(Type t) {
        return new ResourceHeader(name, t, dnsClass, ttl, length);
    }

    /**
     * This header configured for EDNS(0): root name, type OPT, class = UDP payload size, and the
     * TTL carrying the upper 8 bits of {@code extRCode} and the DO bit.
     *
     * <p>Go: {@code ResourceHeader.SetEDNS0}.
     * <p>Differs: returns the new header instead of changing this one (records are immutable).
     */
    public ResourceHeader setEDNS0(int udpPayloadLen, RCode extRCode, boolean dnssecOK) {
        long ttl = ((long) extRCode.value() >>> 4 << 24) & 0xFFFFFFFFL; // RFC 6891 section 6.1.3
        if (dnssecOK) {
            ttl |= EDNS0_DNSSEC_OK;
        }
        // RFC 6891 section 6.1.2: the OPT record's owner is the root.
        return new ResourceHeader(Name.ROOT, Type.OPT, DnsClass.of(udpPayloadLen & 0xFFFF), ttl, length);
    }

    /**
     * Whether the DNSSEC OK bit is set (RFC 6891 section 6.1.3).
     *
     * <p>Go: {@code ResourceHeader.DNSSECAllowed}.
     */
    public boolean dnssecAllowed() {
        return (ttl & EDNS0_DNSSEC_OK_MASK) == EDNS0_DNSSEC_OK;
    }

    /**
     * The extended RCode: this OPT header's upper 8 bits joined with {@code rcode} from the
     * message header, when the EDNS version is 0; else {@code rcode} unchanged.
     *
     * <p>Go: {@code ResourceHeader.ExtendedRCode}.
     */
    public RCode extendedRCode(RCode rcode) {
        if ((ttl & EDNS_VERSION_MASK) == EDNS0_VERSION) {
            return RCode.of((int) (ttl >>> 24 << 4) | rcode.value());
        }
        return rcode;
    }

    /**
     * Appends the wire form with a placeholder length and returns the offset of the length field.
     *
     * <p>Go: {@code ResourceHeader.pack}.
     */
    int pack(PackBuffer msg, Map<String, Integer> compression, int compressionOff) throws DnsMessageException {
        try {
            name.pack(msg, compression, compressionOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Name", e);
        }
        msg.appendUint16(type.value());
        msg.appendUint16(dnsClass.value());
        msg.appendUint32(ttl);
        int lenOff = msg.length();
        msg.appendUint16(length);
        return lenOff;
    }

    /** A header read from the wire and the offset where its body starts. */
    record Unpacked(ResourceHeader header, int off) {}

    /**
     * Reads the header at {@code off}.
     *
     * <p>Go: {@code ResourceHeader.unpack}.
     */
    static Unpacked unpack(byte[] msg, int off) throws DnsMessageException {
        Name.Unpacked n;
        try {
            n = Name.unpack(msg, off);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Name", e);
        }
        int newOff = n.off();
        int type;
        try {
            type = Wire.unpackUint16(msg, newOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Type", e);
        }
        newOff += 2;
        int dnsClass;
        try {
            dnsClass = Wire.unpackUint16(msg, newOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Class", e);
        }
        newOff += 2;
        long ttl;
        try {
            ttl = Wire.unpackUint32(msg, newOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("TTL", e);
        }
        newOff += 4;
        int length;
        try {
            length = Wire.unpackUint16(msg, newOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Length", e);
        }
        newOff += 2;
        return new Unpacked(new ResourceHeader(n.name(), Type.of(type), DnsClass.of(dnsClass), ttl, length), newOff);
    }

    /**
     * Writes the body length, now known, into the packed header.
     *
     * <p>Go: {@code ResourceHeader.fixLen}.
     */
    static void fixLen(PackBuffer msg, int lenOff, int preLen) throws DnsMessageException {
        int conLen = msg.length() - preLen;
        if (conLen > 0xFFFF) {
            throw new DnsMessageException(DnsMessageException.ERR_RES_TOO_LONG);
        }
        msg.setUint16(lenOff, conLen);
    }

    /**
     * Steps over a whole resource record at {@code off} using only its length field.
     *
     * <p>Go: {@code skipResource}.
     */
    static int skipResource(byte[] msg, int off) throws DnsMessageException {
        int newOff;
        try {
            newOff = Name.skipName(msg, off);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Name", e);
        }
        try {
            newOff = Wire.skipUint16(msg, newOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Type", e);
        }
        try {
            newOff = Wire.skipUint16(msg, newOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Class", e);
        }
        try {
            newOff = Wire.skipUint32(msg, newOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("TTL", e);
        }
        int length;
        try {
            length = Wire.unpackUint16(msg, newOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Length", e);
        }
        newOff += 2;
        if (length > msg.length - newOff) {
            throw new DnsMessageException(DnsMessageException.ERR_RESOURCE_LEN);
        }
        return newOff + length;
    }

    /** Equal when name, type, class and TTL are; {@link #length()} is derived and ignored. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceHeader h && name.equals(h.name) && type.equals(h.type)
                && dnsClass.equals(h.dnsClass) && ttl == h.ttl;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, dnsClass, ttl);
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code ResourceHeader.GoString}.
     */
    public String goString() {
        return "dnsmessage.ResourceHeader{Name: " + name.goString() + ", Type: " + type.goString()
                + ", Class: " + dnsClass.goString() + ", TTL: " + ttl + ", Length: " + length + "}";
    }
}
