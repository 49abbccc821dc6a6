package dev.netdial.resolver.message;

import java.io.IOException;

/**
 * A DNS message that cannot be parsed or packed; the only exception {@link Message#parse} throws,
 * whatever the bytes.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage} (its {@code nestedError} and sentinel errors).
 * <p>Differs: one class with Go's message text instead of one error value per failure, since
 * callers only ever print or rethrow it. The texts are the package-level constants below; a
 * caller that needs Go's {@code err == ErrNotStarted} compares {@link #getMessage()} with
 * {@link #ERR_NOT_STARTED}.
 */
public final class DnsMessageException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Go's {@code ErrNotStarted}: the previous records were not yet parsed, skipped or finished. */
    public static final String ERR_NOT_STARTED = "parsing/packing of this type isn't available yet";
    /** Go's {@code ErrSectionDone}: every record of the section was already parsed or finished. */
    public static final String ERR_SECTION_DONE = "parsing/packing of this section has completed";

    static final String ERR_BASE_LEN = "insufficient data for base length type";
    static final String ERR_CALC_LEN = "insufficient data for calculated length type";
    static final String ERR_RESERVED = "segment prefix is reserved";
    static final String ERR_TOO_MANY_PTR = "too many pointers (>10)";
    static final String ERR_INVALID_PTR = "invalid pointer";
    static final String ERR_INVALID_NAME = "invalid dns name";
    static final String ERR_NIL_RESOURCE_BODY = "nil resource body";
    static final String ERR_RESOURCE_LEN = "insufficient data for resource body length";
    static final String ERR_SEG_TOO_LONG = "segment length too long";
    static final String ERR_NAME_TOO_LONG = "name too long";
    static final String ERR_ZERO_SEG_LEN = "zero length segment";
    static final String ERR_RES_TOO_LONG = "resource length too long";
    static final String ERR_TOO_MANY_QUESTIONS = "too many Questions to pack (>65535)";
    static final String ERR_TOO_MANY_ANSWERS = "too many Answers to pack (>65535)";
    static final String ERR_TOO_MANY_AUTHORITIES = "too many Authorities to pack (>65535)";
    static final String ERR_TOO_MANY_ADDITIONALS = "too many Additionals to pack (>65535)";
    static final String ERR_NON_CANONICAL_NAME = "name is not in canonical format (it must end with a .)";
    static final String ERR_STRING_TOO_LONG = "character string exceeds maximum length (255)";

    /** An error with Go's text, e.g. {@code "too many pointers (>10)"}. */
    public DnsMessageException(String message) {
        super(message);
    }

    /**
     * Go's {@code nestedError}: {@code "<context>: <cause's text>"}, e.g. {@code "unpacking header: insufficient data for base length type"}.
     */
    public DnsMessageException(String context, DnsMessageException cause) {
        super(context + ": " + cause.getMessage(), cause);
    }

    /** Go's {@code nestedError.s} of this error, or {@code null} when it is a plain sentinel. */
    public String context() {
        if (getCause() instanceof DnsMessageException cause) {
            String m = getMessage();
            return m.substring(0, m.length() - cause.getMessage().length() - 2);
        }
        return null;
    }

    static DnsMessageException notStarted() {
        return new DnsMessageException(ERR_NOT_STARTED);
    }

    static DnsMessageException sectionDone() {
        return new DnsMessageException(ERR_SECTION_DONE);
    }
}
