package dev.netdial.tcp;

import dev.netdial.api.Context;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.testing.GoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The probe JVM of {@link UserTimeoutTest}, in a namespace whose nft table {@value NftRules#TABLE}
 * has an empty output chain. Each case opens a connection on its own listener, then adds nft
 * rules dropping every packet to or from that listener's port, and writes 8 MiB on one end: the
 * data is never acknowledged, the send buffer fills, and the write blocks until the kernel gives
 * up on the connection.
 *
 * <p>Args: {@code userTimeoutMillis controlWaitMillis}. Keys: {@code cases}, per case
 * ("dialer": the Dialer's user timeout, the dialing end writes; "listenConfig": the
 * ListenConfig's, the accepted end writes; "setUserTimeout": TCPConn's setter on a plain dialed
 * conn; "none": no user timeout, the control), with {@code kernelMillis} (the writer's
 * TCP_USER_TIMEOUT read back before the drop), {@code elapsedMillis} (write start to failure),
 * {@code written}, {@code error} (its text), {@code errno}, {@code timeout}, {@code shape}
 * ({@link GoErrors#checkWrite}: "ok" or the complaint); for "none", {@code stillBlocked} (the
 * write had not returned after controlWaitMillis) and {@code errorAfterClose}. Also
 * {@code socketFdsBefore}/{@code socketFdsAfter}, and {@code crash} on failure.
 */
public final class UserTimeoutProbe {
    /** More than any send buffer holds when nothing is acknowledged: the write must block. */
    private static final int WRITE_BYTES = 8 << 20;

    private UserTimeoutProbe() {
    }

    public static void main(String[] args) {
        ProbeSupport.main(out -> {
            Duration ut = Duration.ofMillis(Long.parseLong(args[0]));
            long controlWait = Long.parseLong(args[1]);
            out.put("socketFdsBefore", ProbeSupport.socketFds());
            Map<String, Object> cases = new LinkedHashMap<>();
            cases.put("dialer", run(Dialer.builder().userTimeout(ut).build(), new ListenConfig(), null, true, -1));
            cases.put("listenConfig", run(new Dialer(), ListenConfig.builder().userTimeout(ut).build(), null, false, -1));
            cases.put("setUserTimeout", run(new Dialer(), new ListenConfig(), ut, true, -1));
            cases.put("none", run(new Dialer(), new ListenConfig(), null, true, controlWait));
            out.put("cases", cases);
            out.put("socketFdsAfter", ProbeSupport.socketFds());
        });
    }

    /**
     * One case: connect, drop the connection's packets, write on the dialing end ({@code dialSide})
     * or the accepted one, and describe how the write ended. {@code set} is applied with
     * {@link TCPConn#setUserTimeout} first when not null. A non-negative {@code controlWait}
     * expects the write still blocked after that many ms, then closes the writer to end it.
     */
    private static Map<String, Object> run(Dialer d, ListenConfig lc, Duration set, boolean dialSide, long controlWait)
            throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        try (TCPListener ln = (TCPListener) lc.listen(Context.background(), "tcp4", "127.0.0.1:0");
                TCPConn dialed = (TCPConn) d.dial("tcp4", ln.addr().toString());
                TCPConn accepted = ln.acceptTCP()) {
            TCPConn w = dialSide ? dialed : accepted;
            if (set != null) {
                w.setUserTimeout(set);
            }
            m.put("kernelMillis", w.userTimeout().toMillis());
            int port = ((TCPAddr) ln.addr()).port();
            nft("add", "rule", "inet", NftRules.TABLE, "out", "tcp", "dport", Integer.toString(port), "drop");
            nft("add", "rule", "inet", NftRules.TABLE, "out", "tcp", "sport", Integer.toString(port), "drop");
            try {
                long t0 = System.nanoTime();
                CompletableFuture<Throwable> write = CompletableFuture.supplyAsync(() -> {
                    try {
                        w.write(new byte[WRITE_BYTES], 0, WRITE_BYTES);
                        return null;
                    } catch (Throwable t) {
                        return t;
                    }
                }, r -> Thread.ofPlatform().name("user-timeout-writer").start(r));
                Throwable err;
                if (controlWait >= 0) {
                    boolean blocked;
                    try {
                        write.get(controlWait, TimeUnit.MILLISECONDS);
                        blocked = false;
                    } catch (TimeoutException e) {
                        blocked = true;
                    }
                    m.put("stillBlocked", blocked);
                    w.close();
                    err = write.get(10, TimeUnit.SECONDS);
                    m.put("errorAfterClose", err == null ? null : err.getMessage());
                    return m;
                }
                err = write.get(60, TimeUnit.SECONDS);
                m.put("elapsedMillis", (System.nanoTime() - t0) / 1_000_000);
                if (err == null) {
                    m.put("error", null);
                    return m;
                }
                m.put("error", err.getMessage());
                m.put("written", err instanceof OpError op ? op.bytesTransferred() : -1L);
                m.putAll(pick(ProbeSupport.describe(err), "errno", "timeout"));
                try {
                    GoErrors.checkWrite(err);
                    m.put("shape", "ok");
                } catch (AssertionError a) {
                    m.put("shape", a.getMessage());
                }
            } finally {
                nft("flush", "chain", "inet", NftRules.TABLE, "out");
            }
        }
        return m;
    }

    private static Map<String, Object> pick(Map<String, Object> from, String... keys) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : keys) {
            m.put(k, from.get(k));
        }
        return m;
    }

    /** Runs {@code nft ARGS} in this namespace (the probe is its root), failing unless it exits 0. */
    private static void nft(String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(concat("nft", args)).redirectErrorStream(true);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("nft " + String.join(" ", args) + " failed: " + text);
        }
    }

    private static List<String> concat(String first, String... rest) {
        java.util.ArrayList<String> l = new java.util.ArrayList<>(List.of(first));
        l.addAll(List.of(rest));
        return l;
    }
}
