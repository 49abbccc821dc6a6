package dev.netdial.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.netdial.examples.MainTest.Result;
import dev.netdial.testing.Capabilities;
import org.junit.jupiter.api.Test;

/**
 * {@code netdial bench unix} and {@code netdial bench udp} end to end with tiny counts, run in-process
 * through {@link Main#run} as {@link MainTest} runs the other commands (the pinned parts in a child JVM under {@code taskset}): every row of
 * every table is there with numbers in each column, the pinned JVM ran on the one CPU asked for,
 * and without {@code taskset} the command says so and exits 2. No speed is asserted: figures
 * belong to the bench, not to tests.
 */
class SocketBenchTest {

    private static final String NUM = "\\d+(?:\\.\\d+)?";

    /**
     * The pinned parts need taskset, and a CPU this process may use (the first): skipped on a
     * user's machine without them, a failure in CI (Capabilities).
     */
    private static String cpu() {
        Capabilities.require("taskset on the PATH (Debian package util-linux)",
                ChildJvm.onPath(SocketBenchCommand.TASKSET, System.getenv("PATH")));
        List<Integer> cpus = PingPongKit.allowedCpus();
        Capabilities.require("Cpus_allowed_list in /proc/self/status", !cpus.isEmpty());
        return Integer.toString(cpus.get(0));
    }

    /** The cells of the table rows of {@code out} whose first cell is {@code label}, one list of cells a row. */
    private static List<List<String>> rows(String out, String label) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("| ")) {
                String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
                List<String> c = new ArrayList<>();
                for (String cell : cells) {
                    c.add(cell.strip());
                }
                if (c.get(0).equals(label)) {
                    rows.add(c);
                }
            }
        }
        return rows;
    }

    /** Asserts each cell after the first matches {@code cell}; returns the row's cells. */
    private static List<String> numbers(List<String> row, Pattern cell, Result r) {
        for (String c : row.subList(1, row.size())) {
            assertTrue(cell.matcher(c).matches(), "cell \"" + c + "\" of " + row + " is not " + cell + ": " + r);
        }
        return row;
    }

    /** The values of a "  rounds NAME ...: v v v" line. */
    private static String[] rounds(Result r, String prefix) {
        Matcher m = Pattern.compile("(?m)^  rounds " + Pattern.quote(prefix) + ": (.*)$").matcher(r.out());
        assertTrue(m.find(), "no rounds line " + prefix + ": " + r);
        return m.group(1).strip().split(" ");
    }

    /**
     * {@code bench unix}: the ping-pong in a JVM on one CPU (platform, same work, virtual), then
     * the stream in this JVM (heap and direct, each with its same-work row), every cell a number.
     */
    @Test
    void benchUnixRuns() {
        String cpu = cpu();
        Result r = MainTest.run("bench", "unix", "--pp-iters=200", "--pp-rounds=1", "--pp-warmup=1", "--stream-mib=4",
                "--stream-rounds=2", "--cpu", cpu);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("# bench unix pingpong: a child JVM under taskset -c " + cpu), r.toString());
        assertTrue(r.out().contains("availableProcessors=1  cpus allowed=" + cpu + "  "), "the ping-pong JVM not pinned: " + r);
        assertTrue(r.out().contains("rounds, µs per round trip (cpus allowed: " + cpu + ")"), r.toString());
        Pattern time = Pattern.compile(NUM);
        Pattern ratio = Pattern.compile(NUM + "×");
        for (String label : List.of("platform", "platform, JDK non-blocking (same work)", "virtual")) {
            List<List<String>> rows = rows(r.out(), label);
            assertEquals(1, rows.size(), label + ": " + r);
            List<String> row = rows.get(0);
            assertEquals(7, row.size(), label + ": " + r);
            numbers(row.subList(0, 5), time, r);
            assertTrue(ratio.matcher(row.get(5)).matches() && ratio.matcher(row.get(6)).matches(), row + ": " + r);
        }
        assertEquals(1, rounds(r, "netdial µs").length, r.toString());
        assertEquals(1, rounds(r, "JDK nb  µs").length, r.toString());

        assertTrue(r.out().contains("## unix stream: 65536-byte writes, 4 MiB per round"), r.toString());
        for (String buffers : List.of("heap byte[] / heap ByteBuffer", "direct ByteBuffer")) {
            for (String label : List.of(buffers, buffers + ", JDK non-blocking (same work)")) {
                List<List<String>> rows = rows(r.out(), label);
                assertEquals(1, rows.size(), label + ": " + r);
                List<String> row = rows.get(0);
                assertEquals(8, row.size(), label + ": " + r);
                numbers(row.subList(0, 7), Pattern.compile("\\d+"), r);
                assertTrue(ratio.matcher(row.get(7)).matches(), row + ": " + r);
            }
        }
        for (String spec : List.of("nd-heap", "jdk-heap", "jdknb-heap", "nd-direct", "jdk-direct", "jdknb-direct")) {
            assertEquals(2, rounds(r, spec + " MB/s").length, spec + ": " + r);
        }
        assertTrue(r.out().contains("\"same work\": the JDK's channels non-blocking,\n the writer waiting in a Selector (OP_WRITE)"),
                r.toString());
        assertTrue(r.out().endsWith("\ndone\n"), r.toString());
    }

    /** {@code bench udp}: the whole bench in a JVM on one CPU, the six rows (three per kind of echo), every cell a number. */
    @Test
    void benchUdpRuns() {
        String cpu = cpu();
        Result r = MainTest.run("bench", "udp", "--udp-iters=200", "--udp-rounds=1", "--udp-warmup=1", "--cpu=" + cpu);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("# bench udp: a child JVM under taskset -c " + cpu), r.toString());
        assertTrue(r.out().contains("availableProcessors=1  cpus allowed=" + cpu + "  "), "the UDP JVM not pinned: " + r);
        assertTrue(r.out().contains("; 200 round trips per round, 1 warm-up + 1 rounds"), r.toString());
        Pattern us = Pattern.compile("\\d+\\.\\d\\d");
        Pattern ratio = Pattern.compile("\\d+\\.\\d{3}× \\[\\d+\\.\\d{3}-\\d+\\.\\d{3}\\]");
        for (String label : List.of("platform", "virtual", "platform, JDK non-blocking (same work)")) {
            List<List<String>> rows = rows(r.out(), label);
            assertEquals(2, rows.size(), label + ": once with each echo: " + r);
            for (List<String> row : rows) {
                assertEquals(6, row.size(), label + ": " + r);
                numbers(row.subList(0, 5), us, r);
                assertTrue(ratio.matcher(row.get(5)).matches(), row + ": " + r);
            }
        }
        assertEquals(1, rows(r.out(), "(echo on a connected socket: read/write on both ends, for comparison)").size(),
                r.toString());
        assertTrue(r.out().endsWith("\ndone\n"), r.toString());
    }

    /**
     * Without taskset on the PATH the pinned parts do not run: a message that names it and exit 2;
     * the Unix stream alone, which needs no taskset, still runs.
     */
    @Test
    void withoutTaskset() throws Exception {
        Path empty = Files.createTempDirectory("netdial-no-taskset");
        try {
            for (List<String> args : List.of(List.of("udp"), List.of("unix"), List.of("unix", "pingpong"))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = new SocketBenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), empty.toString(), "0")
                        .run(args.get(0), args.subList(1, args.size()));
                String e = err.toString(StandardCharsets.UTF_8);
                assertEquals(2, code, args + ": " + e);
                assertTrue(e.startsWith("netdial bench " + args.get(0) + ": taskset not found on the PATH"), args + ": " + e);
                assertEquals("", out.toString(StandardCharsets.UTF_8), args.toString());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = new SocketBenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), empty.toString(), "0")
                    .run("unix", List.of("stream", "--stream-mib=1", "--stream-rounds=1"));
            assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
            assertFalse(out.toString(StandardCharsets.UTF_8).contains("ping-pong"), out.toString(StandardCharsets.UTF_8));
            assertEquals(1, rows(out.toString(StandardCharsets.UTF_8), "direct ByteBuffer").size(),
                    out.toString(StandardCharsets.UTF_8));
        } finally {
            Files.delete(empty);
        }
    }

    /** A bad command line exits 2 before anything runs: an unknown part, a CPU this process may not use, a bad count. */
    @Test
    void badCommandLine() {
        Result part = MainTest.run("bench", "unix", "jna");
        assertEquals(2, part.code(), part.toString());
        assertTrue(part.err().startsWith("netdial bench: unexpected argument \"jna\"; the parts are pingpong and stream\n"),
                part.toString());
        Result cpu = MainTest.run("bench", "udp", "--cpu=" + (PingPongKit.allowedCpus().size() + 4096));
        assertEquals(2, cpu.code(), cpu.toString());
        assertTrue(cpu.err().contains("this process may use only CPUs"), cpu.toString());
        Result notList = MainTest.run("bench", "udp", "--cpu", "first");
        assertEquals(2, notList.code(), notList.toString());
        Result count = MainTest.run("bench", "udp", "--udp-iters=0");
        assertEquals(2, count.code(), count.toString());
        assertTrue(count.err().startsWith("netdial bench: invalid value \"0\" for flag --udp-iters: below 1\n"), count.toString());
        Result other = MainTest.run("bench", "udp", "--pp-iters=5");
        assertEquals(2, other.code(), other.toString());
        assertTrue(other.err().startsWith("netdial bench: flag provided but not defined: --pp-iters\n"), other.toString());
        assertEquals("", part.out() + cpu.out() + notList.out() + count.out() + other.out());
    }
}
