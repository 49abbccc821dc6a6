package dev.netdial.examples;

import dev.netdial.api.Addr;
import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.Errors;
import dev.netdial.api.Listener;
import dev.netdial.api.NetException;
import dev.netdial.api.PacketConn;
import dev.netdial.api.ReadFromResult;
import dev.netdial.tcp.ListenConfig;
import dev.netdial.unix.UnixListener;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code netdial listen NETWORK ADDRESS [--echo]}: prints {@code listening on ADDR}, then accepts
 * forever, printing {@code accepted PEER} and, when the peer is done, {@code closed PEER (N bytes)}.
 * Each connection is served on its own virtual thread: with {@code --echo} what it receives is sent
 * back; otherwise it is read and dropped. The connection is closed when the peer closes its side.
 *
 * <p>On "udp", "udp4", "udp6" and "unixgram" it opens a packet socket instead and prints
 * {@code datagram from PEER (N bytes)} for each datagram, sending it back with {@code --echo}.
 *
 * <p>Interrupting the calling thread stops it: the listener and every open connection are closed
 * and it returns 0 (the tests' way to end it; from a terminal, Ctrl-C ends the process, and a
 * "unix" listener still removes its socket file on the way out).
 */
final class ListenCommand {

    private static final int BUF = 32 * 1024;

    private final PrintStream out;
    private final PrintStream err;

    ListenCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws Flags.UsageException {
        Flags f = Flags.parse(args, Set.of("echo"), Set.of());
        if (f.positional().size() != 2) {
            throw new Flags.UsageException("want NETWORK ADDRESS, got " + f.positional());
        }
        boolean echo = f.isSet("echo");
        if (f.positional().get(0).startsWith("udp") || f.positional().get(0).equals("unixgram")) {
            return servePackets(f.positional().get(0), f.positional().get(1), echo);
        }
        Listener ln;
        try {
            ln = new ListenConfig().listen(Context.background(), f.positional().get(0), f.positional().get(1));
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        Set<Conn> open = ConcurrentHashMap.newKeySet();
        List<Thread> handlers = new ArrayList<>();
        // Ctrl-C or a kill ends the JVM without the finally below: a Unix listener's close then
        // still removes its socket file, so the next "listen unix PATH" finds the name free.
        java.util.concurrent.atomic.AtomicBoolean exiting = new java.util.concurrent.atomic.AtomicBoolean();
        Thread unlinkAtExit = ln instanceof UnixListener ul ? new Thread(() -> {
            exiting.set(true);
            closeQuietly(ul);
        }) : null;
        if (unlinkAtExit != null) {
            Runtime.getRuntime().addShutdownHook(unlinkAtExit);
        }
        try (ln) {
            synchronized (out) {
                out.println("listening on " + ln.addr());
                out.flush();
            }
            long backoffMillis = 0;
            while (true) {
                Conn c;
                try {
                    c = ln.accept();
                } catch (IOException e) {
                    if (Thread.currentThread().isInterrupted() || Errors.isCanceled(e) || exiting.get()) {
                        return 0;
                    }
                    if (e instanceof NetException ne && ne.temporary()) {
                        // As Go's net/http server: back off 5 ms, doubling up to 1 s, and go on.
                        backoffMillis = backoffMillis == 0 ? 5 : Math.min(backoffMillis * 2, 1000);
                        err.println(e.getMessage() + "; retrying in " + backoffMillis + "ms");
                        Thread.sleep(backoffMillis);
                        continue;
                    }
                    err.println(e.getMessage());
                    return 1;
                }
                backoffMillis = 0;
                open.add(c);
                handlers.removeIf(t -> !t.isAlive());
                handlers.add(Thread.ofVirtual().name("netdial-listen-conn").start(() -> serve(c, echo, open)));
            }
        } catch (IOException e) { // closing the listener
            err.println(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            return 0;
        } finally {
            if (unlinkAtExit != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(unlinkAtExit);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: it closes the listener
                }
            }
            for (Conn c : open) {
                closeQuietly(c);
            }
            for (Thread t : handlers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void serve(Conn c, boolean echo, Set<Conn> open) {
        String peer = String.valueOf(c.remoteAddr());
        synchronized (out) {
            out.println("accepted " + peer);
            out.flush();
        }
        long total = 0;
        String failure = null;
        byte[] buf = new byte[BUF];
        try {
            int n;
            while ((n = c.read(buf, 0, buf.length)) >= 0) {
                total += n;
                if (echo) {
                    c.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            if (!Errors.isClosed(e)) { // closed by us on the way out: not worth a line
                failure = e.getMessage();
            }
        } finally {
            closeQuietly(c);
            open.remove(c);
        }
        synchronized (out) {
            out.println("closed " + peer + " (" + total + " bytes)" + (failure == null ? "" : ": " + failure));
            out.flush();
        }
    }

    /**
     * The datagram server: reads datagrams until interrupted, printing each sender and echoing
     * with {@code echo}. Returns 0 when interrupted, 1 on any other failure.
     */
    private int servePackets(String network, String address, boolean echo) {
        PacketConn pc;
        try {
            pc = new ListenConfig().listenPacket(Context.background(), network, address);
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        try (pc) {
            synchronized (out) {
                out.println("listening on " + pc.localAddr());
                out.flush();
            }
            byte[] buf = new byte[64 * 1024];
            for (;;) {
                ReadFromResult<? extends Addr> r = pc.readFrom(buf);
                synchronized (out) {
                    out.println("datagram from " + r.addr() + " (" + r.n() + " bytes)");
                    out.flush();
                }
                if (echo && r.addr() != null) { // an unnamed "unixgram" sender cannot be answered
                    pc.writeTo(buf, 0, r.n(), r.addr());
                }
            }
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted() || Errors.isCanceled(e)) {
                return 0;
            }
            err.println(e.getMessage());
            return 1;
        }
    }

    private void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            err.println(e.getMessage());
        }
    }
}
