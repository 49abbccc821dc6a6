package dev.netdial.resolver.message;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The messages of Go's message_test.go ({@code smallTestMsg}, {@code largeTestMsg},
 * {@code smallTestMsgWithUnknownResource}) and the hostile packets of docs/TESTING.md, shared by
 * {@link MessageTest} and {@link MessageFuzzTest} (whose seed corpus holds their packed forms).
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message_test.go}.
 */
final class GoTestMessages {
    private GoTestMessages() {}

    /** Go's {@code privateUseType}: from the IANA private-use range of RR types. */
    static final Type PRIVATE_USE_TYPE = Type.of(65362);

    static final Header RESPONSE_AA = new Header(0, true, 0, true, false, false, false, false, false, RCode.SUCCESS);

    static ResourceHeader rh(Name name, Type type) {
        return new ResourceHeader(name, type, DnsClass.INET, 0);
    }

    static AResource a(int... b) {
        byte[] x = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            x[i] = (byte) b[i];
        }
        return new AResource(x);
    }

    static byte[] bytes(int... b) {
        byte[] x = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            x[i] = (byte) b[i];
        }
        return x;
    }

    /** Go: {@code mustEDNS0ResourceHeader}. */
    static ResourceHeader mustEDNS0ResourceHeader(int l, RCode extrc, boolean dnssecOK) {
        return new ResourceHeader(Name.ROOT, Type.of(0), DnsClass.INET, 0).setEDNS0(l, extrc, dnssecOK);
    }

    /** Go: {@code smallTestMsg}. */
    static Message smallTestMsg() {
        Name name = Name.mustOf("example.com.");
        return new Message(RESPONSE_AA,
                List.of(new Question(name, Type.A, DnsClass.INET)),
                List.of(new Resource(rh(name, Type.A), a(127, 0, 0, 1))),
                List.of(new Resource(rh(name, Type.A), a(127, 0, 0, 1))),
                List.of(new Resource(rh(name, Type.A), a(127, 0, 0, 1))));
    }

    /** Go: {@code largeTestMsg}. */
    static Message largeTestMsg() {
        Name name = Name.mustOf("foo.bar.example.com.");
        return new Message(RESPONSE_AA,
                List.of(new Question(name, Type.A, DnsClass.INET)),
                List.of(
                        new Resource(rh(name, Type.A), a(127, 0, 0, 1)),
                        new Resource(rh(name, Type.A), a(127, 0, 0, 2)),
                        new Resource(rh(name, Type.AAAA),
                                new AAAAResource(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16))),
                        new Resource(rh(name, Type.CNAME), new CNAMEResource(Name.mustOf("alias.example.com."))),
                        new Resource(rh(name, Type.SOA), new SOAResource(Name.mustOf("ns1.example.com."),
                                Name.mustOf("mb.example.com."), 1, 2, 3, 4, 5)),
                        new Resource(rh(name, Type.PTR), new PTRResource(Name.mustOf("ptr.example.com."))),
                        new Resource(rh(name, Type.MX), new MXResource(7, Name.mustOf("mx.example.com."))),
                        new Resource(rh(name, Type.SRV), new SRVResource(8, 9, 11, Name.mustOf("srv.example.com."))),
                        new Resource(rh(name, PRIVATE_USE_TYPE),
                                new UnknownResource(PRIVATE_USE_TYPE, bytes(42, 0, 43, 44)))),
                List.of(
                        new Resource(rh(name, Type.NS), new NSResource(Name.mustOf("ns1.example.com."))),
                        new Resource(rh(name, Type.NS), new NSResource(Name.mustOf("ns2.example.com.")))),
                List.of(
                        new Resource(rh(name, Type.TXT), new TXTResource(List.of("So Long, and Thanks for All the Fish"))),
                        new Resource(rh(name, Type.TXT), new TXTResource(List.of("Hamster Huey and the Gooey Kablooie"))),
                        new Resource(mustEDNS0ResourceHeader(4096, RCode.of(0xfe0), false),
                                new OPTResource(List.of(new Option(10,
                                        bytes(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef)))))));
    }

    /** Go: {@code smallTestMsgWithUnknownResource}. */
    static Message smallTestMsgWithUnknownResource() {
        return new Message(Header.ZERO, List.of(),
                List.of(new Resource(new ResourceHeader(Name.ROOT, PRIVATE_USE_TYPE, DnsClass.INET, 123),
                        new UnknownResource(PRIVATE_USE_TYPE, bytes(42, 42, 42, 42)))),
                List.of(), List.of());
    }

    // ---- hostile packets (docs/TESTING.md §1.3, "wire parser" and "hostile counts") ----

    /** A 12-byte header: ID 0x1234, QR|RD|RA, and the four counts. */
    static byte[] header(int qd, int an, int ns, int ar) {
        return bytes(0x12, 0x34, 0x81, 0x80, qd >> 8, qd, an >> 8, an, ns >> 8, ns, ar >> 8, ar);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** One question whose name is a pointer to itself at offset 12. */
    static byte[] selfPointer() {
        return concat(header(1, 0, 0, 0), bytes(0xC0, 0x0C, 0, 1, 0, 1));
    }

    /**
     * One question whose name is a chain of {@code pointers} pointers ending at the root: the
     * question's own pointer at 12 leads to a run of pointers from offset 18, each to the next.
     */
    static byte[] pointerChain(int pointers) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(header(1, 0, 0, 0));
        b.writeBytes(bytes(0xC0, 18, 0, 1, 0, 1)); // question: name -> 18, TypeA, ClassINET
        int at = 18;
        for (int i = 1; i < pointers; i++) {
            at += 2;
            b.write(0xC0 | at >> 8);
            b.write(at);
        }
        b.write(0); // the root, at the last pointer's target
        return b.toByteArray();
    }

    /** A question name of exactly {@code wireLen} octets on the wire (labels of "a"s, then 0). */
    static byte[] nameOfWireLength(int wireLen) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int left = wireLen - 1; // the final zero
        while (left > 0) {
            int label = Math.min(63, left - 1);
            if (left - (label + 1) == 1) {
                label--; // never leave a single octet, which cannot be a label
            }
            b.write(label);
            byte[] x = new byte[label];
            Arrays.fill(x, (byte) 'a');
            b.writeBytes(x);
            left -= label + 1;
        }
        b.write(0);
        return b.toByteArray();
    }

    /** One question with a name of {@code wireLen} octets. */
    static byte[] longName(int wireLen) {
        return concat(header(1, 0, 0, 0), nameOfWireLength(wireLen), bytes(0, 1, 0, 1));
    }

    /** One question whose first label is "w.w" (go.dev/issue/56246). */
    static byte[] labelWithDot() {
        return concat(header(1, 0, 0, 0), bytes(3, 'w', '.', 'w', 2, 'g', 'o', 3, 'd', 'e', 'v', 0, 0, 1, 0, 1));
    }

    /** One question whose first length octet has the reserved prefix {@code prefix} (0x40 or 0x80). */
    static byte[] reservedLabel(int prefix) {
        return concat(header(1, 0, 0, 0), bytes(prefix | 3, 'w', 'w', 'w', 0, 0, 1, 0, 1));
    }

    /** A bare header claiming 65535 records in every section. */
    static byte[] hostileCounts() {
        return header(0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF);
    }

    /** An answer whose owner name is a pointer loop between two offsets. */
    static byte[] answerPointerLoop() {
        return concat(header(0, 1, 0, 0), bytes(0xC0, 14, 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4));
    }

    /** An OPT record whose option claims 65535 data bytes that are not there. */
    static byte[] optHugeOption() {
        return concat(header(0, 0, 0, 1), bytes(0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 4, 0, 10, 0xFF, 0xFF));
    }

    /** Every hostile packet, by name (the seed corpus uses the names). */
    static List<Object[]> hostilePackets() {
        return List.of(
                new Object[] {"self-pointer", selfPointer()},
                new Object[] {"pointer-chain-10", pointerChain(10)},
                new Object[] {"pointer-chain-11", pointerChain(11)},
                new Object[] {"name-255", longName(255)},
                new Object[] {"name-256", longName(256)},
                new Object[] {"label-with-dot", labelWithDot()},
                new Object[] {"reserved-0x40", reservedLabel(0x40)},
                new Object[] {"reserved-0x80", reservedLabel(0x80)},
                new Object[] {"hostile-counts", hostileCounts()},
                new Object[] {"answer-pointer-loop", answerPointerLoop()},
                new Object[] {"opt-huge-option", optHugeOption()});
    }
}
