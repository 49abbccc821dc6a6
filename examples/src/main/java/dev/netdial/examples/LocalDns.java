package dev.netdial.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A real DNS server for the zone {@code netdial.test}, run by dnsmasq inside private namespaces,
 * so that lookups go over the wire without touching the host's DNS.
 *
 * <p>{@link #create(Path)} writes four files into a directory: dnsmasq's {@code zone.conf},
 * and the {@code resolv.conf} ({@code nameserver 127.0.0.53}, {@code search netdial.test}),
 * {@code hosts} (localhost only) and {@code nsswitch.conf} ({@code hosts: files dns}) that are
 * bind-mounted over {@code /etc}'s, so the answers do not depend on the machine.
 * {@link #command(String)} gives the argv that runs a shell command there:
 * <pre>
 * unshare -rmnpf -- sh -c 'ip link set lo up &amp;&amp; mount --bind DIR/resolv.conf /etc/resolv.conf
 *     &amp;&amp; … &amp;&amp; dnsmasq --conf-file=DIR/zone.conf --user= --group= … &amp;&amp; INNER'
 * </pre>
 * The user namespace ({@code -r}) makes this work without privileges where user namespaces
 * are enabled; dnsmasq keeps the ids it has ({@code --user=} and {@code --group=} empty), as it
 * cannot change them there. The pid namespace ({@code -pf}) ends dnsmasq when the shell (or
 * what it {@code exec}s) exits, or is killed: the namespace's first process takes the others
 * with it. {@code /proc} stays the host's; {@code /proc/self} still works.
 *
 * <p>The zone ({@link #ZONE_CONF}) serves {@code netdial bench lookup}; the answers netdial must
 * give for it are the tests' ({@code LocalDnsAnswers} in this module's tests), not part of the command.
 */
public final class LocalDns {

    /** Where dnsmasq listens, inside the namespace. */
    public static final String SERVER_IP = "127.0.0.53";
    /** The server as Go's DNSError names it. */
    public static final String SERVER = SERVER_IP + ":53";
    /** The zone. */
    public static final String DOMAIN = "netdial.test";
    /** A and AAAA: 127.0.0.1 and ::1, dialable inside the namespace. */
    public static final String WWW = "www.netdial.test";
    /** A CNAME to {@link #WWW}. */
    public static final String ALIAS = "alias.netdial.test";
    /** Two TXT records, the second of two strings. */
    public static final String TXT = "txt.netdial.test";
    /** Two SRV records, priorities 1 and 2 (Go's LookupSRV("", "", name) form). */
    public static final String SRV = "_http._tcp.netdial.test";
    /** The address whose PTR record is {@code ptr.netdial.test.} (TEST-NET-1, not on any interface). */
    public static final String PTR_ADDR = "192.0.2.10";
    /** An address of 192.0.2.0/24 without a PTR record: NXDOMAIN. */
    public static final String NX_ADDR = "192.0.2.99";
    /** A name in the zone that does not exist: NXDOMAIN. */
    public static final String NX = "nx.netdial.test";

    /** The unshare options: user (mapped to root), mount, network and pid namespaces, forked. */
    public static final List<String> UNSHARE_OPTIONS = List.of("-rmnpf");

    /** dnsmasq's configuration: the whole zone. */
    public static final String ZONE_CONF = """
            # netdial.test for netdial's tests: answer from this file only, on 127.0.0.53:53.
            no-resolv
            no-hosts
            no-poll
            listen-address=127.0.0.53
            bind-interfaces
            port=53
            # Names of the zone not below are NXDOMAIN (and never forwarded), as are the
            # reverse names of 192.0.2.0/24 without a PTR record.
            local=/netdial.test/
            local=/2.0.192.in-addr.arpa/
            log-queries
            host-record=www.netdial.test,127.0.0.1,::1
            host-record=mail.netdial.test,192.0.2.25
            host-record=mail2.netdial.test,192.0.2.26
            host-record=ns1.netdial.test,192.0.2.53
            host-record=ns2.netdial.test,192.0.2.54
            cname=alias.netdial.test,www.netdial.test
            mx-host=netdial.test,mail.netdial.test,10
            mx-host=netdial.test,mail2.netdial.test,20
            srv-host=_http._tcp.netdial.test,www.netdial.test,8080,1,10
            srv-host=_http._tcp.netdial.test,mail.netdial.test,8081,2,20
            txt-record=txt.netdial.test,"first record"
            txt-record=txt.netdial.test,"part one ","part two"
            ptr-record=10.2.0.192.in-addr.arpa,ptr.netdial.test
            # NS has no option of its own: type 2 with its RDATA in wire form (ns1/ns2.netdial.test.).
            dns-rr=netdial.test,2,036E7331076E65746469616C047465737400
            dns-rr=netdial.test,2,036E7332076E65746469616C047465737400
            """;

    /** Where dnsmasq is looked for after {@code PATH} (Debian's {@code dnsmasq-base} puts it in /usr/sbin). */
    private static final List<String> SBIN_DIRS = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

    private final Path dir;
    private final String dnsmasq;

    private LocalDns(Path dir, String dnsmasq) {
        this.dir = dir;
        this.dnsmasq = dnsmasq;
    }

    /**
     * The dnsmasq binary: the first executable {@code dnsmasq} on {@code PATH}, then in
     * {@code /usr/sbin}, {@code /sbin} and {@code /usr/local/sbin} (not on a user's
     * {@code PATH} on Debian); empty when there is none.
     */
    public static Optional<Path> findDnsmasq() {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(SBIN_DIRS);
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, "dnsmasq");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * Writes {@code zone.conf}, {@code resolv.conf}, {@code hosts} and {@code nsswitch.conf}
     * into {@code dir} (which must exist; an absolute path is used in the commands).
     *
     * @throws IOException if a file cannot be written, or dnsmasq is not installed
     */
    public static LocalDns create(Path dir) throws IOException {
        return create(dir, true);
    }

    /**
     * As {@link #create(Path)}; with {@code logQueries} false dnsmasq does not log each query
     * (for benchmarks: the log costs the server more than the query).
     */
    public static LocalDns create(Path dir, boolean logQueries) throws IOException {
        Path d = Objects.requireNonNull(dir, "dir").toAbsolutePath();
        Path bin = findDnsmasq().orElseThrow(() -> new IOException(
                "dnsmasq not found on PATH or in " + SBIN_DIRS + " (Debian package dnsmasq-base)"));
        write(d.resolve("zone.conf"), logQueries ? ZONE_CONF : ZONE_CONF.replace("log-queries\n", ""));
        write(d.resolve("resolv.conf"), "nameserver " + SERVER_IP + "\nsearch " + DOMAIN + "\n");
        write(d.resolve("hosts"), "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n");
        write(d.resolve("nsswitch.conf"), "hosts: files dns\n");
        return new LocalDns(d, bin.toString());
    }

    private static void write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /** The directory holding the files, and dnsmasq's pid file and log once it ran. */
    public Path dir() {
        return dir;
    }

    /** dnsmasq's log file (start-up messages and every query). */
    public Path logFile() {
        return dir.resolve("dnsmasq.log");
    }

    /**
     * The shell commands that set the namespace up, after {@code ip link set lo up}: the three
     * bind mounts, then dnsmasq, which returns once it listens (it forks into the background).
     */
    public List<String> setupCommands() {
        List<String> s = new ArrayList<>();
        for (String f : List.of("resolv.conf", "hosts", "nsswitch.conf")) {
            s.add("mount --bind " + quote(dir.resolve(f).toString()) + " " + quote("/etc/" + f));
        }
        s.add(quote(dnsmasq) + " " + quote("--conf-file=" + dir.resolve("zone.conf")) + " --user= --group= "
                + quote("--pid-file=" + dir.resolve("dnsmasq.pid")) + " "
                + quote("--log-facility=" + logFile()));
        return List.copyOf(s);
    }

    /**
     * The argv that runs {@code inner} (a {@code sh} command; {@code exec} it to save a process)
     * with this zone's server: {@code unshare -rmnpf -- sh -c 'ip link set lo up && SETUP &&
     * INNER'}.
     */
    public List<String> command(String inner) {
        StringBuilder script = new StringBuilder("ip link set lo up");
        for (String s : setupCommands()) {
            script.append(" && ").append(s);
        }
        script.append(" && ").append(Objects.requireNonNull(inner, "inner"));
        List<String> cmd = new ArrayList<>();
        cmd.add("unshare");
        cmd.addAll(UNSHARE_OPTIONS);
        cmd.addAll(List.of("--", "sh", "-c", script.toString()));
        return List.copyOf(cmd);
    }

    /** Single-quotes {@code s} for {@code sh}. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
