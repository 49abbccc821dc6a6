package dev.netdial.resolver.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.netdial.testing.LeakGateExempt;

/**
 * Fuzz targets for the wire parser (docs/TESTING.md section 3). A plain {@code mvn test} runs them
 * in Jazzer's regression mode over the seed corpus in
 * {@code src/test/resources/dev/netdial/resolver/message/MessageFuzzTestInputs/<method>/};
 * {@code JAZZER_FUZZ=1} fuzzes one target for at most {@code maxDuration}.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message_test.go} {@code FuzzUnpackPack}.
 */
@LeakGateExempt(reason = "Jazzer loads its agent through the attach API on first use; the JVM's attach"
        + " listener then keeps its UNIX socket open for the JVM's life. The targets open no fds or threads.")
class MessageFuzzTest {

    /** {@link Message#parse} throws {@link DnsMessageException} or nothing, whatever the bytes. */
    @FuzzTest(maxDuration = "5m")
    void fuzzParse(byte[] data) {
        try {
            Message.parse(data);
        } catch (DnsMessageException e) {
            // the one allowed failure; anything else escapes and is a finding
        }
    }

    /**
     * Go's {@code FuzzUnpackPack}: every parsed message packs, the packed bytes parse, and the
     * result equals the first parse.
     */
    @FuzzTest(maxDuration = "5m")
    void fuzzUnpackPack(byte[] data) {
        Message m;
        try {
            m = Message.parse(data);
        } catch (DnsMessageException e) {
            return;
        }
        byte[] packed;
        try {
            packed = m.pack();
        } catch (DnsMessageException e) {
            throw new AssertionError("failed to pack a message that was parsed: " + e.getMessage(), e);
        }
        Message m2;
        try {
            m2 = Message.parse(packed);
        } catch (DnsMessageException e) {
            throw new AssertionError("failed to parse a message that was packed: " + e.getMessage(), e);
        }
        assertEquals(m, m2, "parse(msg) differs from parse(pack(parse(msg)))");
    }
}
