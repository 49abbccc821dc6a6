package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netdial.api.Listener;
import dev.netdial.api.TCPAddr;
import dev.netdial.resolver.HostsFile;
import dev.netdial.resolver.Resolver;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Happy Eyeballs racer that throws a RuntimeException (a bug in a hook, a Control function, the
 * library) makes the dial throw that same exception, not an IOException that hides it ("dial
 * racer failed"): in Go such a panic would end the program, it is never an ordinary dial error.
 *
 * <p>Go: {@code src/net/dial.go} {@code (*sysDialer).dialParallel} (a goroutine's panic is not
 * recovered).
 */
@Timeout(60)
class RacerExceptionTest {

    private static Resolver twoFamilies() {
        return Resolver.builder().hosts(HostsFile.parse("::1 race.test\n127.0.0.1 race.test\n")).preferGo(true).build();
    }

    @Test
    void primaryRuntimeExceptionPropagates() throws Exception {
        IllegalStateException boom = new IllegalStateException("hook bug");
        try (Listener ln = Net.listen("tcp4", "127.0.0.1:0")) {
            int port = ((TCPAddr) ln.addr()).port();
            Dialer d = Dialer.builder().resolver(twoFamilies()).fallbackDelay(Duration.ofSeconds(5))
                    .hooks(Hooks.NONE.withDialTCP((ctx, net, laddr, raddr) -> {
                        if (raddr.ip() instanceof java.net.Inet6Address) {
                            throw boom;
                        }
                        throw new IOException("the fallback must not be needed");
                    })).build();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.dial("tcp", "race.test:" + port));
            assertSame(boom, e);
        }
    }

    @Test
    void fallbackErrorPropagates() throws Exception {
        AssertionError boom = new AssertionError("an Error in the fallback");
        try (Listener ln = Net.listen("tcp4", "127.0.0.1:0")) {
            int port = ((TCPAddr) ln.addr()).port();
            Dialer d = Dialer.builder().resolver(twoFamilies()).fallbackDelay(Duration.ofMillis(1))
                    .hooks(Hooks.NONE.withDialTCP((ctx, net, laddr, raddr) -> {
                        if (raddr.ip() instanceof java.net.Inet4Address) {
                            throw boom;
                        }
                        long end = System.nanoTime() + 20_000_000_000L; // the primary hangs until cancelled
                        while (!ctx.isDone() && System.nanoTime() < end) {
                            try {
                                Thread.sleep(5);
                            } catch (InterruptedException ie) {
                                Thread.currentThread().interrupt();
                                break;
                            }
                        }
                        throw new IOException("primary cancelled");
                    })).build();
            AssertionError e = assertThrows(AssertionError.class, () -> d.dial("tcp", "race.test:" + port));
            assertSame(boom, e);
        }
    }
}
