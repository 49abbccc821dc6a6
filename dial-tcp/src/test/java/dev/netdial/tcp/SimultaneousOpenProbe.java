package dev.netdial.tcp;

import dev.netdial.api.Conn;
import dev.netdial.api.TCPAddr;
import dev.netdial.testing.Loopback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The probe JVM of {@link SelfConnectTest#testSimultaneousOpenNetns}, run in a namespace whose
 * output chain drops every TCP RST ({@link NftRules#dropRst()}): two Dialers with fixed local
 * ports PA and PB dial each other at once, with no listener anywhere. A SYN that arrives before
 * the other side has its socket would be answered by a RST; with the RST dropped it is simply
 * lost, the other side's SYN meets a socket in SYN_SENT, and TCP's simultaneous open connects
 * both. Each side then sends a line and reads the other's.
 *
 * <p>Args: {@code rounds basePort}; round k uses PA = base + 2k, PB = PA + 1. Keys:
 * {@code rounds} (a list, per round: {@code a} and {@code b}, each with {@code ok},
 * {@code local}, {@code remote}, {@code got} (the line read) or {@code error};
 * {@code elapsedMillis}), {@code socketFdsBefore}, {@code socketFdsAfter}; {@code crash} on
 * failure.
 */
public final class SimultaneousOpenProbe {

    private SimultaneousOpenProbe() {
    }

    public static void main(String[] args) {
        ProbeSupport.main(out -> {
            int rounds = Integer.parseInt(args[0]);
            int base = Integer.parseInt(args[1]);
            out.put("socketFdsBefore", ProbeSupport.socketFds());
            List<Object> rs = new ArrayList<>();
            for (int k = 0; k < rounds; k++) {
                rs.add(round(base + 2 * k, base + 2 * k + 1));
            }
            out.put("rounds", rs);
            out.put("socketFdsAfter", ProbeSupport.socketFds());
        });
    }

    private static Map<String, Object> round(int pa, int pb) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch dialed = new CountDownLatch(2);
        Map<String, Object> a = new LinkedHashMap<>();
        Map<String, Object> b = new LinkedHashMap<>();
        Thread ta = Thread.ofPlatform().name("probe-a").start(() -> side(pa, pb, "from A", start, dialed, a));
        Thread tb = Thread.ofPlatform().name("probe-b").start(() -> side(pb, pa, "from B", start, dialed, b));
        long t0 = System.nanoTime();
        start.countDown();
        ta.join(TimeUnit.SECONDS.toMillis(20));
        tb.join(TimeUnit.SECONDS.toMillis(20));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", a);
        m.put("b", b);
        m.put("elapsedMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return m;
    }

    /**
     * One side: dials {@code to} from {@code from}, waits until both sides are connected (so
     * neither closes early), sends {@code line} and reads the peer's line.
     */
    private static void side(int from, int to, String line, CountDownLatch start, CountDownLatch dialed,
                             Map<String, Object> out) {
        Dialer d = Dialer.builder().localAddr(new TCPAddr(Loopback.V4, from)).timeout(Duration.ofSeconds(10)).build();
        Conn c = null;
        try {
            start.await();
            c = d.dial("tcp", "127.0.0.1:" + to);
            out.put("local", c.localAddr().toString());
            out.put("remote", c.remoteAddr().toString());
            dialed.countDown();
            dialed.await(15, TimeUnit.SECONDS);
            byte[] msg = (line + "\n").getBytes(StandardCharsets.US_ASCII);
            c.write(msg, 0, msg.length);
            StringBuilder got = new StringBuilder();
            byte[] one = new byte[1];
            while (got.length() < 64) {
                int n = c.read(one, 0, 1);
                if (n < 0 || one[0] == '\n') {
                    break;
                }
                got.append((char) one[0]);
            }
            out.put("got", got.toString());
            out.put("ok", true);
        } catch (IOException | InterruptedException e) {
            dialed.countDown();
            out.put("ok", false);
            out.put("error", String.valueOf(e.getMessage()));
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    out.put("closeError", e.getMessage());
                }
            }
        }
    }
}
