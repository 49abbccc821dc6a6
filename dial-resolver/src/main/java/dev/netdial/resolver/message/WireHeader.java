package dev.netdial.resolver.message;

/**
 * The 12-byte wire header: ID, flag bits and the four section counts.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code header} (the unexported one).
 */
final class WireHeader {
    /** Go's {@code headerLen}: six 16-bit fields. */
    static final int HEADER_LEN = 12;

    int id;
    int bits;
    int questions;
    int answers;
    int authorities;
    int additionals;

    /**
     * The count the header claims for {@code sec}; untrusted, never used to size anything.
     *
     * <p>Go: {@code header.count}.
     */
    int count(Section sec) {
        return switch (sec) {
            case QUESTIONS -> questions;
            case ANSWERS -> answers;
            case AUTHORITIES -> authorities;
            case ADDITIONALS -> additionals;
            default -> 0;
        };
    }

    /**
     * Appends the wire form.
     *
     * <p>Go: {@code header.pack}.
     */
    void pack(PackBuffer msg) {
        msg.appendUint16(id);
        msg.appendUint16(bits);
        msg.appendUint16(questions);
        msg.appendUint16(answers);
        msg.appendUint16(authorities);
        msg.appendUint16(additionals);
    }

    /**
     * Reads the six fields at {@code off} and returns the offset after them.
     *
     * <p>Go: {@code header.unpack}.
     */
    int unpack(byte[] msg, int off) throws DnsMessageException {
        int newOff = off;
        id = field(msg, newOff, "id");
        newOff += 2;
        bits = field(msg, newOff, "bits");
        newOff += 2;
        questions = field(msg, newOff, "questions");
        newOff += 2;
        answers = field(msg, newOff, "answers");
        newOff += 2;
        authorities = field(msg, newOff, "authorities");
        newOff += 2;
        additionals = field(msg, newOff, "additionals");
        newOff += 2;
        return newOff;
    }

    /** One 16-bit count, its name prefixing an error. Go: {@code header.unpack}, each field's {@code nestedError}. */
    private static int field(byte[] msg, int off, String name) throws DnsMessageException {
        try {
            return Wire.unpackUint16(msg, off);
        } catch (DnsMessageException e) {
            throw new DnsMessageException(name, e);
        }
    }

    /**
     * The public view of the ID and flag bits.
     *
     * <p>Go: {@code header.header}.
     */
    Header header() {
        return new Header(
                id,
                (bits & Header.BIT_QR) != 0,
                (bits >>> 11) & 0xF,
                (bits & Header.BIT_AA) != 0,
                (bits & Header.BIT_TC) != 0,
                (bits & Header.BIT_RD) != 0,
                (bits & Header.BIT_RA) != 0,
                (bits & Header.BIT_AD) != 0,
                (bits & Header.BIT_CD) != 0,
                RCode.of(bits & 0xF));
    }
}
