package dev.netdial.examples;

import dev.netdial.testing.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe JVM of {@link LookupCliTest}, run beside dnsmasq serving {@link LocalDns}'s zone:
 * runs {@code Main.run(["lookup", KIND, NAME])} in-process for each pair of its arguments
 * ({@code KIND NAME KIND NAME …}) and reports, as one JSON line, {@code runs}: a list of
 * {@code {kind, name, exit, out, err}} in argument order.
 */
public final class LookupCliProbe {

    private LookupCliProbe() {
    }

    public static void main(String[] args) {
        List<Object> runs = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"lookup", args[i], args[i + 1]}, InputStream.nullInputStream(),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("kind", args[i]);
            r.put("name", args[i + 1]);
            r.put("exit", (long) code);
            r.put("out", out.toString(StandardCharsets.UTF_8));
            r.put("err", err.toString(StandardCharsets.UTF_8));
            runs.add(r);
        }
        System.out.println(Json.stringify(Map.of("runs", runs)));
        System.out.flush();
    }
}
