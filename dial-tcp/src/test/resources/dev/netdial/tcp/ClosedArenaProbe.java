// Run by dev.netdial.tcp.ConnBufferTest with the JDK's source launcher on JDK 22 or newer: it uses
// the Foreign API, which this build's release (21) cannot compile against. Prints one line per
// case: "name: outcome".
import dev.netdial.api.Conn;
import dev.netdial.api.Listener;
import dev.netdial.tcp.Net;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

public class ClosedArenaProbe {
    public static void main(String[] args) throws Exception {
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0");
                Conn c = Net.dial("tcp", ln.addr().toString());
                Conn peer = ln.accept()) {
            peer.write("hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
            for (long size : new long[] {16, 1 << 20}) {
                Arena a = Arena.ofShared();
                ByteBuffer bb = a.allocate(size).asByteBuffer();
                a.close();
                System.out.println("read " + size + ": " + outcome(() -> c.read(bb)));
                System.out.println("write " + size + ": " + outcome(() -> c.write(bb)));
            }
            // A confined arena's memory, from a thread that does not own it.
            try (Arena confined = Arena.ofConfined()) {
                ByteBuffer bb = confined.allocate(16).asByteBuffer();
                String[] out = new String[2];
                Thread t = Thread.ofPlatform().start(() -> {
                    out[0] = outcome(() -> c.read(bb));
                    out[1] = outcome(() -> c.write(bb));
                });
                t.join();
                System.out.println("confined read: " + out[0]);
                System.out.println("confined write: " + out[1]);
            }
            // Nothing was taken from the socket: the peer's bytes are still there.
            byte[] b = new byte[16];
            int n = c.read(b, 0, b.length);
            System.out.println("left: " + new String(b, 0, Math.max(n, 0), StandardCharsets.US_ASCII));
            // Nothing was sent either: after closing, the peer sees EOF at once.
            c.close();
            System.out.println("peer: " + peer.read(b, 0, b.length));
        }
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
