package dev.netdial.resolver;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link DialFunc} for tests: records every call (network, address, whether the context had a
 * deadline), sends the connection to a fixed server whatever address was asked for (when one is
 * given), or fails with a given error; counts the connections still open.
 *
 * <p>Go: the {@code Resolver.Dial} fakes of {@code src/net/dnsclient_unix_test.go}
 * ({@code fakeDNSServer.DialContext}).
 */
final class RecordingDial implements DialFunc {

    /** One call: what the resolver asked for. */
    record Call(String network, String address, boolean hasDeadline) {
    }

    private final String target;
    private final IOException failure;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();

    private RecordingDial(String target, IOException failure) {
        this.target = target;
        this.failure = failure;
    }

    /** Dials {@code target} ("ip:port"; {@code null}: the address asked for) with the client's own sockets. */
    static RecordingDial to(String target) {
        return new RecordingDial(target, null);
    }

    /** Fails every call with {@code err}. */
    static RecordingDial failing(IOException err) {
        return new RecordingDial(null, err);
    }

    @Override
    public Conn dial(Context ctx, String network, String address) throws IOException {
        calls.add(new Call(network, address, ctx.deadline().isPresent()));
        if (failure != null) {
            throw failure;
        }
        Conn c = DnsConn.dial(ctx, network, target != null ? target : address);
        open.incrementAndGet();
        return new Counted(c);
    }

    /** The calls so far, in order. */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** How many dialed connections are not closed yet. */
    int open() {
        return open.get();
    }

    /** Waits up to {@code max} for every dialed connection to be closed; whether they were. */
    boolean awaitAllClosed(Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (open.get() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** The connection, counting its first close. */
    private final class Counted implements Conn {
        private final Conn c;
        private boolean closed;

        Counted(Conn c) {
            this.c = c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return c.read(b, off, len);
        }

        @Override
        public int write(byte[] b, int off, int len) throws IOException {
            return c.write(b, off, len);
        }

        @Override
        public Addr localAddr() {
            return c.localAddr();
        }

        @Override
        public Addr remoteAddr() {
            return c.remoteAddr();
        }

        @Override
        public void setDeadline(Instant t) throws IOException {
            c.setDeadline(t);
        }

        @Override
        public void setReadDeadline(Instant t) throws IOException {
            c.setReadDeadline(t);
        }

        @Override
        public void setWriteDeadline(Instant t) throws IOException {
            c.setWriteDeadline(t);
        }

        @Override
        public InputStream inputStream() {
            return c.inputStream();
        }

        @Override
        public OutputStream outputStream() {
            return c.outputStream();
        }

        @Override
        public boolean isOpen() {
            return c.isOpen();
        }

        @Override
        public void close() throws IOException {
            synchronized (this) {
                if (!closed) {
                    closed = true;
                    open.decrementAndGet();
                }
            }
            c.close();
        }
    }
}
