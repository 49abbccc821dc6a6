package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Context;
import dev.netdial.api.Errors;
import dev.netdial.tcp.Dialer;
import dev.netdial.testing.FakeDnsServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Thread.interrupt()} of a thread inside name resolution cancels the lookup, and the dial
 * that asked for it, as promptly as an interrupted connect: "operation was canceled" in Go's
 * shape for a cancelled context, interrupt status kept (issue 16: the thread waited for the DNS
 * timeout, 5 s).
 *
 * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).lookupIPAddr} (its {@code ctx.Done()}
 * case). Java's interrupt has no Go counterpart; it acts as a cancelled context.
 */
@Timeout(60)
class LookupInterruptTest {

    private static final String HOST = "www.example.com.";
    /** Loose, as Go's time bounds: the DNS timeout it replaces is 5 s. */
    private static final long BOUND_MILLIS = 1_000;

    /** A resolver asking {@code s} only, 5 s per attempt, two attempts. */
    private static Resolver resolver(FakeDnsServer s) {
        return Resolver.builder().hosts(HostsFile.parse("")).preferGo(true)
                .config(DnsConfig.parse("options timeout:5 attempts:2\n", null).withServers(List.of(s.address())))
                .build();
    }

    @FunctionalInterface
    private interface Call {
        void run() throws IOException;
    }

    /** Runs {@code call} on a thread, interrupts it once the server saw its queries; its error. */
    private static IOException interrupted(FakeDnsServer s, Call call) throws Exception {
        return interrupted(s, Thread.ofPlatform().name("lookup-caller"), call);
    }

    /** The same on a thread from {@code builder}. */
    private static IOException interrupted(FakeDnsServer s, Thread.Builder builder, Call call) throws Exception {
        IOException[] err = new IOException[1];
        boolean[] stillInterrupted = new boolean[1];
        long[] doneAt = new long[1];
        Thread t = builder.start(() -> {
            try {
                call.run();
            } catch (IOException e) {
                err[0] = e;
            }
            doneAt[0] = System.nanoTime();
            stillInterrupted[0] = Thread.currentThread().isInterrupted();
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.queries().size() < 2) {
            assertTrue(System.nanoTime() < end, "the lookup never reached the server");
            Thread.sleep(5);
        }
        Thread.sleep(50); // let it settle into its wait
        long at = System.nanoTime();
        t.interrupt();
        t.join(Duration.ofSeconds(20));
        assertFalse(t.isAlive());
        long ms = TimeUnit.NANOSECONDS.toMillis(doneAt[0] - at);
        System.out.printf("interrupted lookup (%s thread) returned after %d ms%n",
                t.isVirtual() ? "virtual" : "platform", ms);
        assertTrue(ms < BOUND_MILLIS, "returned after " + ms + " ms");
        assertTrue(stillInterrupted[0], "interrupt status kept");
        assertNotNull(err[0], "the call failed");
        assertTrue(Errors.isCanceled(err[0]), err[0].toString());
        return err[0];
    }

    /**
     * The lookup runs on the caller (a context that never ends; platform and virtual caller) or
     * on its own thread (a deadline). A platform thread sees its interrupt within PollDesc's
     * 50 ms slice; a virtual thread at once.
     */
    @Test
    void lookupIP() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of())) {
            Resolver r = resolver(s);
            IOException e = interrupted(s, () -> r.lookupIP(Context.background(), "ip", HOST));
            assertEquals("lookup " + HOST + ": operation was canceled", e.getMessage());
        }
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of())) {
            Resolver r = resolver(s);
            IOException e = interrupted(s, Thread.ofVirtual().name("lookup-caller"),
                    () -> r.lookupIP(Context.background(), "ip", HOST));
            assertEquals("lookup " + HOST + ": operation was canceled", e.getMessage());
        }
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of())) {
            Resolver r = resolver(s);
            Context ctx = Context.background().withTimeout(Duration.ofSeconds(30));
            try {
                IOException e = interrupted(s, () -> r.lookupIP(ctx, "ip", HOST));
                assertEquals("lookup " + HOST + ": operation was canceled", e.getMessage());
            } finally {
                ctx.cancel();
            }
        }
    }

    @Test
    void dial() throws Exception {
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of())) {
            Dialer d = Dialer.builder().resolver(resolver(s)).build();
            IOException e = interrupted(s, () -> d.dial("tcp", HOST + ":80").close());
            assertEquals("dial tcp: lookup " + HOST + ": operation was canceled", e.getMessage());
        }
        try (FakeDnsServer s = FakeDnsServer.start(q -> List.of())) {
            Dialer d = Dialer.builder().resolver(resolver(s)).timeout(Duration.ofSeconds(30)).build();
            IOException e = interrupted(s, () -> d.dial("tcp", HOST + ":80").close());
            assertEquals("dial tcp: lookup " + HOST + ": operation was canceled", e.getMessage());
        }
    }
}
