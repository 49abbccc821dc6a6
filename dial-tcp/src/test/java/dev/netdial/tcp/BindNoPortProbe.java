package dev.netdial.tcp;

import dev.netdial.api.Conn;
import dev.netdial.api.Errno;
import dev.netdial.api.Listener;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.Constants;
import dev.netdial.testing.Loopback;
import dev.netdial.testing.SocketSwitch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe JVM of {@link BindNoPortTest}: two listeners, 127.0.0.1:L1 and 127.0.0.1:L2 (outside
 * the ephemeral range), and a Dialer whose local address is 127.0.0.1:0 that dials them in
 * turn, keeping every conn open, until a dial fails. Twice, each over its own range of
 * {@code n} ports: as netdial dials ({@code IP_BIND_ADDRESS_NO_PORT}: the port is chosen at
 * connect, per destination), and on a kernel without the option (its SocketSwitch fails that
 * setsockopt with {@code ENOPROTOOPT}: bind reserves a port of the shared range).
 *
 * <p>Args: {@code rangeBase n l1 l2}. Keys per run ({@code noPort}, {@code bindPort}):
 * {@code range}, {@code conns}, {@code toL1}, {@code toL2}, {@code distinctLocalPorts},
 * {@code error} (the failing dial's text), {@code socketFdsAfterClose}; {@code socketFdsBefore};
 * {@code crash} on failure.
 */
public final class BindNoPortProbe {

    private BindNoPortProbe() {
    }

    public static void main(String[] args) {
        ProbeSupport.main(out -> {
            int base = Integer.parseInt(args[0]);
            int n = Integer.parseInt(args[1]);
            int l1 = Integer.parseInt(args[2]);
            int l2 = Integer.parseInt(args[3]);
            out.put("socketFdsBefore", ProbeSupport.socketFds());
            out.put("noPort", run(base, n, l1, l2, false));
            out.put("bindPort", run(base + n, n, l1, l2, true));
        });
    }

    private static Map<String, Object> run(int lo, int n, int l1, int l2, boolean oldKernel) throws IOException {
        ProbeSupport.setPortRange(lo, lo + n - 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("range", ProbeSupport.portRange());
        SocketSwitch sw = new SocketSwitch();
        if (oldKernel) {
            sw.setFilter(SocketSwitch.FilterType.SETSOCKOPT, c -> c.name() == Constants.IP_BIND_ADDRESS_NO_PORT
                    ? SocketSwitch.Action.fail(Errno.ENOPROTOOPT) : null);
        }
        Dialer d = Dialer.builder().localAddr(new TCPAddr(Loopback.V4, 0)).hooks(Hooks.NONE.withCalls(sw)).build();
        List<Conn> open = new ArrayList<>();
        long toL1 = 0, toL2 = 0;
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        try (Listener a = Net.listen("tcp", "127.0.0.1:" + l1); Listener b = Net.listen("tcp", "127.0.0.1:" + l2)) {
            String error = null;
            for (int i = 0; i < 4 * n && error == null; i++) {
                Listener ln = i % 2 == 0 ? a : b;
                try {
                    Conn c = d.dial("tcp", ln.addr().toString());
                    open.add(c);
                    open.add(ln.accept());
                    ports.add(((TCPAddr) c.localAddr()).port());
                    if (ln == a) {
                        toL1++;
                    } else {
                        toL2++;
                    }
                } catch (IOException e) {
                    error = e.getMessage();
                }
            }
            m.put("conns", toL1 + toL2);
            m.put("toL1", toL1);
            m.put("toL2", toL2);
            m.put("distinctLocalPorts", (long) ports.size());
            m.put("error", error);
        } finally {
            for (Conn c : open) {
                if (c instanceof TCPConn t) {
                    t.setLinger(0); // no TIME_WAIT left on the range
                }
                c.close();
            }
        }
        m.put("socketFdsAfterClose", ProbeSupport.socketFds());
        return m;
    }
}
