package dev.netdial.tcp;

import dev.netdial.api.Context;
import dev.netdial.api.TCPAddr;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Listeners on 127.0.0.1:P and [::1]:P (one port for both families), each served by its own
 * virtual thread; either family can be torn down alone.
 *
 * <p>Go: {@code src/net/mockserver_test.go} {@code dualStackServer}.
 */
final class DualStackServer implements AutoCloseable {
    final int port;
    private final TCPListener ln4;
    private final TCPListener ln6;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed4;
    private volatile boolean closed6;

    private DualStackServer(int port, TCPListener ln4, TCPListener ln6) {
        this.port = port;
        this.ln4 = ln4;
        this.ln6 = ln6;
    }

    /** Go: {@code newDualStackServer}: tries ports until both families bind the same one. */
    static DualStackServer open() throws IOException {
        IOException last = null;
        for (int i = 0; i < 64; i++) {
            TCPListener l4 = (TCPListener) new ListenConfig().listen(Context.background(), "tcp4", "127.0.0.1:0");
            int port = ((TCPAddr) l4.addr()).port();
            try {
                TCPListener l6 = (TCPListener) new ListenConfig().listen(Context.background(), "tcp6", "[::1]:" + port);
                return new DualStackServer(port, l4, l6);
            } catch (IOException e) {
                last = e;
                l4.close();
            }
        }
        throw last;
    }

    /** Go: {@code (*dualStackServer).buildup}: serve each listener with {@code handler}. */
    DualStackServer buildup(Consumer<TCPListener> handler) {
        for (TCPListener l : List.of(ln4, ln6)) {
            threads.add(Thread.ofVirtual().name("test-dss-" + l.addr()).start(() -> handler.accept(l)));
        }
        return this;
    }

    /** Go: {@code (*dualStackServer).teardownNetwork}. */
    void teardownNetwork(String network) throws IOException {
        if (network.equals("tcp4")) {
            closed4 = true;
            ln4.close();
        } else if (network.equals("tcp6")) {
            closed6 = true;
            ln6.close();
        }
    }

    /** Accepts and closes until the listener closes: Go's usual handler. */
    static void acceptAndClose(TCPListener ln) {
        for (;;) {
            try {
                ln.accept().close();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed4) {
            ln4.close();
        }
        if (!closed6) {
            ln6.close();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for the server threads", e);
            }
        }
    }
}
