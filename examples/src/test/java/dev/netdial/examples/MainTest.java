package dev.netdial.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.SocketCalls;
import dev.netdial.testing.Netns;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The {@code netdial} command, run in-process through {@link Main#run}: exit codes, Go-format
 * errors on stderr, a dial/listen round trip and the self-connect experiment.
 */
class MainTest {

    /** stdout and stderr of one run, with its exit code. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private static Result run(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    /** A loopback port nobody listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return ss.getLocalPort();
        }
    }

    /** No command, or an unknown one: the usage, listing only the commands that exist, and exit 2. */
    @Test
    void usage() {
        for (String[] args : new String[][] {{}, {"frobnicate"}}) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r);
            assertTrue(r.err().contains("usage: netdial COMMAND"), r.toString());
            for (String cmd : new String[] {"dial NETWORK ADDRESS", "listen NETWORK ADDRESS", "selfconnect [--port P]",
                    "lookup KIND NAME", "bench dial", "bench lookup", "bench unix [pingpong|stream]", "bench udp"}) {
                assertTrue(r.err().contains(cmd), cmd + " missing from the usage: " + r);
            }
            assertEquals("", r.out(), r.toString());
        }
        Result help = run("help");
        assertEquals(0, help.code(), help.toString());
        assertTrue(help.out().startsWith("usage: netdial COMMAND"), help.toString());
    }

    /** A bad command line exits 2 with Go's flag or time message. */
    @Test
    void badCommandLine() {
        Result missing = run("dial", "tcp");
        assertEquals(2, missing.code(), missing.toString());
        Result badTimeout = run("dial", "tcp", "127.0.0.1:1", "--timeout", "5");
        assertEquals(2, badTimeout.code(), badTimeout.toString());
        assertTrue(badTimeout.err().startsWith(
                "netdial dial: invalid value \"5\" for flag --timeout: time: missing unit in duration \"5\"\n"),
                badTimeout.toString());
        Result unknownFlag = run("listen", "tcp", "127.0.0.1:0", "--ech");
        assertEquals(2, unknownFlag.code(), unknownFlag.toString());
        assertTrue(unknownFlag.err().startsWith("netdial listen: flag provided but not defined: --ech\n"),
                unknownFlag.toString());
        Result badPolicy = run("selfconnect", "--policy", "sometimes");
        assertEquals(2, badPolicy.code(), badPolicy.toString());
    }

    /**
     * {@code netdial COMMAND --help} (or {@code -h}) prints that command's usage alone on stdout
     * and exits 0; a bad flag prints the message and that command's usage, with flags spelled as
     * the usage spells them.
     */
    @Test
    void commandHelp() {
        for (String cmd : Main.COMMAND_USAGE.keySet()) {
            for (String flag : new String[] {"--help", "-h", "-help"}) {
                Result r = run(cmd, flag);
                assertEquals(0, r.code(), cmd + " " + flag + ": " + r);
                assertEquals("usage: netdial " + Main.COMMAND_USAGE.get(cmd).strip() + "\n", r.out(), r.toString());
                assertEquals("", r.err(), r.toString());
            }
            for (String other : Main.COMMAND_USAGE.keySet()) {
                if (!other.equals(cmd)) {
                    String firstLine = Main.COMMAND_USAGE.get(other).strip().lines().findFirst().orElseThrow();
                    assertFalse(run(cmd, "--help").out().contains(firstLine), cmd + " --help shows " + other);
                }
            }
        }
        Result afterDashes = run("lookup", "--", "--help");
        assertEquals(2, afterDashes.code(), "after --, --help is an argument: " + afterDashes);
        Result bad = run("dial", "tcp", "127.0.0.1:1", "--nope");
        assertEquals("netdial dial: flag provided but not defined: --nope\nusage: netdial "
                + Main.COMMAND_USAGE.get("dial").strip() + "\n", bad.err(), bad.toString());
        assertTrue(Main.USAGE.contains("--timeout D") && !bad.err().contains(" -nope"), bad.toString());
    }

    /** Dialing a port with no listener prints Go's error and exits 1. */
    @Test
    void dialRefused() throws IOException {
        int port = closedPort();
        Result r = run("dial", "tcp", "127.0.0.1:" + port, "--timeout", "5s");
        assertEquals(1, r.code(), r.toString());
        assertEquals("dial tcp 127.0.0.1:" + port + ": connect: connection refused\n", r.err(), r.toString());
        assertEquals("", r.out(), r.toString());
    }

    /** An unknown network is Go's UnknownNetworkError inside an OpError. */
    @Test
    void dialUnknownNetwork() {
        Result r = run("dial", "foo", "127.0.0.1:1");
        assertEquals(1, r.code(), r.toString());
        assertEquals("dial foo: unknown network foo\n", r.err(), r.toString());
    }

    /** {@code listen --echo} and {@code dial}: what dial reads from stdin comes back on its stdout. */
    @Test
    void dialListenEchoRoundTrip() throws Exception {
        ByteArrayOutputStream listenOut = new ByteArrayOutputStream();
        ByteArrayOutputStream listenErr = new ByteArrayOutputStream();
        AtomicInteger listenCode = new AtomicInteger(-1);
        Thread listener = Thread.ofPlatform().name("netdial-test-listen").start(() -> listenCode.set(Main.run(
                new String[] {"listen", "tcp", "127.0.0.1:0", "--echo"}, InputStream.nullInputStream(),
                new PrintStream(listenOut, true, StandardCharsets.UTF_8),
                new PrintStream(listenErr, true, StandardCharsets.UTF_8))));
        try {
            Matcher m = awaitLine(listenOut, Pattern.compile("(?m)^listening on 127\\.0\\.0\\.1:(\\d+)$"), listenErr);
            String addr = "127.0.0.1:" + m.group(1);
            byte[] payload = "hello, netdial\nsecond line\n".getBytes(StandardCharsets.UTF_8);
            Result r = run(new ByteArrayInputStream(payload), "dial", "tcp", addr, "--timeout", "5s",
                    "--local", "127.0.0.1:0");
            assertEquals(0, r.code(), r.toString());
            assertEquals(new String(payload, StandardCharsets.UTF_8), r.out(), r.toString());
            assertEquals("", r.err(), r.toString());
            awaitLine(listenOut, Pattern.compile("(?m)^closed 127\\.0\\.0\\.1:\\d+ \\(" + payload.length
                    + " bytes\\)$"), listenErr);
            assertTrue(listenOut.toString(StandardCharsets.UTF_8).contains("accepted 127.0.0.1:"),
                    listenOut.toString(StandardCharsets.UTF_8));
        } finally {
            listener.interrupt();
            listener.join(10_000);
        }
        assertFalse(listener.isAlive(), "listen did not stop when interrupted");
        assertEquals(0, listenCode.get(), "listen exit code; stderr: " + listenErr.toString(StandardCharsets.UTF_8));
    }

    /**
     * {@code listen udp --echo} and {@code dial udp}: stdin goes out as a datagram, the echo comes
     * back on stdout, the listener prints the sender; dial exits 0 once replies stop.
     */
    @Test
    void dialListenUdpEchoRoundTrip() throws Exception {
        ByteArrayOutputStream listenOut = new ByteArrayOutputStream();
        ByteArrayOutputStream listenErr = new ByteArrayOutputStream();
        AtomicInteger listenCode = new AtomicInteger(-1);
        Thread listener = Thread.ofPlatform().name("netdial-test-listen-udp").start(() -> listenCode.set(Main.run(
                new String[] {"listen", "udp", "127.0.0.1:0", "--echo"}, InputStream.nullInputStream(),
                new PrintStream(listenOut, true, StandardCharsets.UTF_8),
                new PrintStream(listenErr, true, StandardCharsets.UTF_8))));
        try {
            Matcher m = awaitLine(listenOut, Pattern.compile("(?m)^listening on 127\\.0\\.0\\.1:(\\d+)$"), listenErr);
            String addr = "127.0.0.1:" + m.group(1);
            byte[] payload = "hello over udp\n".getBytes(StandardCharsets.UTF_8);
            Result r = run(new ByteArrayInputStream(payload), "dial", "udp", addr, "--local", "127.0.0.1:0");
            assertEquals(0, r.code(), r.toString());
            assertEquals(new String(payload, StandardCharsets.UTF_8), r.out(), r.toString());
            assertEquals("", r.err(), r.toString());
            awaitLine(listenOut, Pattern.compile("(?m)^datagram from 127\\.0\\.0\\.1:\\d+ \\(" + payload.length
                    + " bytes\\)$"), listenErr);
        } finally {
            listener.interrupt();
            listener.join(10_000);
        }
        assertFalse(listener.isAlive(), "listen udp did not stop when interrupted");
        assertEquals(0, listenCode.get(), "listen exit code; stderr: " + listenErr.toString(StandardCharsets.UTF_8));
        Result bad = run("dial", "udp", "127.0.0.1");
        assertEquals(1, bad.code(), bad.toString());
        assertEquals("dial udp: address 127.0.0.1: missing port in address\n", bad.err(), bad.toString());
        Result inUse = run("listen", "udp4", "256.0.0.1:0");
        assertEquals(1, inUse.code(), inUse.toString());
    }

    private static Matcher awaitLine(ByteArrayOutputStream out, Pattern p, ByteArrayOutputStream err)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(out.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no line matching " + p + " within 10 s; stdout:\n"
                + out.toString(StandardCharsets.UTF_8) + "stderr:\n" + err.toString(StandardCharsets.UTF_8));
    }

    /** One client's row of the selfconnect table: dials, self-connected, refused, other, connects/dial. */
    private record Row(long dials, long self, long refused, long other, String connectsPerDial) {
    }

    private static Row row(Result r, String client) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(client)
                + "\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+(\\d+\\.\\d\\d)\\s+\\d+\\.\\d+s$")
                .matcher(r.out());
        assertTrue(m.find(), "no row for " + client + ": " + r);
        return new Row(num(m.group(1)), num(m.group(2)), num(m.group(3)), num(m.group(4)), m.group(5));
    }

    private static long num(String s) {
        return Long.parseLong(s.replace(",", ""));
    }

    /**
     * {@code selfconnect --attempts 200} on a free port of the host's ephemeral range: both clients
     * make every dial, and netdial hands out no self-connected socket.
     */
    @Test
    void selfConnect() {
        Result r = run("selfconnect", "--attempts", "200");
        assertEquals(0, r.code(), r.toString());
        Row jdk = row(r, "JDK java.net.Socket");
        Row nd = row(r, "netdial Dialer (policy REFUSE)");
        assertEquals(200, jdk.dials(), r.toString());
        assertEquals(200, jdk.self() + jdk.refused() + jdk.other(), r.toString());
        assertEquals(200, nd.dials(), r.toString());
        assertEquals(0, nd.self(), r.toString());
        assertEquals(200, nd.refused() + nd.other(), r.toString());
        assertTrue(r.err().contains("200/200 dials"), "no progress on stderr: " + r);
    }

    /**
     * {@code selfconnect --netns --attempts 50}: with the ephemeral range narrowed to {@code P P+1}
     * the JDK connects to itself, one connect per dial; netdial never returns such a socket: with
     * the default policy (on Linux 6.3 and later) each dial's range is narrowed to P+1, so every
     * dial is refused after exactly one connect; with {@code --policy go} nothing is narrowed and
     * Go's loop is the only guard (here it rarely has work: the JDK's self-connect, which runs
     * first, leaves P in TIME_WAIT, so the kernel skips P from then on).
     */
    @Test
    void selfConnectNetns() {
        Netns.assumeAvailable();
        Result r = run("selfconnect", "--netns", "--attempts", "50");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("(ephemeral ports 40000-40001)"), r.toString());
        Row jdk = row(r, "JDK java.net.Socket");
        Row nd = row(r, "netdial Dialer (policy REFUSE)");
        assertEquals(50, jdk.dials(), r.toString());
        assertTrue(jdk.self() >= 1, "the JDK never connected to itself: " + r);
        assertEquals("1.00", jdk.connectsPerDial(), r.toString());
        assertEquals(50, nd.dials(), r.toString());
        assertEquals(0, nd.self(), r.toString());
        if (kernelHasLocalPortRange()) {
            assertEquals(50, nd.refused(), r.toString());
            assertEquals("1.00", nd.connectsPerDial(), r.toString());
            assertTrue(r.out().contains("IP_LOCAL_PORT_RANGE) in 50 of 50 dials; 0 retries"), r.toString());
        }
        Result go = run("selfconnect", "--netns", "--attempts", "50", "--policy", "go");
        assertEquals(0, go.code(), go.toString());
        Row ndGo = row(go, "netdial Dialer (policy GO)");
        assertEquals(50, ndGo.dials(), go.toString());
        assertEquals(0, ndGo.self(), go.toString());
        assertTrue(Double.parseDouble(ndGo.connectsPerDial()) >= 1.0, go.toString());
        assertTrue(go.out().contains("IP_LOCAL_PORT_RANGE) in 0 of 50 dials"), go.toString());
    }

    /** Whether the running kernel knows {@code IP_LOCAL_PORT_RANGE} (Linux 6.3). */
    private static boolean kernelHasLocalPortRange() {
        SocketCalls sys = SocketCalls.system();
        int s = sys.socket(Constants.AF_INET, Constants.SOCK_STREAM | Constants.SOCK_CLOEXEC, 0);
        try {
            return s >= 0 && sys.setsockoptInt(s, Constants.IPPROTO_IP, Constants.IP_LOCAL_PORT_RANGE, 0) == 0;
        } finally {
            if (s >= 0) {
                sys.close(s);
            }
        }
    }

    /**
     * {@code bench dial --n 50 --rounds 3}: a short run prints a rate row for each of the eight
     * clients and both kinds of dial, then the five ratio rows (the last: a no-op trace against
     * none), each a median with its range taken round by round (no speed is asserted: figures
     * belong to the bench, not to tests).
     */
    @Test
    void benchDialRuns() {
        Result r = run("bench", "dial", "--n", "50", "--rounds", "3");
        assertEquals(0, r.code(), r.toString());
        String rate = " +[\\d,]+ \\[[\\d,]+-[\\d,]+\\] +[\\d,]+ \\[[\\d,]+-[\\d,]+\\]\n";
        for (String client : new String[] {"netdial Dialer, platform thread", "netdial Dialer, virtual thread",
                "JDK Socket, platform thread", "JDK SocketChannel, platform thread",
                "JDK SocketChannel, virtual thread", "netdial, keep-alive off, platform",
                "JDK SocketChannel \\+ Go's options", "netdial Dialer \\+ no-op DialTrace"}) {
            assertTrue(Pattern.compile("(?m)^" + client + rate).matcher(r.out()).find(), client + ": " + r);
        }
        String ratio = " +\\d+\\.\\d\\d \\[\\d+\\.\\d\\d-\\d+\\.\\d\\d\\] +\\d+\\.\\d\\d \\[\\d+\\.\\d\\d-\\d+\\.\\d\\d\\]\n";
        for (String pair : new String[] {"platform threads", "virtual threads", "platform, same socket options",
                "platform, keep-alive off both", "no-op DialTrace / none, platform"}) {
            assertTrue(Pattern.compile("(?m)^  " + pair + ratio).matcher(r.out()).find(), pair + ": " + r);
        }
        assertTrue(r.err().contains("round 3/3 done"), r.toString());
    }
}
