package dev.netdial.testing.bench;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.netdial.api.Conn;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.LibC;
import dev.netdial.posix.internal.Sockaddr;
import dev.netdial.posix.internal.SockaddrInet4;
import dev.netdial.tcp.Dialer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a loopback dial's time goes: the JDK's blocking {@code SocketChannel}, then a ladder of the
 * system calls a dial makes issued straight through {@link LibC} (no other Java code; on Java 22+
 * {@code LibC} makes them as Foreign downcalls, on Java 21 or with multi-release jars off through
 * JNA, as the Dialer does), from the JDK's own sequence up to exactly the one netdial's default
 * {@link Dialer} makes, then the Dialer itself. Each rung adds one step, so the difference between
 * two rows is what that step costs here, and the full-sequence row is the fastest any Java code can
 * dial while doing what Go's {@code net.Dialer} does (on this machine, through netdial's
 * {@code LibC}).
 *
 * <p>Rows (each a connect + close to a listener on 127.0.0.1):
 * <ol>
 * <li>{@code jdk}: {@code SocketChannel.open(addr)} and close — {@code socket(AF_INET6)},
 *     {@code IPV6_V6ONLY}, a blocking {@code connect}, {@code getsockname} twice, {@code close}.
 * <li>{@code sys-blocking}: {@code socket(AF_INET)} (blocking), {@code connect},
 *     {@code getsockname}, {@code close} — the JDK's calls, IPv4, through JNA.
 * <li>{@code sys-nonblocking}: {@code SOCK_NONBLOCK}, {@code connect} ({@code EINPROGRESS}),
 *     {@code SO_ERROR}, {@code getsockname}, {@code close}.
 * <li>{@code + getpeername}: the confirmation Go's connect makes.
 * <li>{@code + TCP_NODELAY}: the first of Go's {@code newTCPConn} options.
 * <li>{@code + keep-alive x4}: {@code SO_KEEPALIVE}, {@code TCP_KEEPIDLE} 15, {@code TCP_KEEPINTVL}
 *     15, {@code TCP_KEEPCNT} 9 — now exactly netdial's default sequence (checked by strace).
 * <li>{@code netdial, keep-alive off}, {@code netdial default}: {@code Dialer.dial("tcp", ...)}.
 * </ol>
 *
 * <p>Rows run round-robin in batches; every batch dials a fresh listener, and each row's time is
 * compared with the {@code jdk} row of the same batch. Run it with {@code bench/io.sh dial}.
 */
public final class DialFloorBench {

    private DialFloorBench() {
    }

    private interface DialOnce {
        void dial(InetSocketAddress target, Sockaddr sa, String address) throws IOException;
    }

    private record Row(String name, DialOnce dial) {
    }

    private static final int NONBLOCK = Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC;

    /** One {@code struct pollfd} for the rare wait (the bench dials from one thread). */
    private static final Memory PFD = new Memory(8);
    /** How many raw dials had to wait for the handshake. */
    private static long waits;

    /** Go's newTCPConn options in its order: level, name, value. */
    private static final int[][] GO_OPTIONS = {
        {Constants.IPPROTO_TCP, Constants.TCP_NODELAY, 1},
        {Constants.SOL_SOCKET, Constants.SO_KEEPALIVE, 1},
        {Constants.IPPROTO_TCP, Constants.TCP_KEEPIDLE, 15},
        {Constants.IPPROTO_TCP, Constants.TCP_KEEPINTVL, 15},
        {Constants.IPPROTO_TCP, Constants.TCP_KEEPCNT, 9},
    };

    /**
     * Runs the ladder.
     *
     * @param args {@code [--dial-batch=N] [--dial-batches=B]}: dials per row per batch (400) and
     *             measured batches (40), after 3 warm-up batches
     */
    public static void main(String[] args) throws Exception {
        int batch = 400;
        int batches = 40;
        for (String a : args) {
            if (a.startsWith("--dial-batch=")) {
                batch = Integer.parseInt(a.substring("--dial-batch=".length()));
            } else if (a.startsWith("--dial-batches=")) {
                batches = Integer.parseInt(a.substring("--dial-batches=".length()));
            } else {
                throw new IllegalArgumentException("DialFloorBench: unknown argument " + a
                        + " (want --dial-batch=N --dial-batches=B)");
            }
        }
        Dialer dflt = new Dialer();
        Dialer noKeepAlive = Dialer.builder().keepAlive(Duration.ofSeconds(-1)).build();
        List<Row> rows = List.of(
                new Row("jdk SocketChannel", (t, sa, a) -> {
                    try (SocketChannel ch = SocketChannel.open(t)) {
                        ch.isConnected();
                    }
                }),
                new Row("sys-blocking (the JDK's calls)", (t, sa, a) -> sys(sa, false, false, 0)),
                new Row("sys-nonblocking + SO_ERROR", (t, sa, a) -> sys(sa, true, false, 0)),
                new Row("  + getpeername", (t, sa, a) -> sys(sa, true, true, 0)),
                new Row("  + TCP_NODELAY", (t, sa, a) -> sys(sa, true, true, 1)),
                new Row("  + keep-alive x4 (= netdial's)", (t, sa, a) -> sys(sa, true, true, 5)),
                new Row("netdial Dialer, keep-alive off", (t, sa, a) -> {
                    try (Conn c = noKeepAlive.dial("tcp", a)) {
                        c.localAddr();
                    }
                }),
                new Row("netdial Dialer (default)", (t, sa, a) -> {
                    try (Conn c = dflt.dial("tcp", a)) {
                        c.localAddr();
                    }
                }));

        System.out.printf(Locale.ROOT, "## dial floor: connect + close on 127.0.0.1, %d dials per row per batch, "
                + "%d batches round-robin after 3 warm-up; µs per dial%n", batch, batches);
        double[][] us = new double[rows.size()][batches];
        for (int b = -3; b < batches; b++) {
            try (ServerSocket ss = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
                Thread acceptor = Thread.ofPlatform().name("dialfloor-accept").start(() -> {
                    while (true) {
                        try (Socket s = ss.accept()) {
                            s.getPort();
                        } catch (IOException e) {
                            return; // closed at the end of the batch
                        }
                    }
                });
                InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort());
                Sockaddr sa = new SockaddrInet4(new byte[] {127, 0, 0, 1}, ss.getLocalPort());
                String address = "127.0.0.1:" + ss.getLocalPort();
                for (int j = 0; j < rows.size(); j++) {
                    int ri = (j + Math.max(b, 0)) % rows.size(); // each batch starts one row later
                    DialOnce d = rows.get(ri).dial();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < batch; i++) {
                        d.dial(target, sa, address);
                    }
                    if (b >= 0) {
                        us[ri][b] = (System.nanoTime() - t0) / 1e3 / batch;
                    }
                }
                ss.close();
                acceptor.join();
            }
        }
        System.out.printf(Locale.ROOT, "(%d of the raw dials found the handshake unfinished and waited in poll(2))%n",
                waits);
        System.out.printf(Locale.ROOT, "%-34s %24s %18s %22s%n", "row", "µs/dial median [p25-p75]",
                "- jdk, same batch", "rate / jdk [p25-p75]");
        for (int i = 0; i < rows.size(); i++) {
            double[] diff = new double[batches];
            double[] ratio = new double[batches];
            for (int b = 0; b < batches; b++) {
                diff[b] = us[i][b] - us[0][b];
                ratio[b] = us[0][b] / us[i][b];
            }
            double[] own = us[i].clone();
            Arrays.sort(own);
            Arrays.sort(diff);
            Arrays.sort(ratio);
            System.out.printf(Locale.ROOT, "%-34s %24s %+18.2f %22s%n", rows.get(i).name(),
                    String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", q(own, 2), q(own, 1), q(own, 3)), q(diff, 2),
                    String.format(Locale.ROOT, "%.3f [%.3f-%.3f]", q(ratio, 2), q(ratio, 1), q(ratio, 3)));
        }
    }

    /** The {@code k}-th quartile of sorted {@code v} (k = 1, 2, 3). */
    private static double q(double[] v, int k) {
        return v[Math.min(v.length - 1, k * v.length / 4)];
    }

    /**
     * One dial as bare system calls: connect, then (non-blocking) SO_ERROR, optionally getpeername,
     * getsockname, the first {@code options} of Go's five newTCPConn options, close.
     */
    private static void sys(Sockaddr sa, boolean nonblocking, boolean peer, int options) throws IOException {
        int fd = LibC.socket(Constants.AF_INET, Constants.SOCK_STREAM | (nonblocking ? NONBLOCK : Constants.SOCK_CLOEXEC), 0);
        if (fd < 0) {
            throw new IOException("socket: errno " + -fd);
        }
        try {
            int r = LibC.connect(fd, sa);
            if (r < 0 && !(nonblocking && r == -Constants.EINPROGRESS)) {
                throw new IOException("connect: errno " + -r);
            }
            for (boolean first = true; nonblocking; first = false) {
                if (!first) {
                    // Rarely the handshake is still in flight: wait as netdial would (here with
                    // poll(2) rather than the poller) and count it.
                    waits++;
                    PFD.setInt(0, fd);
                    PFD.setShort(4, Constants.POLLOUT);
                    PFD.setShort(6, (short) 0);
                    LibC.poll(Pointer.nativeValue(PFD), 1, -1);
                }
                int[] soError = new int[1];
                LibC.getsockoptInt(fd, Constants.SOL_SOCKET, Constants.SO_ERROR, soError);
                if (soError[0] != 0 && soError[0] != Constants.EINPROGRESS) {
                    throw new IOException("connect (SO_ERROR): errno " + soError[0]);
                }
                if (soError[0] == 0 && (!peer || LibC.getpeername(fd, new Sockaddr[1]) == 0)) {
                    break;
                }
            }
            if (LibC.getsockname(fd) == null) {
                throw new IOException("getsockname failed");
            }
            for (int i = 0; i < options; i++) {
                LibC.setsockoptInt(fd, GO_OPTIONS[i][0], GO_OPTIONS[i][1], GO_OPTIONS[i][2]);
            }
        } finally {
            LibC.close(fd);
        }
    }
}
