package dev.netdial.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LookupOrder}: which resolver answers, and in which order of hosts file and DNS, from
 * the netdns setting, the environment, resolv.conf and nsswitch.conf.
 *
 * <p>Go: {@code src/net/conf_test.go}.
 */
class ConfTest {

    @TempDir
    Path dir;

    private final InstantSource clock = InstantSource.fixed(Instant.parse("2024-01-01T00:00:00Z"));

    /** How Go's test sets {@code mdnsTest}. */
    private enum Mdns { FROM_SYSTEM, ASSUME_EXISTS, ASSUME_DOES_NOT_EXIST }

    private record HostTest(String host, String localhost, HostLookupOrder want) {
    }

    /**
     * One row of Go's table: the {@code conf} (netdns setting and environment standing for
     * {@code netGo}, {@code netCgo} and {@code preferCgo}), the resolver's {@code PreferGo},
     * the resolv.conf configuration, and the nsswitch.conf text ({@code null}: no file).
     */
    private record ConfCase(String name, String netdns, Map<String, String> env, boolean preferGo, DnsConfig resolv,
            String nss, Mdns mdns, List<HostTest> hostTests) {
    }

    /** Go's {@code defaultResolvConf}: what a nonexistent resolv.conf parses to. */
    private DnsConfig defaultResolvConf() {
        DnsConfig c = DnsConfig.read(dir.resolve("nonexistent-resolv.conf"), () -> null);
        assertTrue(c.errNotExist());
        return c;
    }

    private static HostTest ht(String host, String localhost, HostLookupOrder want) {
        return new HostTest(host, localhost, want);
    }

    /** Go's {@code nssStr}: the text written to a temporary file and read back. */
    private Path nssFile(String name, String text) throws IOException {
        Path p = dir.resolve("nss-" + name.replaceAll("[^A-Za-z0-9._-]", "_"));
        if (text != null) {
            Files.writeString(p, text);
        }
        return p;
    }

    private Path mdnsAllow(Mdns m) throws IOException {
        Path p = dir.resolve("mdns.allow");
        if (m == Mdns.ASSUME_EXISTS) {
            Files.writeString(p, "");
        } else {
            Files.deleteIfExists(p);
        }
        return p;
    }

    private LookupOrder conf(ConfCase tt, AtomicReference<String> localhost) throws IOException {
        ResolverConfig rc = new ResolverConfig(dir.resolve("nonexistent-resolv.conf"), clock, p -> DnsConfig.read(p, () -> null));
        rc.forceUpdateConf(tt.resolv(), clock.instant().plus(Duration.ofHours(1)));
        NsswitchConfig nss = new NsswitchConfig(nssFile(tt.name(), tt.nss()), clock);
        return new LookupOrder(tt.netdns(), tt.env(), rc, nss, localhost::get, mdnsAllow(tt.mdns()));
    }

    /**
     * Go's table, the rows that apply to Linux (the OpenBSD, Solaris and Android rows are left
     * out with those platforms).
     *
     * <p>Go: {@code TestConfHostLookupOrder}.
     */
    @Test
    void testConfHostLookupOrder() throws IOException {
        DnsConfig def = defaultResolvConf();
        Map<String, String> none = Map.of();
        Map<String, String> preferCgoEnv = Map.of("LOCALDOMAIN", "");
        HostLookupOrder cgo = HostLookupOrder.CGO;
        HostLookupOrder filesDNS = HostLookupOrder.FILES_DNS;
        HostLookupOrder dnsFiles = HostLookupOrder.DNS_FILES;
        List<ConfCase> tests = List.of(
                new ConfCase("force", "cgo", preferCgoEnv, false, def, "foo: bar", Mdns.FROM_SYSTEM, List.of(
                        ht("foo.local", "myhostname", cgo),
                        ht("google.com", "myhostname", cgo))),
                new ConfCase("netgo_dns_before_files", "go", none, false, def, "hosts: dns files", Mdns.FROM_SYSTEM, List.of(
                        ht("x.com", "myhostname", dnsFiles))),
                new ConfCase("netgo_fallback_on_cgo", "go", none, false, def, "hosts: dns files something_custom",
                        Mdns.FROM_SYSTEM, List.of(
                        ht("x.com", "myhostname", dnsFiles))),
                new ConfCase("ubuntu_trusty_avahi", "", none, false, def,
                        "hosts: files mdns4_minimal [NOTFOUND=return] dns mdns4", Mdns.ASSUME_DOES_NOT_EXIST, List.of(
                        ht("foo.local", "myhostname", cgo),
                        ht("foo.local.", "myhostname", cgo),
                        ht("foo.LOCAL", "myhostname", cgo),
                        ht("foo.LOCAL.", "myhostname", cgo),
                        ht("google.com", "myhostname", filesDNS))),
                new ConfCase("freebsdlinux_no_resolv_conf", "", none, false, def, "foo: bar", Mdns.FROM_SYSTEM, List.of(
                        ht("google.com", "myhostname", filesDNS))),
                new ConfCase("linux_no_nsswitch.conf", "", none, false, def, null, Mdns.FROM_SYSTEM, List.of(
                        ht("google.com", "myhostname", filesDNS))),
                new ConfCase("linux_empty_nsswitch.conf", "", none, false, def, "", Mdns.FROM_SYSTEM, List.of(
                        ht("google.com", "myhostname", filesDNS))),
                new ConfCase("files_mdns_dns", "", none, false, def, "hosts: files mdns dns", Mdns.ASSUME_DOES_NOT_EXIST,
                        List.of(
                        ht("x.com", "myhostname", filesDNS),
                        ht("x.local", "myhostname", cgo))),
                new ConfCase("dns_special_hostnames", "", none, false, def, "hosts: dns", Mdns.FROM_SYSTEM, List.of(
                        ht("x.com", "myhostname", HostLookupOrder.DNS),
                        ht("x\\.com", "myhostname", cgo), // a glibc escape
                        ht("foo.com%en0", "myhostname", cgo))), // an IPv6 zone
                new ConfCase("mdns_allow", "", none, false, def, "hosts: files mdns dns", Mdns.ASSUME_EXISTS, List.of(
                        ht("x.com", "myhostname", cgo),
                        ht("x.local", "myhostname", cgo))),
                new ConfCase("files_dns", "", none, false, def, "hosts: files dns", Mdns.FROM_SYSTEM, List.of(
                        ht("x.com", "myhostname", filesDNS),
                        ht("x", "myhostname", filesDNS),
                        ht("x.local", "myhostname", filesDNS))),
                new ConfCase("dns_files", "", none, false, def, "hosts: dns files", Mdns.FROM_SYSTEM, List.of(
                        ht("x.com", "myhostname", dnsFiles),
                        ht("x", "myhostname", dnsFiles),
                        ht("x.local", "myhostname", dnsFiles))),
                new ConfCase("something_custom", "", none, false, def, "hosts: dns files something_custom",
                        Mdns.FROM_SYSTEM, List.of(
                        ht("x.com", "myhostname", cgo))),
                new ConfCase("myhostname", "", none, false, def, "hosts: files dns myhostname", Mdns.FROM_SYSTEM, List.of(
                        ht("x.com", "myhostname", filesDNS),
                        ht("myhostname", "myhostname", cgo),
                        ht("myHostname", "myhostname", cgo),
                        ht("myhostname.dot", "myhostname.dot", cgo),
                        ht("myHostname.dot", "myhostname.dot", cgo),
                        ht("_gateway", "myhostname", cgo),
                        ht("_Gateway", "myhostname", cgo),
                        ht("_outbound", "myhostname", cgo),
                        ht("_Outbound", "myhostname", cgo),
                        ht("localhost", "myhostname", cgo),
                        ht("Localhost", "myhostname", cgo),
                        ht("anything.localhost", "myhostname", cgo),
                        ht("Anything.localhost", "myhostname", cgo),
                        ht("localhost.localdomain", "myhostname", cgo),
                        ht("Localhost.Localdomain", "myhostname", cgo),
                        ht("anything.localhost.localdomain", "myhostname", cgo),
                        ht("Anything.Localhost.Localdomain", "myhostname", cgo),
                        ht("somehostname", "myhostname", filesDNS))),
                new ConfCase("ubuntu14.04.02", "", none, false, def,
                        "hosts: files myhostname mdns4_minimal [NOTFOUND=return] dns mdns4", Mdns.ASSUME_DOES_NOT_EXIST,
                        List.of(
                        ht("x.com", "myhostname", filesDNS),
                        ht("somehostname", "myhostname", filesDNS),
                        ht("myhostname", "myhostname", cgo))),
                // Debian Squeeze spells out dns's default criteria and adds a redundant
                // notfound=return to files, which is the last one.
                new ConfCase("debian_squeeze", "", none, false, def,
                        "hosts: dns [success=return notfound=continue unavail=continue tryagain=continue] files [notfound=return]",
                        Mdns.FROM_SYSTEM, List.of(
                        ht("x.com", "myhostname", dnsFiles),
                        ht("somehostname", "myhostname", dnsFiles))),
                new ConfCase("resolv.conf-unknown", "", none, false, DnsConfig.parse("options foo\n", null), "foo: bar",
                        Mdns.FROM_SYSTEM, List.of(
                        ht("google.com", "myhostname", cgo))),
                // go.dev/issue/24393: PreferGo acts like netgo.
                new ConfCase("resolver-prefergo", "cgo", preferCgoEnv, true, def, "", Mdns.FROM_SYSTEM, List.of(
                        ht("localhost", "myhostname", filesDNS))),
                new ConfCase("unknown-source", "", none, true, def, "hosts: resolve files", Mdns.FROM_SYSTEM, List.of(
                        ht("x.com", "myhostname", dnsFiles))),
                new ConfCase("dns-among-unknown-sources", "", none, true, def, "hosts: mymachines files dns",
                        Mdns.FROM_SYSTEM, List.of(
                        ht("x.com", "myhostname", filesDNS))),
                new ConfCase("dns-among-unknown-sources-2", "", none, true, def, "hosts: dns mymachines files",
                        Mdns.FROM_SYSTEM, List.of(
                        ht("x.com", "myhostname", dnsFiles))),
                // Java-specific rows: the setting, the environment, and files that cannot be read.
                new ConfCase("debug-level-and-go", "2+go", none, false, def, "hosts: files myhostname", Mdns.FROM_SYSTEM,
                        List.of(ht("myhostname", "myhostname", filesDNS))),
                new ConfCase("res-options", "", Map.of("RES_OPTIONS", "ndots:2"), false, def, "hosts: files dns",
                        Mdns.FROM_SYSTEM, List.of(ht("x.com", "myhostname", cgo))),
                new ConfCase("res-options-empty", "", Map.of("RES_OPTIONS", "", "HOSTALIASES", ""), false, def,
                        "hosts: files dns", Mdns.FROM_SYSTEM, List.of(ht("x.com", "myhostname", filesDNS))),
                new ConfCase("hostaliases", "", Map.of("HOSTALIASES", "/tmp/a"), false, def, "hosts: files dns",
                        Mdns.FROM_SYSTEM, List.of(ht("x.com", "myhostname", cgo))),
                new ConfCase("nsswitch-parse-error", "", none, false, def, "hosts files dns", Mdns.FROM_SYSTEM, List.of(
                        ht("x.com", "myhostname", cgo))),
                new ConfCase("nsswitch-parse-error-prefergo", "", none, true, def, "hosts: files [x] dns",
                        Mdns.FROM_SYSTEM, List.of(ht("x.com", "myhostname", filesDNS))),
                new ConfCase("myhostname-unknown-hostname", "", none, false, def, "hosts: files myhostname dns",
                        Mdns.FROM_SYSTEM, List.of(ht("x.com", null, cgo))),
                new ConfCase("files-only", "", none, false, def, "hosts: files", Mdns.FROM_SYSTEM, List.of(
                        ht("x.com", "myhostname", HostLookupOrder.FILES))),
                new ConfCase("nonstandard-files-criteria-prefergo", "", none, true, def, "hosts: files [!success=return] dns",
                        Mdns.FROM_SYSTEM, List.of(ht("x.com", "myhostname", filesDNS))));

        AtomicReference<String> localhost = new AtomicReference<>();
        int checked = 0;
        for (ConfCase tt : tests) {
            LookupOrder c = conf(tt, localhost);
            for (HostTest h : tt.hostTests()) {
                localhost.set(h.localhost());
                LookupOrder.Result got = c.hostLookupOrder(tt.preferGo(), h.host());
                assertEquals(h.want(), got.order(), tt.name() + ": hostLookupOrder(" + h.host() + ")");
                checked++;
            }
        }
        assertEquals(63, checked, "host tests run");
    }

    /**
     * Address lookups pass no host name, so myhostname and mdns sources send them to libc.
     *
     * <p>Go: {@code TestAddrLookupOrder}.
     */
    @Test
    void testAddrLookupOrder() throws IOException {
        for (String nss : List.of("hosts: files myhostname dns", "hosts: files mdns4 dns")) {
            LookupOrder c = conf(new ConfCase(nss, "", Map.of(), false, defaultResolvConf(), nss, Mdns.FROM_SYSTEM,
                    List.of()), new AtomicReference<>("myhostname"));
            assertEquals(HostLookupOrder.CGO, c.addrLookupOrder(false, "192.0.2.1").order(), nss);
        }
    }

    /**
     * The resolv.conf configuration comes back with the order once the file was consulted,
     * and {@code null} when the decision was made before.
     *
     * <p>Go: {@code lookupOrder}'s second result.
     */
    @Test
    void testLookupOrderReturnsDnsConfig() throws IOException {
        DnsConfig def = defaultResolvConf();
        LookupOrder c = conf(new ConfCase("r", "", Map.of(), false, def, "hosts: files dns", Mdns.FROM_SYSTEM, List.of()),
                new AtomicReference<>("h"));
        assertSame(def, c.hostLookupOrder(false, "x.com").dnsConf());
        assertNull(c.hostLookupOrder(false, "x%en0").dnsConf());
        LookupOrder forced = conf(new ConfCase("f", "cgo", Map.of(), false, def, "hosts: files dns", Mdns.FROM_SYSTEM,
                List.of()), new AtomicReference<>("h"));
        assertNull(forced.hostLookupOrder(false, "x.com").dnsConf());
    }

    /**
     * A resolv.conf that exists but cannot be opened for a reason other than a permission
     * problem sends lookups to libc; a missing one or a permission problem does not.
     *
     * <p>Go: {@code lookupOrder}'s {@code dnsConf.err} check.
     */
    @Test
    void testUnreadableResolvConf() throws IOException {
        Path notDir = dir.resolve("plainfile");
        Files.writeString(notDir, "x");
        DnsConfig enotdir = DnsConfig.read(notDir.resolve("resolv.conf"), () -> null);
        assertTrue(enotdir.err().isPresent());
        assertFalse(enotdir.errNotExist(), "ENOTDIR is not fs.ErrNotExist in Go");
        assertEquals("open " + notDir.resolve("resolv.conf") + ": not a directory", enotdir.err().get().getMessage());
        LookupOrder c = conf(new ConfCase("enotdir", "", Map.of(), false, enotdir, "hosts: files dns", Mdns.FROM_SYSTEM,
                List.of()), new AtomicReference<>("h"));
        assertEquals(HostLookupOrder.CGO, c.hostLookupOrder(false, "x.com").order());
        LookupOrder goOnly = conf(new ConfCase("enotdir-go", "go", Map.of(), false, enotdir, "hosts: files dns",
                Mdns.FROM_SYSTEM, List.of()), new AtomicReference<>("h"));
        assertEquals(HostLookupOrder.FILES_DNS, goOnly.hostLookupOrder(false, "x.com").order());
    }

    private record NetDnsCase(String in, String mode, int level) {
    }

    /**
     * The {@code netdns} value: mode and debug level, in either order around '+'.
     *
     * <p>Go: {@code goDebugNetDNS} (its doc comment's examples).
     */
    @Test
    void testGoDebugNetDNS() {
        List<NetDnsCase> tests = List.of(
                new NetDnsCase(null, "", 0),
                new NetDnsCase("", "", 0),
                new NetDnsCase("1", "", 1),
                new NetDnsCase("2", "", 2),
                new NetDnsCase("cgo", "cgo", 0),
                new NetDnsCase("go", "go", 0),
                new NetDnsCase("cgo+1", "cgo", 1),
                new NetDnsCase("1+cgo", "cgo", 1),
                new NetDnsCase("cgo+2", "cgo", 2),
                new NetDnsCase("go+", "go", 0),
                new NetDnsCase("+2", "", 2),
                new NetDnsCase("9x", "", 9),
                new NetDnsCase("go+cgo", "cgo", 0));
        for (NetDnsCase tt : tests) {
            assertEquals(new LookupOrder.NetDns(tt.mode(), tt.level()), LookupOrder.goDebugNetDNS(tt.in()), "netdns=" + tt.in());
        }
        LookupOrder c = LookupOrder.system("go+1", new ResolverConfig(dir.resolve("r"), clock, p -> DnsConfig.read(p, () -> null)));
        assertTrue(c.netGo());
        assertFalse(c.netCgo());
        assertEquals(1, c.dnsDebugLevel());
        assertTrue(c.mustUseGoResolver(false));
    }

    /**
     * nsswitch.conf is re-read only after five seconds and a change of modification time.
     *
     * <p>Go: {@code src/net/nss.go} {@code (*nsswitchConfig).tryUpdate}.
     */
    @Test
    void testNsswitchConfigReload() throws IOException {
        Path file = dir.resolve("nsswitch.conf");
        Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
        Files.writeString(file, "hosts: files dns\n");
        Files.setLastModifiedTime(file, FileTime.from(t0));
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-01-01T00:00:00Z"));
        NsswitchConfig nss = new NsswitchConfig(file, now::get);
        NssConf first = nss.get();
        assertEquals(List.of(new NssConf.Source("files"), new NssConf.Source("dns")), first.sources("hosts"));
        assertEquals(t0, first.mtime());

        Files.writeString(file, "hosts: dns\n");
        Files.setLastModifiedTime(file, FileTime.from(t0.plusSeconds(1)));
        now.set(now.get().plusSeconds(4));
        assertSame(first, nss.get(), "checked less than 5 s ago");
        now.set(now.get().plusSeconds(1));
        NssConf second = nss.get();
        assertEquals(List.of(new NssConf.Source("dns")), second.sources("hosts"));
        now.set(now.get().plusSeconds(60));
        assertSame(second, nss.get(), "unchanged");

        Files.delete(file);
        now.set(now.get().plusSeconds(5));
        NssConf gone = nss.get();
        assertNotNull(gone.err());
        assertTrue(gone.errNotExist());
        assertEquals("open " + file + ": no such file or directory", gone.err().getMessage());

        NssConf set = NssConf.parse("hosts: files\n", null);
        nss.setSystemNSS(set, now.get().plus(Duration.ofHours(1)));
        now.set(now.get().plusSeconds(60));
        assertSame(set, nss.get(), "setSystemNSS holds until lastChecked is 5 s old");
        now.set(now.get().plus(Duration.ofHours(2)));
        assertSame(set, nss.get(), "missing file and a conf without mtime: both Go's zero time, no re-read");
        Files.writeString(file, "hosts: dns files\n");
        now.set(now.get().plusSeconds(5));
        assertEquals(List.of(new NssConf.Source("dns"), new NssConf.Source("files")), nss.get().sources("hosts"));
    }
}
