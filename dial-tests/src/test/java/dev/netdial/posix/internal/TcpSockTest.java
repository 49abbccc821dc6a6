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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many connections at once through the poller: concurrent dials from virtual threads, and a
 * sustained echo load on platform threads.
 *
 * <p>Go: {@code src/net/tcpsock_test.go}.
 */
class TcpSockTest {

    /**
     * 1,000 virtual threads each dial one loopback listener (served by an accept loop on a
     * virtual thread, one virtual echo thread per connection), write 1 KiB of random bytes,
     * read them back, compare, see end of stream and close: 1,000/1,000 succeed in under 30 s,
     * and the accept loop ends with "use of closed network connection" when the listener closes.
     *
     * <p>Go: {@code src/net/tcpsock_test.go} {@code TestTCPConcurrentAccept} (there: 10 acceptors,
     * 100 sequential dials); docs/ARCHITECTURE.md §3 (ten thousand virtual threads can dial at once).
     */
    @Test
    void testManyConcurrentDials() throws Exception {
        int n = 1000;
        int size = 1024;
        long limitMs = 30_000;
        NetFD ln = Loopback.listen(Loopback.V4);
        TCPAddr addr = (TCPAddr) ln.localAddr();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Thread> echoers = new ConcurrentLinkedQueue<>();
        AtomicInteger accepted = new AtomicInteger();
        Throwable[] acceptEnd = new Throwable[1];
        Thread acceptor = Thread.ofVirtual().name("tcpsock-acceptor").start(() -> {
            try {
                for (;;) {
                    NetFD s = ln.accept();
                    accepted.incrementAndGet();
                    echoers.add(Thread.ofVirtual().name("tcpsock-echo").start(() -> echoOnce(s, size, errors)));
                }
            } catch (Throwable e) {
                acceptEnd[0] = e;
            }
        });

        AtomicInteger ok = new AtomicInteger();
        List<Thread> clients = new ArrayList<>(n);
        long start = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                int id = i;
                clients.add(Thread.ofVirtual().name("tcpsock-client-" + i).start(() -> {
                    byte[] msg = new byte[size];
                    ThreadLocalRandom.current().nextBytes(msg);
                    NetFD c = null;
                    try {
                        c = Loopback.dial(addr);
                        c.write(msg, 0, msg.length);
                        byte[] back = NetTest.readFully(c, size);
                        if (!Arrays.equals(msg, back)) {
                            errors.add("client " + id + ": echo differs");
                            return;
                        }
                        int eof = c.read(new byte[1], 0, 1);
                        if (eof != -1) {
                            errors.add("client " + id + ": read after the echo returned " + eof + ", want -1");
                            return;
                        }
                        ok.incrementAndGet();
                    } catch (Throwable e) {
                        errors.add("client " + id + ": " + e);
                    } finally {
                        if (c != null) {
                            try {
                                c.close();
                            } catch (Exception e) {
                                errors.add("client " + id + " close: " + e);
                            }
                        }
                    }
                }));
            }
            for (Thread t : clients) {
                t.join(limitMs + 10_000);
            }
        } finally {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            ln.close();
            acceptor.join(NetTest.HANG.toMillis());
            for (Thread t : echoers) {
                t.join(NetTest.HANG.toMillis());
            }
            String summary = ok.get() + "/" + n + " dials echoed 1 KiB in " + ms + " ms (" + accepted.get() + " accepted), "
                    + errors.size() + " errors";
            System.out.println("testManyConcurrentDials: " + summary);
            List<String> shown = errors.stream().limit(20).toList();
            assertTrue(errors.isEmpty(), summary + "\n" + String.join("\n", shown));
            assertEquals(n, ok.get(), summary);
            assertEquals(n, accepted.get(), summary);
            assertTrue(ms < limitMs, summary + ": over " + limitMs + " ms");
            NetTest.assertClosed(acceptEnd[0], "the accept loop after the listener closed");
            GoErrors.checkAccept(NetTest.acceptError(ln, acceptEnd[0]));
            for (Thread t : clients) {
                assertTrue(!t.isAlive(), t + " is still running");
            }
        }
    }

    /** Echoes exactly {@code size} bytes, then closes. */
    private static void echoOnce(NetFD s, int size, ConcurrentLinkedQueue<String> errors) {
        try {
            byte[] b = NetTest.readFully(s, size);
            s.write(b, 0, b.length);
        } catch (Throwable e) {
            errors.add("echo " + s + ": " + e);
        } finally {
            try {
                s.close();
            } catch (Exception e) {
                errors.add("echo close: " + e);
            }
        }
    }

    /**
     * 10 connections each send 1,000 messages of 64 bytes (100 in the short run) and read each
     * echo back before the next, all on platform threads: every echo is intact and nothing
     * fails; the accept loop ends with "use of closed network connection".
     *
     * <p>Go: {@code src/net/tcpsock_test.go} {@code TestTCPStress} (there 2 connections of 10,000
     * messages of 512 bytes, 100 in the short run).
     */
    @Test
    void testTCPStress() throws Exception {
        int conns = 10;
        int msgLen = 64;
        int msgs = NetTest.SHORT ? 100 : 1000;
        NetFD ln = Loopback.listen(Loopback.V4);
        TCPAddr addr = (TCPAddr) ln.localAddr();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Thread> servers = new ConcurrentLinkedQueue<>();
        Throwable[] acceptEnd = new Throwable[1];
        Thread acceptor = Thread.ofPlatform().name("tcpstress-acceptor").start(() -> {
            try {
                for (;;) {
                    NetFD s = ln.accept();
                    servers.add(Thread.ofPlatform().name("tcpstress-server").start(() -> {
                        try {
                            for (int m = 0; m < msgs; m++) {
                                byte[] b = NetTest.readFully(s, msgLen);
                                s.write(b, 0, b.length);
                            }
                        } catch (Throwable e) {
                            errors.add("server: " + e);
                        } finally {
                            try {
                                s.close();
                            } catch (Exception e) {
                                errors.add("server close: " + e);
                            }
                        }
                    }));
                }
            } catch (Throwable e) {
                acceptEnd[0] = e;
            }
        });

        AtomicInteger echoed = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < conns; i++) {
                int id = i;
                clients.add(Thread.ofPlatform().name("tcpstress-client-" + i).start(() -> {
                    NetFD c = null;
                    try {
                        c = Loopback.dial(addr);
                        byte[] msg = new byte[msgLen];
                        for (int m = 0; m < msgs; m++) {
                            ThreadLocalRandom.current().nextBytes(msg);
                            msg[0] = (byte) id;
                            msg[1] = (byte) m;
                            c.write(msg, 0, msg.length);
                            byte[] back = NetTest.readFully(c, msgLen);
                            if (!Arrays.equals(msg, back)) {
                                errors.add("client " + id + " message " + m + ": echo differs");
                                return;
                            }
                            echoed.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        errors.add("client " + id + ": " + e);
                    } finally {
                        if (c != null) {
                            try {
                                c.close();
                            } catch (Exception e) {
                                errors.add("client " + id + " close: " + e);
                            }
                        }
                    }
                }));
            }
            for (Thread t : clients) {
                t.join(60_000);
            }
        } finally {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            ln.close();
            acceptor.join(NetTest.HANG.toMillis());
            for (Thread t : servers) {
                t.join(NetTest.HANG.toMillis());
            }
            String summary = echoed.get() + "/" + conns * msgs + " messages of " + msgLen + " bytes echoed over " + conns
                    + " connections in " + ms + " ms, " + errors.size() + " errors";
            System.out.println("testTCPStress: " + summary);
            assertTrue(errors.isEmpty(), summary + "\n" + String.join("\n", errors.stream().limit(20).toList()));
            assertEquals(conns * msgs, echoed.get(), summary);
            NetTest.assertClosed(acceptEnd[0], "the accept loop after the listener closed");
            GoErrors.checkAccept(NetTest.acceptError(ln, acceptEnd[0]));
        }
    }
}
