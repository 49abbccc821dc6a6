package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netdial.api.Context;
import dev.netdial.api.Listener;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.testing.Netns;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A listen that fails keeps the address it was for in its error, as Go's does:
 * "listen tcp 127.0.0.1:P: bind: address already in use", "listen tcp :0: …" for the wildcard.
 *
 * <p>Go: {@code src/net/dial.go} {@code (*ListenConfig).Listen} ({@code &OpError{Op: "listen",
 * Net: sl.network, Addr: la, Err: err}}).
 */
class ListenErrorAddrTest {

    @Test
    void addressInUse() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0")) {
            int port = ((TCPAddr) ln.addr()).port();
            OpError e = assertThrows(OpError.class, () -> Net.listen("tcp", "127.0.0.1:" + port));
            assertEquals("listen tcp 127.0.0.1:" + port + ": bind: address already in use", e.getMessage());
            assertEquals("127.0.0.1:" + port, e.addr().toString());
            OpError e4 = assertThrows(OpError.class,
                    () -> new ListenConfig().listen(Context.background(), "tcp4", "127.0.0.1:" + port));
            assertEquals("listen tcp4 127.0.0.1:" + port + ": bind: address already in use", e4.getMessage());
        }
    }

    @Test
    void wildcardKeepsColonZero() throws Exception {
        // A Control hook that fails: the error names the wildcard address as Go prints it.
        ListenConfig lc = ListenConfig.builder().control((network, address, c) -> {
            throw new java.io.IOException("refused by hook");
        }).build();
        OpError e = assertThrows(OpError.class, () -> lc.listen(Context.background(), "tcp", ":0"));
        assertEquals("listen tcp :0: refused by hook", e.getMessage());
    }

    /**
     * Out of fds: {@code Net.listenTCP("tcp", null)} and {@code Net.listen("tcp", ":0")} both say
     * "listen tcp :0: socket: too many open files" (the null address was the one that lost it).
     */
    @Test
    void emfileKeepsWildcardAddress() {
        Netns.assumeAvailable();
        Netns.ProbeResult r = Netns.run(ListenEmfileProbe.class, List.of(Netns.prlimitNofile(512)), List.of(),
                Duration.ofSeconds(60));
        Map<String, Object> j = r.requireJson();
        assertEquals(null, j.get("crash"), () -> String.valueOf(j.get("crash")));
        assertEquals("listen tcp :0: socket: too many open files", j.get("listenTCP"), () -> j.toString());
        assertEquals("listen tcp :0: socket: too many open files", j.get("listen"), () -> j.toString());
    }
}
