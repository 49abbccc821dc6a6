package dev.netdial.resolver.message;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An AAAA record's body: one IPv6 address.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code AAAAResource}.
 * <p>Differs: the {@code [16]byte} is a copied array, compared by content.
 *
 * @param aaaa the 16 address bytes, in network order
 */
public record AAAAResource(byte[] aaaa) implements ResourceBody {

    /** Checks the length and copies the bytes. */
    public AAAAResource {
        if (aaaa.length != 16) {
            throw new IllegalArgumentException("AAAA address must be 16 bytes, got " + aaaa.length);
        }
        aaaa = aaaa.clone();
    }

    /** The address bytes (a copy). */
    @Override
    public byte[] aaaa() {
        return aaaa.clone();
    }

    /**
     * The address as an {@link InetAddress}. Note that the JDK turns an IPv4-mapped IPv6 address
     * into an {@code Inet4Address}.
     *
     * <p>netdial's own: Go's record holds the bytes only.
     */
    public InetAddress address() {
        try {
            return InetAddress.getByAddress(aaaa);
        } catch (UnknownHostException e) {
            throw new AssertionError("a 16-byte address is always valid", e);
        }
    }

    @Override
    public Type realType() {
        return Type.AAAA;
    }

    /**
     * Appends the wire form.
     *
     * <p>Go: {@code AAAAResource.pack}.
     */
    void pack(PackBuffer msg) {
        msg.appendBytes(aaaa, 0, 16);
    }

    /**
     * Reads the body at {@code off}.
     *
     * <p>Go: {@code unpackAAAAResource}.
     */
    static AAAAResource unpack(byte[] msg, int off) throws DnsMessageException {
        return new AAAAResource(Wire.unpackBytes(msg, off, 16));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AAAAResource r && Arrays.equals(aaaa, r.aaaa);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(aaaa);
    }

    @Override
    public String toString() {
        return "AAAAResource[aaaa=" + Wire.printByteSlice(aaaa) + "]";
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code AAAAResource.GoString}.
     */
    @Override
    public String goString() {
        return "dnsmessage.AAAAResource{AAAA: [16]byte{" + Wire.printByteSlice(aaaa) + "}}";
    }
}
