package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netdial.api.Context;
import dev.netdial.api.DNSError;
import org.junit.jupiter.api.Test;

/**
 * {@code lookupPort} asks the C library only when Go would: not for a resolver that prefers Go's
 * ({@code preferGo}), nor when {@code netdial.netdns=go}. The C library here has no permits and
 * the context is canceled, so any C call fails at once with "operation was canceled"; Go's path
 * answers from its table, or says "unknown port".
 *
 * <p>Go: {@code src/net/lookup_unix.go} {@code (*Resolver).lookupPort} ({@code !r.preferGo() &&
 * systemConf().canUseCgo()}).
 */
class LookupPortOrderTest {

    private static Resolver resolver(String netdns, boolean preferGo) {
        return new Resolver(HostsFile::empty, new SystemResolver(0), Services.builtin(), Protocols.parse(""),
                new ResolverConfig(), null, null, false, netdns, preferGo);
    }

    private static Context canceled() {
        Context c = Context.background().withCancel();
        c.cancel();
        return c;
    }

    private static String unknownPortError(Resolver r) {
        DNSError e = assertThrows(DNSError.class, () -> r.lookupPort(canceled(), "tcp", "no-such-service-x"));
        return e.getMessage();
    }

    @Test
    void preferGoSkipsTheCLibrary() throws Exception {
        Resolver r = resolver("cgo", true);
        assertEquals("lookup tcp/no-such-service-x: unknown port", unknownPortError(r));
        assertEquals(80, r.lookupPort(canceled(), "tcp", "http"));
    }

    @Test
    void netdnsGoSkipsTheCLibrary() throws Exception {
        Resolver r = resolver("go", false);
        assertEquals("lookup tcp/no-such-service-x: unknown port", unknownPortError(r));
        assertEquals(80, r.lookupPort(canceled(), "tcp", "http"));
    }

    @Test
    void netdnsCgoAsksTheCLibrary() {
        // The control: with the C library chosen, its (canceled) call's error is what comes back.
        assertEquals("lookup tcp/no-such-service-x: operation was canceled", unknownPortError(resolver("cgo", false)));
    }
}
