package dev.netdial.testing.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@link SendfileBench} and {@link SpliceBench} share: the JDK sink that drains a connection,
 * and the table of throughput and time ratio per row, median and range over the rounds.
 *
 * <p>netdial's own (benchmark support).
 */
final class CopyBenchSupport {

    private CopyBenchSupport() {
    }

    /** Reads {@code c} until end of stream (or close), adding each read's count to {@code received}. */
    static void drain(SocketChannel c, AtomicLong received) {
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        try (c) {
            for (;;) {
                b.clear();
                int n = c.read(b);
                if (n < 0) {
                    return;
                }
                received.addAndGet(n);
            }
        } catch (IOException closed) {
            // the bench is over
        }
    }

    /**
     * Prints {@code header}, then one line per row: MiB/s and time over row 0's (the JDK's), each as
     * the median with its range over the rounds; {@code secs[row][round]} moved {@code size} bytes.
     */
    static void report(String header, List<String> names, double[][] secs, long size, int rounds) {
        System.out.println(header);
        System.out.printf(Locale.ROOT, "%-40s %22s %28s%n", "row", "MiB/s median [min-max]", "time / jdk median [min-max]");
        double mib = size / (double) (1 << 20);
        for (int i = 0; i < names.size(); i++) {
            double[] tput = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                tput[r] = mib / secs[i][r];
                ratio[r] = secs[i][r] / secs[0][r];
            }
            System.out.printf(Locale.ROOT, "%-40s %22s %28s%n", names.get(i), span(tput, "%.0f"), span(ratio, "%.3f"));
        }
    }

    /** "median [min-max]" of {@code v}, each formatted with {@code fmt}. */
    private static String span(double[] v, String fmt) {
        double[] s = v.clone();
        Arrays.sort(s);
        double med = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return String.format(Locale.ROOT, fmt + " [" + fmt + "-" + fmt + "]", med, s[0], s[s.length - 1]);
    }
}
