package dev.netdial.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The README's Java blocks compile as written: each {@code ```java} block becomes a class whose
 * imports are the block's {@code import} lines and whose one method holds the rest, compiled
 * against the test class path (the library's modules). Also: the README and docs link only to
 * files inside the repository, and {@code dial-bom} pins the project's version.
 *
 * <p>netdial's own.
 */
class ReadmeTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    /** The repository's root: the first folder upwards from {@code user.dir} holding {@code dial-api/}. */
    static Path root() {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("dial-api")) && Files.isRegularFile(d.resolve("README.md"))) {
                return d;
            }
        }
        throw new IllegalStateException("repository root not found above " + System.getProperty("user.dir"));
    }

    @Test
    void javaBlocksCompile() throws IOException {
        String readme = Files.readString(root().resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = JAVA_BLOCK.matcher(readme);
        List<JavaFileObject> units = new ArrayList<>();
        while (m.find()) {
            StringBuilder imports = new StringBuilder();
            StringBuilder body = new StringBuilder();
            for (String line : m.group(1).split("\n", -1)) {
                (line.startsWith("import ") ? imports : body).append(line).append('\n');
            }
            String name = "ReadmeBlock" + units.size();
            String src = imports + "\nclass " + name + " {\n    static void example() throws Exception {\n" + body
                    + "    }\n}\n";
            units.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return src;
                }
            });
        }
        assertTrue(units.size() >= 2, "the README's quick start has Java blocks: " + units.size());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests run on a JDK");
        Path out = Files.createTempDirectory("readme-classes");
        try {
            DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
            StringWriter log = new StringWriter();
            boolean ok = javac.getTask(log, null, diags, List.of("-proc:none", "-d", out.toString(),
                    "-classpath", System.getProperty("java.class.path")), null, units).call();
            StringBuilder why = new StringBuilder();
            diags.getDiagnostics().forEach(d -> why.append(d.getSource() == null ? "" : d.getSource().getName())
                    .append(':').append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT)).append('\n'));
            assertTrue(ok, "README Java blocks do not compile:\n" + why + log);
        } finally {
            try (var files = Files.walk(out)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Every relative link in README.md and docs/*.md names a file or folder that exists in the repository. */
    @Test
    void linksStayInside() throws IOException {
        Path root = root();
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (var s = Files.list(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        List<String> bad = new ArrayList<>();
        for (Path doc : docs) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            if (text.contains("../shared")) {
                bad.add(doc + ": mentions ../shared");
            }
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http") || target.startsWith("#") || target.startsWith("mailto:")) {
                    continue;
                }
                Path p = doc.getParent().resolve(target.replaceAll("#.*$", "")).normalize();
                if (!p.startsWith(root) || !Files.exists(p)) {
                    bad.add(doc.getFileName() + ": " + target);
                }
            }
        }
        assertEquals(List.of(), bad, "links that leave the repository or name nothing");
    }

    /** The BOM names every library module at the project's version. */
    @Test
    void bomPinsTheLibrary() throws IOException {
        Path root = root();
        String parent = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
        Matcher v = Pattern.compile("<artifactId>netdial-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(parent);
        assertTrue(v.find(), "parent version");
        String bom = Files.readString(root.resolve("dial-bom/pom.xml"), StandardCharsets.UTF_8);
        for (String module : List.of("dial-api", "dial-posix", "dial-resolver", "dial-udp", "dial-unix", "dial-tcp", "dial-jdk")) {
            assertTrue(bom.contains("<artifactId>" + module + "</artifactId><version>" + v.group(1) + "</version>"),
                    module + " at " + v.group(1) + " in dial-bom");
        }
        assertTrue(bom.contains("<artifactId>dial-bom</artifactId>\n  <version>" + v.group(1) + "</version>"),
                "dial-bom's own version is " + v.group(1));
    }
}
