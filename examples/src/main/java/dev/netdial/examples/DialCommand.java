package dev.netdial.examples;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.HostPort;
import dev.netdial.api.IP;
import dev.netdial.api.Errors;
import dev.netdial.api.TCPAddr;
import dev.netdial.api.UDPAddr;
import dev.netdial.api.UnixAddr;
import dev.netdial.resolver.Resolver;
import dev.netdial.tcp.Dialer;
import dev.netdial.tcp.TCPConn;
import dev.netdial.udp.UDPConn;
import dev.netdial.unix.UnixConn;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code netdial dial NETWORK ADDRESS [--timeout D] [--local ADDR]}: connects, then copies stdin
 * to the connection and the connection to stdout, like {@code nc}. At the end of stdin it shuts
 * down the sending side ({@code closeWrite}) and keeps reading until the peer closes; it returns
 * when both directions have ended. A failure prints Go's error text and exits 1.
 *
 * <p>On "udp", "udp4" and "udp6" each read from stdin is sent as one datagram and each datagram
 * received is written to stdout; after the end of stdin it waits for replies until
 * {@link #UDP_QUIET} passes with none (a datagram socket has no end of stream), then exits 0.
 *
 * <p>For "unix", "unixgram" and "unixpacket" ADDRESS (and {@code --local}) is a socket path or
 * "@abstract" name; "unixgram" sends each chunk of stdin as a datagram and ends with stdin (an
 * unnamed socket gets no replies).
 */
final class DialCommand {

    private static final int BUF = 32 * 1024;
    /** After stdin ends, how long a UDP dial waits for one more reply before it exits. */
    static final Duration UDP_QUIET = Duration.ofSeconds(1);

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    DialCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws Flags.UsageException {
        Flags f = Flags.parse(args, Set.of(), Set.of("timeout", "local"));
        if (f.positional().size() != 2) {
            throw new Flags.UsageException("want NETWORK ADDRESS, got " + f.positional());
        }
        String network = f.positional().get(0);
        String address = f.positional().get(1);
        Duration timeout = f.duration("timeout");
        Conn c;
        try {
            Addr local = f.value("local") == null ? null
                    : network.startsWith("unix") ? new UnixAddr(f.value("local"), network) : resolveLocal(f.value("local"));
            if (local instanceof TCPAddr t && network.startsWith("udp")) {
                local = new UDPAddr(t.ip(), t.port(), t.zone());
            }
            c = Dialer.builder().timeout(timeout).localAddr(local).build().dial(network, address);
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        try (c) {
            return copyBothWays(c);
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /**
     * Resolves {@code --local}: an IP literal or host name (empty: any address) and a port number
     * or service name.
     *
     * <p>Go: {@code src/net/tcpsock.go} {@code ResolveTCPAddr}, first address.
     */
    private static Addr resolveLocal(String hostport) throws IOException {
        HostPort hp = HostPort.split(hostport);
        String host = hp.host();
        String zone = null;
        int pct = host.lastIndexOf('%');
        if (pct >= 0) {
            zone = host.substring(pct + 1);
            host = host.substring(0, pct);
        }
        InetAddress ip = null;
        if (!host.isEmpty()) {
            ip = IP.parse(host);
            if (ip == null) {
                ip = Resolver.defaultResolver().lookupIP(Context.background(), "ip", host).get(0);
            }
        }
        int port;
        if (!hp.port().isEmpty() && hp.port().chars().allMatch(Character::isDigit) && hp.port().length() <= 5
                && Integer.parseInt(hp.port()) <= 65535) {
            port = Integer.parseInt(hp.port());
        } else {
            port = Resolver.defaultResolver().lookupPort(Context.background(), "tcp", hp.port());
        }
        return new TCPAddr(ip, port, zone);
    }

    /**
     * stdin → conn on a helper thread (then {@code closeWrite}), conn → stdout here. Returns 0
     * when both ended cleanly; prints the first error and returns 1 otherwise.
     */
    private int copyBothWays(Conn c) throws IOException {
        AtomicReference<IOException> upErr = new AtomicReference<>();
        AtomicBoolean datagramsDone = new AtomicBoolean();
        Thread up = Thread.ofPlatform().name("netdial-dial-stdin").daemon().start(() -> {
            byte[] buf = new byte[BUF];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    c.write(buf, 0, n);
                }
                if (n < 0 && c instanceof TCPConn t) {
                    t.closeWrite();
                } else if (n < 0 && c instanceof UnixConn u) {
                    if (u.localAddr().network().equals("unixgram")) {
                        // Datagrams have no end of stream to send, and an unnamed socket gets no
                        // replies: stdin's end is the end.
                        datagramsDone.set(true);
                        u.close();
                    } else {
                        u.closeWrite();
                    }
                }
                if (n < 0 && c instanceof UDPConn u) {
                    u.setReadDeadline(Instant.now().plus(UDP_QUIET)); // no end of stream to wait for
                }
            } catch (IOException e) {
                upErr.set(e);
            }
        });
        byte[] buf = new byte[BUF];
        IOException downErr = null;
        try {
            int n;
            while ((n = c.read(buf, 0, buf.length)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
                if (c instanceof UDPConn u && !up.isAlive()) {
                    u.setReadDeadline(Instant.now().plus(UDP_QUIET));
                }
            }
        } catch (IOException e) {
            if (c instanceof UDPConn && !up.isAlive() && Errors.isTimeout(e)) {
                downErr = null;
            } else if (!(datagramsDone.get() && Errors.isClosed(e))) {
                downErr = e;
            }
        }
        if (downErr != null) {
            // The connection is broken: stop here; stdin's thread is a daemon and cannot be woken.
            err.println(downErr.getMessage());
            return 1;
        }
        try {
            up.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (upErr.get() != null) {
            err.println(upErr.get().getMessage());
            return 1;
        }
        return 0;
    }
}
