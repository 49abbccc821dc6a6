package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 1,000 virtual threads on loopback (500 clients, 500 echo servers) echo 1 KiB messages while
 * connections are closed at random moments and reads carry random deadlines, under both poller
 * modes: every operation ends with its bytes or with a Go error (closed, timeout, reset, EOF),
 * and one that times out does so within a loose bound of its deadline; every thread finishes and
 * every fd is closed (the leak gates check the class).
 *
 * <p>Go: {@code src/net/timeout_test.go} {@code TestReadWriteDeadlineRace},
 * {@code src/net/net_test.go} {@code TestCloseUnblocksRead} (the errors), run as a storm.
 */
class PollerEchoStormTest {
    private static final int PAIRS = 500;
    private static final int MSG = 1024;
    private static final int ROUNDS = 6;
    /** How late a timed-out read may return after its deadline (loose, as Go's). */
    private static final long LATE_MS = 1_500;
    private static final Set<String> GO_ERRORS = Set.of(
            "use of closed network connection", "i/o timeout",
            "read: connection reset by peer", "write: connection reset by peer", "write: broken pipe");

    @ParameterizedTest
    @MethodSource("dev.netdial.posix.internal.PollerCase#all")
    void testEchoStormWithClosesAndDeadlines(PollerCase c) throws Exception {
        EpollPoller poller = c.newPoller("netdial-poller-storm-");
        List<PollFD[]> pairs = new ArrayList<>();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(2 * PAIRS);
        try {
            for (int i = 0; i < PAIRS; i++) {
                pairs.add(PollerPair.open(poller));
            }
            for (PollFD[] p : pairs) {
                Thread.ofVirtual().start(() -> {
                    try {
                        echo(p[1]);
                    } finally {
                        done.countDown();
                    }
                });
                Thread.ofVirtual().start(() -> {
                    try {
                        client(p[0], outcomes, problems);
                    } finally {
                        done.countDown();
                    }
                });
            }
            // Random closes: a tenth of the connections, client or server side, while in flight.
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < PAIRS / 10; i++) {
                Thread.sleep(rnd.nextInt(3));
                PollFD[] p = pairs.get(rnd.nextInt(PAIRS));
                try {
                    p[rnd.nextInt(2)].close();
                } catch (IOException e) {
                    assertEquals("use of closed network connection", e.getMessage());
                }
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "threads still running: " + done.getCount());
        } finally {
            for (PollFD[] p : pairs) {
                PollerPair.closeAll(p);
            }
            poller.shutdown();
        }
        System.out.println("echo storm, " + c + ": " + outcomes);
        assertEquals(List.of(), problems);
        assertTrue(outcomes.getOrDefault("ok", new AtomicInteger()).get() > PAIRS,
                "too few echoes completed: " + outcomes);
    }

    /** Echoes until EOF or an error (either ends it). */
    private static void echo(PollFD fd) {
        byte[] buf = new byte[MSG];
        try {
            for (;;) {
                int n = fd.read(buf, 0, buf.length);
                if (n < 0) {
                    fd.close();
                    return;
                }
                fd.write(buf, 0, n);
            }
        } catch (IOException e) {
            PollerPair.closeAll(fd);
        }
    }

    /** Sends ROUNDS messages, each read back with a random deadline (or none). */
    private static void client(PollFD fd, Map<String, AtomicInteger> outcomes, List<String> problems) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        byte[] msg = new byte[MSG];
        byte[] got = new byte[MSG];
        try {
            for (int round = 0; round < ROUNDS; round++) {
                rnd.nextBytes(msg);
                long deadlineMs = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(50) : -1;
                long start = System.nanoTime();
                String outcome;
                try {
                    fd.setDeadline(deadlineMs < 0 ? null : Instant.now().plusMillis(deadlineMs), true, true);
                    fd.write(msg, 0, MSG);
                    int off = 0;
                    while (off < MSG) {
                        int n = fd.read(got, off, MSG - off);
                        if (n < 0) {
                            throw new java.io.EOFException("EOF");
                        }
                        off += n;
                    }
                    if (!Arrays.equals(msg, got)) {
                        problems.add("echo came back different");
                    }
                    outcome = "ok";
                } catch (java.io.EOFException e) {
                    outcome = "EOF";
                } catch (IOException e) {
                    outcome = e.getMessage();
                    if (!GO_ERRORS.contains(outcome)) {
                        problems.add("unexpected error: " + e);
                    }
                }
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (outcome.equals("i/o timeout") && ms > deadlineMs + LATE_MS) {
                    problems.add("timed out " + ms + " ms after a " + deadlineMs + " ms deadline");
                }
                if (outcome.equals("i/o timeout") && deadlineMs < 0) {
                    problems.add("timed out without a deadline");
                }
                outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                if (!outcome.equals("ok")) {
                    PollerPair.closeAll(fd);
                    return;
                }
            }
            fd.close();
        } catch (IOException e) {
            PollerPair.closeAll(fd);
        }
    }
}
