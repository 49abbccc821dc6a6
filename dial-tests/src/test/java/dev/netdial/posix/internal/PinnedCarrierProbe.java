package dev.netdial.posix.internal;

import dev.netdial.testing.Loopback;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * Run in its own JVM by {@link PinnedCarrierTest}, with one carrier
 * ({@code -Djdk.virtualThreadScheduler.parallelism=1}): a virtual thread waits for one byte on a
 * loopback connection while the only carrier is pinned, and the probe prints {@code ok} if the byte
 * arrives within two seconds, {@code hang} if not.
 *
 * <p>Arguments: the sockets ({@code jdk} or {@code netdial}, whose poller mode comes from
 * {@code -Dnetdial.poller}) and the scenario:
 * <ul>
 * <li>{@code waiter-pinned}: the reader itself is pinned (it reads inside a {@code synchronized}
 *     block inside a class initializer, which pins on JDK 21 and 25 alike) and parks its carrier;
 * <li>{@code other-pinned}: another virtual thread pins the carrier (same construction) and blocks
 *     on a platform-side latch while the byte arrives; the latch opens 300 ms later, then the
 *     reader must get its byte;
 * <li>{@code other-spinning}: the same, but the pinned thread busy-waits for the release.
 * </ul>
 *
 * <p>netdial's own test helper; no Go counterpart (goroutines cannot pin a thread this way).
 */
public final class PinnedCarrierProbe {
    private static final Object LOCK = new Object();
    /** What the pinned class initializer runs. */
    static volatile ThrowingRunnable pinnedBody;

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Initializing this class runs {@link #pinnedBody} pinned to the carrier. */
    static final class Pinned {
        static {
            synchronized (LOCK) {
                try {
                    pinnedBody.run();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }
        }

        static void touch() {
        }
    }

    private PinnedCarrierProbe() {
    }

    /** A one-byte reader and the peer's writer. */
    private interface Conn {
        int readByte() throws Exception;

        void writeByte(int b) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String sockets = args[0];
        String scenario = args[1];
        Conn conn;
        AutoCloseable closer;
        if (sockets.equals("jdk")) {
            ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Socket a = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
            Socket b = ss.accept();
            ss.close();
            InputStream in = b.getInputStream();
            OutputStream out = a.getOutputStream();
            conn = new Conn() {
                public int readByte() throws Exception {
                    return in.read();
                }

                public void writeByte(int v) throws Exception {
                    out.write(v);
                }
            };
            closer = () -> {
                a.close();
                b.close();
            };
        } else {
            NetFD[] p = Loopback.pair();
            conn = new Conn() {
                public int readByte() throws Exception {
                    byte[] one = new byte[1];
                    int n = p[1].read(one, 0, 1);
                    return n == 1 ? one[0] : -1;
                }

                public void writeByte(int v) throws Exception {
                    p[0].write(new byte[] {(byte) v}, 0, 1);
                }
            };
            closer = () -> {
                p[0].close();
                p[1].close();
            };
        }
        // Warm the poller up from a virtual thread (pollers start on first use).
        Thread.ofVirtual().start(() -> {
            try {
                conn.writeByte(1);
                conn.readByte();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }).join();

        int[] got = {-2};
        Thread reader;
        CountDownLatch release = new CountDownLatch(1);
        if (scenario.equals("waiter-pinned")) {
            pinnedBody = () -> got[0] = conn.readByte();
            reader = Thread.ofVirtual().start(Pinned::touch);
            Thread.sleep(200);
            conn.writeByte(7);
        } else {
            CountDownLatch pinned = new CountDownLatch(1);
            boolean spin = scenario.equals("other-spinning");
            pinnedBody = () -> {
                pinned.countDown();
                if (spin) {
                    while (release.getCount() > 0) {
                        Thread.onSpinWait(); // holds the only carrier, running
                    }
                } else {
                    release.await(); // blocks the only carrier: pinned, it cannot unmount
                }
            };
            reader = Thread.ofVirtual().start(() -> {
                try {
                    got[0] = conn.readByte();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(100); // the reader parks for data first
            Thread.ofVirtual().start(Pinned::touch);
            pinned.await();
            conn.writeByte(7);
            Thread.sleep(300);
            release.countDown();
        }
        reader.join(2_000);
        System.out.println(got[0] == 7 ? "ok" : "hang");
        System.out.flush();
        if (!reader.isAlive()) {
            closer.close();
        }
        Runtime.getRuntime().halt(0);
    }
}
