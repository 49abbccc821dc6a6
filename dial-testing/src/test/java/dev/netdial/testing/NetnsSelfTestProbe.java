package dev.netdial.testing;

import java.io.IOException;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe main {@link NetnsTest} runs inside a namespace: reports the interfaces it sees, the
 * ephemeral port range, its open-file limit, its arguments and a system property, as one JSON line.
 */
public final class NetnsSelfTestProbe {

    private NetnsSelfTestProbe() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        // /sys/class/net shows the namespace /sys was mounted in; /proc/net follows the caller's.
        List<String> procNetDev = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/net/dev"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                procNetDev.add(line.substring(0, colon).strip());
            }
        }
        procNetDev.sort(null);
        out.put("interfaces", procNetDev);
        List<String> javaIfaces = new ArrayList<>();
        boolean loUp = false;
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            javaIfaces.add(ni.getName());
            if (ni.getName().equals("lo")) {
                loUp = ni.isUp();
            }
        }
        javaIfaces.sort(null);
        out.put("javaInterfaces", javaIfaces);
        out.put("loUp", loUp);
        // Not Files.readString: on /proc/sys files the JDK's readAllBytes returns only the first byte.
        out.put("portRange", String.join("\n", Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))).strip());
        String nofile = "";
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                nofile = line.substring("Max open files".length()).strip();
            }
        }
        out.put("nofile", nofile);
        out.put("args", List.of(args));
        out.put("short", System.getProperty("netdial.short"));
        System.out.println("not json: a line before the result");
        System.out.println(Json.stringify(out));
        if (args.length > 0 && args[0].equals("exit3")) {
            System.exit(3);
        }
        if (args.length > 0 && args[0].equals("hang")) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                // killed
            }
        }
    }
}
