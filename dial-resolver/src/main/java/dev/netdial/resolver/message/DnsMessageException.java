package dev.netdial.resolver.message;

import java.io.IOException;

/**
 * A DNS message that cannot be parsed or packed; the only exception {@link Message#parse} throws,
 * whatever the bytes.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage} (its {@code nestedError} and sentinel errors).
 * <p>Differs: one class with Go's message text instead of one error value per failure, since
 * callers only ever print or rethrow it.
 */
public final class DnsMessageException extends IOException {
    private static final long serialVersionUID = 1L;

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
}
