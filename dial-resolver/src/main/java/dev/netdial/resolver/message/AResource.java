package dev.netdial.resolver.message;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An A record's body: one IPv4 address.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code AResource}.
 * <p>Differs: the {@code [4]byte} is a copied array, compared by content.
 *
 * @param a the 4 address bytes, in network order
 */
public record AResource(byte[] a) implements ResourceBody {

    /** Checks the length and copies the bytes. */
    public AResource {
        if (a.length != 4) {
            throw new IllegalArgumentException("A address must be 4 bytes, got " + a.length);
        }
        a = a.clone();
    }

    /** The address bytes (a copy). */
    @Override
    public byte[] a() {
        return a.clone();
    }

    /**
     * The address as an {@link InetAddress}. Note that the JDK turns an IPv4-mapped IPv6 address
     * into an {@code Inet4Address}.
     *
     * <p>netdial's own: Go's record holds the bytes only.
     */
    public InetAddress address() {
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4-byte address is always valid", e);
        }
    }

    @Override
    public Type realType() {
        return Type.A;
    }

    /**
     * Appends the wire form.
     *
     * <p>Go: {@code AResource.pack}.
     */
    void pack(PackBuffer msg) {
        msg.appendBytes(a, 0, 4);
    }

    /**
     * Reads the body at {@code off}.
     *
     * <p>Go: {@code unpackAResource}.
     */
    static AResource unpack(byte[] msg, int off) throws DnsMessageException {
        return new AResource(Wire.unpackBytes(msg, off, 4));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AResource r && Arrays.equals(a, r.a);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(a);
    }

    @Override
    public String toString() {
        return "AResource[a=" + Wire.printByteSlice(a) + "]";
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code AResource.GoString}.
     */
    @Override
    public String goString() {
        return "dnsmessage.AResource{A: [4]byte{" + Wire.printByteSlice(a) + "}}";
    }
}
