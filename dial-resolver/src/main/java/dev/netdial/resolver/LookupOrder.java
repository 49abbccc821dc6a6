package dev.netdial.resolver;

import dev.netdial.posix.internal.Dtoi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for a host name or an address, whether Go's own resolver can answer it (and in
 * which order of hosts file and DNS) or whether it must go to the system resolver (libc,
 * Go's "cgo" resolver): from the {@code netdial.netdns} setting, the resolver environment
 * variables, resolv.conf and the {@code hosts:} line of nsswitch.conf. Linux only.
 *
 * <p>The setting, environment and files come in through the constructor; the class itself
 * reads no system property.
 *
 * <p>Go: {@code src/net/conf.go} {@code conf}, {@code initConfVal}, {@code mustUseGoResolver},
 * {@code hostLookupOrder}, {@code addrLookupOrder}, {@code lookupOrder},
 * {@code goDebugNetDNS}.
 * <p>Differs: only Linux's branches are kept (no OpenBSD "lookup" line, no Solaris, Windows,
 * Plan 9, Android or Darwin defaults); the system resolver is always available (Go's
 * {@code cgoAvailable}), and there are no {@code netgo}/{@code netcgo} build tags.
 */
final class LookupOrder {

    private static final Logger log = LoggerFactory.getLogger(LookupOrder.class);

    /** Go: the system property that mirrors {@code GODEBUG=netdns=...}. */
    static final String NETDNS_PROPERTY = "netdial.netdns";

    /** Go: the file whose existence sends mdns-listed lookups to libc. */
    static final Path MDNS_ALLOW = Path.of("/etc/mdns.allow");

    /**
     * The decision and the resolv.conf configuration it was based on ({@code null} when the
     * file was not consulted).
     *
     * <p>Go: the results {@code (ret hostLookupOrder, dnsConf *dnsConfig)}.
     */
    record Result(HostLookupOrder order, DnsConfig dnsConf) {
    }

    /**
     * The parts of a {@code netdns} value: the mode ("go", "cgo", or "" for none) and the
     * debug level.
     *
     * <p>Go: the results of {@code goDebugNetDNS}.
     */
    record NetDns(String mode, int debugLevel) {
    }

    private final boolean netGo;
    private final boolean netCgo;
    private final int dnsDebugLevel;
    private final boolean preferCgo;
    private final ResolverConfig resolvConf;
    private final NsswitchConfig nss;
    private final Supplier<String> hostname;
    private final Path mdnsAllow;

    /**
     * Builds the configuration.
     *
     * @param netdns the {@code netdial.netdns} value, Go's {@code GODEBUG=netdns} ("go",
     *     "cgo", "1", "go+2", ...); {@code null} or empty for none
     * @param env the environment ({@code LOCALDOMAIN}, {@code RES_OPTIONS},
     *     {@code HOSTALIASES} make libc's resolver preferred)
     * @param resolvConf resolv.conf (shared with the resolver that uses the answer)
     * @param nss nsswitch.conf
     * @param hostname this host's name, {@code null} when unknown (Go: {@code getHostname})
     * @param mdnsAllow the mdns.allow file to test for (Go: {@code /etc/mdns.allow}; Go's
     *     tests use {@code mdnsTest} instead)
     *
     * <p>Go: {@code src/net/conf.go} {@code initConfVal}.
     */
    LookupOrder(String netdns, Map<String, String> env, ResolverConfig resolvConf, NsswitchConfig nss,
            Supplier<String> hostname, Path mdnsAllow) {
        this.resolvConf = Objects.requireNonNull(resolvConf, "resolvConf");
        this.nss = Objects.requireNonNull(nss, "nss");
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        this.mdnsAllow = Objects.requireNonNull(mdnsAllow, "mdnsAllow");
        NetDns d = goDebugNetDNS(netdns);
        this.netGo = d.mode().equals("go");
        this.netCgo = d.mode().equals("cgo");
        this.dnsDebugLevel = d.debugLevel();
        // Resolver options in the environment are only understood by libc; prefer it then.
        // LOCALDOMAIN counts even when set to the empty string.
        this.preferCgo = env.containsKey("LOCALDOMAIN") || !env.getOrDefault("RES_OPTIONS", "").isEmpty()
                || !env.getOrDefault("HOSTALIASES", "").isEmpty();
        if (dnsDebugLevel > 0) {
            if (dnsDebugLevel > 1) {
                log.info("go package net: confVal.netCgo = {}  netGo = {}", netCgo, netGo);
            }
            if (netGo) {
                log.info("go package net: GODEBUG setting forcing use of Go's resolver");
            } else if (netCgo || preferCgo) {
                log.info("go package net: using cgo DNS resolver");
            } else {
                log.info("go package net: dynamic selection of DNS resolver");
            }
        }
    }

    /**
     * The system's configuration: the process environment, {@code /etc/nsswitch.conf},
     * {@code /etc/mdns.allow} and the kernel's host name, with the given {@code netdns}
     * setting and resolv.conf.
     *
     * <p>Go: {@code src/net/conf.go} {@code systemConf} (its {@code initConfVal}).
     */
    static LookupOrder system(String netdns, ResolverConfig resolvConf) {
        return new LookupOrder(netdns, System.getenv(), resolvConf, new NsswitchConfig(), DnsConfig::systemHostname,
                MDNS_ALLOW);
    }

    /**
     * Splits a {@code netdns} value at its first '+' into a mode and a debug level; a part
     * starting with a digit is the level, anything else the mode.
     *
     * <p>Go: {@code src/net/conf.go} {@code goDebugNetDNS}.
     */
    static NetDns goDebugNetDNS(String value) {
        String[] mode = {""};
        int[] level = {0};
        if (value == null) {
            value = "";
        }
        int i = value.indexOf('+');
        if (i != -1) {
            parsePart(value.substring(0, i), mode, level);
            parsePart(value.substring(i + 1), mode, level);
        } else {
            parsePart(value, mode, level);
        }
        return new NetDns(mode[0], level[0]);
    }

    /** One side of the '+': a level when it starts with a digit, else the mode. Go: {@code goDebugNetDNS}'s {@code parsePart}. */
    private static void parsePart(String s, String[] mode, int[] level) {
        if (s.isEmpty()) {
            return;
        }
        if (s.charAt(0) >= '0' && s.charAt(0) <= '9') {
            level[0] = Dtoi.of(s).n();
        } else {
            mode[0] = s;
        }
    }

    /** Go: {@code conf.netGo}: the Go resolver was asked for. */
    boolean netGo() {
        return netGo;
    }

    /** Go: {@code conf.netCgo}: the system resolver was asked for. */
    boolean netCgo() {
        return netCgo;
    }

    /** Go: {@code conf.dnsDebugLevel}. */
    int dnsDebugLevel() {
        return dnsDebugLevel;
    }

    /** Go: {@code conf.preferCgo}: the environment makes the system resolver preferred. */
    boolean preferCgo() {
        return preferCgo;
    }

    /**
     * Whether every lookup must use Go's resolver: it was asked for by the setting or by the
     * resolver ({@code preferGo}, Go's {@code Resolver.PreferGo}).
     *
     * <p>Go: {@code src/net/conf.go} {@code (*conf).mustUseGoResolver}.
     */
    boolean mustUseGoResolver(boolean preferGo) {
        return netGo || preferGo;
    }

    /**
     * The strategy for an address (reverse) lookup.
     *
     * <p>Go: {@code src/net/conf.go} {@code (*conf).addrLookupOrder}.
     */
    Result addrLookupOrder(boolean preferGo, String addr) {
        Result r = lookupOrder(preferGo, "");
        if (dnsDebugLevel > 1) {
            log.info("go package net: addrLookupOrder({}) = {}", addr, r.order());
        }
        return r;
    }

    /**
     * The strategy for a host name lookup.
     *
     * <p>Go: {@code src/net/conf.go} {@code (*conf).hostLookupOrder}.
     */
    Result hostLookupOrder(boolean preferGo, String hostname) {
        Result r = lookupOrder(preferGo, hostname == null ? "" : hostname);
        if (dnsDebugLevel > 1) {
            log.info("go package net: hostLookupOrder({}) = {}", hostname, r.order());
        }
        return r;
    }

    /**
     * The decision: the system resolver whenever something is not understood and it may be
     * used, else an order of hosts file and DNS from nsswitch.conf.
     *
     * <p>Go: {@code src/net/conf.go} {@code (*conf).lookupOrder}.
     */
    Result lookupOrder(boolean preferGo, String hostname) {
        HostLookupOrder fallbackOrder;
        boolean canUseCgo;
        if (mustUseGoResolver(preferGo)) {
            fallbackOrder = HostLookupOrder.FILES_DNS;
            canUseCgo = false;
        } else if (netCgo || preferCgo) {
            return new Result(HostLookupOrder.CGO, null);
        } else {
            // glibc escapes ("x\.com") and zones ("foo%en0") are libc's business.
            if (hostname.indexOf('\\') != -1 || hostname.indexOf('%') != -1) {
                return new Result(HostLookupOrder.CGO, null);
            }
            fallbackOrder = HostLookupOrder.CGO;
            canUseCgo = true;
        }

        DnsConfig dnsConf = resolvConf.get();
        if (canUseCgo && dnsConf.err().isPresent() && !dnsConf.errNotExist() && !dnsConf.errPermission()) {
            return new Result(HostLookupOrder.CGO, dnsConf); // resolv.conf exists but cannot be read
        }
        if (canUseCgo && dnsConf.unknownOpt()) {
            return new Result(HostLookupOrder.CGO, dnsConf);
        }

        if (hostname.endsWith(".")) {
            hostname = hostname.substring(0, hostname.length() - 1);
        }

        NssConf nssConf = nss.get();
        List<NssConf.Source> srcs = nssConf.sources("hosts");
        // No nsswitch.conf, or no hosts line: Go's DNS will do, hosts file first.
        if (nssConf.errNotExist() || nssConf.err() == null && srcs.isEmpty()) {
            return new Result(HostLookupOrder.FILES_DNS, dnsConf);
        }
        if (nssConf.err() != null) {
            return new Result(fallbackOrder, dnsConf); // unreadable or unparsable
        }

        boolean hasDNSSource = false;
        boolean hasDNSSourceChecked = false;
        boolean filesSource = false;
        boolean dnsSource = false;
        String first = "";
        for (int i = 0; i < srcs.size(); i++) {
            NssConf.Source src = srcs.get(i);
            if (src.source().equals("files") || src.source().equals("dns")) {
                if (canUseCgo && !src.standardCriteria()) {
                    return new Result(HostLookupOrder.CGO, dnsConf); // non-standard criteria
                }
                if (src.source().equals("files")) {
                    filesSource = true;
                } else {
                    hasDNSSource = true;
                    hasDNSSourceChecked = true;
                    dnsSource = true;
                }
                if (first.isEmpty()) {
                    first = src.source();
                }
                continue;
            }

            if (canUseCgo) {
                if (!hostname.isEmpty() && src.source().equals("myhostname")) {
                    // libc's myhostname module answers for this host's own names.
                    if (isLocalhost(hostname) || isGateway(hostname) || isOutbound(hostname)) {
                        return new Result(HostLookupOrder.CGO, dnsConf);
                    }
                    String hn = this.hostname.get();
                    if (hn == null || equalFoldASCII(hostname, hn)) {
                        return new Result(HostLookupOrder.CGO, dnsConf);
                    }
                    continue;
                } else if (!hostname.isEmpty() && src.source().startsWith("mdns")) {
                    // .local is multicast DNS (RFC 6762), which only libc (via Avahi) can do.
                    if (DnsConfig.hasSuffixFoldASCII(hostname, ".local")) {
                        return new Result(HostLookupOrder.CGO, dnsConf);
                    }
                    // An mdns.allow file may list other domains; it is not parsed, so let libc
                    // handle everything when it exists or cannot be checked.
                    try {
                        Files.readAttributes(mdnsAllow, BasicFileAttributes.class);
                        return new Result(HostLookupOrder.CGO, dnsConf);
                    } catch (NoSuchFileException e) {
                        continue;
                    } catch (IOException e) {
                        return new Result(HostLookupOrder.CGO, dnsConf);
                    }
                } else {
                    return new Result(HostLookupOrder.CGO, dnsConf); // a source we cannot emulate
                }
            }

            if (!hasDNSSourceChecked) {
                hasDNSSourceChecked = true;
                for (NssConf.Source v : srcs.subList(i + 1, srcs.size())) {
                    if (v.source().equals("dns")) {
                        hasDNSSource = true;
                        break;
                    }
                }
            }
            // An unknown source, seen only when libc may not be used, stands for DNS unless
            // DNS is listed anyway.
            if (!hasDNSSource) {
                dnsSource = true;
                if (first.isEmpty()) {
                    first = "dns";
                }
            }
        }

        if (filesSource && dnsSource) {
            return new Result(first.equals("files") ? HostLookupOrder.FILES_DNS : HostLookupOrder.DNS_FILES, dnsConf);
        }
        if (filesSource) {
            return new Result(HostLookupOrder.FILES, dnsConf);
        }
        if (dnsSource) {
            return new Result(HostLookupOrder.DNS, dnsConf);
        }
        return new Result(fallbackOrder, dnsConf);
    }

    /**
     * Whether the myhostname module treats {@code h} as a localhost name.
     *
     * <p>Go: {@code src/net/conf.go} {@code isLocalhost}.
     */
    static boolean isLocalhost(String h) {
        return equalFoldASCII(h, "localhost") || equalFoldASCII(h, "localhost.localdomain")
                || DnsConfig.hasSuffixFoldASCII(h, ".localhost") || DnsConfig.hasSuffixFoldASCII(h, ".localhost.localdomain");
    }

    /** Go: {@code src/net/conf.go} {@code isGateway}. */
    static boolean isGateway(String h) {
        return equalFoldASCII(h, "_gateway");
    }

    /** Go: {@code src/net/conf.go} {@code isOutbound}. */
    static boolean isOutbound(String h) {
        return equalFoldASCII(h, "_outbound");
    }

    /** Go: {@code src/net/parse.go} {@code stringsEqualFold} (ASCII case folding only). */
    static boolean equalFoldASCII(String s, String t) {
        return s.length() == t.length() && DnsConfig.hasSuffixFoldASCII(s, t);
    }
}
