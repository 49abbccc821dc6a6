package dev.netdial.resolver.message;

import java.util.Map;

/**
 * A DNS response status code; 4 bits in the header, up to 12 bits with the EDNS(0) extension.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code RCode}.
 *
 * @param value the code (0..65535; the header carries its low 4 bits)
 */
public record RCode(int value) {
    /** NoError. */
    public static final RCode SUCCESS = new RCode(0);
    /** FormErr. */
    public static final RCode FORMAT_ERROR = new RCode(1);
    /** ServFail. */
    public static final RCode SERVER_FAILURE = new RCode(2);
    /** NXDomain. */
    public static final RCode NAME_ERROR = new RCode(3);
    /** NotImp. */
    public static final RCode NOT_IMPLEMENTED = new RCode(4);
    /** Refused. */
    public static final RCode REFUSED = new RCode(5);

    private static final Map<Integer, String> NAMES = Map.of(
            0, "RCodeSuccess", 1, "RCodeFormatError", 2, "RCodeServerFailure",
            3, "RCodeNameError", 4, "RCodeNotImplemented", 5, "RCodeRefused");

    /** Checks the value fits Go's {@code uint16}. */
    public RCode {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("rcode out of range: " + value);
        }
    }

    /** The code {@code value} (0..65535). */
    public static RCode of(int value) {
        return new RCode(value);
    }

    /**
     * Go's {@code String()}: {@code "RCodeSuccess"} for known codes, else the decimal value.
     *
     * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code RCode.String}.
     */
    @Override
    public String toString() {
        String n = NAMES.get(value);
        return n != null ? n : Integer.toString(value);
    }

    /**
     * Go's {@code GoString()}.
     *
     * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code RCode.GoString}.
     */
    public String goString() {
        String n = NAMES.get(value);
        return n != null ? "dnsmessage." + n : Integer.toString(value);
    }
}
