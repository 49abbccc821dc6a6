package dev.netdial.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the house rule that every ported method cites its Go function: scans the main sources of
 * the library modules and lists each method or constructor (private ones too) whose body is longer
 * than {@link #MAX_UNMARKED_BODY_LINES} lines and whose Javadoc carries none of the markers
 * {@code Go:}, {@code Differs:} or {@code netdial's own}, unless the Javadoc of its class (or an
 * enclosing class) says {@code netdial's own}.
 *
 * <p>A line-based scanner, not a parser: it follows braces (skipping strings, character
 * literals and comments) and looks at declarations directly inside a type body. It checks that a
 * marker is there, not that the cited Go function exists (a reader does that beside Go).
 *
 * <p>netdial's own: a check of netdial's house style.
 */
class GoCitationTest {
    /** Bodies up to this many lines (between the braces) are small enough to go without a marker. */
    static final int MAX_UNMARKED_BODY_LINES = 8;

    static final List<String> MODULES = List.of("dial-api", "dial-posix", "dial-resolver", "dial-udp", "dial-unix", "dial-tcp", "dial-jdk");


    private static final Pattern MARKER = Pattern.compile("Go:|Differs:|netdial's own");
    private static final Pattern OWN = Pattern.compile("netdial's own");
    private static final Pattern ANNOTATION = Pattern.compile("@(?!interface\\b)[\\w.]+(\\s*\\([^)]*\\))?");
    private static final Pattern ANNOTATION_ONLY = Pattern.compile("(" + ANNOTATION.pattern() + "\\s*)+");
    private static final Pattern TYPE_DECL = Pattern.compile("(^|[\\s])(class|interface|enum|record|@interface)\\s+\\w+");

    @Test
    void everyLongMethodCitesGoOrSaysWhy() throws IOException {
        Path root = repoRoot();
        List<String> missing = new ArrayList<>();
        int files = 0;
        int methods = 0;
        for (String module : MODULES) {
            Path src = root.resolve(module).resolve("src/main/java");
            assertTrue(Files.isDirectory(src), "no main sources at " + src);
            try (Stream<Path> s = Files.walk(src)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    String rel = root.relativize(p).toString().replace('\\', '/');
                    files++;
                    List<String> lines = Files.readAllLines(p);
                    methods += methods(lines).size();
                    for (String m : unmarked(lines)) {
                        missing.add(rel + ":" + m);
                    }
                }
            }
        }
        // Guards against a scanner that silently stops seeing anything.
        assertTrue(files > 50, "scanned only " + files + " files under " + root);
        assertTrue(methods > 500, "found only " + methods + " methods in " + files + " files");
        if (!missing.isEmpty()) {
            fail(missing.size() + " method(s) longer than " + MAX_UNMARKED_BODY_LINES
                    + " lines without a Go:/Differs:/netdial's own line in their Javadoc (or class Javadoc)."
                    + " Cite the Go function as <p>Go: {@code src/net/FILE.go} {@code (*recv).func}., or say"
                    + " <p>Differs: … or <p>netdial's own: …\n  " + String.join("\n  ", missing));
        }
    }

    /** The scanner itself: it finds an unmarked long method and accepts marked ones. */
    @Test
    void scannerSeesMarkersAndLengths() {
        List<String> src = new ArrayList<>(List.of(
                "/** A class. */",
                "final class A {",
                "    /**",
                "     * Does it.",
                "     *",
                "     * <p>Go: {@code src/net/x.go} {@code f}.",
                "     */",
                "    void cited() {"));
        for (int i = 0; i < 12; i++) src.add("        x(\"}{\"); // }");
        src.addAll(List.of("    }",
                "    /** No citation. */",
                "    @Override",
                "    public String bare(int a,",
                "            int b) {"));
        for (int i = 0; i < 12; i++) src.add("        if (a) { b(); }");
        src.addAll(List.of("    }",
                "    private void hidden() {"));
        for (int i = 0; i < 12; i++) src.add("        y('{');");
        src.addAll(List.of("    }",
                "    /** netdial's own: a nested helper. */",
                "    static final class B {",
                "        void helper() {"));
        for (int i = 0; i < 12; i++) src.add("            z(); /* { */");
        src.addAll(List.of("        }",
                "    }",
                "    void shortOne() {",
                "        return;",
                "    }",
                "}"));
        assertEquals(List.of("24 bare", "39 hidden"), unmarked(src));
    }

    /** Returns "line name" for each unmarked long method or constructor of a source file. */
    static List<String> unmarked(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (Method m : methods(lines)) {
            if (m.bodyLines() > MAX_UNMARKED_BODY_LINES && !m.classOwn() && !m.marked()) {
                out.add(m.line() + " " + m.name());
            }
        }
        return out;
    }

    /** A method or constructor found by the scanner: its 1-based line, name, body length and markers. */
    record Method(int line, String name, int bodyLines, boolean isPrivate, boolean marked, boolean classOwn) {}

    /** Every method and constructor declared directly inside a type body of a source file. */
    static List<Method> methods(List<String> lines) {
        List<Method> out = new ArrayList<>();
        String[] code = stripCommentsAndLiterals(lines);
        // Open type bodies, innermost first: {brace depth inside the body, 1 if its Javadoc (or an outer one) says netdial's own}.
        Deque<int[]> types = new ArrayDeque<>();
        int depth = 0;
        String javadoc = null; // the Javadoc waiting for the next declaration of the current type body
        StringBuilder decl = null; // a declaration being read, possibly over several lines
        int declLine = -1;
        String declDoc = null;
        for (int i = 0; i < lines.size(); i++) {
            String c = code[i].trim();
            boolean atTypeLevel = depth == (types.isEmpty() ? 0 : types.peek()[0]);
            if (atTypeLevel && decl == null) {
                if (lines.get(i).trim().startsWith("/**")) {
                    StringBuilder doc = new StringBuilder();
                    int j = i;
                    while (j < lines.size()) {
                        doc.append(lines.get(j)).append('\n');
                        if (lines.get(j).contains("*/")) break;
                        j++;
                    }
                    javadoc = doc.toString();
                    i = j;
                    continue;
                }
                if (c.isEmpty() || ANNOTATION_ONLY.matcher(c).matches()) {
                    continue; // blank, comment or annotation line: the Javadoc still applies
                }
                if (!c.startsWith("}")) {
                    decl = new StringBuilder();
                    declLine = i;
                    declDoc = javadoc;
                    javadoc = null;
                }
            }
            if (decl != null) {
                decl.append(' ').append(c);
                int brace = c.indexOf('{');
                int semi = c.indexOf(';');
                if (brace < 0 && semi < 0 && c.indexOf('}') < 0) {
                    continue; // the declaration goes on on the next line
                }
                String d = ANNOTATION.matcher(decl.toString()).replaceAll(" ").trim();
                decl = null;
                if (brace >= 0 && (semi < 0 || brace < semi) && d.indexOf('{') >= 0) {
                    int paren = d.indexOf('(');
                    String head = d.substring(0, paren >= 0 && paren < d.indexOf('{') ? paren : d.indexOf('{'));
                    if (TYPE_DECL.matcher(head).find()) {
                        depth += count(c, '{') - count(c, '}');
                        boolean own = (declDoc != null && OWN.matcher(declDoc).find())
                                || (!types.isEmpty() && types.peek()[1] == 1);
                        types.push(new int[] {depth, own ? 1 : 0});
                        continue;
                    }
                    if (isMethod(d)) {
                        int end = endOfBlock(code, i, depth);
                        int body = end - i - 1;
                        boolean classOwn = !types.isEmpty() && types.peek()[1] == 1;
                        boolean marked = declDoc != null && MARKER.matcher(declDoc).find();
                        out.add(new Method(declLine + 1, name(d), body, isPrivate(d), marked, classOwn));
                        i = end; // skip the body: nothing inside it is a member of the type
                        continue;
                    }
                }
            }
            depth += count(c, '{') - count(c, '}');
            while (!types.isEmpty() && depth < types.peek()[0]) {
                types.pop();
                javadoc = null;
            }
        }
        return out;
    }

    /** A declaration directly inside a type body that opens a block: a method, unless it is a field initialiser or an initialiser block. */
    private static boolean isMethod(String d) {
        int paren = d.indexOf('(');
        int brace = d.indexOf('{');
        if (paren < 0 || paren > brace) {
            return false; // static or instance initialiser, compact record constructor, enum constant body
        }
        String head = d.substring(0, paren).trim();
        if (head.contains("=") || head.isEmpty()) {
            return false; // a field whose initialiser opens a block (anonymous class, lambda)
        }
        String[] words = head.split("\\s+");
        // An enum constant with arguments and a body: one upper-case word before its arguments.
        return !(words.length == 1 && words[0].equals(words[0].toUpperCase()));
    }

    private static boolean isPrivate(String d) {
        return d.substring(0, d.indexOf('(')).matches(".*\\bprivate\\b.*");
    }

    private static String name(String d) {
        String[] words = d.substring(0, d.indexOf('(')).trim().split("\\s+");
        return words[words.length - 1];
    }

    /** The line holding the brace that closes the block opened on line {@code start} (entered at {@code depth}). */
    private static int endOfBlock(String[] code, int start, int depth) {
        int d = depth;
        for (int i = start; i < code.length; i++) {
            d += count(code[i], '{') - count(code[i], '}');
            if (d <= depth) {
                return i;
            }
        }
        return code.length - 1;
    }

    private static int count(String s, char ch) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ch) n++;
        }
        return n;
    }

    /** Each line with comments, string, text-block and character literals blanked out. */
    static String[] stripCommentsAndLiterals(List<String> lines) {
        String[] out = new String[lines.size()];
        boolean block = false;
        boolean textBlock = false;
        for (int n = 0; n < lines.size(); n++) {
            String s = lines.get(n);
            StringBuilder b = new StringBuilder(s.length());
            int i = 0;
            while (i < s.length()) {
                if (block) {
                    int e = s.indexOf("*/", i);
                    if (e < 0) {
                        i = s.length();
                    } else {
                        block = false;
                        i = e + 2;
                    }
                    continue;
                }
                if (textBlock) {
                    int e = s.indexOf("\"\"\"", i);
                    if (e < 0) {
                        i = s.length();
                    } else {
                        textBlock = false;
                        b.append("\"\"");
                        i = e + 3;
                    }
                    continue;
                }
                char ch = s.charAt(i);
                if (s.startsWith("//", i)) {
                    break;
                } else if (s.startsWith("/*", i)) {
                    block = true;
                    i += 2;
                } else if (s.startsWith("\"\"\"", i)) {
                    textBlock = true;
                    i += 3;
                } else if (ch == '"' || ch == '\'') {
                    int j = i + 1;
                    while (j < s.length() && s.charAt(j) != ch) {
                        j += s.charAt(j) == '\\' ? 2 : 1;
                    }
                    b.append(ch).append(ch);
                    i = j + 1;
                } else {
                    b.append(ch);
                    i++;
                }
            }
            out[n] = b.toString();
        }
        return out;
    }

    /** The repository root: the nearest folder, from {@code user.dir} upwards, that holds {@code dial-api/}. */
    static Path repoRoot() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("dial-api"))) {
                return p;
            }
        }
        throw new UncheckedIOException(new IOException("no dial-api/ above " + System.getProperty("user.dir")));
    }
}
