package dev.netdial.resolver.message;

import java.util.Objects;

/**
 * The ID and flags of a DNS message (the section counts come from the sections themselves).
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Header}.
 *
 * @param id                 the 16-bit query ID
 * @param response           QR: this is a response
 * @param opCode             the 4-bit operation code
 * @param authoritative      AA
 * @param truncated          TC
 * @param recursionDesired   RD
 * @param recursionAvailable RA
 * @param authenticData      AD (RFC 4035)
 * @param checkingDisabled   CD (RFC 4035)
 * @param rCode              the response code; its low 4 bits go in the header
 */
public record Header(int id, boolean response, int opCode, boolean authoritative, boolean truncated,
        boolean recursionDesired, boolean recursionAvailable, boolean authenticData,
        boolean checkingDisabled, RCode rCode) {

    static final int BIT_QR = 1 << 15;
    static final int BIT_AA = 1 << 10;
    static final int BIT_TC = 1 << 9;
    static final int BIT_RD = 1 << 8;
    static final int BIT_RA = 1 << 7;
    static final int BIT_AD = 1 << 5;
    static final int BIT_CD = 1 << 4;

    /** Go's zero {@code Header{}}: ID 0, no flags, {@code RCodeSuccess}. */
    public static final Header ZERO = new Header(0, false, 0, false, false, false, false, false, false, RCode.SUCCESS);

    /** Checks the ID's range and that the RCode is present. */
    public Header {
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("id out of range: " + id);
        }
        if (opCode < 0 || opCode > 0xFFFF) {
            throw new IllegalArgumentException("opcode out of range: " + opCode);
        }
        Objects.requireNonNull(rCode, "rCode");
    }

    /**
     * The 16-bit flags word. Like Go, an opcode or rcode too wide for its field spills into the
     * neighbouring bits.
     *
     * <p>Go: {@code Header.pack} (its {@code bits} result).
     */
    int packBits() {
        int bits = (opCode << 11 | rCode.value()) & 0xFFFF;
        if (recursionAvailable) {
            bits |= BIT_RA;
        }
        if (recursionDesired) {
            bits |= BIT_RD;
        }
        if (truncated) {
            bits |= BIT_TC;
        }
        if (authoritative) {
            bits |= BIT_AA;
        }
        if (response) {
            bits |= BIT_QR;
        }
        if (authenticData) {
            bits |= BIT_AD;
        }
        if (checkingDisabled) {
            bits |= BIT_CD;
        }
        return bits;
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code Header.GoString}.
     */
    public String goString() {
        return "dnsmessage.Header{ID: " + id + ", Response: " + response + ", OpCode: " + opCode
                + ", Authoritative: " + authoritative + ", Truncated: " + truncated
                + ", RecursionDesired: " + recursionDesired + ", RecursionAvailable: " + recursionAvailable
                + ", AuthenticData: " + authenticData + ", CheckingDisabled: " + checkingDisabled
                + ", RCode: " + rCode.goString() + "}";
    }
}
