package dev.netdial.resolver.message;

import java.util.Map;
import java.util.Objects;

/**
 * A NS record's body.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code NSResource}.
 *
 * @param ns the name it holds
 */
public record NSResource(Name ns) implements ResourceBody {

    /** Checks the name is present. */
    public NSResource {
        Objects.requireNonNull(ns, "ns");
    }

    @Override
    public Type realType() {
        return Type.NS;
    }

    /**
     * Appends the wire form.
     *
     * <p>Go: {@code NSResource.pack}.
     */
    void pack(PackBuffer msg, Map<String, Integer> compression, int compressionOff) throws DnsMessageException {
        ns.pack(msg, compression, compressionOff);
    }

    /**
     * Reads the body at {@code off}.
     *
     * <p>Go: {@code unpackNSResource}.
     */
    static NSResource unpack(byte[] msg, int off) throws DnsMessageException {
        return new NSResource(Name.unpack(msg, off).name());
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code NSResource.GoString}.
     */
    @Override
    public String goString() {
        return "dnsmessage.NSResource{NS: " + ns.goString() + "}";
    }
}
