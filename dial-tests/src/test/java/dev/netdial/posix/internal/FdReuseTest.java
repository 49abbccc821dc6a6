package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.TCPAddr;
import dev.netdial.testing.GoErrors;
import dev.netdial.testing.Loopback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Closing an fd while another thread writes to it must never let that write reach a socket
 * that has since been given the same fd number.
 *
 * <p>Go: {@code src/internal/poll/fd_mutex.go} (close waits for the last reference);
 * Netty {@code AbstractSocketReuseFdTest}; the JDK's {@code preClose} dup2 trick.
 */
class FdReuseTest {

    private static final byte TAG_A = (byte) 0xAA;
    private static final byte TAG_B = 0x55;
    private static final int CONNS_B = 100;
    private static final int BYTES_PER_B = 512;


    /**
     * A writer streams 0xAA bytes on connection A to server S_A; another thread closes A
     * mid-write while 100 new connections to server S_B open (taking the freed fd numbers),
     * each sending only 0x55 bytes, keeping its stream open until A's writer has stopped, and
     * expecting nothing back. S_B's connections must see 0
     * foreign (non-0x55) bytes and exactly what their clients sent; the clients must receive 0
     * bytes; S_A must see only 0xAA; and the writer ends with "use of closed network
     * connection". Several rounds.
     *
     * <p>Go: {@code src/internal/poll/fd_mutex.go} {@code fdMutex} (the guarantee under test);
     * Netty {@code AbstractSocketReuseFdTest}.
     */
    @Test
    void testNoCrosstalk() throws Exception {
        int rounds = NetTest.SHORT ? 2 : 5;
        long foreignAtB = 0;
        long receivedByBClients = 0;
        long foreignAtA = 0;
        int reused = 0;
        List<String> errors = new ArrayList<>();
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            Round r = runRound(round);
            foreignAtB += r.foreignAtB.get();
            receivedByBClients += r.receivedByBClients.get();
            foreignAtA += r.foreignAtA.get();
            reused += r.reusedNumbers.get();
            errors.addAll(r.errors);
            if (r.taggedAtB.get() != (long) CONNS_B * BYTES_PER_B) {
                errors.add("round " + round + ": S_B received " + r.taggedAtB.get() + " 0x55 bytes, want " + CONNS_B * BYTES_PER_B);
            }
            if (r.bytesToA.get() == 0) {
                errors.add("round " + round + ": S_A received nothing before the close");
            }
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String summary = rounds + " rounds in " + ms + " ms: foreign bytes at S_B " + foreignAtB + ", bytes received by S_B's clients "
                + receivedByBClients + ", foreign bytes at S_A " + foreignAtA + ", S_B connections on A's old fd number " + reused
                + ", errors " + errors.size();
        System.out.println("testNoCrosstalk: " + summary);
        assertEquals(0, foreignAtB, summary);
        assertEquals(0, receivedByBClients, summary);
        assertEquals(0, foreignAtA, summary);
        assertTrue(errors.isEmpty(), summary + "\n" + String.join("\n", errors));
    }

    /** What one round saw. */
    private static final class Round {
        final AtomicLong foreignAtB = new AtomicLong();
        final AtomicLong taggedAtB = new AtomicLong();
        final AtomicLong receivedByBClients = new AtomicLong();
        final AtomicLong foreignAtA = new AtomicLong();
        final AtomicLong bytesToA = new AtomicLong();
        final AtomicInteger reusedNumbers = new AtomicInteger();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    }

    private static Round runRound(int round) throws Exception {
        Round r = new Round();
        NetFD lnA = Loopback.listen(Loopback.V4);
        NetFD lnB = Loopback.listen(Loopback.V4);
        NetFD a = null;
        NetFD aServer = null;
        List<Thread> threads = new ArrayList<>();
        try {
            a = Loopback.dial((TCPAddr) lnA.localAddr());
            aServer = lnA.accept();
            lnA.close();
            final NetFD connA = a;
            final NetFD serverA = aServer;
            int aFd = a.pfd().sysfd;

            // S_A drains, so the writer is mostly inside write(2), not waiting.
            threads.add(Thread.ofPlatform().name("fdreuse-drain-a").start(() -> {
                byte[] buf = new byte[64 * 1024];
                try {
                    for (;;) {
                        int n = serverA.read(buf, 0, buf.length);
                        if (n < 0) {
                            return;
                        }
                        r.bytesToA.addAndGet(n);
                        for (int i = 0; i < n; i++) {
                            if (buf[i] != TAG_A) {
                                r.foreignAtA.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    r.errors.add("round " + round + " S_A drain: " + e);
                }
            }));

            // S_B: accept CONNS_B connections, each read to end of stream and counted.
            threads.add(Thread.ofPlatform().name("fdreuse-accept-b").start(() -> {
                List<Thread> handlers = new ArrayList<>();
                try {
                    for (int i = 0; i < CONNS_B; i++) {
                        NetFD s = lnB.accept();
                        if (s.pfd().sysfd == aFd) {
                            r.reusedNumbers.incrementAndGet();
                        }
                        handlers.add(Thread.ofVirtual().name("fdreuse-b-handler").start(() -> serveB(s, r, round)));
                    }
                } catch (Exception e) {
                    r.errors.add("round " + round + " S_B accept: " + e);
                } finally {
                    for (Thread h : handlers) {
                        join(h, r, round);
                    }
                }
            }));

            // The writer: 0xAA chunks on A until A's close stops it.
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch writerDone = new CountDownLatch(1);
            AtomicLong written = new AtomicLong();
            Throwable[] writerEnd = new Throwable[1];
            Thread writer = Thread.ofPlatform().name("fdreuse-writer-a").start(() -> {
                byte[] chunk = new byte[16 * 1024];
                Arrays.fill(chunk, TAG_A);
                try {
                    for (;;) {
                        connA.write(chunk, 0, chunk.length);
                        written.addAndGet(chunk.length);
                        writing.countDown();
                    }
                } catch (Throwable e) {
                    writerEnd[0] = e;
                } finally {
                    writerDone.countDown();
                }
            });
            threads.add(writer);

            // The openers: connections to S_B, racing with A's close for the freed numbers.
            CountDownLatch go = new CountDownLatch(1);
            int openers = 4;
            for (int o = 0; o < openers; o++) {
                threads.add(Thread.ofPlatform().name("fdreuse-opener-" + o).start(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < CONNS_B / openers; i++) {
                            openB((TCPAddr) lnB.localAddr(), aFd, writerDone, r, round);
                        }
                    } catch (Exception e) {
                        r.errors.add("round " + round + " opener: " + e);
                    }
                }));
            }

            if (!writing.await(NetTest.HANG.toSeconds(), TimeUnit.SECONDS)) {
                r.errors.add("round " + round + ": the writer never completed a write");
            }
            go.countDown();
            long pause = ThreadLocalRandom.current().nextLong(0, 2_000_000);
            long until = System.nanoTime() + pause;
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
            connA.close();

            writer.join(NetTest.HANG.toMillis());
            Throwable e = writerEnd[0];
            if (e == null) {
                r.errors.add("round " + round + ": the writer did not end after A's close");
            } else {
                try {
                    NetTest.assertClosed(e, "round " + round + " writer");
                    GoErrors.checkWrite(NetTest.writeError(connA, e));
                } catch (AssertionError ae) {
                    r.errors.add(ae.getMessage());
                }
            }
            for (Thread t : threads) {
                join(t, r, round);
            }
        } finally {
            NetTest.closeAll(a, aServer, lnA, lnB);
            for (Thread t : threads) {
                t.join(NetTest.HANG.toMillis());
            }
        }
        return r;
    }

    /**
     * One S_B client: dial, send tagged bytes, and, once A's writer has stopped (so a stray
     * write of A's would still land in this stream), half-close and expect nothing back.
     */
    private static void openB(TCPAddr addr, int aFd, CountDownLatch writerDone, Round r, int round) throws Exception {
        NetFD c = Loopback.dial(addr);
        try {
            if (c.pfd().sysfd == aFd) {
                r.reusedNumbers.incrementAndGet();
            }
            byte[] b = new byte[BYTES_PER_B];
            Arrays.fill(b, TAG_B);
            c.write(b, 0, b.length);
            if (!writerDone.await(NetTest.HANG.toSeconds(), TimeUnit.SECONDS)) {
                r.errors.add("round " + round + ": A's writer did not stop");
            }
            c.closeWrite();
            byte[] buf = new byte[4096];
            for (;;) {
                int n = c.read(buf, 0, buf.length);
                if (n < 0) {
                    break;
                }
                r.receivedByBClients.addAndGet(n);
            }
        } finally {
            c.close();
        }
    }

    /** One S_B server connection: count tagged and foreign bytes to end of stream. */
    private static void serveB(NetFD s, Round r, int round) {
        byte[] buf = new byte[4096];
        try {
            for (;;) {
                int n = s.read(buf, 0, buf.length);
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == TAG_B) {
                        r.taggedAtB.incrementAndGet();
                    } else {
                        r.foreignAtB.incrementAndGet();
                    }
                }
            }
        } catch (Exception e) {
            r.errors.add("round " + round + " S_B handler: " + e);
        } finally {
            try {
                s.close();
            } catch (Exception e) {
                r.errors.add("round " + round + " S_B close: " + e);
            }
        }
    }

    private static void join(Thread t, Round r, int round) {
        try {
            t.join(NetTest.HANG.toMillis());
            if (t.isAlive()) {
                r.errors.add("round " + round + ": " + t + " did not end:\n" + NetTest.stack(t));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
