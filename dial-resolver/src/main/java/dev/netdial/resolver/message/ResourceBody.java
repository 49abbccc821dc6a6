package dev.netdial.resolver.message;

import java.util.Map;

/**
 * The type-specific part of a resource record.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code ResourceBody}.
 * <p>Differs: sealed, and packing is dispatched by {@link #pack} over the permitted records
 * instead of an interface method, so that the packing buffer stays package-private.
 */
public sealed interface ResourceBody permits AResource, AAAAResource, CNAMEResource, NSResource,
        PTRResource, MXResource, SRVResource, TXTResource, SOAResource, OPTResource, UnknownResource {

    /**
     * The type packing puts in the record's header.
     *
     * <p>Go: {@code ResourceBody.realType}.
     */
    Type realType();

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code ResourceBody.GoString}.
     */
    String goString();

    /**
     * Appends the body's wire form; on failure the caller truncates {@code msg}.
     *
     * <p>Go: {@code ResourceBody.pack}.
     */
    static void pack(ResourceBody body, PackBuffer msg, Map<String, Integer> compression, int compressionOff)
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
    static ResourceBody unpack(byte[] msg, int off, ResourceHeader hdr) throws DnsMessageException {
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
