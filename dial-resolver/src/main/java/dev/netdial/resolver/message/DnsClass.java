package dev.netdial.resolver.message;

import java.util.Map;

/**
 * The class (network) of a DNS resource record or question.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Class}.
 * <p>Differs: named {@code DnsClass} so that it does not shadow {@link java.lang.Class}.
 *
 * @param value the 16-bit wire value (an OPT record keeps its UDP payload size here)
 */
public record DnsClass(int value) {
    /** The Internet. */
    public static final DnsClass INET = new DnsClass(1);
    /** CSNET (obsolete). */
    public static final DnsClass CSNET = new DnsClass(2);
    /** Chaos. */
    public static final DnsClass CHAOS = new DnsClass(3);
    /** Hesiod. */
    public static final DnsClass HESIOD = new DnsClass(4);
    /** Any class (questions only). */
    public static final DnsClass ANY = new DnsClass(255);

    private static final Map<Integer, String> NAMES = Map.of(
            1, "ClassINET", 2, "ClassCSNET", 3, "ClassCHAOS", 4, "ClassHESIOD", 255, "ClassANY");

    /** Checks the value fits the 16-bit wire field. */
    public DnsClass {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("class out of range: " + value);
        }
    }

    /** The class with wire value {@code value} (0..65535). */
    public static DnsClass of(int value) {
        return new DnsClass(value);
    }

    /**
     * Go's {@code String()}: {@code "ClassINET"} for known classes, else the decimal value.
     *
     * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Class.String}.
     */
    @Override
    public String toString() {
        String n = NAMES.get(value);
        return n != null ? n : Integer.toString(value);
    }

    /**
     * Go's {@code GoString()}.
     *
     * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Class.GoString}.
     */
    public String goString() {
        String n = NAMES.get(value);
        return n != null ? "dnsmessage." + n : Integer.toString(value);
    }
}
