package dev.netdial.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.UnixAddr;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 virtual threads each dial one Unix stream listener and exchange messages with an echo
 * server (a virtual thread per accepted conn); 1,000 more exchange datagrams over "unixgram";
 * every byte is checked.
 *
 * <p>netdial's own: issue 14's load test, the Unix twin of dial-tcp's virtual-thread dials.
 */
@Timeout(120)
class UnixVirtualThreadsTest {
    static final int CLIENTS = 1000;
    static final int MESSAGES = 5;

    @TempDir
    Path dir;

    /** Message {@code m} of client {@code id}: its length and bytes follow from both. */
    static byte[] message(int id, int m) {
        byte[] b = new byte[1 + (id * 7 + m * 131) % 3000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (id * 31 + m * 17 + i);
        }
        return b;
    }

    @Test
    void thousandVirtualThreadsExchangeStreamMessages() throws Exception {
        UnixAddr a = new UnixAddr(dir.resolve("vt.sock").toString(), "unix");
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger checkedBytes = new AtomicInteger();
        List<Thread> servers = new ArrayList<>();
        try (UnixListener ln = UnixNet.listenUnix("unix", a)) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < CLIENTS; i++) {
                    UnixConn s;
                    try {
                        s = ln.acceptUnix();
                    } catch (IOException e) {
                        failures.add(e);
                        return;
                    }
                    synchronized (servers) {
                        servers.add(Thread.ofVirtual().start(() -> echo(s, failures)));
                    }
                }
            });
            List<Thread> clients = new ArrayList<>();
            for (int id = 0; id < CLIENTS; id++) {
                int me = id;
                clients.add(Thread.ofVirtual().start(() -> client(a, me, failures, checkedBytes)));
            }
            for (Thread t : clients) {
                t.join();
            }
            acceptor.join();
            synchronized (servers) {
                for (Thread t : servers) {
                    t.join();
                }
            }
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " failures, first: " + failures.peek());
            failures.forEach(e::addSuppressed);
            throw e;
        }
        int want = 0;
        for (int id = 0; id < CLIENTS; id++) {
            for (int m = 0; m < MESSAGES; m++) {
                want += message(id, m).length;
            }
        }
        assertEquals(want, checkedBytes.get(), "every byte echoed and checked");
        assertTrue(want > CLIENTS * MESSAGES, "non-trivial payload");
    }

    /**
     * 1,000 virtual threads, each with its own "unixgram" socket (an abstract name, connected to
     * one server socket), send datagrams that a few server threads echo back to the sender's
     * address; every byte of every reply is checked. The server's queue (max_dgram_qlen) is
     * smaller than the clients: senders wait for room, none is dropped.
     */
    @Test
    void thousandVirtualThreadsExchangeDatagrams() throws Exception {
        String tag = "@netdial-vt-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        UnixAddr sa = new UnixAddr(tag + "-server", "unixgram");
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger checkedBytes = new AtomicInteger();
        AtomicInteger repliesLeft = new AtomicInteger(CLIENTS * MESSAGES);
        try (UnixConn server = UnixNet.listenUnixgram("unixgram", sa)) {
            List<Thread> servers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                servers.add(Thread.ofVirtual().start(() -> {
                    byte[] buf = new byte[4096];
                    try {
                        while (repliesLeft.get() > 0) {
                            var r = server.readFromUnix(buf);
                            server.writeToUnix(buf, 0, r.n(), r.addr());
                            repliesLeft.decrementAndGet();
                        }
                    } catch (IOException e) {
                        if (repliesLeft.get() > 0 && server.isOpen()) {
                            failures.add(e);
                        }
                    }
                }));
            }
            List<Thread> clients = new ArrayList<>();
            for (int id = 0; id < CLIENTS; id++) {
                int me = id;
                clients.add(Thread.ofVirtual().start(() -> {
                    UnixAddr la = new UnixAddr(tag + "-" + me, "unixgram");
                    try (UnixConn c = UnixNet.dialUnix("unixgram", la, sa)) {
                        byte[] got = new byte[4096];
                        for (int m = 0; m < MESSAGES; m++) {
                            byte[] want = message(me, m);
                            c.write(want, 0, want.length);
                            int n = c.read(got, 0, got.length);
                            if (n != want.length || !java.util.Arrays.equals(want, java.util.Arrays.copyOf(got, n))) {
                                failures.add(new AssertionError("client " + me + " datagram " + m + ": echo differs"));
                                return;
                            }
                            checkedBytes.addAndGet(n);
                        }
                    } catch (IOException e) {
                        failures.add(new AssertionError("client " + me, e));
                    }
                }));
            }
            for (Thread t : clients) {
                t.join();
            }
            server.close(); // ends the server threads once every reply went out
            for (Thread t : servers) {
                t.join();
            }
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " failures, first: " + failures.peek());
            failures.forEach(e::addSuppressed);
            throw e;
        }
        int want = 0;
        for (int id = 0; id < CLIENTS; id++) {
            for (int m = 0; m < MESSAGES; m++) {
                want += message(id, m).length;
            }
        }
        assertEquals(want, checkedBytes.get(), "every datagram echoed and checked");
    }

    /** Echoes until end of stream, then closes. */
    private static void echo(UnixConn s, ConcurrentLinkedQueue<Throwable> failures) {
        try (s) {
            byte[] buf = new byte[4096];
            for (int n; (n = s.read(buf, 0, buf.length)) > 0;) {
                s.write(buf, 0, n);
            }
        } catch (IOException e) {
            failures.add(e);
        }
    }

    /** Sends each message and checks its echo byte for byte. */
    private static void client(UnixAddr a, int id, ConcurrentLinkedQueue<Throwable> failures, AtomicInteger checked) {
        try (UnixConn c = UnixNet.dialUnix("unix", null, a)) {
            InputStream in = c.inputStream();
            for (int m = 0; m < MESSAGES; m++) {
                byte[] want = message(id, m);
                c.write(want, 0, want.length);
                byte[] got = in.readNBytes(want.length);
                if (!java.util.Arrays.equals(want, got)) {
                    failures.add(new AssertionError("client " + id + " message " + m + ": echo differs"));
                    return;
                }
                checked.addAndGet(got.length);
            }
            c.closeWrite();
            if (in.read() != -1) {
                failures.add(new AssertionError("client " + id + ": data after the echo"));
            }
        } catch (IOException e) {
            failures.add(new AssertionError("client " + id, e));
        }
    }
}
