package dev.netdial.testing;

import dev.netdial.api.AddrError;
import dev.netdial.api.CanceledError;
import dev.netdial.api.ContextCanceledError;
import dev.netdial.api.ContextDeadlineExceededError;
import dev.netdial.api.DNSError;
import dev.netdial.api.DeadlineExceededError;
import dev.netdial.api.Errno;
import dev.netdial.api.Errors;
import dev.netdial.api.InvalidAddrError;
import dev.netdial.api.NetClosingError;
import dev.netdial.api.NetException;
import dev.netdial.api.OpError;
import dev.netdial.api.ParseError;
import dev.netdial.api.SyscallError;
import dev.netdial.api.UnknownNetworkError;

import java.util.Set;

/**
 * The error-shape gate: checks that an error a netdial operation threw has the shape Go's would
 * have, and prints exactly what Go's {@code Error()} prints.
 *
 * <p>The shape is three levels deep, as in Go: an {@link OpError} with a non-empty op and net;
 * inside it either a {@link SyscallError} whose {@link Errno} is the third level, or one of the
 * errors or sentinels the operation may return (they differ per operation, as Go's lists do).
 * At each level the message is rebuilt from the fields the way Go's {@code Error()} builds it
 * and must equal {@link Throwable#getMessage()} byte for byte, the OpError's {@code getCause()}
 * must be its {@code err()}, and the OpError's {@code timeout()}/{@code temporary()} must be what
 * Go's would answer for the same fields.
 *
 * <p>Each check returns normally for {@code null} (no error, as Go's {@code parse*Error(nil)})
 * and throws {@link AssertionError} naming the level, the offending type and the full text.
 *
 * <p>Go: {@code src/net/error_test.go} {@code (*OpError).isValid}, {@code parseDialError},
 * {@code parseReadError}, {@code parseWriteError}, {@code parseCloseError},
 * {@code parseAcceptError}, {@code parseCommonError}.
 * <p>Differs: Go's "platform error" ({@code syscall.Errno}) at the 2nd level cannot occur: a
 * Java {@link Errno} is not a {@link Throwable}, and netdial always wraps it in a
 * {@link SyscallError}. Go's {@code io.EOF} from a read is {@code -1} in Java, never an
 * exception, so {@link #checkRead} refuses any non-OpError. Go's plain {@code errors.New}
 * sentinels without a class of their own in netdial ({@code errMissingAddress},
 * {@code errNoSuitableAddress}, {@code ErrWriteToConnected}, {@code io.ErrUnexpectedEOF}) are
 * recognised as a bare {@link NetException} carrying exactly Go's text.
 */
public final class GoErrors {

    /** Which Go parser's rules apply. */
    private enum Op {
        DIAL("parseDialError"),
        READ("parseReadError"),
        WRITE("parseWriteError"),
        CLOSE("parseCloseError"),
        ACCEPT("parseAcceptError"),
        COMMON("parseCommonError");

        final String goName;

        Op(String goName) {
            this.goName = goName;
        }
    }

    /** Go: {@code src/net/net.go} {@code errMissingAddress}. */
    static final String MISSING_ADDRESS = "missing address";
    /** Go: {@code src/net/net.go} {@code errNoSuitableAddress}. */
    static final String NO_SUITABLE_ADDRESS = "no suitable address found";
    /** Go: {@code src/net/net.go} {@code ErrWriteToConnected}. */
    static final String WRITE_TO_CONNECTED = "use of WriteTo with pre-connected connection";
    /** Go: {@code src/io/io.go} {@code ErrUnexpectedEOF}. */
    static final String UNEXPECTED_EOF = "unexpected EOF";

    private GoErrors() {
    }

    /**
     * Checks an error from a dial or listen.
     *
     * <p>Go: {@code src/net/error_test.go} {@code parseDialError}.
     */
    public static void checkDial(Throwable e) {
        check(Op.DIAL, e);
    }

    /**
     * Checks an error from a read.
     *
     * <p>Go: {@code src/net/error_test.go} {@code parseReadError}.
     */
    public static void checkRead(Throwable e) {
        check(Op.READ, e);
    }

    /**
     * Checks an error from a write.
     *
     * <p>Go: {@code src/net/error_test.go} {@code parseWriteError}.
     */
    public static void checkWrite(Throwable e) {
        check(Op.WRITE, e);
    }

    /**
     * Checks an error from {@code close()}, which must also be (or wrap) "use of closed network
     * connection" (go.dev/issue/4373, 19252: programs match that text).
     *
     * <p>Go: {@code src/net/error_test.go} {@code parseCloseError(err, false)}.
     */
    public static void checkClose(Throwable e) {
        checkClose(e, false);
    }

    /**
     * Checks an error from {@code close()} ({@code isShutdown == false}) or from
     * {@code closeRead()}/{@code closeWrite()} ({@code isShutdown == true}, where any errno is fine).
     *
     * <p>Go: {@code src/net/error_test.go} {@code parseCloseError}.
     */
    public static void checkClose(Throwable e, boolean isShutdown) {
        if (e == null) {
            return;
        }
        if (!isShutdown) {
            String m = String.valueOf(e.getMessage());
            if (!m.contains(Errors.NET_CLOSING)) {
                throw fail(Op.CLOSE, e, "error string \"" + m + "\" does not contain \"" + Errors.NET_CLOSING + "\"");
            }
            if (!Errors.isClosed(e)) {
                throw fail(Op.CLOSE, e, "Errors.isClosed(e) is false, want true (Go: errors.Is(err, ErrClosed))");
            }
        }
        check(Op.CLOSE, e);
    }

    /**
     * Checks an error from an accept.
     *
     * <p>Go: {@code src/net/error_test.go} {@code parseAcceptError}.
     */
    public static void checkAccept(Throwable e) {
        check(Op.ACCEPT, e);
    }

    /**
     * Checks an error from any other operation (set options, deadlines, {@code syscallConn}…).
     *
     * <p>Go: {@code src/net/error_test.go} {@code parseCommonError}.
     */
    public static void checkCommon(Throwable e) {
        check(Op.COMMON, e);
    }

    // ---- the three levels ----

    private static void check(Op op, Throwable e) {
        if (e == null) {
            return;
        }
        // 1st level.
        if (!(e instanceof OpError oe)) {
            String hint = op == Op.READ ? " (Go's io.EOF is -1 in Java, never an exception)" : "";
            throw fail(op, e, "unexpected type on 1st nested level: " + e.getClass().getName() + hint);
        }
        isValid(op, oe);
        Throwable nested = oe.err();

        // 2nd level.
        if (nested instanceof SyscallError se) {
            checkSyscallError(op, oe, se);
            return; // 3rd level: the Errno, checked with it.
        }
        if (allowedSecondLevel(op, nested)) {
            checkSentinelText(op, oe, nested);
            return;
        }
        throw fail(op, oe, "unexpected type on 2nd nested level: " + nested.getClass().getName()
                + " (\"" + nested.getMessage() + "\")");
    }

    /** Go: {@code src/net/error_test.go} {@code (*OpError).isValid}, plus the text and flags. */
    private static void isValid(Op op, OpError e) {
        if (e.op() == null || e.op().isEmpty()) {
            throw fail(op, e, "OpError.op is empty");
        }
        if (e.net() == null || e.net().isEmpty()) {
            throw fail(op, e, "OpError.net is empty");
        }
        if (e.err() == null) {
            throw fail(op, e, "OpError.err is null");
        }
        if (e.source() != null && isBlank(e.source().toString())) {
            throw fail(op, e, "OpError.source prints empty: " + e.source().getClass().getName());
        }
        if (e.addr() != null && isBlank(e.addr().toString())) {
            throw fail(op, e, "OpError.addr prints empty: " + e.addr().getClass().getName());
        }
        if (e.getCause() != e.err()) {
            throw fail(op, e, "OpError.getCause() is " + e.getCause() + ", want err() (Go's Unwrap)");
        }
        expectText(op, e, "OpError", opErrorText(e), e.getMessage());
        Boolean timeout = goTimeout(e.err());
        if (timeout != null && e.timeout() != timeout) {
            throw fail(op, e, "OpError.timeout() is " + e.timeout() + ", Go's Timeout() would be " + timeout);
        }
        Boolean temporary = goTemporary(e.op(), e.err());
        if (temporary != null && e.temporary() != temporary) {
            throw fail(op, e, "OpError.temporary() is " + e.temporary() + ", Go's Temporary() would be " + temporary);
        }
    }

    /** Go: {@code src/net/net.go} {@code (*OpError).Error}. */
    static String opErrorText(OpError e) {
        StringBuilder s = new StringBuilder(e.op());
        if (!e.net().isEmpty()) {
            s.append(' ').append(e.net());
        }
        if (e.source() != null) {
            s.append(' ').append(e.source());
        }
        if (e.addr() != null) {
            s.append(e.source() != null ? "->" : " ").append(e.addr());
        }
        return s.append(": ").append(goText(e.err())).toString();
    }

    /**
     * The text Go would print for a 2nd-level error, rebuilt from its fields where it has any
     * (Go: {@code src/net/net.go} {@code (*ParseError).Error}, {@code UnknownNetworkError.Error});
     * else its own message.
     */
    static String goText(Throwable err) {
        if (err instanceof SyscallError se) {
            return syscallText(se);
        }
        if (err instanceof AddrError ae) {
            return addrErrorText(ae);
        }
        if (err instanceof DNSError de) {
            return dnsErrorText(de);
        }
        if (err instanceof ParseError pe) {
            return "invalid " + pe.type() + ": " + pe.text();
        }
        if (err instanceof UnknownNetworkError ue) {
            return "unknown network " + ue.network();
        }
        if (err instanceof NetClosingError) {
            return Errors.NET_CLOSING;
        }
        if (err instanceof DeadlineExceededError) {
            return Errors.DEADLINE_EXCEEDED;
        }
        if (err instanceof CanceledError) {
            return Errors.CANCELED;
        }
        if (err instanceof ContextCanceledError) {
            return ContextCanceledError.MESSAGE;
        }
        if (err instanceof ContextDeadlineExceededError) {
            return ContextDeadlineExceededError.MESSAGE;
        }
        return err.getMessage();
    }

    /** Go: {@code src/os/error.go} {@code (*SyscallError).Error} over {@code syscall.Errno.Error}. */
    static String syscallText(SyscallError se) {
        return se.syscall() + ": " + (se.errno() == null ? "<nil>" : se.errno().message());
    }

    /** Go: {@code src/net/net.go} {@code (*AddrError).Error}. */
    static String addrErrorText(AddrError e) {
        String s = e.err();
        if (e.addr() != null && !e.addr().isEmpty()) {
            s = "address " + e.addr() + ": " + s;
        }
        return s;
    }

    /** Go: {@code src/net/net.go} {@code (*DNSError).Error}. */
    static String dnsErrorText(DNSError e) {
        String s = "lookup " + e.name();
        if (e.server() != null && !e.server().isEmpty()) {
            s += " on " + e.server();
        }
        return s + ": " + e.err();
    }

    private static void checkSyscallError(Op op, OpError oe, SyscallError se) {
        if (se.syscall() == null || se.syscall().isEmpty()) {
            throw fail(op, oe, "SyscallError.syscall is empty");
        }
        if (se.errno() == null) {
            throw fail(op, oe, "unexpected type on 3rd nested level: null errno");
        }
        expectText(op, oe, "SyscallError", syscallText(se), se.getMessage());
        if (se.errno().timeout() != goErrnoTimeout(se.errno())) {
            throw fail(op, oe, "Errno." + se.errno() + ".timeout() is " + se.errno().timeout()
                    + ", Go's Errno.Timeout() is " + goErrnoTimeout(se.errno()));
        }
        if (se.errno().temporary() != goErrnoTemporary(se.errno())) {
            throw fail(op, oe, "Errno." + se.errno() + ".temporary() is " + se.errno().temporary()
                    + ", Go's Errno.Temporary() is " + goErrnoTemporary(se.errno()));
        }
    }

    /** The 2nd-level errors (other than {@link SyscallError}) each Go parser accepts. */
    private static boolean allowedSecondLevel(Op op, Throwable e) {
        boolean closing = e instanceof NetClosingError;
        boolean deadline = e instanceof DeadlineExceededError;
        boolean canceled = e instanceof CanceledError;
        boolean addrish = e instanceof AddrError || e instanceof DNSError || e instanceof InvalidAddrError
                || e instanceof ParseError || e instanceof UnknownNetworkError;
        return switch (op) {
            // *AddrError, *timeoutError, *DNSError, InvalidAddrError, *ParseError,
            // *poll.DeadlineExceededError, UnknownNetworkError; errCanceled, ErrClosed,
            // errMissingAddress, errNoSuitableAddress, context.DeadlineExceeded, context.Canceled.
            case DIAL -> addrish || deadline || canceled || closing
                    || e instanceof ContextDeadlineExceededError || e instanceof ContextCanceledError
                    || bareSentinel(e, Set.of(MISSING_ADDRESS, NO_SUITABLE_ADDRESS));
            // ErrClosed, errTimeout, os.ErrDeadlineExceeded (poll.ErrNotPollable cannot happen).
            case READ, ACCEPT -> closing || deadline;
            // As dial, less errNoSuitableAddress and the context errors, plus errTimeout,
            // os.ErrDeadlineExceeded, ErrWriteToConnected, io.ErrUnexpectedEOF.
            case WRITE -> addrish || deadline || canceled || closing
                    || bareSentinel(e, Set.of(MISSING_ADDRESS, WRITE_TO_CONNECTED, UNEXPECTED_EOF));
            case CLOSE, COMMON -> closing;
        };
    }

    /** A Go {@code errors.New} sentinel: exactly a {@link NetException}, with exactly that text. */
    private static boolean bareSentinel(Throwable e, Set<String> texts) {
        return e.getClass() == NetException.class && texts.contains(e.getMessage());
    }

    private static void checkSentinelText(Op op, OpError oe, Throwable nested) {
        String want = goText(nested);
        if (isBlank(nested.getMessage())) {
            throw fail(op, oe, nested.getClass().getSimpleName() + " has an empty message");
        }
        expectText(op, oe, nested.getClass().getSimpleName(), want, nested.getMessage());
        if (nested instanceof DNSError de && de.timeout() != de.isTimeout()) {
            throw fail(op, oe, "DNSError.timeout() is " + de.timeout() + " but isTimeout() is " + de.isTimeout());
        }
    }

    // ---- Go's Timeout()/Temporary() answers ----

    /** Go: {@code src/syscall/syscall_unix.go} {@code Errno.Timeout}. */
    static boolean goErrnoTimeout(Errno e) {
        return e == Errno.EAGAIN || e == Errno.ETIMEDOUT; // EWOULDBLOCK == EAGAIN on Linux
    }

    /** Go: {@code src/syscall/syscall_unix.go} {@code Errno.Temporary}. */
    static boolean goErrnoTemporary(Errno e) {
        return e == Errno.EINTR || e == Errno.EMFILE || e == Errno.ENFILE || goErrnoTimeout(e);
    }

    /**
     * Go's {@code (*OpError).Timeout} for a wrapped error whose answer this class knows; null
     * for others (not compared).
     */
    static Boolean goTimeout(Throwable err) {
        if (err instanceof SyscallError se) {
            return se.errno() != null && goErrnoTimeout(se.errno());
        }
        if (err instanceof DeadlineExceededError || err instanceof ContextDeadlineExceededError) {
            return true;
        }
        if (err instanceof DNSError de) {
            return de.isTimeout();
        }
        if (err instanceof NetClosingError || err instanceof CanceledError || err instanceof ContextCanceledError
                || err instanceof AddrError || err instanceof UnknownNetworkError || err instanceof InvalidAddrError
                || err instanceof ParseError) {
            return false;
        }
        return null;
    }

    /**
     * Go's {@code (*OpError).Temporary} (with go.dev/issue/6163's accept rule) for a wrapped
     * error whose answer this class knows; null for others.
     */
    static Boolean goTemporary(String op, Throwable err) {
        if (err instanceof SyscallError se && se.errno() != null) {
            if ("accept".equals(op) && (se.errno() == Errno.ECONNRESET || se.errno() == Errno.ECONNABORTED)) {
                return true;
            }
            return goErrnoTemporary(se.errno());
        }
        if (err instanceof DeadlineExceededError || err instanceof ContextDeadlineExceededError) {
            return true;
        }
        if (err instanceof DNSError de) {
            return de.isTimeout() || de.isTemporary();
        }
        if (err instanceof NetClosingError || err instanceof CanceledError || err instanceof ContextCanceledError
                || err instanceof AddrError || err instanceof UnknownNetworkError || err instanceof InvalidAddrError
                || err instanceof ParseError) {
            return false;
        }
        return null;
    }

    // ---- helpers ----

    private static void expectText(Op op, Throwable top, String what, String want, String got) {
        if (!want.equals(got)) {
            throw fail(op, top, what + ".getMessage() is \"" + got + "\", Go's Error() would print \"" + want + "\"");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isEmpty();
    }

    private static AssertionError fail(Op op, Throwable e, String why) {
        AssertionError a = new AssertionError("GoErrors (" + op.goName + "): " + why + "\n  error: "
                + e.getClass().getName() + ": " + e.getMessage());
        a.initCause(e);
        return a;
    }
}
