package dev.netdial.testing.bench;

import dev.netdial.api.ReadFromResult;
import dev.netdial.api.UDPAddr;
import dev.netdial.tcp.Net;
import dev.netdial.udp.UDPConn;
import java.io.IOException;
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
 * <p>Run it with {@code bench/io.sh udp [--udp-iters=N] [--udp-rounds=R] [--udp-warmup=W]}
 * (under {@code taskset} on one CPU, as the TCP ping-pong). netdial's own benchmark.
 */
public final class UdpBench {

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
        AtomicReference<Throwable> err = new AtomicReference<>();
        Runnable r = () -> {
            try {
                long t0 = System.nanoTime();
                for (int i = 0; i < iters; i++) {
                    p.roundTrip();
                }
                us[0] = (System.nanoTime() - t0) / 1000.0 / iters;
            } catch (Throwable t) {
                err.set(t);
            }
        };
        if (virtual) {
            Thread.ofVirtual().start(r).join();
        } else {
            r.run();
        }
        if (err.get() != null) {
            throw new IllegalStateException(err.get());
        }
        return us[0];
    }

    /**
     * Runs the comparison.
     *
     * @param args {@code [--udp-iters=N] [--udp-rounds=R] [--udp-warmup=W]}
     */
    public static void main(String[] args) throws Exception {
        int iters = 20_000;
        int rounds = 11;
        int warmup = 3;
        for (String a : args) {
            if (a.startsWith("--udp-iters=")) {
                iters = Integer.parseInt(a.substring(12));
            } else if (a.startsWith("--udp-rounds=")) {
                rounds = Integer.parseInt(a.substring(13));
            } else if (a.startsWith("--udp-warmup=")) {
                warmup = Integer.parseInt(a.substring(13));
            } else {
                System.err.println("usage: UdpBench [--udp-iters=20000] [--udp-rounds=11] [--udp-warmup=3]");
                System.exit(2);
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "## UDP request/response: 1 byte each way, 127.0.0.1; %d round trips per round, %d warm-up + %d rounds, "
                + "µs per round trip%n", iters, warmup, rounds);
        System.out.println("netdial: UDPConn write/read (client, connected) + readFromUDP/writeToUDP (echo); "
                + "JDK: blocking DatagramChannel write/read + receive/send; \"same work\": the JDK's channels non-blocking, "
                + "waiting in a Selector when a receive finds nothing (recvfrom, epoll_wait, recvfrom, as netdial's recvfrom, poll, recvfrom)");
        System.out.println();
        System.out.println("| threads  | netdial median | netdial min | JDK median | JDK min | ratio median [min-max] of per-round ratios |");
        System.out.println("|----------|---------------:|------------:|-----------:|--------:|--------------------------------------------|");
        for (boolean connectedEcho : List.of(false, true)) {
            if (connectedEcho) {
                System.out.println("| (echo on a connected socket: read/write on both ends, for comparison) | | | | | |");
            }
            for (boolean virtual : List.of(false, true)) {
                row(iters, rounds, warmup, virtual, connectedEcho, false);
            }
            row(iters, rounds, warmup, false, connectedEcho, true);
        }
    }

    /** One row: both stacks, round-robin, on one kind of thread. */
    private static void row(int iters, int rounds, int warmup, boolean virtual, boolean connectedEcho,
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
            System.out.printf(Locale.ROOT, "| %-8s | %14.2f | %11.2f | %10.2f | %7.2f | %.3f× [%.3f-%.3f] |%n",
                    virtual ? "virtual" : jdkNonBlocking ? "platform, JDK non-blocking (same work)" : "platform", median(ndUs), min(ndUs), median(jdkUs), min(jdkUs),
                    median(ratio), sr[0], sr[sr.length - 1]);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }
}
