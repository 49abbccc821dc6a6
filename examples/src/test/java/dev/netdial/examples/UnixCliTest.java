package dev.netdial.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.ReadFromResult;
import dev.netdial.api.UnixAddr;
import dev.netdial.unix.UnixConn;
import dev.netdial.unix.UnixNet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netdial dial unix|unixgram PATH} and {@code netdial listen unix PATH [--echo]}, run
 * in-process through {@link Main#run}, as {@code MainTest} runs the TCP ones.
 */
@Timeout(60)
class UnixCliTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void awaitLine(ByteArrayOutputStream out, Pattern p, ByteArrayOutputStream err) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (p.matcher(out.toString(StandardCharsets.UTF_8)).find()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no line matching " + p + " within 10 s; stdout:\n"
                + out.toString(StandardCharsets.UTF_8) + "stderr:\n" + err.toString(StandardCharsets.UTF_8));
    }

    /** {@code listen unix PATH --echo} and {@code dial unix PATH}: stdin comes back on stdout; the socket file goes with the listener. */
    @Test
    void dialListenUnixEchoRoundTrip() throws Exception {
        String path = dir.resolve("echo.sock").toString();
        ByteArrayOutputStream listenOut = new ByteArrayOutputStream();
        ByteArrayOutputStream listenErr = new ByteArrayOutputStream();
        AtomicInteger listenCode = new AtomicInteger(-1);
        Thread listener = Thread.ofPlatform().name("netdial-test-listen-unix").start(() -> listenCode.set(Main.run(
                new String[] {"listen", "unix", path, "--echo"}, InputStream.nullInputStream(),
                new PrintStream(listenOut, true, StandardCharsets.UTF_8),
                new PrintStream(listenErr, true, StandardCharsets.UTF_8))));
        try {
            awaitLine(listenOut, Pattern.compile("(?m)^listening on " + Pattern.quote(path) + "$"), listenErr);
            assertTrue(Files.exists(Path.of(path)), "socket file while listening");
            byte[] payload = "hello over a unix socket\nline two\n".getBytes(StandardCharsets.UTF_8);
            Result r = run(new ByteArrayInputStream(payload), "dial", "unix", path, "--timeout", "5s");
            assertEquals(0, r.code(), r.toString());
            assertEquals(new String(payload, StandardCharsets.UTF_8), r.out(), r.toString());
            assertEquals("", r.err(), r.toString());
            // An unbound client reads as "@" (Go's name for an unnamed Unix socket).
            awaitLine(listenOut, Pattern.compile("(?m)^closed @ \\(" + payload.length + " bytes\\)$"), listenErr);
            assertTrue(listenOut.toString(StandardCharsets.UTF_8).contains("accepted @"), listenOut.toString(StandardCharsets.UTF_8));
        } finally {
            listener.interrupt();
            listener.join(10_000);
        }
        assertFalse(listener.isAlive(), "listen did not stop when interrupted");
        assertEquals(0, listenCode.get(), "listen exit code; stderr: " + listenErr.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(Path.of(path)), "the listener removed its socket file on the way out");
    }

    /** {@code dial unixgram PATH}: each chunk of stdin is one datagram; the command ends with stdin. */
    @Test
    void dialUnixgramSendsDatagrams() throws Exception {
        String path = dir.resolve("gram.sock").toString();
        try (UnixConn server = UnixNet.listenUnixgram("unixgram", new UnixAddr(path, "unixgram"))) {
            byte[] payload = "one datagram".getBytes(StandardCharsets.UTF_8);
            Result r = run(new ByteArrayInputStream(payload), "dial", "unixgram", path);
            assertEquals(0, r.code(), r.toString());
            assertEquals("", r.err(), r.toString());
            byte[] b = new byte[64];
            server.setReadDeadline(Instant.now().plusSeconds(5));
            ReadFromResult<UnixAddr> got = server.readFromUnix(b);
            assertArrayEquals(payload, Arrays.copyOf(b, got.n()));
        }
    }

    /** {@code listen unixgram PATH --echo}: the packet server prints each datagram with its sender and echoes it back (an unnamed sender would get none). */
    @Test
    void listenUnixgramPrintsDatagrams() throws Exception {
        String path = dir.resolve("lg.sock").toString();
        ByteArrayOutputStream listenOut = new ByteArrayOutputStream();
        ByteArrayOutputStream listenErr = new ByteArrayOutputStream();
        AtomicInteger listenCode = new AtomicInteger(-1);
        Thread listener = Thread.ofPlatform().name("netdial-test-listen-unixgram").start(() -> listenCode.set(Main.run(
                new String[] {"listen", "unixgram", path, "--echo"}, InputStream.nullInputStream(),
                new PrintStream(listenOut, true, StandardCharsets.UTF_8),
                new PrintStream(listenErr, true, StandardCharsets.UTF_8))));
        try {
            awaitLine(listenOut, Pattern.compile("(?m)^listening on " + Pattern.quote(path) + "$"), listenErr);
            String from = dir.resolve("lg-client.sock").toString();
            try (UnixConn c = UnixNet.listenUnixgram("unixgram", new UnixAddr(from, "unixgram"))) {
                c.writeToUnix(new byte[] {1, 2, 3}, new UnixAddr(path, "unixgram"));
                awaitLine(listenOut, Pattern.compile("(?m)^datagram from " + Pattern.quote(from) + " \\(3 bytes\\)$"), listenErr);
                c.setReadDeadline(Instant.now().plusSeconds(5));
                assertEquals(3, c.readFromUnix(new byte[8]).n(), "echoed to a named sender");
            }
        } finally {
            listener.interrupt();
            listener.join(10_000);
        }
        assertFalse(listener.isAlive(), "listen did not stop when interrupted");
        assertEquals(0, listenCode.get(), "listen exit code; stderr: " + listenErr.toString(StandardCharsets.UTF_8));
    }

    /** Go's texts on failure, exit 1. */
    @Test
    void unixErrors() throws Exception {
        String missing = dir.resolve("nobody-here.sock").toString();
        Result r = run(InputStream.nullInputStream(), "dial", "unix", missing);
        assertEquals(1, r.code(), r.toString());
        assertEquals("dial unix " + missing + ": connect: no such file or directory\n", r.err(), r.toString());

        String busy = dir.resolve("busy.sock").toString();
        try (var ln = UnixNet.listenUnix("unix", new UnixAddr(busy, "unix"))) {
            Result l = run(InputStream.nullInputStream(), "listen", "unix", busy);
            assertEquals(1, l.code(), l.toString());
            assertEquals("listen unix " + busy + ": bind: address already in use\n", l.err(), l.toString());
        }
    }
}
