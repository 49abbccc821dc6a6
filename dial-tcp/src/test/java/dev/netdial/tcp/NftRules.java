package dev.netdial.tcp;

import static dev.netdial.testing.Netns.shellQuote;

import dev.netdial.testing.Capabilities;
import dev.netdial.testing.Netns;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code nft} setup commands for {@link Netns} probes: packet-filter rules that live only in the
 * probe's private network namespace. Every rule goes into the output chain of one table
 * ({@value #TABLE}); on {@code lo} each packet passes that hook once, on its way out.
 *
 * <p>See {@code docs/TESTING.md} §2, the {@code nft} rows.
 */
final class NftRules {

    /** The table every rule goes into. */
    static final String TABLE = "netdial";

    private NftRules() {
    }

    /**
     * Skips the calling test when {@code nft} cannot add a rule in a fresh namespace, or fails
     * it under CI (the same rule as {@link Netns#assumeAvailable()}). Call after
     * {@link Netns#assumeAvailable()}.
     */
    static void assumeAvailable() {
        String why = probe();
        Capabilities.require("nft in a network namespace (package nftables)", why == null, why);
    }

    /** Null when {@code nft} works inside {@code unshare -rn}, else why not. */
    private static String probe() {
        String script = String.join(" && ", table()) + " && nft list ruleset";
        ProcessBuilder pb = new ProcessBuilder("unshare", "-rn", "--", "sh", "-c", script);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "'nft' did not finish in 10 s";
            }
            if (p.exitValue() != 0) {
                return "'unshare -rn sh -c \"" + script + "\"' exited " + p.exitValue() + ": " + text;
            }
            return null;
        } catch (IOException e) {
            return "cannot run unshare: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing nft";
        }
    }

    /** Creates the table and its output chain (policy accept). */
    static List<String> table() {
        return List.of(
                "nft add table inet " + TABLE,
                "nft add chain inet " + TABLE + " out " + shellQuote("{ type filter hook output priority 0; }"));
    }

    /**
     * Drops every outgoing TCP segment with RST set: a SYN to a port with no socket is then
     * retransmitted after the initial RTO instead of being refused, and simultaneous open can
     * be set up without racing the refusal.
     */
    static List<String> dropRst() {
        return concat(table(), "nft add rule inet " + TABLE + " out tcp flags " + shellQuote("&") + " rst == rst drop");
    }

    /**
     * Drops every connection-opening SYN (SYN without ACK) to {@code ip4:port}: connects there
     * hang until cancelled or timed out, a black hole that needs no outside network.
     */
    static List<String> dropSyn(String ip4, int port) {
        return concat(table(), "nft add rule inet " + TABLE + " out ip daddr " + ip4 + " tcp dport " + port
                + " tcp flags " + shellQuote("&") + " " + shellQuote("(syn|ack)") + " == syn drop");
    }

    private static List<String> concat(List<String> a, String b) {
        return Stream.concat(a.stream(), Stream.of(b)).toList();
    }
}
