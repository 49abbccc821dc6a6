package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.posix.internal.Constants;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The MPTCP availability probe classifies socket(2)'s errors as Go's does: EPROTONOSUPPORT and
 * EINVAL settle "no", success settles "yes", anything else (ENOPROTOOPT of
 * {@code net.mptcp.enabled=0}, EMFILE) is "not now" and the next call probes again.
 *
 * <p>Go: {@code src/net/mptcpsock_linux.go} {@code initMPTCPavailable} (its error switch and the
 * reset {@code mptcpOnce}).
 */
class MptcpProbeTest {

    /** A probe answering {@code errnos} in turn (the last one repeated), counting its calls. */
    private static Mptcp scripted(AtomicInteger calls, Integer... errnos) {
        Deque<Integer> q = new ArrayDeque<>(List.of(errnos));
        return new Mptcp(family -> {
            calls.incrementAndGet();
            return q.size() > 1 ? q.removeFirst() : q.peekFirst();
        });
    }

    @Test
    void notSupportedIsSettled() {
        for (int errno : new int[] {Constants.EPROTONOSUPPORT, Constants.EINVAL}) {
            AtomicInteger calls = new AtomicInteger();
            Mptcp m = scripted(calls, errno, 0);
            assertFalse(m.isAvailable());
            assertFalse(m.isAvailable());
            assertEquals(1, calls.get(), "errno " + errno + " is final: one probe");
        }
    }

    @Test
    void supportedIsSettled() {
        AtomicInteger calls = new AtomicInteger();
        Mptcp m = scripted(calls, 0, Constants.EPROTONOSUPPORT);
        assertTrue(m.isAvailable());
        assertTrue(m.isAvailable());
        assertEquals(1, calls.get());
    }

    @Test
    void otherErrorsRetry() {
        int enoprotoopt = 92;
        int emfile = 24;
        AtomicInteger calls = new AtomicInteger();
        Mptcp m = scripted(calls, enoprotoopt, emfile, 0);
        assertFalse(m.isAvailable(), "ENOPROTOOPT: not now");
        assertFalse(m.isAvailable(), "EMFILE: not now");
        assertTrue(m.isAvailable(), "then the kernel allows it");
        assertTrue(m.isAvailable());
        assertEquals(3, calls.get(), "probed until an answer settled");
    }
}
