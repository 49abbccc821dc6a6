package dev.netdial.tcp;

/**
 * How a "tcp" dial to a host with addresses of both IP families chooses between them.
 *
 * <p>Go: {@code src/net/dial.go} {@code (*sysDialer).dialParallel} (RFC 6555).
 */
public enum HappyEyeballs {
    /**
     * Go's behaviour and the default (RFC 6555): one lookup of both families; the first family
     * of the sorted answer dials its addresses one after another, and the other family starts
     * after the fallback delay (300 ms) or as soon as the first fails.
     */
    RFC6555,
    /**
     * Happy Eyeballs version 2 (RFC 8305): AAAA and A queries sent together; connecting starts on
     * the first AAAA answer, or 50 ms after the A answer when AAAA has not come; addresses
     * interleaved by family, IPv6 first; a new attempt every connection attempt delay (250 ms,
     * {@link Dialer.Builder#connectionAttemptDelay}) while earlier ones stay in flight, and at
     * once when one fails; the first connection wins and the rest are cancelled and closed. The
     * timeout, deadline and context bound the whole. When all attempts fail, the error is the
     * first address's, as Go's, with the others attached as suppressed exceptions. Only "tcp"
     * dials with dual stack on (a fallback delay that is not negative) use it.
     * <p>netdial's own: Go implements RFC 6555 only.
     */
    RFC8305
}
