package dev.netdial.testing.bench;

import dev.netdial.api.TCPAddr;
import dev.netdial.tcp.Net;
import dev.netdial.tcp.TCPConn;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sending a file to a loopback peer: netdial's {@code TCPConn.readFrom(Path)} (sendfile(2) on a
 * non-blocking socket, waiting on the poller when the socket is full) against the JDK's
 * {@code FileChannel.transferTo(SocketChannel)} (sendfile(2) on a blocking socket), and, for
 * scale, netdial's buffered copy of the same file ({@code readFrom(FileChannel)}).
 *
 * <p>One JVM, one sink: a JDK server drains every connection into a direct buffer and counts the
 * bytes. Each sender keeps one connection; every round sends the whole file once per row, rows in
 * turn (round-robin), and a row's time runs from the call until the sink has counted every byte.
 * The ratio of each row to the JDK's is taken round by round and printed as median [min-max].
 * The file sits in the page cache (written, then sent once per row before timing).
 *
 * <p>Run it with {@code bench/io.sh sendfile [--sf-mib=N] [--sf-rounds=R]} (256 MiB, 11 rounds
 * after 2 warm-up rounds). netdial's own benchmark.
 */
public final class SendfileBench {

    private SendfileBench() {
    }

    private interface Send {
        void send(Path file, long size) throws IOException;
    }

    private record Row(String name, Send send) {
    }

    /**
     * Runs the comparison.
     *
     * @param args {@code [--sf-mib=N] [--sf-rounds=R] [--sf-warmup=W]}
     */
    public static void main(String[] args) throws Exception {
        int mib = 256;
        int rounds = 11;
        int warmup = 2;
        for (String a : args) {
            if (a.startsWith("--sf-mib=")) {
                mib = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--sf-rounds=")) {
                rounds = Integer.parseInt(a.substring(12));
            } else if (a.startsWith("--sf-warmup=")) {
                warmup = Integer.parseInt(a.substring(12));
            } else {
                System.err.println("usage: SendfileBench [--sf-mib=256] [--sf-rounds=11] [--sf-warmup=2]");
                System.exit(2);
            }
        }
        long size = (long) mib << 20;
        Path file = Files.createTempFile("netdial-sendfile-bench", ".bin");
        try {
            writeFile(file, size);
            run(file, size, rounds, warmup);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void writeFile(Path file, long size) throws IOException {
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long done = 0; done < size; done += chunk.length) {
                ByteBuffer b = ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, size - done));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
        }
    }

    private static void run(Path file, long size, int rounds, int warmup) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        AtomicLong received = new AtomicLong();
        try (ServerSocketChannel srv = ServerSocketChannel.open().bind(new InetSocketAddress(lo, 0))) {
            int port = ((InetSocketAddress) srv.getLocalAddress()).getPort();
            Thread acceptor = Thread.ofPlatform().daemon().name("sink-accept").start(() -> {
                try {
                    for (;;) {
                        SocketChannel c = srv.accept();
                        Thread.ofPlatform().daemon().name("sink").start(() -> CopyBenchSupport.drain(c, received));
                    }
                } catch (IOException closed) {
                    // the bench is over
                }
            });
            SocketChannel jdk = SocketChannel.open(new InetSocketAddress(lo, port));
            TCPConn nd = Net.dialTCP("tcp", null, new TCPAddr(lo, port));
            TCPConn ndBuf = Net.dialTCP("tcp", null, new TCPAddr(lo, port));
            try (FileChannel src = FileChannel.open(file)) {
                List<Row> rows = List.of(
                        new Row("jdk FileChannel.transferTo", (f, n) -> {
                            for (long pos = 0; pos < n;) {
                                pos += src.transferTo(pos, n - pos, jdk);
                            }
                        }),
                        new Row("netdial readFrom(Path) sendfile", (f, n) -> nd.readFrom(f)),
                        new Row("netdial readFrom(FileChannel) buffered", (f, n) -> ndBuf.readFrom(src.position(0))));
                double[][] secs = new double[rows.size()][rounds];
                for (int r = -warmup; r < rounds; r++) {
                    for (int i = 0; i < rows.size(); i++) {
                        long want = received.get() + size;
                        long t0 = System.nanoTime();
                        rows.get(i).send().send(file, size);
                        while (received.get() < want) {
                            Thread.onSpinWait();
                        }
                        long t = System.nanoTime() - t0;
                        if (r >= 0) {
                            secs[i][r] = t / 1e9;
                        }
                    }
                }
                CopyBenchSupport.report(String.format(Locale.ROOT, "## sendfile: a %d MiB file (page cache) to a loopback JDK sink, %d rounds, rows round-robin", size >> 20, rounds),
                        rows.stream().map(Row::name).toList(), secs, size, rounds);
            } finally {
                jdk.close();
                nd.close();
                ndBuf.close();
                srv.close();
                acceptor.join(1000);
            }
        }
    }
}
