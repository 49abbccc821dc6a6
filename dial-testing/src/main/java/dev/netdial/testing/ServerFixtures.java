package dev.netdial.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@link PostgresServer} and {@link NginxServer} share: finding a binary, a free port,
 * reading a log, deleting the temporary directory.
 *
 * <p>netdial's own test fixture support.
 */
final class ServerFixtures {

    /** Searched after {@code PATH}: Debian puts daemons in /usr/sbin, which a user's PATH may lack. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin", "/bin");

    private ServerFixtures() {
    }

    /** The first executable {@code name} on {@code PATH}, then in the sbin and bin directories. */
    static Optional<Path> which(String name) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(path == null ? List.of() : List.of(path.split(":")));
        dirs.addAll(EXTRA_DIRS);
        for (String d : dirs) {
            if (!d.isEmpty()) {
                Path p = Path.of(d, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p.toAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }

    /** A port that was free on 127.0.0.1 a moment ago (the kernel's choice); the caller retries on a clash. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    /** The file's text, stripped; empty when it cannot be read. */
    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Deletes {@code dir} and everything under it, quietly (a temporary directory left behind is harmless). */
    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // left behind
        }
    }
}
