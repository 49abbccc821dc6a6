package dev.netdial.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Errors;
import dev.netdial.api.ReadFromResult;
import dev.netdial.api.UDPAddr;
import dev.netdial.testing.Loopback;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1,000 virtual threads, each with its own connected UDP conn, exchange datagrams with one
 * echo socket served by a few virtual threads; every byte of every reply is checked.
 *
 * <p>netdial's own: Go's udpsock_test.go has no concurrency test; this is issue 14's "1,000
 * virtual threads exchanging datagrams", on the poller as {@code TcpSockTest} is for streams.
 */
@Timeout(180)
class UdpStormTest {

    /**
     * 1,000 clients × 8 round trips of 512 random bytes (a 4-byte sequence number first): each
     * reply equals its request. UDP may drop on a full socket buffer even on loopback, so a
     * client resends after 500 ms without a reply (counted, not failed) and ignores stale
     * replies; all 8,000 exchanges complete well within 60 s.
     */
    @Test
    void thousandVirtualThreadsExchangeDatagrams() throws Exception {
        int clients = 1000;
        int rounds = 8;
        int size = 512;
        UDPConn server = UDPConnTest.listenLocal();
        server.setReadBuffer(4 << 20);
        UDPAddr saddr = (UDPAddr) server.localAddr();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        List<Thread> echoers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            echoers.add(Thread.ofVirtual().name("udp-echo-" + i).start(() -> {
                byte[] b = new byte[2048];
                try {
                    for (;;) {
                        ReadFromResult<UDPAddr> r = server.readFromUDP(b);
                        server.writeToUDP(b, 0, r.n(), r.addr());
                    }
                } catch (IOException e) {
                    if (!Errors.isClosed(e)) {
                        errors.add("echo: " + e);
                    }
                }
            }));
        }
        AtomicInteger ok = new AtomicInteger();
        AtomicLong resends = new AtomicLong();
        AtomicLong bytesChecked = new AtomicLong();
        List<Thread> threads = new ArrayList<>(clients);
        long start = System.nanoTime();
        try {
            for (int i = 0; i < clients; i++) {
                int id = i;
                threads.add(Thread.ofVirtual().name("udp-client-" + i).start(() -> {
                    try (UDPConn c = UDPConnTest.dial("udp4", null, saddr)) {
                        byte[] msg = new byte[size];
                        byte[] back = new byte[size + 1];
                        for (int seq = 0; seq < rounds; seq++) {
                            ThreadLocalRandom.current().nextBytes(msg);
                            ByteBuffer.wrap(msg).putInt(0, seq);
                            int tries = 0;
                            for (;;) {
                                if (tries++ > 40) {
                                    errors.add("client " + id + " seq " + seq + ": no reply after 40 tries");
                                    return;
                                }
                                c.write(msg, 0, size);
                                c.setReadDeadline(Instant.now().plusMillis(500));
                                int n;
                                try {
                                    n = readReply(c, back, seq);
                                } catch (IOException e) {
                                    if (Errors.isTimeout(e)) {
                                        resends.incrementAndGet();
                                        continue;
                                    }
                                    throw e;
                                }
                                if (n != size || !Arrays.equals(msg, 0, size, back, 0, size)) {
                                    errors.add("client " + id + " seq " + seq + ": reply of " + n + " bytes differs");
                                    return;
                                }
                                bytesChecked.addAndGet(n);
                                break;
                            }
                        }
                        ok.incrementAndGet();
                    } catch (IOException e) {
                        errors.add("client " + id + ": " + e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join(120_000);
            }
        } finally {
            server.close();
            for (Thread t : echoers) {
                t.join(10_000);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(errors.isEmpty(), errors.size() + " errors, first: " + errors.peek());
        assertEquals(clients, ok.get(), "clients that finished");
        assertEquals((long) clients * rounds * size, bytesChecked.get(), "bytes checked");
        assertTrue(ms < 60_000, clients + " clients took " + ms + " ms (resends " + resends.get() + ")");
    }

    /** Reads replies until the one for {@code seq} (a late reply to an earlier resend is dropped). */
    private static int readReply(UDPConn c, byte[] back, int seq) throws IOException {
        for (;;) {
            int n = c.read(back, 0, back.length);
            if (n >= 4 && ByteBuffer.wrap(back).getInt(0) == seq) {
                return n;
            }
        }
    }
}
