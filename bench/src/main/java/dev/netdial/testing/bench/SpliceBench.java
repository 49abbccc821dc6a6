package dev.netdial.testing.bench;

import dev.netdial.api.TCPAddr;
import dev.netdial.tcp.Net;
import dev.netdial.tcp.TCPConn;
import dev.netdial.tcp.TCPListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback proxy's copy loop: netdial's {@code TCPConn.readFrom(TCPConn, limit)} (splice(2)
 * through a pipe, the bytes never enter the JVM) against the JDK's blocking {@code SocketChannel}
 * read/write loop through a 64 KiB direct buffer, and netdial's own read/write loop through the
 * same kind of buffer.
 *
 * <p>Per row: a JDK feeder writes into the upstream connection, the proxy copies from the accepted
 * upstream end into a downstream connection, and one JDK sink drains and counts. Each round moves
 * the same byte count through every row, rows in turn; a row's time runs from the feeder's start
 * until the sink has counted every byte. Ratios to the JDK row are taken round by round.
 *
 * <p>Run it with {@code bench/io.sh splice [--sp-mib=N] [--sp-rounds=R]} (256 MiB, 11 rounds
 * after 2 warm-up rounds). netdial's own benchmark.
 */
public final class SpliceBench {

    private SpliceBench() {
    }

    private interface Copy {
        void copy(long n) throws IOException;
    }

    private record Row(String name, SocketChannel feeder, Copy copy) {
    }

    /**
     * Runs the comparison.
     *
     * @param args {@code [--sp-mib=N] [--sp-rounds=R] [--sp-warmup=W]}
     */
    public static void main(String[] args) throws Exception {
        int mib = 256;
        int rounds = 11;
        int warmup = 2;
        for (String a : args) {
            if (a.startsWith("--sp-mib=")) {
                mib = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--sp-rounds=")) {
                rounds = Integer.parseInt(a.substring(12));
            } else if (a.startsWith("--sp-warmup=")) {
                warmup = Integer.parseInt(a.substring(12));
            } else {
                System.err.println("usage: SpliceBench [--sp-mib=256] [--sp-rounds=11] [--sp-warmup=2]");
                System.exit(2);
            }
        }
        run((long) mib << 20, rounds, warmup);
    }

    private static void run(long size, int rounds, int warmup) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        AtomicLong received = new AtomicLong();
        try (ServerSocketChannel sink = ServerSocketChannel.open().bind(new InetSocketAddress(lo, 0));
                ServerSocketChannel jdkUp = ServerSocketChannel.open().bind(new InetSocketAddress(lo, 0));
                TCPListener ndUp = Net.listenTCP("tcp", new TCPAddr(lo, 0))) {
            InetSocketAddress sinkAddr = (InetSocketAddress) sink.getLocalAddress();
            Thread.ofPlatform().daemon().name("sink-accept").start(() -> {
                try {
                    for (;;) {
                        SocketChannel c = sink.accept();
                        Thread.ofPlatform().daemon().name("sink").start(() -> CopyBenchSupport.drain(c, received));
                    }
                } catch (IOException closed) {
                    // the bench is over
                }
            });
            // JDK proxy: accepted upstream SocketChannel -> downstream SocketChannel.
            SocketChannel jdkFeeder = SocketChannel.open(jdkUp.getLocalAddress());
            SocketChannel jdkIn = jdkUp.accept();
            SocketChannel jdkOut = SocketChannel.open(sinkAddr);
            ByteBuffer jdkBuf = ByteBuffer.allocateDirect(64 * 1024);
            // netdial proxies: accepted upstream TCPConn -> downstream TCPConn.
            SocketChannel spFeeder = SocketChannel.open(toInet(ndUp.addr()));
            TCPConn spIn = ndUp.acceptTCP();
            TCPConn spOut = Net.dialTCP("tcp", null, TCPAddr.of(sinkAddr));
            SocketChannel loopFeeder = SocketChannel.open(toInet(ndUp.addr()));
            TCPConn loopIn = ndUp.acceptTCP();
            TCPConn loopOut = Net.dialTCP("tcp", null, TCPAddr.of(sinkAddr));
            ByteBuffer ndBuf = ByteBuffer.allocateDirect(64 * 1024);
            try {
                List<Row> rows = List.of(
                        new Row("jdk SocketChannel read/write loop", jdkFeeder, n -> {
                            for (long done = 0; done < n;) {
                                jdkBuf.clear();
                                if (n - done < jdkBuf.capacity()) {
                                    jdkBuf.limit((int) (n - done));
                                }
                                int r = jdkIn.read(jdkBuf);
                                jdkBuf.flip();
                                while (jdkBuf.hasRemaining()) {
                                    jdkOut.write(jdkBuf);
                                }
                                done += r;
                            }
                        }),
                        new Row("netdial readFrom(TCPConn) splice", spFeeder, n -> spOut.readFrom(spIn, n)),
                        new Row("netdial read/write loop", loopFeeder, n -> {
                            for (long done = 0; done < n;) {
                                ndBuf.clear();
                                if (n - done < ndBuf.capacity()) {
                                    ndBuf.limit((int) (n - done));
                                }
                                int r = loopIn.read(ndBuf);
                                ndBuf.flip();
                                loopOut.write(ndBuf);
                                done += r;
                            }
                        }));
                double[][] secs = new double[rows.size()][rounds];
                for (int r = -warmup; r < rounds; r++) {
                    for (int i = 0; i < rows.size(); i++) {
                        Row row = rows.get(i);
                        long want = received.get() + size;
                        Semaphore fed = new Semaphore(0);
                        long t0 = System.nanoTime();
                        Thread feeder = Thread.ofPlatform().name("feeder").start(() -> {
                            feed(row.feeder(), size);
                            fed.release();
                        });
                        row.copy().copy(size);
                        while (received.get() < want) {
                            Thread.onSpinWait();
                        }
                        long t = System.nanoTime() - t0;
                        fed.acquire();
                        feeder.join();
                        if (r >= 0) {
                            secs[i][r] = t / 1e9;
                        }
                    }
                }
                CopyBenchSupport.report(String.format(Locale.ROOT, "## splice: a loopback proxy moving %d MiB per round, feeder and sink JDK, %d rounds, rows round-robin", size >> 20, rounds),
                        rows.stream().map(Row::name).toList(), secs, size, rounds);
            } finally {
                for (AutoCloseable c : new AutoCloseable[] {jdkFeeder, jdkIn, jdkOut, spFeeder, spIn, spOut,
                        loopFeeder, loopIn, loopOut}) {
                    c.close();
                }
            }
        }
    }

    private static InetSocketAddress toInet(dev.netdial.api.Addr a) {
        return ((TCPAddr) a).toInetSocketAddress();
    }

    private static void feed(SocketChannel c, long size) {
        ByteBuffer b = ByteBuffer.allocateDirect(256 * 1024);
        try {
            for (long done = 0; done < size;) {
                b.clear();
                if (size - done < b.capacity()) {
                    b.limit((int) (size - done));
                }
                done += c.write(b);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
