package dev.netdial.resolver;

import dev.netdial.api.DNSError;
import dev.netdial.api.Errno;
import dev.netdial.api.Errors;
import dev.netdial.api.NetException;
import dev.netdial.api.internal.NetErrors;

/**
 * Go's lookup error values and its {@code newDNSError}: how an underlying error becomes a
 * {@link DNSError} with the right flags.
 *
 * <p>Go: {@code src/net/net.go} {@code newDNSError}, {@code errNoSuchHost},
 * {@code errUnknownPort}; {@code src/net/dnsclient_unix.go} {@code errMalformedDNSRecordsDetail}.
 */
final class LookupErrors {

    /** Go's text of {@code errNoSuchHost}. */
    static final String NO_SUCH_HOST = "no such host";
    /** Go's text of {@code errNoSuitableAddress}. */
    static final String NO_SUITABLE_ADDRESS = "no suitable address found";
    /** Go's text of {@code errMalformedDNSRecordsDetail}. */
    static final String MALFORMED_DNS_RECORDS_DETAIL = "DNS response contained records which contain invalid names";

    private LookupErrors() {
    }

    /**
     * "lookup name: no such host", a not-found error.
     *
     * <p>Go: {@code src/net/net.go} {@code newDNSError(errNoSuchHost, name, server)}.
     */
    static DNSError noSuchHost(String name, String server) {
        return new DNSError(NO_SUCH_HOST, name, server, false, false, true);
    }

    /**
     * A lookup error carrying {@code err}'s text and its timeout/temporary answers; only a
     * context error ("operation was canceled", or the "i/o timeout" of a context's deadline)
     * stays reachable as the cause, so that {@link Errors#isCanceled} and {@link Errors#isTimeout}
     * see it. Any other error (an exchange's read deadline, a refused connection) is kept as
     * text and flags only, as Go's {@code UnwrapErr}.
     *
     * <p>Go: {@code src/net/net.go} {@code newDNSError}.
     */
    static DNSError newDNSError(NetException err, String name, String server) {
        Throwable unwrap = Errors.isCanceled(err) || Errors.isContextDeadlineExceeded(err) ? err : null;
        return new DNSError(unwrap, err.getMessage(), name, server, err.timeout(), err.temporary(), false);
    }

    /**
     * A lookup error carrying an errno's text and its timeout/temporary answers.
     *
     * <p>Go: {@code src/net/net.go} {@code newDNSError} (with a {@code syscall.Errno}).
     */
    static DNSError newDNSError(Errno errno, String name, String server) {
        return new DNSError(errno.message(), name, server, errno.timeout(), errno.temporary(), false);
    }

    /**
     * The error of a C lookup whose context ended first: the context's text mapped ("operation
     * was canceled", "i/o timeout"), a timeout only for a deadline, wrapping nothing.
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code doBlockingWithCtx} (both context cases).
     */
    static DNSError contextDone(java.io.IOException ctxErr, String name) {
        NetException mapped = NetErrors.mapErr(ctxErr);
        return new DNSError(mapped.getMessage(), name, "", Errors.isTimeout(ctxErr), false, false);
    }
}
