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
            ResourceBody.pack(body, msg, compression, compressionOff);
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
}
