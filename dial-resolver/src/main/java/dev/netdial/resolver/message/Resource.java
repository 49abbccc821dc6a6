package dev.netdial.resolver.message;

import java.util.Map;
import java.util.Objects;

/**
 * A DNS resource record: header and body.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Resource}.
 *
 * @param header the shared header; packing takes its type from the body
 * @param body   the type-specific body; {@code null} fails packing with Go's "nil resource body"
 */
public record Resource(ResourceHeader header, ResourceBody body) {

    /** Checks the header is present. */
    public Resource {
        Objects.requireNonNull(header, "header");
    }

    /**
     * Appends the wire form: the header with the body's type, the body, then the body's length
     * written back into the header.
     *
     * <p>Go: {@code Resource.pack}.
     */
    void pack(PackBuffer msg, Map<String, Integer> compression, int compressionOff) throws DnsMessageException {
        if (body == null) {
            throw new DnsMessageException(DnsMessageException.ERR_NIL_RESOURCE_BODY);
        }
        ResourceHeader h = header.withType(body.realType());
        int lenOff;
        try {
            lenOff = h.pack(msg, compression, compressionOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("ResourceHeader", e);
        }
        int preLen = msg.length();
        try {
            packBody(body, msg, compression, compressionOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("content", e);
        }
        ResourceHeader.fixLen(msg, lenOff, preLen);
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code Resource.GoString}.
     */
    public String goString() {
        return "dnsmessage.Resource{Header: " + header.goString() + ", Body: &"
                + (body == null ? "nil" : body.goString()) + "}";
    }

    /**
     * Appends the body's wire form; on failure the caller truncates {@code msg}.
     *
     * <p>Go: {@code ResourceBody.pack}.
     */
    static void packBody(ResourceBody body, PackBuffer msg, Map<String, Integer> compression, int compressionOff)
            throws DnsMessageException {
        switch (body) {
            case AResource r -> r.pack(msg);
            case AAAAResource r -> r.pack(msg);
            case CNAMEResource r -> r.pack(msg, compression, compressionOff);
            case NSResource r -> r.pack(msg, compression, compressionOff);
            case PTRResource r -> r.pack(msg, compression, compressionOff);
            case MXResource r -> r.pack(msg, compression, compressionOff);
            case SRVResource r -> r.pack(msg, compressionOff);
            case TXTResource r -> r.pack(msg);
            case SOAResource r -> r.pack(msg, compression, compressionOff);
            case OPTResource r -> r.pack(msg);
            case UnknownResource r -> r.pack(msg);
        }
    }

    /**
     * Reads the body of a record with header {@code hdr} at {@code off}; the next record starts
     * {@code hdr.length()} bytes on. Types without a reader here become {@link UnknownResource}.
     *
     * <p>Go: {@code unpackResourceBody}.
     * <p>Differs: SVCB and HTTPS records (types 64, 65) stay {@link UnknownResource}: the
     * resolver does not ask for them, and Go's SVCB parser is not ported.
     */
    static ResourceBody unpackBody(byte[] msg, int off, ResourceHeader hdr) throws DnsMessageException {
        int t = hdr.type().value();
        try {
            if (t == Type.A.value()) {
                return AResource.unpack(msg, off);
            } else if (t == Type.NS.value()) {
                return NSResource.unpack(msg, off);
            } else if (t == Type.CNAME.value()) {
                return CNAMEResource.unpack(msg, off);
            } else if (t == Type.SOA.value()) {
                return SOAResource.unpack(msg, off);
            } else if (t == Type.PTR.value()) {
                return PTRResource.unpack(msg, off);
            } else if (t == Type.MX.value()) {
                return MXResource.unpack(msg, off);
            } else if (t == Type.TXT.value()) {
                return TXTResource.unpack(msg, off, hdr.length());
            } else if (t == Type.AAAA.value()) {
                return AAAAResource.unpack(msg, off);
            } else if (t == Type.SRV.value()) {
                return SRVResource.unpack(msg, off);
            } else if (t == Type.OPT.value()) {
                return OPTResource.unpack(msg, off, hdr.length());
            } else {
                return UnknownResource.unpack(hdr.type(), msg, off, hdr.length());
            }
        } catch (DnsMessageException e) {
            throw new DnsMessageException(bodyName(t) + " record", e);
        }
    }

    /** The record name that prefixes a body's unpacking error ("A", "SRV", …, "Unknown"). Go: {@code unpackResourceBody}'s {@code name}. */
    private static String bodyName(int t) {
        return switch (t) {
            case 1 -> "A";
            case 2 -> "NS";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 12 -> "PTR";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 28 -> "AAAA";
            case 33 -> "SRV";
            case 41 -> "OPT";
            default -> "Unknown";
        };
    }
}
