package dev.netdial.tcp;

import dev.netdial.api.TCPAddr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listen in progress: the ListenConfig plus the network and address asked for; and the
 * warning about server ports inside the kernel's ephemeral range.
 *
 * <p>Go: {@code src/net/dial.go} {@code sysListener}.
 */
final class SysListener {
    private static final Logger LOG = LoggerFactory.getLogger(SysListener.class);

    final ListenConfig lc;
    final String network;
    final String address;

    SysListener(ListenConfig lc, String network, String address) {
        this.lc = lc;
        this.network = network;
        this.address = address;
    }

    /**
     * Logs one WARN when a listener was asked for a fixed port that lies inside
     * {@code net.ipv4.ip_local_port_range} and not in {@code ip_local_reserved_ports}: while the
     * server is down, a client retrying a local dial to that port can be given it as its own
     * source port and connect to itself (see docs/ARCHITECTURE.md §1). A port the kernel chose (":0") is
     * in the range by construction and is not reported.
     *
     * <p>Differs: Go has no such warning; it is the advice of the notes netdial grew from.
     *
     * @return whether it warned
     */
    static boolean warnIfEphemeral(TCPAddr requested, TCPAddr bound, Path procSysNetIpv4) {
        if (requested == null || requested.port() == 0 || bound == null) {
            return false;
        }
        int port = bound.port();
        int[] range = portRange(procSysNetIpv4.resolve("ip_local_port_range"));
        if (range == null || port < range[0] || port > range[1]) {
            return false;
        }
        if (isReserved(port, procSysNetIpv4.resolve("ip_local_reserved_ports"))) {
            return false;
        }
        LOG.warn("netdial: listening on {}: port {} lies in the kernel's ephemeral range {}-{} "
                + "(net.ipv4.ip_local_port_range); while this server is down, a client retrying a local dial "
                + "to it may connect to itself. Prefer a port outside the range, or add it to "
                + "net.ipv4.ip_local_reserved_ports.", bound, port, range[0], range[1]);
        return true;
    }

    /**
     * The two numbers of {@code ip_local_port_range}, or null when unreadable.
     *
     * <p>netdial's own: a helper of {@link #warnIfEphemeral}.
     */
    static int[] portRange(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty()) {
                return null;
            }
            String[] f = lines.get(0).trim().split("\\s+");
            return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether {@code port} is listed in {@code ip_local_reserved_ports} ("8080,9000-9010").
     *
     * <p>netdial's own: a helper of {@link #warnIfEphemeral}.
     */
    static boolean isReserved(int port, Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty()) {
                return false;
            }
            for (String part : lines.get(0).trim().split(",")) {
                part = part.trim();
                if (part.isEmpty()) {
                    continue;
                }
                int dash = part.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
                int hi = dash < 0 ? lo : Integer.parseInt(part.substring(dash + 1));
                if (port >= lo && port <= hi) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
