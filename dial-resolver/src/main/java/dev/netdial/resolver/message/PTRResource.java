package dev.netdial.resolver.message;

import java.util.Map;
import java.util.Objects;

/**
 * A PTR record's body.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code PTRResource}.
 *
 * @param ptr the name it holds
 */
public record PTRResource(Name ptr) implements ResourceBody {

    /** Checks the name is present. */
    public PTRResource {
        Objects.requireNonNull(ptr, "ptr");
    }

    @Override
    public Type realType() {
        return Type.PTR;
    }

    /**
     * Appends the wire form.
     *
     * <p>Go: {@code PTRResource.pack}.
     */
    void pack(PackBuffer msg, Map<String, Integer> compression, int compressionOff) throws DnsMessageException {
        ptr.pack(msg, compression, compressionOff);
    }

    /**
     * Reads the body at {@code off}.
     *
     * <p>Go: {@code unpackPTRResource}.
     */
    static PTRResource unpack(byte[] msg, int off) throws DnsMessageException {
        return new PTRResource(Name.unpack(msg, off).name());
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code PTRResource.GoString}.
     */
    @Override
    public String goString() {
        return "dnsmessage.PTRResource{PTR: " + ptr.goString() + "}";
    }
}
