package dev.netdial.examples;

import dev.netdial.api.ReadFromResult;
import dev.netdial.api.UDPAddr;
import dev.netdial.tcp.Net;
import dev.netdial.udp.UDPConn;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * UDP request/response on loopback: a client sends a 1-byte datagram on a connected socket and
 * waits for the 1-byte reply an echo server sends back from an unconnected socket (receive from
 * any sender, send to it). netdial's {@link UDPConn} ({@code write}/{@code read} on the client,
 * {@code readFromUDP}/{@code writeToUDP} on the server) against the JDK's {@link DatagramChannel}
 * ({@code write}/{@code read}, {@code receive}/{@code send}, blocking), both on platform threads
 * and both on virtual threads. Rounds alternate between the two stacks (round-robin, the order
 * rotated every round) and the ratio netdial/JDK of the time per round trip is taken round by
 * round: below 1.0 netdial is faster. Two more rows answer from a connected socket
 * ({@code read}/{@code write} on both ends), which shows what the address handling of
 * {@code readFrom}/{@code writeTo} costs on each stack.
 *
 * <p>Run it with {@code netdial bench udp [--udp-iters=N] [--udp-rounds=R] [--udp-warmup=W]}
 * ({@link SocketBenchCommand}: in a child JVM under {@code taskset -c CPU}, both ends on one CPU, as
 * the TCP ping-pong), or {@code bench/io.sh udp}, which runs that command.
 *
 * <p>netdial's own: issue 14's speed targets for UDP.
 */
final class UdpBench {

    private UdpBench() {
    }

    /** One stack's client and echo server. */
    private interface Pair extends AutoCloseable {
        void startEcho(boolean virtual);

        /** One round trip: 1 byte out, 1 byte back. */
        void roundTrip() throws IOException;

        @Override
        void close() throws IOException;
    }

    /** netdial: UDPConn on both ends. */
    private static final class NetdialPair implements Pair {
        final UDPConn server;
        final UDPConn client;
        final byte[] out = {42};
        final byte[] in = new byte[16];
        final AtomicReference<Throwable> echoError = new AtomicReference<>();
        /** The echo side connected to the client, answering with read/write instead of readFrom/writeTo. */
        final boolean connectedEcho;

        NetdialPair(boolean connectedEcho) throws IOException {
            this.connectedEcho = connectedEcho;
            UDPConn s = Net.listenUDP("udp4", new UDPAddr(InetAddress.getByName("127.0.0.1"), 0));
            client = Net.dialUDP("udp4", null, (UDPAddr) s.localAddr());
            if (connectedEcho) {
                UDPAddr sa = (UDPAddr) s.localAddr();
                s.close();
                server = Net.dialUDP("udp4", sa, (UDPAddr) client.localAddr());
            } else {
                server = s;
            }
        }

        @Override
        public void startEcho(boolean virtual) {
            Runnable r = () -> {
                byte[] b = new byte[16];
                try {
                    for (;;) {
                        if (connectedEcho) {
                            server.write(b, 0, server.read(b, 0, b.length));
                            continue;
                        }
                        ReadFromResult<UDPAddr> got = server.readFromUDP(b);
                        server.writeToUDP(b, 0, got.n(), got.addr());
                    }
                } catch (IOException e) {
                    if (server.isOpen()) {
                        echoError.set(e);
                    }
                }
            };
            (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true)).name("udp-echo-netdial").start(r);
        }

        @Override
        public void roundTrip() throws IOException {
            client.write(out, 0, 1);
            if (client.read(in, 0, in.length) != 1) {
                throw new IOException("short reply");
            }
        }

        @Override
        public void close() throws IOException {
            client.close();
            server.close();
        }
    }

    /**
     * The JDK: blocking DatagramChannels; or, with {@code nonBlocking}, the same work as netdial
     * on a platform thread: non-blocking channels that wait in a {@link Selector} of their own
     * when a receive finds nothing (recvfrom, epoll_wait, recvfrom).
     */
    private static final class JdkPair implements Pair {
        final DatagramChannel server;
        final DatagramChannel client;
        final ByteBuffer out = ByteBuffer.allocate(1);
        final ByteBuffer in = ByteBuffer.allocate(16);
        final boolean connectedEcho;
        final Selector serverSel;
        final Selector clientSel;

        JdkPair(boolean connectedEcho) throws IOException {
            this(connectedEcho, false);
        }

        JdkPair(boolean connectedEcho, boolean nonBlocking) throws IOException {
            this.connectedEcho = connectedEcho;
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            server = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
            client = DatagramChannel.open().connect(server.getLocalAddress());
            if (connectedEcho) {
                server.connect(client.getLocalAddress());
            }
            if (nonBlocking) {
                server.configureBlocking(false);
                client.configureBlocking(false);
                serverSel = Selector.open();
                clientSel = Selector.open();
                server.register(serverSel, SelectionKey.OP_READ);
                client.register(clientSel, SelectionKey.OP_READ);
            } else {
                serverSel = null;
                clientSel = null;
            }
        }

        /** Non-blocking: waits until the channel's selector reports it readable. */
        private static void await(Selector sel) throws IOException {
            sel.select();
            sel.selectedKeys().clear();
        }

        @Override
        public void startEcho(boolean virtual) {
            Runnable r = () -> {
                ByteBuffer b = ByteBuffer.allocate(16);
                try {
                    for (;;) {
                        b.clear();
                        if (connectedEcho) {
                            while (server.read(b) == 0 && serverSel != null) {
                                await(serverSel);
                            }
                            b.flip();
                            server.write(b);
                            continue;
                        }
                        SocketAddress from;
                        while ((from = server.receive(b)) == null) {
                            await(serverSel);
                        }
                        b.flip();
                        server.send(b, from);
                    }
                } catch (IOException | java.nio.channels.ClosedSelectorException closed) {
                    // the bench is over
                }
            };
            (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true)).name("udp-echo-jdk").start(r);
        }

        @Override
        public void roundTrip() throws IOException {
            out.clear();
            out.put(0, (byte) 42);
            client.write(out);
            in.clear();
            int n;
            while ((n = client.read(in)) == 0 && clientSel != null) {
                await(clientSel);
            }
            if (n != 1) {
                throw new IOException("short reply");
            }
        }

        @Override
        public void close() throws IOException {
            if (serverSel != null) {
                serverSel.close();
                clientSel.close();
            }
            client.close();
            server.close();
        }
    }

    /** One round: {@code iters} round trips on the given kind of thread; µs per round trip. */
    private static double round(Pair p, int iters, boolean virtual) throws Exception {
        double[] us = new double[1];
        Throwable err = PingPongKit.runOn(virtual, () -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < iters; i++) {
                p.roundTrip();
            }
            us[0] = (System.nanoTime() - t0) / 1000.0 / iters;
        });
        if (err != null) {
            throw new IllegalStateException(err);
        }
        return us[0];
    }

    /** Runs the comparison in this JVM, {@code o}'s {@code udp*} options, the table on {@code out}. */
    static void run(PingPongKit.Opts o, PrintStream out) throws Exception {
        int iters = o.udpIters;
        int rounds = o.udpRounds;
        int warmup = o.udpWarmup;
        out.println();
        out.printf(Locale.ROOT, "## UDP request/response: 1 byte each way, 127.0.0.1; %d round trips per round, %d warm-up + %d rounds, "
                + "µs per round trip%n", iters, warmup, rounds);
        out.println("netdial: UDPConn write/read (client, connected) + readFromUDP/writeToUDP (echo); "
                + "JDK: blocking DatagramChannel write/read + receive/send; \"same work\": the JDK's channels non-blocking, "
                + "waiting in a Selector when a receive finds nothing (recvfrom, epoll_wait, recvfrom, as netdial's recvfrom, poll, recvfrom)");
        out.println();
        out.println("| threads  | netdial median | netdial min | JDK median | JDK min | ratio median [min-max] of per-round ratios |");
        out.println("|----------|---------------:|------------:|-----------:|--------:|--------------------------------------------|");
        for (boolean connectedEcho : List.of(false, true)) {
            if (connectedEcho) {
                out.println("| (echo on a connected socket: read/write on both ends, for comparison) | | | | | |");
            }
            for (boolean virtual : List.of(false, true)) {
                row(out, iters, rounds, warmup, virtual, connectedEcho, false);
            }
            row(out, iters, rounds, warmup, false, connectedEcho, true);
        }
    }

    /** One row: both stacks, round-robin, on one kind of thread. */
    private static void row(PrintStream out, int iters, int rounds, int warmup, boolean virtual, boolean connectedEcho,
                            boolean jdkNonBlocking) throws Exception {
        try (NetdialPair nd = new NetdialPair(connectedEcho); JdkPair jdk = new JdkPair(connectedEcho, jdkNonBlocking)) {
            nd.startEcho(virtual);
            jdk.startEcho(virtual);
            Pair[] pairs = {nd, jdk};
            for (int w = 0; w < warmup; w++) {
                round(nd, iters, virtual);
                round(jdk, iters, virtual);
            }
            double[] ndUs = new double[rounds];
            double[] jdkUs = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < 2; k++) {
                    Pair p = pairs[(k + r) % 2];
                    double us = round(p, iters, virtual);
                    if (p == nd) {
                        ndUs[r] = us;
                    } else {
                        jdkUs[r] = us;
                    }
                }
                ratio[r] = ndUs[r] / jdkUs[r];
            }
            if (nd.echoError.get() != null) {
                throw new IllegalStateException("netdial echo failed", nd.echoError.get());
            }
            double[] sr = ratio.clone();
            Arrays.sort(sr);
            out.printf(Locale.ROOT, "| %-8s | %14.2f | %11.2f | %10.2f | %7.2f | %.3f× [%.3f-%.3f] |%n",
                    virtual ? "virtual" : jdkNonBlocking ? "platform, JDK non-blocking (same work)" : "platform",
                    PingPongKit.median(ndUs), PingPongKit.min(ndUs), PingPongKit.median(jdkUs), PingPongKit.min(jdkUs),
                    PingPongKit.median(ratio), sr[0], sr[sr.length - 1]);
        }
    }
}
