package dev.netdial.resolver;

import dev.netdial.resolver.internal.Lookup;
import dev.netdial.api.IP;
import dev.netdial.api.Context;
import dev.netdial.api.DNSError;
import dev.netdial.api.Errno;
import dev.netdial.api.Errors;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.posix.internal.Sockaddr;
import dev.netdial.posix.internal.SockaddrCodec;
import dev.netdial.posix.internal.SockaddrInet4;
import dev.netdial.posix.internal.SockaddrInet6;
import dev.netdial.resolver.message.CNAMEResource;
import dev.netdial.resolver.message.DnsClass;
import dev.netdial.resolver.message.DnsMessageException;
import dev.netdial.resolver.message.Parser;
import dev.netdial.resolver.message.Resource;
import dev.netdial.resolver.message.Type;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The C library's resolver: {@code getaddrinfo} for addresses, canonical names and service
 * ports, {@code getnameinfo} for reverse lookups, with Go's hints and Go's error mapping.
 *
 * <p>A call with {@link Context#background()} runs on the calling platform thread. Otherwise the
 * blocking C call runs on a short-lived daemon platform thread named {@code netdial-getaddrinfo}
 * (a virtual thread would pin its carrier for the whole call) and the caller waits for it or for
 * the context, whichever ends first; a lookup abandoned that way finishes on its own thread,
 * which then ends. At most {@link #concurrentThreadsLimit()} calls run at once.
 *
 * <p>Go: {@code src/net/cgo_unix.go}, {@code src/net/cgo_linux.go},
 * {@code src/net/net.go} {@code acquireThread}, {@code src/net/rlimit_unix.go}
 * {@code concurrentThreadsLimit}.
 *
 * <p>Differs: a virtual caller with a background context also gets the helper thread, so that
 * no carrier is held by a blocking native call. An interrupted waiter stops waiting and gets
 * "operation was canceled" (Go has no interrupts).
 */
final class SystemResolver {

    /** The name of the helper threads; the leak gate knows the {@code netdial-} prefix. */
    static final String THREAD_NAME = "netdial-getaddrinfo";

    /** Go: {@code src/net/cgo_linux.go} {@code cgoAddrInfoFlags}; AI_ADDRCONFIG is left out on purpose. */
    static final int CGO_ADDR_INFO_FLAGS = Netdb.AI_CANONNAME | Netdb.AI_V4MAPPED | Netdb.AI_ALL;

    /** Go: {@code src/net/cgo_unix.go} {@code nameinfoLen}, {@code maxNameinfoLen}. */
    private static final int NAMEINFO_LEN = 64;
    private static final int MAX_NAMEINFO_LEN = 4096;

    /** Go's {@code threadLimit}: how many C lookups may run at once. */
    private final Semaphore threadLimit;

    /**
     * A resolver allowing {@link #concurrentThreadsLimit()} simultaneous calls.
     *
     * <p>Go: {@code src/net/net.go} {@code threadLimit}.
     */
    SystemResolver() {
        this(concurrentThreadsLimit());
    }

    /**
     * A resolver allowing {@code limit} simultaneous calls (a test seam).
     *
     * <p>Go: {@code src/net/net.go} {@code threadLimit}.
     */
    SystemResolver(int limit) {
        this.threadLimit = new Semaphore(limit);
    }

    /**
     * 500, or the open-file limit less 30 when that is smaller (a lookup may use a descriptor).
     *
     * <p>Go: {@code src/net/rlimit_unix.go} {@code concurrentThreadsLimit}.
     */
    static int concurrentThreadsLimit() {
        long r = Netdb.nofileLimit();
        if (r < 0 || r > 500) {
            return 500;
        }
        if (r > 30) {
            r -= 30;
        }
        return (int) Math.max(1, r);
    }

    /** A blocking C call; may throw the lookup's error. */
    @FunctionalInterface
    interface Blocking<T> {
        T call() throws IOException;
    }

    /**
     * Runs {@code blocking} so that the context can end the wait: directly for a background
     * context on a platform thread, else on a helper thread while the caller waits for its
     * result or for the context ("lookup name: operation was canceled" / "i/o timeout").
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code doBlockingWithCtx}.
     */
    <T> T doBlockingWithCtx(Context ctx, String lookupName, Blocking<T> blocking) throws IOException {
        acquireThread(ctx, lookupName);
        if (ctx == Context.background() && !Thread.currentThread().isVirtual()) {
            try {
                return blocking.call();
            } finally {
                threadLimit.release();
            }
        }
        final class Outcome {
            volatile boolean finished;
            volatile T value;
            volatile Throwable err;
        }
        Outcome out = new Outcome();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().daemon().name(THREAD_NAME).unstarted(() -> {
            try {
                out.value = blocking.call();
            } catch (IOException | RuntimeException | Error e) {
                out.err = e;
            } finally {
                threadLimit.release();
                out.finished = true;
                done.countDown();
            }
        });
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            threadLimit.release();
            throw e;
        }
        BooleanSupplier stop = ctx.afterFunc(done::countDown);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LookupErrors.newDNSError(Errors.canceled(), lookupName, "");
        } finally {
            stop.getAsBoolean();
        }
        if (!out.finished) {
            throw LookupErrors.contextDone(ctx.err(), lookupName);
        }
        Throwable e = out.err;
        if (e == null) {
            return out.value;
        }
        if (e instanceof IOException io) {
            throw io;
        }
        if (e instanceof RuntimeException re) {
            throw re;
        }
        throw (Error) e;
    }

    /**
     * Takes one of the {@link #threadLimit} slots, waiting while the context lives.
     *
     * <p>Go: {@code src/net/net.go} {@code acquireThread}; the failure as in
     * {@code src/net/cgo_unix.go} {@code doBlockingWithCtx}.
     */
    private void acquireThread(Context ctx, String lookupName) throws DNSError {
        IOException ctxErr = ctx.err();
        if (ctxErr != null) {
            throw LookupErrors.contextDone(ctxErr, lookupName);
        }
        if (threadLimit.tryAcquire()) {
            return;
        }
        try {
            while (!threadLimit.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                ctxErr = ctx.err();
                if (ctxErr != null) {
                    throw LookupErrors.contextDone(ctxErr, lookupName);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LookupErrors.newDNSError(Errors.canceled(), lookupName, "");
        }
    }

    /**
     * The addresses and canonical name of one {@code getaddrinfo} call.
     *
     * <p>Go: Go 1.20's {@code src/net/cgo_unix.go} {@code cgoLookupIPCNAME} (its results).
     */
    record IPCNAME(List<InetAddress> addrs, String cname) {
    }

    /**
     * {@code getaddrinfo(name)} with Go's hints: stream sockets, AI_CANONNAME|AI_V4MAPPED|AI_ALL,
     * the family from the network's last character ("ip4" → AF_INET, "ip6" → AF_INET6). The
     * addresses keep getaddrinfo's order; IPv6 ones carry {@code sin6_scope_id}. The canonical
     * name is the first entry's, else {@code name}, rooted with a trailing dot.
     *
     * <p>Errors, as Go maps them: EAI_NONAME and EAI_NODATA → "no such host" (not found);
     * EAI_SYSTEM → the errno's text ("too many open files" when errno is 0, go.dev/issue/6232);
     * any other code → {@code gai_strerror}'s text, temporary for EAI_AGAIN.
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoLookupHostIP}; Go 1.20's
     * {@code cgoLookupIPCNAME} for the canonical name.
     */
    IPCNAME cgoLookupIPCNAME(String network, String name) throws DNSError {
        int family = Constants.AF_UNSPEC;
        switch (Lookup.ipVersion(network)) {
            case '4' -> family = Constants.AF_INET;
            case '6' -> family = Constants.AF_INET6;
            default -> {
            }
        }
        byte[] h = cString(name);
        if (h == null) {
            throw new DNSError(Errno.EINVAL.message(), name, "", false, false, false);
        }
        Netdb.GaiResult r = Netdb.getaddrinfo(h, null, CGO_ADDR_INFO_FLAGS, family, Constants.SOCK_STREAM, 0);
        if (r.gerrno() != 0) {
            throw gaiError(r.gerrno(), r.errno(), name, true);
        }
        String cname = null;
        if (!r.entries().isEmpty()) {
            cname = r.canonName();
            if (cname == null || cname.isEmpty()) {
                cname = name;
            }
            if (!cname.isEmpty() && !cname.endsWith(".")) {
                cname += ".";
            }
        }
        List<InetAddress> addrs = new ArrayList<>();
        for (Netdb.AddrInfo ai : r.entries()) {
            // Only stream sockets were asked for; check anyway.
            if (ai.socktype() != Constants.SOCK_STREAM) {
                continue;
            }
            if (ai.addr() instanceof SockaddrInet4 s4 && ai.family() == Constants.AF_INET) {
                addrs.add(IPAddrs.of(s4.addr(), 0));
            } else if (ai.addr() instanceof SockaddrInet6 s6 && ai.family() == Constants.AF_INET6) {
                addrs.add(IPAddrs.of(s6.addr(), s6.scopeId()));
            }
        }
        return new IPCNAME(List.copyOf(addrs), cname);
    }

    /**
     * Go's mapping of a {@code getaddrinfo}/{@code getnameinfo} failure to a {@link DNSError};
     * {@code nameLookup} says whether EAI_NONAME/EAI_NODATA mean "no such host".
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoLookupHostIP}, {@code cgoLookupAddrPTR}
     * (their {@code gerrno} switches), {@code addrinfoErrno}.
     */
    private static DNSError gaiError(int gerrno, int errno, String name, boolean nameLookup) {
        if (gerrno == Netdb.EAI_SYSTEM) {
            Errno e = errno == 0 ? Errno.EMFILE : Errno.of(errno);
            if (e == null) {
                return new DNSError(Errno.describe(errno), name, "", false, false, false);
            }
            return LookupErrors.newDNSError(e, name, "");
        }
        if (nameLookup && (gerrno == Netdb.EAI_NONAME || gerrno == Netdb.EAI_NODATA)) {
            return LookupErrors.noSuchHost(name, "");
        }
        return new DNSError(Netdb.gaiStrerror(gerrno), name, "", false, gerrno == Netdb.EAI_AGAIN, false);
    }

    /**
     * The addresses of {@code name} for "ip", "ip4" or "ip6".
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoLookupIP}.
     */
    List<InetAddress> cgoLookupIP(Context ctx, String network, String name) throws IOException {
        return doBlockingWithCtx(ctx, name, () -> cgoLookupIPCNAME(network, name).addrs());
    }

    /**
     * The addresses of {@code name} as Go's text ("127.0.0.1", "fe80::1%eth0").
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoLookupHost}.
     */
    List<String> cgoLookupHost(Context ctx, String name) throws IOException {
        List<InetAddress> addrs = cgoLookupIP(ctx, "ip", name);
        List<String> out = new ArrayList<>(addrs.size());
        for (InetAddress a : addrs) {
            out.add(IPAddrs.format(a));
        }
        return out;
    }

    /**
     * The canonical name of {@code name}, rooted ("www.example.com."), from the CNAME record the C
     * library's stub resolver finds for it; null when that gave no usable answer (no such record,
     * a failed search, an unparsable reply, a cancelled context, or a C library without
     * {@code res_nsearch}), so the caller asks the pure resolver instead, as Go does.
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoLookupCNAME}, {@code resSearch},
     * {@code parseCNAMEFromResources}.
     */
    String cgoLookupCNAME(Context ctx, String name) {
        List<Resource> resources;
        try {
            resources = doBlockingWithCtx(ctx, name, () -> cgoResSearch(name, Type.CNAME.value(), DnsClass.INET.value()));
        } catch (IOException e) {
            return null;
        }
        if (resources.isEmpty() || !(resources.get(0).body() instanceof CNAMEResource c)) {
            return null;
        }
        return c.cname().toString();
    }

    /**
     * The answer records of a {@code res_nsearch} for {@code name}: the search is repeated once
     * with a buffer of the reported size when the first one was too small.
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoResSearch}.
     */
    static List<Resource> cgoResSearch(String name, int type, int klass) throws IOException {
        int bufSize = DnsClientUnix.MAX_DNS_PACKET_SIZE;
        while (true) {
            Netdb.ResSearch r = Netdb.resNsearch(name, klass, type, bufSize);
            if (r == null) {
                throw new IOException("res_nsearch unavailable");
            }
            if (r.size() <= 0 || r.size() > 0xffff) {
                throw new IOException("res_nsearch failure");
            }
            if (r.size() <= bufSize) {
                try {
                    Parser p = new Parser();
                    p.start(r.answer());
                    p.skipAllQuestions();
                    return p.allAnswers();
                } catch (DnsMessageException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            bufSize = r.size();
        }
    }

    /**
     * The port of {@code service} for the network ("ip": any, "tcp*": stream/TCP, "udp*":
     * datagram/UDP; the family from a trailing 4 or 6); the name is lower-cased first.
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoLookupPort}.
     */
    int cgoLookupPort(Context ctx, String network, String service) throws IOException {
        int socktype;
        int protocol;
        switch (network) {
            case "ip" -> {
                socktype = 0;
                protocol = 0;
            }
            case "tcp", "tcp4", "tcp6" -> {
                socktype = Constants.SOCK_STREAM;
                protocol = Constants.IPPROTO_TCP;
            }
            case "udp", "udp4", "udp6" -> {
                socktype = Constants.SOCK_DGRAM;
                protocol = Constants.IPPROTO_UDP;
            }
            default -> throw new DNSError("unknown network", network + "/" + service, "", false, false, false);
        }
        int family = switch (Lookup.ipVersion(network)) {
            case '4' -> Constants.AF_INET;
            case '6' -> Constants.AF_INET6;
            default -> Constants.AF_UNSPEC;
        };
        return doBlockingWithCtx(ctx, network + "/" + service,
                () -> cgoLookupServicePort(family, socktype, protocol, network, service));
    }

    /**
     * {@code getaddrinfo(NULL, service)}: the port of the first IPv4 or IPv6 entry.
     * EAI_SERVICE or EAI_NONAME (and no entry) → "unknown port" (not found); EAI_SYSTEM → the errno; other
     * codes → {@code gai_strerror}'s text.
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoLookupServicePort}.
     */
    private int cgoLookupServicePort(int family, int socktype, int protocol, String network, String service)
            throws DNSError {
        String lookupName = network + "/" + service;
        byte[] cservice = cString(Parse.lowerASCII(service));
        if (cservice == null) {
            throw new DNSError(Errno.EINVAL.message(), lookupName, "", false, false, false);
        }
        Netdb.GaiResult r = Netdb.getaddrinfo(null, cservice, 0, family, socktype, protocol);
        if (r.gerrno() != 0) {
            if (r.gerrno() == Netdb.EAI_SERVICE || r.gerrno() == Netdb.EAI_NONAME) {
                throw Services.unknownPort(lookupName);
            }
            throw gaiError(r.gerrno(), r.errno(), lookupName, false);
        }
        for (Netdb.AddrInfo ai : r.entries()) {
            if (ai.addr() instanceof SockaddrInet4 s4 && ai.family() == Constants.AF_INET) {
                return s4.port();
            }
            if (ai.addr() instanceof SockaddrInet6 s6 && ai.family() == Constants.AF_INET6) {
                return s6.port();
            }
        }
        throw Services.unknownPort(lookupName);
    }

    /**
     * The host name of an address literal ("192.0.2.1", "fe80::1%eth0") by {@code getnameinfo}
     * with NI_NAMEREQD, rooted when dotted. A non-literal is "invalid address".
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoLookupPTR}, {@code cgoSockaddr}.
     */
    List<String> cgoLookupPTR(Context ctx, String addr) throws IOException {
        IP.Zoned ip = IP.parseZoned(addr);
        if (ip == null) {
            throw new DNSError("invalid address", addr, "", false, false, false);
        }
        Sockaddr sa;
        byte[] b = ip.ip();
        if (b.length == 4 || IP.isV4Mapped(b)) {
            sa = new SockaddrInet4(b.length == 4 ? b : Arrays.copyOfRange(b, 12, 16), 0);
        } else {
            sa = new SockaddrInet6(b, 0, IpSockPosix.zoneIndex(ip.zone()));
        }
        byte[] raw = SockaddrCodec.encode(sa);
        return doBlockingWithCtx(ctx, addr, () -> cgoLookupAddrPTR(addr, raw));
    }

    /**
     * {@code getnameinfo} with a buffer doubled from 64 to 4096 bytes while it overflows.
     * EAI_NONAME → "no such host"; EAI_SYSTEM → the errno; others → {@code gai_strerror}.
     *
     * <p>Go: {@code src/net/cgo_unix.go} {@code cgoLookupAddrPTR}.
     */
    private List<String> cgoLookupAddrPTR(String addr, byte[] sa) throws DNSError {
        Netdb.NameInfo ni = null;
        for (int l = NAMEINFO_LEN; l <= MAX_NAMEINFO_LEN; l *= 2) {
            ni = Netdb.getnameinfo(sa, l, Netdb.NI_NAMEREQD);
            if (ni.gerrno() != Netdb.EAI_OVERFLOW) {
                break;
            }
        }
        if (ni.gerrno() != 0) {
            if (ni.gerrno() == Netdb.EAI_NONAME) {
                throw LookupErrors.noSuchHost(addr, "");
            }
            throw gaiError(ni.gerrno(), ni.errno(), addr, false);
        }
        return List.of(HostsFile.absDomainName(ni.host()));
    }

    /**
     * The NUL-terminated UTF-8 bytes of {@code s}, or {@code null} when it contains a NUL.
     *
     * <p>Go: {@code src/syscall/syscall.go} {@code ByteSliceFromString}.
     */
    private static byte[] cString(String s) {
        if (s.indexOf('\0') >= 0) {
            return null;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }
}
