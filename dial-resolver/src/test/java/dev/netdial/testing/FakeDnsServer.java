package dev.netdial.testing;

import dev.netdial.resolver.message.DnsMessageException;
import dev.netdial.resolver.message.Header;
import dev.netdial.resolver.message.Message;
import dev.netdial.resolver.message.Question;
import dev.netdial.resolver.message.RCode;
import dev.netdial.resolver.message.Resource;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scriptable DNS server on real loopback sockets, UDP and TCP on the same port, for the DNS
 * client's tests. For each query the {@link Handler} returns the replies to send, in order:
 * none (no reply), garbage, forgeries (ID±1, wrong question, QR=0), truncated, any rcode, a lame
 * referral, each optionally after a delay. Over TCP each reply goes with its 2-byte length
 * prefix (or raw, for broken framing: a prefix longer than the body, half a prefix), and the
 * connection is closed after the last, unless a {@link Reply#stall()} holds it open until the
 * client closes it. Every query is recorded: transport, ID, source port, question.
 *
 * <p>Go: {@code src/net/dnsclient_unix_test.go} {@code fakeDNSServer} (there an in-memory
 * {@code Conn}; here real sockets, so source ports and IDs are the kernel's and the client's).
 */
public final class FakeDnsServer implements AutoCloseable {

    /** One received query. {@code message} is {@code null} when it did not parse. */
    public record Query(String transport, int id, int sourcePort, Message message) {
        /** The first question, or {@code null}. */
        public Question question() {
            return message == null || message.questions().isEmpty() ? null : message.questions().get(0);
        }
    }

    /**
     * What to send: {@code bytes} after {@code delay}; on TCP {@code framed} adds the length
     * prefix. A reply that {@code stalls} sends nothing and ends the script: over TCP the connection stays
     * open until the client closes it (counted by {@link #clientCloses()}).
     */
    public record Reply(byte[] bytes, Duration delay, boolean framed, boolean stalls) {
        /** A reply that is no stall. */
        public Reply(byte[] bytes, Duration delay, boolean framed) {
            this(bytes, delay, framed, false);
        }

        /** Nothing more: the TCP connection is held open, without a byte, until the client closes it. */
        public static Reply stall() {
            return new Reply(new byte[0], Duration.ZERO, false, true);
        }

        /** The reply sent at once (framed on TCP). */
        public static Reply of(byte[] bytes) {
            return new Reply(bytes, Duration.ZERO, true);
        }

        /** {@code message} packed, sent at once. */
        public static Reply of(Message message) {
            return of(pack(message));
        }

        /** The same reply after {@code d}. */
        public Reply after(Duration d) {
            return new Reply(bytes, d, framed, stalls);
        }

        /** The same bytes without the TCP length prefix. */
        public Reply unframed() {
            return new Reply(bytes, delay, false, stalls);
        }
    }

    /** The script: the replies to one query ({@code List.of()} for none). */
    @FunctionalInterface
    public interface Handler {
        List<Reply> handle(Query q) throws Exception;
    }

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Handler handler;
    private final List<Query> queries = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Socket> conns = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger clientCloses = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    private FakeDnsServer(Handler handler) throws IOException {
        this.handler = handler;
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        ServerSocket ss = null;
        DatagramSocket ds = null;
        for (int i = 0; i < 50 && ds == null; i++) {
            ss = new ServerSocket(0, 50, lo);
            try {
                ds = new DatagramSocket(new InetSocketAddress(lo, ss.getLocalPort()));
            } catch (SocketException e) {
                ss.close();
            }
        }
        if (ds == null) {
            throw new IOException("no port free for both UDP and TCP");
        }
        this.udp = ds;
        this.tcp = ss;
    }

    /** A server on 127.0.0.1 answering with {@code handler}. */
    public static FakeDnsServer start(Handler handler) throws IOException {
        FakeDnsServer s = new FakeDnsServer(handler);
        s.spawn("fake-dns-udp", s::serveUDP);
        s.spawn("fake-dns-tcp", s::serveTCP);
        return s;
    }

    private void spawn(String name, Runnable r) {
        Thread t = Thread.ofPlatform().daemon().name(name).start(r);
        threads.add(t);
    }

    /** "127.0.0.1:PORT", a resolv.conf-style server address. */
    public String address() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    /** The queries received so far, in arrival order. */
    public List<Query> queries() {
        return List.copyOf(queries);
    }

    /** How many TCP connections held by a {@link Reply#stall()} the client has closed. */
    public int clientCloses() {
        return clientCloses.get();
    }

    /** How many queries came over {@code transport} ("udp" or "tcp"). */
    public long count(String transport) {
        return queries.stream().filter(q -> q.transport().equals(transport)).count();
    }

    private static Message parseOrNull(byte[] b) {
        try {
            return Message.parse(b);
        } catch (DnsMessageException e) {
            return null;
        }
    }

    private static int idOf(byte[] b) {
        return b.length >= 2 ? (b[0] & 0xFF) << 8 | (b[1] & 0xFF) : -1;
    }

    private List<Reply> script(Query q) {
        try {
            return handler.handle(q);
        } catch (Exception e) {
            return List.of();
        }
    }

    private static void sleep(Duration d) {
        if (!d.isZero()) {
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void serveUDP() {
        byte[] buf = new byte[65535];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                udp.receive(p);
            } catch (IOException e) {
                return;
            }
            byte[] b = java.util.Arrays.copyOf(p.getData(), p.getLength());
            Query q = new Query("udp", idOf(b), p.getPort(), parseOrNull(b));
            queries.add(q);
            InetSocketAddress to = (InetSocketAddress) p.getSocketAddress();
            List<Reply> replies = script(q);
            Runnable send = () -> {
                for (Reply r : replies) {
                    sleep(r.delay());
                    if (r.stalls()) {
                        return;
                    }
                    try {
                        udp.send(new DatagramPacket(r.bytes(), r.bytes().length, to));
                    } catch (IOException e) {
                        return;
                    }
                }
            };
            if (replies.stream().anyMatch(r -> !r.delay().isZero())) {
                spawn("fake-dns-udp-reply", send);
            } else {
                send.run();
            }
        }
    }

    private void serveTCP() {
        while (!closed) {
            Socket c;
            try {
                c = tcp.accept();
            } catch (IOException e) {
                return;
            }
            conns.add(c);
            spawn("fake-dns-tcp-conn", () -> serveConn(c));
        }
    }

    private void serveConn(Socket c) {
        try (c) {
            DataInputStream in = new DataInputStream(c.getInputStream());
            OutputStream out = c.getOutputStream();
            int l = in.readUnsignedShort();
            byte[] b = new byte[l];
            in.readFully(b);
            Query q = new Query("tcp", idOf(b), c.getPort(), parseOrNull(b));
            queries.add(q);
            for (Reply r : script(q)) {
                sleep(r.delay());
                if (r.stalls()) {
                    // Hold the connection: read (and drop) until the client closes its end.
                    while (in.read() >= 0) {
                        // nothing
                    }
                    clientCloses.incrementAndGet();
                    return;
                }
                if (r.framed()) {
                    out.write(new byte[] {(byte) (r.bytes().length >> 8), (byte) r.bytes().length});
                }
                out.write(r.bytes());
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Closes the sockets and waits for the server's threads. */
    @Override
    public void close() throws IOException {
        closed = true;
        udp.close();
        tcp.close();
        for (Socket c : conns) {
            c.close();
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---- helpers for scripts ----

    /** {@code m} packed; a packing failure is a test bug. */
    public static byte[] pack(Message m) {
        try {
            return m.pack();
        } catch (DnsMessageException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * A reply to {@code q}: same ID and questions, QR, RD copied, RA set, the given rcode and
     * answers.
     */
    public static Message response(Query q, RCode rcode, List<Resource> answers) {
        Header h = q.message().header();
        Header r = new Header(h.id(), true, 0, false, false, h.recursionDesired(), true, false, false, rcode);
        return new Message(r, q.message().questions(), answers, List.of(), List.of());
    }

    /** {@code m} with another header. */
    public static Message withHeader(Message m, Header h) {
        return new Message(h, m.questions(), m.answers(), m.authorities(), m.additionals());
    }

    /** {@code m} with other questions. */
    public static Message withQuestions(Message m, List<Question> qs) {
        return new Message(m.header(), qs, m.answers(), m.authorities(), m.additionals());
    }

    /** {@code h} with another ID. */
    public static Header withId(Header h, int id) {
        return new Header(id & 0xFFFF, h.response(), h.opCode(), h.authoritative(), h.truncated(),
                h.recursionDesired(), h.recursionAvailable(), h.authenticData(), h.checkingDisabled(), h.rCode());
    }

    /** {@code h} with QR, AA, TC and RA as given. */
    public static Header withFlags(Header h, boolean response, boolean authoritative, boolean truncated,
            boolean recursionAvailable) {
        return new Header(h.id(), response, h.opCode(), authoritative, truncated, h.recursionDesired(),
                recursionAvailable, h.authenticData(), h.checkingDisabled(), h.rCode());
    }

    /** Bytes that are no DNS message. */
    public static byte[] garbage() {
        return new byte[] {1, 2, 3};
    }
}
