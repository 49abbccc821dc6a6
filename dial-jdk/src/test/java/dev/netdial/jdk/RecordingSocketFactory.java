package dev.netdial.jdk;

import dev.netdial.tcp.Dialer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;

/**
 * A {@link SocketFactory} that hands out {@link NetdialSocketFactory}'s sockets and records them,
 * over a {@link Dialer} whose control hook counts the dials that reached {@code connect(2)}: the
 * proof, in the client tests, that a client's connections really went through netdial.
 *
 * <p>Clients that take a factory object (OkHttp) get one from {@link Recorder#factory()}; drivers
 * that instantiate a factory by class name (PostgreSQL's {@code socketFactory} with
 * {@code socketFactoryArg}) name this class and pass {@link Recorder#key()} as the argument: the
 * constructor finds the recorder registered under it. The registry is the test's own plumbing;
 * {@link Recorder#close()} removes the entry.
 */
public final class RecordingSocketFactory extends SocketFactory {

    private static final Map<String, Recorder> RECORDERS = new ConcurrentHashMap<>();

    /** What one test's factories created and dialed. */
    public static final class Recorder implements AutoCloseable {
        private final String key = UUID.randomUUID().toString();
        private final AtomicInteger dials = new AtomicInteger();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final Dialer dialer = Dialer.builder().control((network, address, raw) -> dials.incrementAndGet())
                .build();

        private Recorder() {
        }

        /** A new recorder, registered under {@link #key()}. */
        public static Recorder create() {
            Recorder r = new Recorder();
            RECORDERS.put(r.key, r);
            return r;
        }

        /** The {@code socketFactoryArg} naming this recorder. */
        public String key() {
            return key;
        }

        /** A factory recording into this recorder. */
        public RecordingSocketFactory factory() {
            return new RecordingSocketFactory(this);
        }

        /** Dials that reached the socket's control hook (one per address tried). */
        public int dials() {
            return dials.get();
        }

        /** Every socket the factories created, in order. */
        public List<Socket> sockets() {
            return List.copyOf(sockets);
        }

        @Override
        public void close() {
            RECORDERS.remove(key);
        }
    }

    private final Recorder recorder;
    private final NetdialSocketFactory delegate;

    private RecordingSocketFactory(Recorder recorder) {
        this.recorder = recorder;
        this.delegate = new NetdialSocketFactory(recorder.dialer);
    }

    /** For drivers: the recorder registered under {@code key}. */
    public RecordingSocketFactory(String key) {
        this(lookup(key));
    }

    private static Recorder lookup(String key) {
        Recorder r = RECORDERS.get(key);
        if (r == null) {
            throw new IllegalArgumentException("no Recorder registered under " + key);
        }
        return r;
    }

    private Socket record(Socket s) {
        recorder.sockets.add(s);
        return s;
    }

    @Override
    public Socket createSocket() throws IOException {
        return record(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return record(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return record(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return record(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return record(delegate.createSocket(address, port, localAddress, localPort));
    }
}
