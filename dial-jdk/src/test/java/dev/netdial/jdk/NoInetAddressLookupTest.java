package dev.netdial.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * With {@code -Dnetdial.inetaddress=go} the JDK's {@code InetAddress} asks netdial's resolver, so
 * netdial must never ask {@code InetAddress} to look a name up, or a lookup would call itself.
 * This scans the main sources of every module a lookup runs through for the JDK calls that
 * resolve: {@code InetAddress.getByName/getAllByName/getLocalHost}, {@code getHostName()},
 * {@code getCanonicalHostName()} and {@code new InetSocketAddress(String, int)}.
 *
 * <p>netdial's own: a guard for the provider.
 */
class NoInetAddressLookupTest {
    private static final List<String> MODULES = List.of("dial-api", "dial-posix", "dial-resolver", "dial-tcp", "dial-jdk");
    private static final Pattern RESOLVING = Pattern.compile(
            "InetAddress\\s*\\.\\s*(getByName|getAllByName|getLocalHost)\\s*\\("
                    + "|\\.getHostName\\s*\\(\\s*\\)"
                    + "|\\.getCanonicalHostName\\s*\\(\\s*\\)"
                    + "|new\\s+InetSocketAddress\\s*\\(\\s*\"");

    @Test
    void netdialNeverResolvesThroughInetAddress() throws IOException {
        Path root = root();
        List<String> hits = new ArrayList<>();
        int files = 0;
        for (String m : MODULES) {
            Path src = root.resolve(m).resolve("src/main/java");
            assertTrue(Files.isDirectory(src), "no sources at " + src);
            try (Stream<Path> s = Files.walk(src)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".java")).toList()) {
                    files++;
                    List<String> lines = Files.readAllLines(p);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).strip();
                        if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
                            continue;
                        }
                        if (RESOLVING.matcher(line).find()) {
                            hits.add(root.relativize(p) + ":" + (i + 1) + ": " + line);
                        }
                    }
                }
            }
        }
        assertTrue(files > 50, "scanned " + files + " files");
        assertEquals(List.of(), hits, "calls that would resolve through InetAddress (and so through the provider)");
    }

    /** The repository root: the nearest folder, from {@code user.dir} upwards, holding {@code dial-api/}. */
    private static Path root() {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("dial-api"))) {
                return d;
            }
        }
        throw new UncheckedIOException(new IOException("no dial-api/ above " + System.getProperty("user.dir")));
    }
}
