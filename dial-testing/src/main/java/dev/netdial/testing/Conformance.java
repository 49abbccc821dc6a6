package dev.netdial.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the conformance folder ({@code conformance/} at the repository's root: {@code vectors/*.json}
 * and Go's {@code go-testdata}, see its README.md).
 *
 * <p>Surefire sets the system property {@code netdial.conformance}; an IDE run usually does not,
 * so the folder is then searched for upwards from {@code user.dir}.
 */
public final class Conformance {

    /** The system property surefire sets to the conformance folder. */
    public static final String PROPERTY = "netdial.conformance";

    private Conformance() {
    }

    /**
     * The conformance folder.
     *
     * @throws IllegalStateException if it cannot be found, saying where it looked
     */
    public static Path dir() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            Path p = Paths.get(prop).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
            throw new IllegalStateException("conformance folder not found: system property " + PROPERTY
                    + "=" + prop + " (resolved to " + p + ") is not a directory");
        }
        Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path d = start; d != null; d = d.getParent()) {
            Path inside = d.resolve("conformance");
            if (Files.isDirectory(inside.resolve("vectors"))) {
                return inside;
            }
        }
        throw new IllegalStateException("conformance folder not found: system property " + PROPERTY
                + " is not set and no conformance/vectors exists in " + start + " or any parent"
                + "; run through Maven (surefire sets it) or pass -D" + PROPERTY + "=<path>");
    }

    /** {@code dir().resolve(relative)}, checked to exist. */
    public static Path file(String relative) {
        Path p = dir().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("conformance file not found: " + p);
        }
        return p;
    }

    /** Parses {@code vectors/<name>} (e.g. {@code "hostport.json"}) with {@link Json}. */
    public static Object vectors(String name) {
        return Json.parseFile(file("vectors/" + name));
    }
}
