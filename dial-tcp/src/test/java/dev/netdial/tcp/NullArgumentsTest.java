package dev.netdial.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.Context;
import dev.netdial.api.internal.Durations;
import dev.netdial.api.Errors;
import dev.netdial.api.HostPort;
import dev.netdial.api.IP;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.RawConn;
import dev.netdial.resolver.AddressSelection;
import dev.netdial.resolver.DnsConfig;
import dev.netdial.resolver.DnsNames;
import dev.netdial.resolver.HostsFile;
import dev.netdial.resolver.Resolver;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * One rule for null arguments across the public API (dev.netdial.api, dev.netdial.tcp,
 * dev.netdial.resolver and {@link RawConn}): a {@code NullPointerException} whose message is the
 * parameter's name, thrown on entry, before any work — unless the parameter's Javadoc gives
 * null a meaning (Go's nil: no deadline, no local address, a nil IP). An empty string is Go's
 * empty value, never null. Issue 16 found 14 entry points failing deep inside and 3 returning
 * Go errors for null.
 *
 * <p>No Go counterpart: Go's strings cannot be nil.
 */
@Timeout(30)
class NullArgumentsTest {

    /** One entry point called with null for one parameter. */
    private record Case(String method, String param, Executable call) {
    }

    @Test
    void everyPublicEntryPointNamesItsNullParameter() throws Exception {
        Context bg = Context.background();
        Resolver r = Resolver.builder().hosts(HostsFile.parse("")).preferGo(true).build();
        HostsFile hosts = HostsFile.parse("127.0.0.1 h\n");
        DnsConfig conf = DnsConfig.parse("", "host");
        List<InetAddress> none = List.of();
        try (TCPListener ln = Net.listenTCP("tcp", new TCPAddr(IP.parse("127.0.0.1"), 0));
                TCPConn c = (TCPConn) Net.dial("tcp", ln.addr().toString());
                TCPConn peer = ln.acceptTCP()) {
            String a = ln.addr().toString();
            TCPAddr ta = (TCPAddr) ln.addr();
            RawConn rc = c.syscallConn();
            List<Case> cases = List.of(
                    // dev.netdial.api
                    new Case("HostPort.split", "hostport", () -> HostPort.split(null)),
                    new Case("HostPort.join", "host", () -> HostPort.join(null, "80")),
                    new Case("HostPort.join", "port", () -> HostPort.join("h", null)),
                    new Case("Durations.toNanosSaturated", "d", () -> Durations.toNanosSaturated(null)),
                    new Case("Durations.plusSaturated", "t", () -> Durations.plusSaturated(null, Duration.ZERO)),
                    new Case("Durations.plusSaturated", "d", () -> Durations.plusSaturated(Instant.now(), null)),
                    new Case("Durations.deadlineToNanoTime", "t", () -> Durations.deadlineToNanoTime(null)),
                    new Case("Context.withDeadline", "deadline", () -> bg.withDeadline(null)),
                    new Case("Context.withTimeout", "timeout", () -> bg.withTimeout(null)),
                    new Case("Context.afterFunc", "f", () -> bg.afterFunc(null)),
                    // dev.netdial.tcp
                    new Case("Net.dial", "network", () -> Net.dial(null, a)),
                    new Case("Net.dial", "address", () -> Net.dial("tcp", null)),
                    new Case("Net.dialTimeout", "network", () -> Net.dialTimeout(null, a, Duration.ZERO)),
                    new Case("Net.dialTimeout", "address", () -> Net.dialTimeout("tcp", null, Duration.ZERO)),
                    new Case("Net.dialTimeout", "timeout", () -> Net.dialTimeout("tcp", a, null)),
                    new Case("Net.dialTCP", "network", () -> Net.dialTCP(null, null, ta)),
                    new Case("Net.listen", "network", () -> Net.listen(null, "127.0.0.1:0")),
                    new Case("Net.listen", "address", () -> Net.listen("tcp", null)),
                    new Case("Net.listenTCP", "network", () -> Net.listenTCP(null, null)),
                    new Case("Dialer.dial", "network", () -> new Dialer().dial(null, a)),
                    new Case("Dialer.dial", "address", () -> new Dialer().dial("tcp", null)),
                    new Case("Dialer.dialContext", "ctx", () -> new Dialer().dialContext(null, "tcp", a)),
                    new Case("Dialer.dialContext", "network", () -> new Dialer().dialContext(bg, null, a)),
                    new Case("Dialer.dialContext", "address", () -> new Dialer().dialContext(bg, "tcp", null)),
                    new Case("ListenConfig.listen", "ctx", () -> new ListenConfig().listen(null, "tcp", "127.0.0.1:0")),
                    new Case("ListenConfig.listen", "network", () -> new ListenConfig().listen(bg, null, "127.0.0.1:0")),
                    new Case("ListenConfig.listen", "address", () -> new ListenConfig().listen(bg, "tcp", null)),
                    new Case("TCPConn.read(byte[])", "b", () -> c.read((byte[]) null, 0, 0)),
                    new Case("TCPConn.read(ByteBuffer)", "dst", () -> c.read((ByteBuffer) null)),
                    new Case("TCPConn.write(byte[])", "b", () -> c.write((byte[]) null, 0, 0)),
                    new Case("TCPConn.write(ByteBuffer)", "src", () -> c.write((ByteBuffer) null)),
                    new Case("TCPConn.setKeepAlivePeriod", "d", () -> c.setKeepAlivePeriod(null)),
                    new Case("TCPConn.setKeepAliveConfig", "config", () -> c.setKeepAliveConfig(null)),
                    new Case("RawConn.control", "f", () -> rc.control(null)),
                    new Case("RawConn.read", "f", () -> rc.read(null)),
                    new Case("RawConn.write", "f", () -> rc.write(null)),
                    // dev.netdial.resolver
                    new Case("Resolver.lookupHost", "ctx", () -> r.lookupHost(null, "h")),
                    new Case("Resolver.lookupHost", "host", () -> r.lookupHost(bg, null)),
                    new Case("Resolver.lookupIP", "ctx", () -> r.lookupIP(null, "ip", "h")),
                    new Case("Resolver.lookupIP", "network", () -> r.lookupIP(bg, null, "h")),
                    new Case("Resolver.lookupIP", "host", () -> r.lookupIP(bg, "ip", null)),
                    new Case("Resolver.lookupPort", "ctx", () -> r.lookupPort(null, "tcp", "80")),
                    new Case("Resolver.lookupPort", "network", () -> r.lookupPort(bg, null, "80")),
                    new Case("Resolver.lookupPort", "service", () -> r.lookupPort(bg, "tcp", null)),
                    new Case("Resolver.lookupCNAME", "ctx", () -> r.lookupCNAME(null, "h")),
                    new Case("Resolver.lookupCNAME", "host", () -> r.lookupCNAME(bg, null)),
                    new Case("Resolver.lookupAddr", "ctx", () -> r.lookupAddr(null, "127.0.0.1")),
                    new Case("Resolver.lookupAddr", "addr", () -> r.lookupAddr(bg, null)),
                    new Case("Resolver.lookupSRV", "ctx", () -> r.lookupSRV(null, "", "", "h")),
                    new Case("Resolver.lookupSRV", "service", () -> r.lookupSRV(bg, null, "", "h")),
                    new Case("Resolver.lookupSRV", "proto", () -> r.lookupSRV(bg, "", null, "h")),
                    new Case("Resolver.lookupSRV", "name", () -> r.lookupSRV(bg, "", "", null)),
                    new Case("Resolver.lookupMX", "ctx", () -> r.lookupMX(null, "h")),
                    new Case("Resolver.lookupMX", "name", () -> r.lookupMX(bg, null)),
                    new Case("Resolver.lookupNS", "ctx", () -> r.lookupNS(null, "h")),
                    new Case("Resolver.lookupNS", "name", () -> r.lookupNS(bg, null)),
                    new Case("Resolver.lookupTXT", "ctx", () -> r.lookupTXT(null, "h")),
                    new Case("Resolver.lookupTXT", "name", () -> r.lookupTXT(bg, null)),
                    new Case("HostsFile.parse", "text", () -> HostsFile.parse(null)),
                    new Case("HostsFile.read", "path", () -> HostsFile.read(null)),
                    new Case("HostsFile.lookupHost", "name", () -> hosts.lookupHost(null)),
                    new Case("HostsFile.canonicalName", "name", () -> hosts.canonicalName(null)),
                    new Case("HostsFile.lookupAddr", "addr", () -> hosts.lookupAddr(null)),
                    new Case("DnsNames.isDomainName", "s", () -> DnsNames.isDomainName(null)),
                    new Case("AddressSelection.sortByRfc6724", "addrs", () -> AddressSelection.sortByRfc6724(null, none)),
                    new Case("AddressSelection.sortByRfc6724", "srcs", () -> AddressSelection.sortByRfc6724(none, null)),
                    new Case("DnsConfig.parse", "resolvConf", () -> DnsConfig.parse(null, "host")),
                    new Case("DnsConfig.read", "resolvConf", () -> DnsConfig.read(null)),
                    new Case("DnsConfig.nameList", "name", () -> conf.nameList(null)));
            List<String> wrong = new ArrayList<>();
            for (Case k : cases) {
                String label = k.method() + "(" + k.param() + " = null)";
                try {
                    k.call().execute();
                    wrong.add(label + ": no exception");
                } catch (NullPointerException e) {
                    if (!k.param().equals(e.getMessage())) {
                        wrong.add(label + ": NPE \"" + e.getMessage() + "\"");
                    }
                } catch (Throwable t) {
                    wrong.add(label + ": " + t);
                }
            }
            assertEquals(List.of(), wrong);
            // Still usable: nothing was done by the refused calls.
            c.write(new byte[] {7}, 0, 1);
            byte[] one = new byte[1];
            assertEquals(1, peer.read(one, 0, 1));
        }
    }

    /** Where the Javadoc gives null Go's nil meaning, null is that value, not an error. */
    @Test
    void nullWithAMeaning() throws Exception {
        try (TCPListener ln = Net.listenTCP("tcp", null); TCPConn c = Net.dialTCP("tcp", null,
                new TCPAddr(IP.parse("127.0.0.1"), ((TCPAddr) ln.addr()).port()))) {
            c.setDeadline(null); // no deadline
            ln.setDeadline(null);
            assertTrue(c.isOpen());
        }
        OpError e = assertThrows(OpError.class, () -> Net.dialTCP("tcp", null, null));
        assertEquals("dial tcp: missing address", e.getMessage()); // Go's nil *TCPAddr
        assertNull(IP.parse(null)); // Go's ParseIP gives nil for what is no IP
        assertEquals("<nil>", IP.format((InetAddress) null));
        assertFalse(Errors.isCanceled(null));
        assertEquals(List.of("h."), DnsConfig.parse("", null).nameList("h."));
    }
}
