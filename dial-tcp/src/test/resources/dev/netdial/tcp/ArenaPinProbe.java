// Run by dev.netdial.tcp.ConnArenaPinTest with the JDK's source launcher on JDK 22 or newer: it uses
// the Foreign API, which this build's release (21) cannot compile against. Races Arena.close() of a
// shared arena against reads and writes into its memory. Prints one line per case: "name: outcome".
import dev.netdial.api.Conn;
import dev.netdial.api.Listener;
import dev.netdial.tcp.Net;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

public class ArenaPinProbe {
    public static void main(String[] args) throws Exception {
        parkedRead();
        writeInSyscall();
    }

    /**
     * A read waits on the poller (not in a syscall) into a shared arena's memory; the arena is
     * closed meanwhile (nothing holds it: that close succeeds); then the peer writes. The read
     * must fail with "Already closed" and leave the bytes in the socket, not write them into
     * freed memory.
     */
    static void parkedRead() throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0");
                Conn c = Net.dial("tcp", ln.addr().toString());
                Conn peer = ln.accept()) {
            Arena a = Arena.ofShared();
            ByteBuffer bb = a.allocate(16).asByteBuffer();
            String[] out = new String[1];
            Thread t = Thread.ofPlatform().start(() -> out[0] = outcome(() -> c.read(bb)));
            // Until the reader waits for readability (in poll(2), a RUNNABLE native frame).
            for (int i = 0; i < 5000 && !waiting(t); i++) {
                Thread.sleep(1);
            }
            System.out.println("parked close: " + outcome(() -> {
                a.close();
                return 0;
            }));
            peer.write("hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
            t.join();
            System.out.println("parked read: " + out[0]);
            c.setReadDeadline(Instant.now().plusSeconds(5));
            byte[] b = new byte[16];
            String left;
            try {
                int n = c.read(b, 0, b.length);
                left = new String(b, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
            } catch (java.io.IOException e) {
                left = e.getMessage(); // before the fix: the bytes went into freed memory
            }
            System.out.println("parked left: " + left);
        }
    }

    /**
     * A writer streams a large shared-arena buffer to a peer that drains it; another thread spins
     * on Arena.close(). A close that lands while write(2) runs must be refused ("Session is
     * acquired"); once it succeeds (the writer waits on the poller), the writer's next write
     * fails with "Already closed", never "bad address" or a crash. Whether a close lands inside
     * a syscall is up to the scheduler (here a fifth to a half of the rounds): at least 5 rounds, then more
     * until one close was refused, at most 200.
     */
    static void writeInSyscall() throws Exception {
        int rounds = 0;
        int refusedRounds = 0;
        String writerEnd = null;
        for (; rounds < 200 && (rounds < 5 || refusedRounds == 0); rounds++) {
            try (Listener ln = Net.listen("tcp", "127.0.0.1:0");
                    Conn c = Net.dial("tcp", ln.addr().toString());
                    Conn peer = ln.accept()) {
                Arena a = Arena.ofShared();
                ByteBuffer bb = a.allocate(32 << 20).asByteBuffer();
                AtomicBoolean started = new AtomicBoolean();
                String[] out = new String[1];
                Thread w = Thread.ofPlatform().start(() -> out[0] = outcome(() -> {
                    for (;;) {
                        bb.clear();
                        started.set(true);
                        c.write(bb);
                    }
                }));
                Thread d = Thread.ofPlatform().start(() -> {
                    byte[] sink = new byte[1 << 20];
                    try {
                        while (peer.read(sink, 0, sink.length) > 0) {
                        }
                    } catch (Exception e) {
                        // the conn closed
                    }
                });
                while (!started.get()) {
                    Thread.onSpinWait();
                }
                Thread.sleep(5);
                boolean refused = false;
                for (;;) {
                    try {
                        a.close();
                        break;
                    } catch (IllegalStateException e) {
                        if (!e.getMessage().startsWith("Session is acquired")) {
                            throw e;
                        }
                        refused = true;
                    }
                }
                w.join();
                c.close();
                d.join();
                if (refused) {
                    refusedRounds++;
                }
                if (writerEnd == null || !out[0].equals("IllegalStateException Already closed")) {
                    writerEnd = out[0];
                }
            }
        }
        System.out.println("write close refused in some round: " + (refusedRounds > 0));
        System.out.println("write ends: " + writerEnd);
        System.err.println("rounds with a refused close: " + refusedRounds + "/" + rounds);
    }

    static boolean waiting(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getMethodName().equals("waitFor")) {
                return true;
            }
        }
        return false;
    }

    interface Io {
        int run() throws Exception;
    }

    static String outcome(Io io) {
        try {
            return "returned " + io.run();
        } catch (Exception e) {
            return e.getClass().getSimpleName() + " " + e.getMessage();
        }
    }
}
