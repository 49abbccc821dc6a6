package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Context;
import dev.netdial.api.DNSError;
import dev.netdial.api.Errors;
import dev.netdial.api.OpError;
import dev.netdial.testing.FakeDnsServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link DNSError}'s cause is a context error and nothing else, as Go's {@code UnwrapErr}: a
 * server that never answers gives a timeout DNSError with no cause (its read deadline is not the
 * caller's context); a caller's context that ends first gives one whose cause is that "i/o
 * timeout" or "operation was canceled".
 *
 * <p>Go: {@code src/net/net.go} {@code newDNSError} ({@code errors.Is(err,
 * context.DeadlineExceeded) || errors.Is(err, context.Canceled)}), {@code (*DNSError).Unwrap}.
 */
@Timeout(60)
class DnsErrorUnwrapTest {

    private static Resolver resolver(FakeDnsServer s) {
        return Resolver.builder().hosts(HostsFile.parse(""))
                .config(DnsConfig.parse("options timeout:1 attempts:1\n", null).withServers(List.of(s.address())))
                .build();
    }

    @Test
    void exchangeTimeoutIsNotWrapped() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of())) {
            DNSError e = assertThrows(DNSError.class, () -> resolver(s).lookupHost(Context.background(), "quiet.test"));
            assertTrue(e.timeout(), () -> "a timeout: " + e);
            assertTrue(e.getMessage().endsWith("i/o timeout"), e::getMessage);
            assertNull(e.getCause(), () -> "the exchange's own deadline is not a context error: " + e.getCause());
            assertFalse(Errors.isContextDeadlineExceeded(e));
        }
    }

    /**
     * The caller's deadline inside the exchange is the socket's read deadline: Go's text names
     * the read, and (its error being {@code os.ErrDeadlineExceeded}) wraps nothing either.
     */
    @Test
    void contextDeadlineDuringExchangeIsTheReadDeadline() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of())) {
            Context ctx = Context.background().withTimeout(Duration.ofMillis(100));
            try {
                DNSError e = assertThrows(DNSError.class, () -> resolver(s).lookupHost(ctx, "quiet.test"));
                assertTrue(e.getMessage().matches("lookup quiet\\.test on 127\\.0\\.0\\.1:\\d+: read udp "
                        + "127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:\\d+: i/o timeout"), e::getMessage);
                assertNull(e.getCause());
            } finally {
                ctx.cancel();
            }
        }
    }

    /** A caller that stops waiting for a shared lookup gets its context's error, wrapped. */
    @Test
    void contextDeadlineWhileWaitingIsWrapped() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of())) {
            Context ctx = Context.background().withTimeout(Duration.ofMillis(100));
            try {
                DNSError e = assertThrows(DNSError.class, () -> resolver(s).lookupIP(ctx, "ip", "quiet.test"));
                assertEquals("lookup quiet.test: i/o timeout", e.getMessage());
                assertNotNull(e.getCause());
                assertTrue(Errors.isTimeout(e) && Errors.isContextDeadlineExceeded(e), () -> "cause " + e.getCause());
            } finally {
                ctx.cancel();
            }
        }
    }

    /** A canceled context fails the exchange's dial; that error, canceled, is the cause. */
    @Test
    void contextCancelIsWrapped() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of())) {
            Context ctx = Context.background().withCancel();
            ctx.cancel();
            DNSError e = assertThrows(DNSError.class, () -> resolver(s).lookupHost(ctx, "quiet.test"));
            assertTrue(e.getMessage().endsWith(": operation was canceled"), e::getMessage);
            assertNotNull(e.getCause());
            assertTrue(Errors.isCanceled(e));
        }
    }

    @Test
    void mapErrTimeoutIsContextDeadline() {
        assertTrue(Errors.isContextDeadlineExceeded(Errors.errTimeout()));
        assertFalse(Errors.isContextDeadlineExceeded(Errors.deadlineExceeded()), "an I/O deadline");
        assertTrue(Errors.isTimeout(Errors.deadlineExceeded()));
        OpError wrapped = new OpError("read", "udp", null, null, Errors.deadlineExceeded());
        DNSError d = LookupErrors.newDNSError(wrapped, "x", "s:53");
        assertNull(d.getCause());
        assertTrue(d.timeout());
        DNSError c = LookupErrors.newDNSError(Errors.errTimeout(), "x", "");
        assertNotNull(c.getCause());
        assertSame(c.getCause().getClass(), Errors.errTimeout().getClass());
    }
}
