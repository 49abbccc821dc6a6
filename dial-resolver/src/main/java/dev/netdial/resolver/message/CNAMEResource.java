package dev.netdial.resolver.message;

import java.util.Map;
import java.util.Objects;

/**
 * A CNAME record's body.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code CNAMEResource}.
 *
 * @param cname the name it holds
 */
public record CNAMEResource(Name cname) implements ResourceBody {

    /** Checks the name is present. */
    public CNAMEResource {
        Objects.requireNonNull(cname, "cname");
    }

    @Override
    public Type realType() {
        return Type.CNAME;
    }

    /**
     * Appends the wire form.
     *
     * <p>Go: {@code CNAMEResource.pack}.
     */
    void pack(PackBuffer msg, Map<String, Integer> compression, int compressionOff) throws DnsMessageException {
        cname.pack(msg, compression, compressionOff);
    }

    /**
     * Reads the body at {@code off}.
     *
     * <p>Go: {@code unpackCNAMEResource}.
     */
    static CNAMEResource unpack(byte[] msg, int off) throws DnsMessageException {
        return new CNAMEResource(Name.unpack(msg, off).name());
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code CNAMEResource.GoString}.
     */
    @Override
    public String goString() {
        return "dnsmessage.CNAMEResource{CNAME: " + cname.goString() + "}";
    }
}
