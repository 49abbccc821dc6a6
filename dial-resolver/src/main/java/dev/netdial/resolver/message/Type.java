package dev.netdial.resolver.message;

import java.util.Map;

/**
 * The type of a DNS resource record or question (IANA "Resource Record (RR) TYPEs").
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Type}.
 *
 * @param value the 16-bit wire value
 */
public record Type(int value) {
    /** IPv4 address. */
    public static final Type A = new Type(1);
    /** Name server. */
    public static final Type NS = new Type(2);
    /** Canonical name. */
    public static final Type CNAME = new Type(5);
    /** Start of authority. */
    public static final Type SOA = new Type(6);
    /** Domain name pointer. */
    public static final Type PTR = new Type(12);
    /** Mail exchange. */
    public static final Type MX = new Type(15);
    /** Text strings. */
    public static final Type TXT = new Type(16);
    /** IPv6 address. */
    public static final Type AAAA = new Type(28);
    /** Service location. */
    public static final Type SRV = new Type(33);
    /** EDNS(0) pseudo record. */
    public static final Type OPT = new Type(41);
    /** Service binding (parsed as {@link UnknownResource} here). */
    public static final Type SVCB = new Type(64);
    /** HTTPS service binding (parsed as {@link UnknownResource} here). */
    public static final Type HTTPS = new Type(65);
    /** Well-known services (questions only). */
    public static final Type WKS = new Type(11);
    /** Host information (questions only). */
    public static final Type HINFO = new Type(13);
    /** Mailbox information (questions only). */
    public static final Type MINFO = new Type(14);
    /** Zone transfer (questions only). */
    public static final Type AXFR = new Type(252);
    /** Any type (questions only). */
    public static final Type ALL = new Type(255);

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "TypeA"), Map.entry(2, "TypeNS"), Map.entry(5, "TypeCNAME"),
            Map.entry(6, "TypeSOA"), Map.entry(12, "TypePTR"), Map.entry(15, "TypeMX"),
            Map.entry(16, "TypeTXT"), Map.entry(28, "TypeAAAA"), Map.entry(33, "TypeSRV"),
            Map.entry(41, "TypeOPT"), Map.entry(64, "TypeSVCB"), Map.entry(65, "TypeHTTPS"),
            Map.entry(11, "TypeWKS"), Map.entry(13, "TypeHINFO"), Map.entry(14, "TypeMINFO"),
            Map.entry(252, "TypeAXFR"), Map.entry(255, "TypeALL"));

    /** Checks the value fits the 16-bit wire field. */
    public Type {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("type out of range: " + value);
        }
    }

    /** The type with wire value {@code value} (0..65535). */
    public static Type of(int value) {
        return new Type(value);
    }

    /**
     * Go's {@code String()}: {@code "TypeA"} for known types, else the decimal value.
     *
     * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Type.String}.
     */
    @Override
    public String toString() {
        String n = NAMES.get(value);
        return n != null ? n : Integer.toString(value);
    }

    /**
     * Go's {@code GoString()}: {@code "dnsmessage.TypeA"} for known types, else the decimal value.
     *
     * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Type.GoString}.
     */
    public String goString() {
        String n = NAMES.get(value);
        return n != null ? "dnsmessage." + n : Integer.toString(value);
    }
}
