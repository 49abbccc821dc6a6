package dev.netdial.resolver.message;

import static dev.netdial.resolver.message.GoTestMessages.PRIVATE_USE_TYPE;
import static dev.netdial.resolver.message.GoTestMessages.a;
import static dev.netdial.resolver.message.GoTestMessages.bytes;
import static dev.netdial.resolver.message.GoTestMessages.concat;
import static dev.netdial.resolver.message.GoTestMessages.header;
import static dev.netdial.resolver.message.GoTestMessages.largeTestMsg;
import static dev.netdial.resolver.message.GoTestMessages.mustEDNS0ResourceHeader;
import static dev.netdial.resolver.message.GoTestMessages.rh;
import static dev.netdial.resolver.message.GoTestMessages.smallTestMsg;
import static dev.netdial.resolver.message.GoTestMessages.smallTestMsgWithUnknownResource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netdial.testing.Conformance;
import dev.netdial.testing.Json;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The DNS wire format: Go's message tests, the shared conformance vectors, and the hostile
 * packets of docs/TESTING.md (pointer loops and chains, name and label limits, reserved label bits,
 * header counts that claim more than the packet holds).
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message_test.go}.
 */
class MessageTest {

    /** A step that may fail with {@link DnsMessageException}. */
    private interface Step {
        void run() throws DnsMessageException;
    }

    private static DnsMessageException fails(Step s) {
        return assertThrows(DnsMessageException.class, s::run);
    }

    private static void assertFailsWith(String want, Step s, String what) {
        DnsMessageException e = assertThrows(DnsMessageException.class, s::run, what);
        assertEquals(want, e.getMessage(), what);
    }

    // ---- Name ----

    /** Go: {@code TestNameString}. */
    @Test
    void testNameString() {
        assertEquals("foo", Name.mustOf("foo").toString());
    }

    /** Go: {@code TestName}: a Name keeps the text it was made from, valid or not. */
    @Test
    void testName() throws DnsMessageException {
        for (String test : List.of("", ".", "google..com", "google.com", "google..com.", "google.com.",
                ".google.com.", "www..google.com.", "www.google.com.")) {
            assertEquals(test, Name.of(test).toString(), test);
        }
        assertEquals(DnsMessageException.ERR_CALC_LEN, fails(() -> Name.of("a".repeat(256))).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Name.mustOf("a".repeat(256)));
        assertEquals("creating name: insufficient data for calculated length type", e.getMessage());
    }

    /** Go: {@code TestNameWithDotsUnpack} (go.dev/issue/56246). */
    @Test
    void testNameWithDotsUnpack() {
        byte[] name = bytes(3, 'w', '.', 'w', 2, 'g', 'o', 3, 'd', 'e', 'v', 0);
        assertFailsWith("invalid dns name", () -> Name.unpack(name, 0), "label with a dot");
    }

    private record NameCase(String in, String err) {}

    /** Go: {@code TestNamePackUnpack}, including the 254/255-byte boundary. */
    @Test
    void testNamePackUnpack() throws DnsMessageException {
        String suffix = ".go.dev.";
        String longDNSPrefix = "verylongdomainlabel.".repeat(20);
        List<NameCase> tests = List.of(
                new NameCase("", DnsMessageException.ERR_NON_CANONICAL_NAME),
                new NameCase(".", null),
                new NameCase("google..com", DnsMessageException.ERR_NON_CANONICAL_NAME),
                new NameCase("google.com", DnsMessageException.ERR_NON_CANONICAL_NAME),
                new NameCase("google..com.", DnsMessageException.ERR_ZERO_SEG_LEN),
                new NameCase("google.com.", null),
                new NameCase(".google.com.", DnsMessageException.ERR_ZERO_SEG_LEN),
                new NameCase("www..google.com.", DnsMessageException.ERR_ZERO_SEG_LEN),
                new NameCase("www.google.com.", null),
                new NameCase(longDNSPrefix.substring(0, 254 - suffix.length()) + suffix, null),
                new NameCase(longDNSPrefix.substring(0, 255 - suffix.length()) + suffix, DnsMessageException.ERR_NAME_TOO_LONG),
                new NameCase("a".repeat(64) + ".", DnsMessageException.ERR_SEG_TOO_LONG),
                new NameCase("a".repeat(63) + ".", null));
        for (int i = 0; i < tests.size(); i++) {
            NameCase test = tests.get(i);
            String what = i + ": " + test.in();
            Name in = Name.mustOf(test.in());
            PackBuffer buf = new PackBuffer();
            if (test.err() != null) {
                assertFailsWith(test.err(), () -> in.pack(buf, new java.util.HashMap<>(), 0), what);
                continue;
            }
            in.pack(buf, new java.util.HashMap<>(), 0);
            byte[] b = buf.toByteArray();
            Name.Unpacked got = Name.unpack(b, 0);
            assertEquals(b.length, got.off(), what + ": unpacked a different amount than packed");
            assertEquals(in, got.name(), what);
        }
    }

    /** Go: {@code TestNameUnpackTooLongName}: 255 octets on the wire parse, 256 do not. */
    @Test
    void testNameUnpackTooLongName() throws DnsMessageException {
        byte[] suffix = bytes(2, 'g', 'o', 3, 'd', 'e', 'v', 0);
        byte[] label = concat(bytes(12), "longdnslabel".getBytes());
        byte[] prefix = new byte[0];
        for (int i = 0; i < 18; i++) {
            prefix = concat(prefix, label);
        }
        for (int length : new int[] {255, 256}) {
            int missing = length - (prefix.length + suffix.length + 1);
            byte[] as = new byte[missing];
            Arrays.fill(as, (byte) 'a');
            byte[] name = concat(prefix, bytes(missing), as, suffix);
            assertEquals(length, name.length);
            if (length == 255) {
                assertEquals(254, Name.unpack(name, 0).name().length(), "255 octets");
            } else {
                assertFailsWith("name too long", () -> Name.unpack(name, 0), "256 octets");
            }
        }
    }

    /**
     * Go: {@code TestIncompressibleName} (older x/net). Current Go packs SRV targets without
     * compression but accepts a compressed one when parsing; both are checked here.
     */
    @Test
    void testIncompressibleName() throws DnsMessageException {
        Name name = Name.mustOf("example.com.");
        Message m = new Message(Header.ZERO, List.of(new Question(name, Type.SRV, DnsClass.INET)),
                List.of(new Resource(rh(name, Type.SRV), new SRVResource(1, 2, 3, name))), null, null);
        byte[] b = m.pack();
        // header, question (13 + 4), answer owner as a pointer (2) + 10, then the SRV body.
        int body = 12 + 13 + 4 + 2 + 10;
        assertArrayEquals(concat(bytes(0, 1, 0, 2, 0, 3), bytes(7), "example".getBytes(), bytes(3), "com".getBytes(), bytes(0)),
                Arrays.copyOfRange(b, body, b.length), "the SRV target is written out in full");
        assertEquals(m, Message.parse(b));
        // A compressed target (pointer to the question name) parses too.
        byte[] compressed = concat(Arrays.copyOf(b, body), bytes(0, 1, 0, 2, 0, 3, 0xC0, 12));
        compressed[body - 1] = 8; // RDLENGTH
        assertEquals(m, Message.parse(compressed));
    }

    // ---- Header, Parser ----

    /** Go: {@code TestHeaderUnpackError}: each short header names the field that did not fit. */
    @Test
    void testHeaderUnpackError() {
        List<String> wants = List.of("id", "bits", "questions", "answers", "authorities", "additionals");
        byte[] buf = new byte[0];
        for (String want : wants) {
            byte[] b = buf;
            DnsMessageException e = fails(() -> new WireHeader().unpack(b, 0));
            assertEquals(want, e.context(), "len " + b.length);
            assertEquals(want + ": insufficient data for base length type", e.getMessage());
            buf = Arrays.copyOf(buf, buf.length + 2);
        }
    }

    /** Go: {@code TestParserStart}: a restarted parser fails the same way. */
    @Test
    void testParserStart() {
        Parser p = new Parser();
        for (int i = 0; i <= 1; i++) {
            DnsMessageException e = fails(() -> p.start(new byte[0]));
            assertEquals("unpacking header", e.context(), "round " + i);
        }
    }

    /** Go: {@code TestQuestionPackUnpack}. */
    @Test
    void testQuestionPackUnpack() throws DnsMessageException {
        Question want = new Question(Name.ROOT, Type.A, DnsClass.INET);
        PackBuffer buf = new PackBuffer(new byte[1]);
        want.pack(buf, new java.util.HashMap<>(), 1);
        byte[] b = buf.toByteArray();
        Parser p = new Parser(b, Section.QUESTIONS, 1, 1);
        Question got = p.question();
        assertEquals(b.length, p.offset(), "unpacked a different amount than packed");
        assertEquals(want, got);
    }

    private record Named(String name, Step step) {}

    /** Go: {@code TestResourceNotStarted}: typed readers need a header first. */
    @Test
    void testResourceNotStarted() {
        Parser p = new Parser();
        List<Named> tests = List.of(
                new Named("CNAMEResource", p::cnameResource), new Named("MXResource", p::mxResource),
                new Named("NSResource", p::nsResource), new Named("PTRResource", p::ptrResource),
                new Named("SOAResource", p::soaResource), new Named("TXTResource", p::txtResource),
                new Named("SRVResource", p::srvResource), new Named("AResource", p::aResource),
                new Named("AAAAResource", p::aaaaResource), new Named("OPTResource", p::optResource),
                new Named("UnknownResource", p::unknownResource));
        for (Named t : tests) {
            assertFailsWith(DnsMessageException.ERR_NOT_STARTED, t.step(), t.name());
        }
    }

    /** Go: {@code TestDNSPackUnpack} (without the SVCB message, whose body is not ported). */
    @Test
    void testDNSPackUnpack() throws DnsMessageException {
        List<Message> wants = List.of(
                new Message(Header.ZERO, List.of(new Question(Name.ROOT, Type.AAAA, DnsClass.INET)), null, null, null),
                largeTestMsg());
        for (int i = 0; i < wants.size(); i++) {
            Message want = wants.get(i);
            assertEquals(want, Message.parse(want.pack()), "case " + i);
        }
    }

    /** Go: {@code TestDNSAppendPackUnpack}: packing after a 2-byte prefix. */
    @Test
    void testDNSAppendPackUnpack() throws DnsMessageException {
        List<Message> wants = List.of(
                new Message(Header.ZERO, List.of(new Question(Name.ROOT, Type.AAAA, DnsClass.INET)), null, null, null),
                largeTestMsg());
        for (int i = 0; i < wants.size(); i++) {
            Message want = wants.get(i);
            byte[] b = want.appendPack(new byte[] {4, 44});
            assertEquals(4, b[0]);
            assertEquals(44, b[1]);
            assertEquals(want, Message.parse(Arrays.copyOfRange(b, 2, b.length)), "case " + i);
            assertArrayEquals(want.pack(), Arrays.copyOfRange(b, 2, b.length), "case " + i);
        }
    }

    /** Go: {@code TestSkipAll}: skipping whole sections, three times each. */
    @Test
    void testSkipAll() throws DnsMessageException {
        Parser p = new Parser();
        p.start(largeTestMsg().pack());
        List<Named> tests = List.of(new Named("SkipAllQuestions", p::skipAllQuestions),
                new Named("SkipAllAnswers", p::skipAllAnswers), new Named("SkipAllAuthorities", p::skipAllAuthorities),
                new Named("SkipAllAdditionals", p::skipAllAdditionals));
        for (Named t : tests) {
            for (int i = 1; i <= 3; i++) {
                t.step().run();
            }
        }
        assertNull(p.additional(), "nothing is left");
    }

    private interface Skip {
        boolean skip() throws DnsMessageException;
    }

    /** Go: {@code TestSkipEach}: the second skip of a one-record section says it is done. */
    @Test
    void testSkipEach() throws DnsMessageException {
        Parser p = new Parser();
        p.start(smallTestMsg().pack());
        List<Skip> tests = List.of(p::skipQuestion, p::skipAnswer, p::skipAuthority, p::skipAdditional);
        for (int i = 0; i < tests.size(); i++) {
            assertTrue(tests.get(i).skip(), "first skip " + i);
            assertFalse(tests.get(i).skip(), "second skip " + i + " is ErrSectionDone");
        }
    }

    private interface Read {
        Object read() throws DnsMessageException;
    }

    /** Go: {@code TestSkipAfterRead}. */
    @Test
    void testSkipAfterRead() throws DnsMessageException {
        Parser p = new Parser();
        p.start(smallTestMsg().pack());
        List<Skip> skips = List.of(p::skipQuestion, p::skipAnswer, p::skipAuthority, p::skipAdditional);
        List<Read> reads = List.of(p::question, p::answer, p::authority, p::additional);
        for (int i = 0; i < skips.size(); i++) {
            assertTrue(reads.get(i).read() != null, "read " + i);
            assertFalse(skips.get(i).skip(), "skip after read " + i + " is ErrSectionDone");
        }
    }

    /** Go: {@code TestSkipNotStarted}. */
    @Test
    void testSkipNotStarted() {
        Parser p = new Parser();
        List<Named> tests = List.of(new Named("SkipAllQuestions", p::skipAllQuestions),
                new Named("SkipAllAnswers", p::skipAllAnswers), new Named("SkipAllAuthorities", p::skipAllAuthorities),
                new Named("SkipAllAdditionals", p::skipAllAdditionals));
        for (Named t : tests) {
            assertFailsWith(DnsMessageException.ERR_NOT_STARTED, t.step(), t.name());
        }
    }

    /** Go: {@code TestTooManyRecords}: 65536 records in a section cannot be packed. */
    @Test
    void testTooManyRecords() {
        int recs = 0xFFFF + 1;
        Question q = new Question(Name.ROOT, Type.A, DnsClass.INET);
        Resource r = new Resource(rh(Name.ROOT, Type.A), a(0, 0, 0, 0));
        List<Question> qs = Collections.nCopies(recs, q);
        List<Resource> rs = Collections.nCopies(recs, r);
        assertFailsWith("too many Questions to pack (>65535)",
                () -> new Message(Header.ZERO, qs, null, null, null).pack(), "Questions");
        assertFailsWith("too many Answers to pack (>65535)",
                () -> new Message(Header.ZERO, null, rs, null, null).pack(), "Answers");
        assertFailsWith("too many Authorities to pack (>65535)",
                () -> new Message(Header.ZERO, null, null, rs, null).pack(), "Authorities");
        assertFailsWith("too many Additionals to pack (>65535)",
                () -> new Message(Header.ZERO, null, null, null, rs).pack(), "Additionals");
    }

    /** Go: {@code TestVeryLongTxt}: empty strings, dots and a 255-byte string survive. */
    @Test
    void testVeryLongTxt() throws DnsMessageException {
        Resource want = new Resource(rh(Name.mustOf("foo.bar.example.com."), Type.TXT), new TXTResource(List.of(
                "", "", "foo bar", "", "www.example.com", "www.example.com.", ".".repeat(255))));
        PackBuffer buf = new PackBuffer();
        want.pack(buf, new java.util.HashMap<>(), 0);
        byte[] b = buf.toByteArray();
        ResourceHeader.Unpacked h = ResourceHeader.unpack(b, 0);
        ResourceBody body = Resource.unpackBody(b, h.off(), h.header());
        assertEquals(b.length, h.off() + h.header().length(), "unpacked a different amount than packed");
        assertEquals(want, new Resource(h.header(), body));
    }

    /** Go: {@code TestTooLongTxt}. */
    @Test
    void testTooLongTxt() {
        TXTResource rb = new TXTResource(List.of(".".repeat(256)));
        assertFailsWith("character string exceeds maximum length (255)", () -> rb.pack(new PackBuffer()), "256 bytes");
    }

    // ---- Builder ----

    /** Go: {@code TestStartAppends}: the prefix given to the builder is kept. */
    @Test
    void testStartAppends() throws DnsMessageException {
        Builder b = new Builder(new byte[] {4, 44}, Header.ZERO);
        b.enableCompression();
        byte[] buf = b.finish();
        assertEquals(12 + 2, buf.length);
        assertArrayEquals(new byte[] {4, 44}, Arrays.copyOf(buf, 2), "original data preserved");
    }

    /** Go: {@code TestStartError}. */
    @Test
    void testStartError() {
        for (Section env : List.of(Section.NOT_STARTED, Section.DONE)) {
            String want = env == Section.NOT_STARTED ? DnsMessageException.ERR_NOT_STARTED
                    : DnsMessageException.ERR_SECTION_DONE;
            List<Named> tests = List.of(
                    new Named("Questions", () -> new Builder(env).startQuestions()),
                    new Named("Answers", () -> new Builder(env).startAnswers()),
                    new Named("Authorities", () -> new Builder(env).startAuthorities()),
                    new Named("Additionals", () -> new Builder(env).startAdditionals()));
            for (Named t : tests) {
                assertFailsWith(want, t.step(), env + " Start" + t.name());
            }
        }
    }

    /** Go: {@code TestBuilderResourceError}: adding a record outside a record section. */
    @Test
    void testBuilderResourceError() {
        ResourceHeader h = new ResourceHeader(Name.ROOT, Type.of(0), DnsClass.of(0), 0);
        Name n = Name.ROOT;
        for (Section env : List.of(Section.NOT_STARTED, Section.HEADER, Section.QUESTIONS, Section.DONE)) {
            String want = env == Section.DONE ? DnsMessageException.ERR_SECTION_DONE : DnsMessageException.ERR_NOT_STARTED;
            Builder b = new Builder(env);
            List<Named> tests = List.of(
                    new Named("CNAMEResource", () -> b.cnameResource(h, new CNAMEResource(n))),
                    new Named("MXResource", () -> b.mxResource(h, new MXResource(0, n))),
                    new Named("NSResource", () -> b.nsResource(h, new NSResource(n))),
                    new Named("PTRResource", () -> b.ptrResource(h, new PTRResource(n))),
                    new Named("SOAResource", () -> b.soaResource(h, new SOAResource(n, n, 0, 0, 0, 0, 0))),
                    new Named("TXTResource", () -> b.txtResource(h, new TXTResource(List.of()))),
                    new Named("SRVResource", () -> b.srvResource(h, new SRVResource(0, 0, 0, n))),
                    new Named("AResource", () -> b.aResource(h, a(0, 0, 0, 0))),
                    new Named("AAAAResource", () -> b.aaaaResource(h, new AAAAResource(new byte[16]))),
                    new Named("OPTResource", () -> b.optResource(h, new OPTResource())),
                    new Named("UnknownResource", () -> b.unknownResource(h, new UnknownResource(Type.of(0), new byte[0]))));
            for (Named t : tests) {
                assertFailsWith(want, t.step(), env + " " + t.name());
            }
        }
    }

    /** Go: {@code TestFinishError}. */
    @Test
    void testFinishError() {
        assertFailsWith(DnsMessageException.ERR_NOT_STARTED, () -> new Builder(Section.NOT_STARTED).finish(), "zero Builder");
    }

    /** Go: {@code TestBuilder}: building record by record gives the same bytes as Message.pack. */
    @Test
    void testBuilder() throws DnsMessageException {
        Message msg = largeTestMsg();
        byte[] want = msg.pack();
        Builder b = new Builder(null, msg.header());
        b.enableCompression();
        b.startQuestions();
        for (Question q : msg.questions()) {
            b.question(q);
        }
        b.startAnswers();
        for (Resource r : msg.answers()) {
            add(b, r);
        }
        b.startAuthorities();
        for (Resource r : msg.authorities()) {
            add(b, r);
        }
        b.startAdditionals();
        for (Resource r : msg.additionals()) {
            add(b, r);
        }
        assertArrayEquals(want, b.finish());
    }

    private static void add(Builder b, Resource r) throws DnsMessageException {
        ResourceHeader h = r.header();
        switch (r.body()) {
            case AResource x -> b.aResource(h, x);
            case AAAAResource x -> b.aaaaResource(h, x);
            case CNAMEResource x -> b.cnameResource(h, x);
            case NSResource x -> b.nsResource(h, x);
            case PTRResource x -> b.ptrResource(h, x);
            case MXResource x -> b.mxResource(h, x);
            case SRVResource x -> b.srvResource(h, x);
            case TXTResource x -> b.txtResource(h, x);
            case SOAResource x -> b.soaResource(h, x);
            case OPTResource x -> b.optResource(h, x);
            case UnknownResource x -> b.unknownResource(h, x);
        }
    }

    /** A failed record leaves neither bytes nor compression entries behind (a deliberate fix). */
    @Test
    void testBuilderRollback() throws DnsMessageException {
        Builder b = new Builder(null, Header.ZERO);
        b.enableCompression();
        b.startAnswers();
        Name good = Name.mustOf("go.dev.");
        b.aResource(rh(good, Type.A), a(1, 2, 3, 4));
        // The owner packs (and would be remembered for compression), then the body fails.
        Name fresh = Name.mustOf("fresh.example.");
        assertFailsWith("TXTResource body: character string exceeds maximum length (255)",
                () -> b.txtResource(rh(fresh, Type.TXT), new TXTResource(List.of("x".repeat(256)))), "long TXT");
        b.aResource(rh(fresh, Type.A), a(5, 6, 7, 8));
        Message m = Message.parse(b.finish());
        assertEquals(2, m.answers().size());
        assertEquals(fresh, m.answers().get(1).header().name(), "no pointer into dropped bytes");
        assertEquals(a(5, 6, 7, 8), m.answers().get(1).body());
    }

    /** Go: {@code TestResourcePack}: a missing body or an empty owner name. */
    @Test
    void testResourcePack() {
        List<Question> q = List.of(new Question(Name.ROOT, Type.AAAA, DnsClass.INET));
        ResourceHeader zero = new ResourceHeader(Name.mustOf(""), Type.of(0), DnsClass.of(0), 0);
        assertFailsWith("packing Answer: nil resource body",
                () -> new Message(Header.ZERO, q, List.of(new Resource(zero, null)), null, null).pack(), "answer");
        assertFailsWith("packing Authority: ResourceHeader: Name: name is not in canonical format (it must end with a .)",
                () -> new Message(Header.ZERO, q, null, List.of(new Resource(zero, new NSResource(Name.ROOT))), null).pack(),
                "authority");
        assertFailsWith("packing Additional: nil resource body",
                () -> new Message(Header.ZERO, q, null, null, List.of(new Resource(zero, null))).pack(), "additional");
    }

    /** Go: {@code TestResourcePackLength}: the packed length field matches the body. */
    @Test
    void testResourcePackLength() throws DnsMessageException {
        Resource r = new Resource(rh(Name.ROOT, Type.A), a(127, 0, 0, 2));
        PackBuffer hb = new PackBuffer();
        r.header().pack(hb, null, 0);
        PackBuffer buf = new PackBuffer();
        r.pack(buf, null, 0);
        byte[] b = buf.toByteArray();
        ResourceHeader hdr = ResourceHeader.unpack(b, 0).header();
        assertEquals(b.length - hb.length(), hdr.length());
    }

    private record OptCase(String name, byte[] w, Message m, boolean dnssecOK, RCode extRCode) {}

    /** Go: {@code TestOptionPackUnpack}, plus the EDNS(0) helpers on the parsed header. */
    @Test
    void testOptionPackUnpack() throws DnsMessageException {
        Question qa = new Question(Name.ROOT, Type.A, DnsClass.INET);
        Question qaaaa = new Question(Name.ROOT, Type.AAAA, DnsClass.INET);
        List<OptCase> tests = List.of(
                new OptCase("without EDNS(0) options",
                        bytes(0x00, 0x00, 0x29, 0x10, 0x00, 0xfe, 0x00, 0x80, 0x00, 0x00, 0x00),
                        new Message(hdr(RCode.FORMAT_ERROR), List.of(qa), null, null, List.of(new Resource(
                                mustEDNS0ResourceHeader(4096, RCode.of(0xfe0 | 1), true), new OPTResource()))),
                        true, RCode.of(0xfe0 | 1)),
                new OptCase("with EDNS(0) options",
                        bytes(0x00, 0x00, 0x29, 0x10, 0x00, 0xff, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x0c, 0x00, 0x02,
                                0x00, 0x00, 0x00, 0x0b, 0x00, 0x02, 0x12, 0x34),
                        new Message(hdr(RCode.SERVER_FAILURE), List.of(qaaaa), null, null, List.of(new Resource(
                                mustEDNS0ResourceHeader(4096, RCode.of(0xff0 | 2), false),
                                new OPTResource(List.of(new Option(12, bytes(0, 0)), new Option(11, bytes(0x12, 0x34))))))),
                        false, RCode.of(0xff0 | 2)),
                new OptCase("with multiple OPT resources",
                        bytes(0x00, 0x00, 0x29, 0x10, 0x00, 0xff, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x0b, 0x00, 0x02,
                                0x12, 0x34, 0x00, 0x00, 0x29, 0x10, 0x00, 0xff, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x0c,
                                0x00, 0x02, 0x00, 0x00),
                        new Message(hdr(RCode.NAME_ERROR), List.of(qaaaa), null, null, List.of(
                                new Resource(mustEDNS0ResourceHeader(4096, RCode.of(0xff0 | 3), false),
                                        new OPTResource(List.of(new Option(11, bytes(0x12, 0x34))))),
                                new Resource(mustEDNS0ResourceHeader(4096, RCode.of(0xff0 | 3), false),
                                        new OPTResource(List.of(new Option(12, bytes(0, 0))))))),
                        false, RCode.of(0xff0 | 3)));
        for (OptCase tt : tests) {
            byte[] w = tt.m().pack();
            assertArrayEquals(tt.w(), Arrays.copyOfRange(w, w.length - tt.w().length, w.length), tt.name());
            Message m = Message.parse(w);
            assertEquals(tt.m().additionals(), m.additionals(), tt.name());
            ResourceHeader opt = m.additionals().get(0).header();
            assertEquals(tt.dnssecOK(), opt.dnssecAllowed(), tt.name());
            assertEquals(tt.extRCode(), opt.extendedRCode(m.header().rCode()), tt.name());
            assertEquals(4096, opt.dnsClass().value(), tt.name());
        }
    }

    private static Header hdr(RCode rcode) {
        return new Header(0, false, 0, false, false, false, false, false, false, rcode);
    }

    /** Go: {@code TestUnknownPackUnpack}. */
    @Test
    void testUnknownPackUnpack() throws DnsMessageException {
        Message msg = smallTestMsgWithUnknownResource();
        Message received = Message.parse(msg.pack());
        assertEquals(1, received.answers().size());
        UnknownResource u = assertInstanceOf(UnknownResource.class, received.answers().get(0).body());
        assertEquals(msg.answers().get(0).body(), u);
    }

    /** Go: {@code TestParseUnknownResource}. */
    @Test
    void testParseUnknownResource() throws DnsMessageException {
        Message msg = smallTestMsgWithUnknownResource();
        Parser p = new Parser();
        p.start(msg.pack());
        p.allQuestions();
        ResourceHeader h = p.answerHeader();
        assertEquals(msg.answers().get(0).header(), h);
        assertEquals(4, h.length());
        assertEquals(msg.answers().get(0).body(), p.unknownResource());
        assertNull(p.answerHeader(), "the answers are done");
        assertEquals(List.of(), p.allAuthorities());
        assertEquals(List.of(), p.allAdditionals());
    }

    /** Go: {@code TestGoString}: Go's %#v of largeTestMsg, byte for byte. */
    @Test
    void testGoString() {
        String want = "dnsmessage.Message{Header: dnsmessage.Header{ID: 0, Response: true, OpCode: 0, Authoritative: true, Truncated: false, RecursionDesired: false, RecursionAvailable: false, AuthenticData: false, CheckingDisabled: false, RCode: dnsmessage.RCodeSuccess}, Questions: []dnsmessage.Question{dnsmessage.Question{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET}}, Answers: []dnsmessage.Resource{dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET, TTL: 0, Length: 0}, Body: &dnsmessage.AResource{A: [4]byte{127, 0, 0, 1}}}, dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET, TTL: 0, Length: 0}, Body: &dnsmessage.AResource{A: [4]byte{127, 0, 0, 2}}}, dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: dnsmessage.TypeAAAA, Class: dnsmessage.ClassINET, TTL: 0, Length: 0}, Body: &dnsmessage.AAAAResource{AAAA: [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}}}, dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: dnsmessage.TypeCNAME, Class: dnsmessage.ClassINET, TTL: 0, Length: 0}, Body: &dnsmessage.CNAMEResource{CNAME: dnsmessage.MustNewName(\"alias.example.com.\")}}, dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: dnsmessage.TypeSOA, Class: dnsmessage.ClassINET, TTL: 0, Length: 0}, Body: &dnsmessage.SOAResource{NS: dnsmessage.MustNewName(\"ns1.example.com.\"), MBox: dnsmessage.MustNewName(\"mb.example.com.\"), Serial: 1, Refresh: 2, Retry: 3, Expire: 4, MinTTL: 5}}, dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: dnsmessage.TypePTR, Class: dnsmessage.ClassINET, TTL: 0, Length: 0}, Body: &dnsmessage.PTRResource{PTR: dnsmessage.MustNewName(\"ptr.example.com.\")}}, dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: dnsmessage.TypeMX, Class: dnsmessage.ClassINET, TTL: 0, Length: 0}, Body: &dnsmessage.MXResource{Pref: 7, MX: dnsmessage.MustNewName(\"mx.example.com.\")}}, dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: dnsmessage.TypeSRV, Class: dnsmessage.ClassINET, TTL: 0, Length: 0}, Body: &dnsmessage.SRVResource{Priority: 8, Weight: 9, Port: 11, Target: dnsmessage.MustNewName(\"srv.example.com.\")}}, dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: 65362, Class: dnsmessage.ClassINET, TTL: 0, Length: 0}, Body: &dnsmessage.UnknownResource{Type: 65362, Data: []byte{42, 0, 43, 44}}}}, Authorities: []dnsmessage.Resource{dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: dnsmessage.TypeNS, Class: dnsmessage.ClassINET, TTL: 0, Length: 0}, Body: &dnsmessage.NSResource{NS: dnsmessage.MustNewName(\"ns1.example.com.\")}}, dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: dnsmessage.TypeNS, Class: dnsmessage.ClassINET, TTL: 0, Length: 0}, Body: &dnsmessage.NSResource{NS: dnsmessage.MustNewName(\"ns2.example.com.\")}}}, Additionals: []dnsmessage.Resource{dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: dnsmessage.TypeTXT, Class: dnsmessage.ClassINET, TTL: 0, Length: 0}, Body: &dnsmessage.TXTResource{TXT: []string{\"So Long\\x2c and Thanks for All the Fish\"}}}, dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\"foo.bar.example.com.\"), Type: dnsmessage.TypeTXT, Class: dnsmessage.ClassINET, TTL: 0, Length: 0}, Body: &dnsmessage.TXTResource{TXT: []string{\"Hamster Huey and the Gooey Kablooie\"}}}, dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(\".\"), Type: dnsmessage.TypeOPT, Class: 4096, TTL: 4261412864, Length: 0}, Body: &dnsmessage.OPTResource{Options: []dnsmessage.Option{dnsmessage.Option{Code: 10, Data: []byte{1, 35, 69, 103, 137, 171, 205, 239}}}}}}}";
        assertEquals(want, largeTestMsg().goString());
    }

    /** Go: {@code TestParseResourceHeaderMultipleTimes}: re-reading a header gives the same one. */
    @Test
    void testParseResourceHeaderMultipleTimes() throws DnsMessageException {
        Name n = Name.mustOf("go.dev.");
        Message msg = new Message(GoTestMessages.RESPONSE_AA, null,
                List.of(new Resource(rh(n, Type.A), a(127, 0, 0, 1))),
                List.of(new Resource(rh(n, Type.A), a(127, 0, 0, 1))), null);
        Parser p = new Parser();
        p.start(msg.pack());
        p.skipAllQuestions();
        ResourceHeader hdr1 = p.answerHeader();
        ResourceHeader hdr2 = p.answerHeader();
        assertEquals(hdr1, hdr2);
        assertEquals(hdr1.length(), hdr2.length());
        p.aResource();
        assertNull(p.answerHeader(), "ErrSectionDone");
        ResourceHeader hdr3 = p.authorityHeader();
        ResourceHeader hdr4 = p.authorityHeader();
        assertEquals(hdr3, hdr4);
        p.aResource();
        assertNull(p.authorityHeader(), "ErrSectionDone");
    }

    /** Go: {@code TestParseDifferentResourceHeadersWithoutParsingRData}. */
    @Test
    void testParseDifferentResourceHeadersWithoutParsingRData() throws DnsMessageException {
        Parser p = new Parser();
        p.start(smallTestMsg().pack());
        p.skipAllQuestions();
        p.answerHeader();
        fails(p::additionalHeader);
        fails(p::authorityHeader);
    }

    /** Go: {@code TestParseWrongSection}. */
    @Test
    void testParseWrongSection() throws DnsMessageException {
        Parser p = new Parser();
        p.start(smallTestMsg().pack());
        p.skipAllQuestions();
        p.answerHeader();
        fails(p::authorityHeader);
        fails(p::skipAuthority);
        fails(p::skipAllAuthorities);
    }

    /**
     * Go: {@code TestBuilderNameCompressionWithNonZeroedName}; Java names have no spare bytes, so
     * this checks the expected bytes of a repeated question.
     */
    @Test
    void testBuilderNameCompressionWithNonZeroedName() throws DnsMessageException {
        Builder b = new Builder(null, Header.ZERO);
        b.enableCompression();
        b.startQuestions();
        Question q = new Question(Name.mustOf("go.dev."), Type.of(0), DnsClass.of(0));
        b.question(q);
        b.question(q);
        byte[] expect = bytes(0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0,
                2, 'g', 'o', 3, 'd', 'e', 'v', 0, 0, 0, 0, 0,
                0xC0, 12, 0, 0, 0, 0);
        assertArrayEquals(expect, b.finish());
    }

    /** Go: {@code TestBuilderCompressionInAppendMode}: pointers count from the message start. */
    @Test
    void testBuilderCompressionInAppendMode() throws DnsMessageException {
        int maxPtr = 0xFFFF >> 2;
        Builder b = new Builder(new byte[maxPtr], Header.ZERO);
        b.enableCompression();
        b.startQuestions();
        b.question(new Question(Name.mustOf("go.dev."), Type.of(0), DnsClass.of(0)));
        b.question(new Question(Name.mustOf("go.dev."), Type.of(0), DnsClass.of(0)));
        byte[] msg = b.finish();
        byte[] expect = bytes(0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0,
                2, 'g', 'o', 3, 'd', 'e', 'v', 0, 0, 0, 0, 0,
                0xC0, 12, 0, 0, 0, 0);
        assertArrayEquals(expect, Arrays.copyOfRange(msg, maxPtr, msg.length));
    }

    // ---- conformance vectors ----

    /** Every case of {@code vectors/dnsmessage.json}: Go's parse results and errors. */
    @Test
    @SuppressWarnings("unchecked")
    void testConformanceVectors() throws DnsMessageException {
        Map<String, Object> doc = (Map<String, Object>) Json.parseFile(Conformance.file("vectors/dnsmessage.json"));
        List<Map<String, Object>> cases = (List<Map<String, Object>>) doc.get("cases");
        assertTrue(cases.size() >= 11, "cases: " + cases.size());
        int checked = 0;
        for (Map<String, Object> c : cases) {
            String id = (String) c.get("id");
            assertEquals("parse", c.get("kind"), id);
            byte[] in = HexFormat.of().parseHex((String) c.get("hex"));
            Map<String, Object> expected = (Map<String, Object>) c.get("expected");
            if (!(Boolean) expected.get("ok")) {
                DnsMessageException e = assertThrows(DnsMessageException.class, () -> Message.parse(in), id);
                if (c.get("goError") != null) {
                    assertEquals(c.get("goError"), e.getMessage(), id);
                }
                checked++;
                continue;
            }
            Message m = Message.parse(in);
            Map<String, Object> h = (Map<String, Object>) expected.get("header");
            Header got = m.header();
            assertEquals(((Long) h.get("id")).intValue(), got.id(), id);
            assertEquals(((Long) h.get("opcode")).intValue(), got.opCode(), id);
            assertEquals(h.get("rcode"), got.rCode().toString(), id);
            assertEquals(h.get("response"), got.response(), id);
            assertEquals(h.get("authoritative"), got.authoritative(), id);
            assertEquals(h.get("truncated"), got.truncated(), id);
            assertEquals(h.get("recursionDesired"), got.recursionDesired(), id);
            assertEquals(h.get("recursionAvailable"), got.recursionAvailable(), id);
            List<Map<String, Object>> qs = (List<Map<String, Object>>) expected.get("questions");
            assertEquals(qs == null ? 0 : qs.size(), m.questions().size(), id);
            for (int i = 0; qs != null && i < qs.size(); i++) {
                Question q = m.questions().get(i);
                assertEquals(qs.get(i).get("name"), q.name().toString(), id);
                assertEquals(qs.get(i).get("type"), q.type().toString(), id);
                assertEquals(qs.get(i).get("class"), q.dnsClass().toString(), id);
            }
            checkSection(id + " answers", (List<Map<String, Object>>) expected.get("answers"), m.answers());
            checkSection(id + " authorities", (List<Map<String, Object>>) expected.get("authorities"), m.authorities());
            checkSection(id + " additionals", (List<Map<String, Object>>) expected.get("additionals"), m.additionals());
            // Go's packer compresses; the bytes may differ but the meaning must not.
            assertEquals(m, Message.parse(m.pack()), id + " repacked");
            checked++;
        }
        assertEquals(cases.size(), checked);
    }

    private static void checkSection(String id, List<Map<String, Object>> want, List<Resource> got) {
        assertEquals(want == null ? 0 : want.size(), got.size(), id);
        for (int i = 0; want != null && i < want.size(); i++) {
            Map<String, Object> w = want.get(i);
            Resource r = got.get(i);
            assertEquals(w.get("name"), r.header().name().toString(), id);
            assertEquals(w.get("type"), r.header().type().toString(), id);
            assertEquals(w.get("class"), r.header().dnsClass().toString(), id);
            assertEquals(((Long) w.get("ttl")).longValue(), r.header().ttl(), id);
            String data = switch (r.body()) {
                case AResource x -> dev.netdial.api.IP.format(x.address());
                case AAAAResource x -> dev.netdial.api.IP.format(x.address());
                case CNAMEResource x -> x.cname().toString();
                default -> fail(id + ": unexpected body " + r.body());
            };
            assertEquals(w.get("data"), data, id);
        }
    }

    // ---- hostile packets (docs/TESTING.md "wire parser", "hostile counts") ----

    /** A question name pointing at itself fails fast, without deep recursion. */
    @Test
    void testSelfPointer() {
        byte[] pkt = GoTestMessages.selfPointer();
        for (int i = 0; i < 1000; i++) { // warm up
            fails(() -> Message.parse(pkt));
        }
        long t0 = System.nanoTime();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try {
            Message.parse(pkt);
        } catch (Throwable t) {
            thrown.set(t);
        }
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        DnsMessageException e = assertInstanceOf(DnsMessageException.class, thrown.get(), "no StackOverflowError");
        assertEquals("unpacking Question.Name: too many pointers (>10)", e.getMessage());
        assertTrue(elapsedMs < 10, "took " + elapsedMs + " ms");
    }

    /** Ten pointers are followed; the eleventh is refused with Go's text. */
    @Test
    void testPointerChainLimit() throws DnsMessageException {
        Message ten = Message.parse(GoTestMessages.pointerChain(10));
        assertEquals(Name.ROOT, ten.questions().get(0).name());
        assertEquals("unpacking Question.Name: too many pointers (>10)",
                fails(() -> Message.parse(GoTestMessages.pointerChain(11))).getMessage());
        // The same loop in an answer's owner name (Go does not wrap record-header errors).
        assertEquals("Name: too many pointers (>10)",
                fails(() -> Message.parse(GoTestMessages.answerPointerLoop())).getMessage());
    }

    /** A 255-octet name is accepted, a 256-octet one is not. */
    @Test
    void testNameLengthLimit() throws DnsMessageException {
        Message m = Message.parse(GoTestMessages.longName(255));
        assertEquals(254, m.questions().get(0).name().length());
        assertEquals(m, Message.parse(m.pack()));
        assertEquals("unpacking Question.Name: name too long",
                fails(() -> Message.parse(GoTestMessages.longName(256))).getMessage());
    }

    /** A label containing '.' is refused (go.dev/issue/56246). */
    @Test
    void testLabelWithDot() {
        assertEquals("unpacking Question.Name: invalid dns name",
                fails(() -> Message.parse(GoTestMessages.labelWithDot())).getMessage());
    }

    /** The reserved length prefixes 0x40 and 0x80 are refused, in parsing and in skipping. */
    @Test
    void testReservedLabelBits() throws DnsMessageException {
        for (int prefix : new int[] {0x40, 0x80}) {
            byte[] pkt = GoTestMessages.reservedLabel(prefix);
            assertEquals("unpacking Question.Name: segment prefix is reserved",
                    fails(() -> Message.parse(pkt)).getMessage(), "prefix " + prefix);
            Parser p = new Parser();
            p.start(pkt);
            assertEquals("skipping Question Name: segment prefix is reserved", fails(p::skipQuestion).getMessage());
        }
    }

    /** Other malformed labels and pointers, with Go's texts. */
    @Test
    void testInvalidMessages() {
        List<Object[]> cases = List.of(
                new Object[] {concat(header(1, 0, 0, 0), bytes(5, 'a', 'b')), "unpacking Question.Name: insufficient data for calculated length type"},
                new Object[] {concat(header(1, 0, 0, 0), bytes(0xC0)), "unpacking Question.Name: invalid pointer"},
                new Object[] {concat(header(1, 0, 0, 0), bytes(0xC0, 0xFF)), "unpacking Question.Name: insufficient data for base length type"},
                new Object[] {concat(header(1, 0, 0, 0), bytes(0, 0)), "unpacking Question.Type: insufficient data for base length type"},
                new Object[] {concat(header(1, 0, 0, 0), bytes(0, 0, 1, 0)), "unpacking Question.Class: insufficient data for base length type"},
                new Object[] {concat(header(0, 1, 0, 0), bytes(0, 0, 16, 0, 1, 0, 0, 0, 0, 0, 2, 5, 'a')),
                        "unpacking Answer: TXT record: text: insufficient data for calculated length type"},
                new Object[] {concat(header(0, 1, 0, 0), bytes(0, 0, 16, 0, 1, 0, 0, 0, 0, 0, 1, 1, 'a')),
                        "unpacking Answer: TXT record: insufficient data for calculated length type"},
                new Object[] {concat(header(0, 1, 0, 0), bytes(0, 0xFF, 0x52, 0, 1, 0, 0, 0, 0, 0, 9, 1)),
                        "unpacking Answer: Unknown record: insufficient data for base length type"},
                new Object[] {GoTestMessages.optHugeOption(), "unpacking Additional: OPT record: Data: insufficient data for calculated length type"},
                // Go returns a record header's error unwrapped (Parser.resource).
                new Object[] {concat(header(0, 1, 0, 0), bytes(0, 0)), "Type: insufficient data for base length type"});
        for (int i = 0; i < cases.size(); i++) {
            byte[] pkt = (byte[]) cases.get(i)[0];
            assertEquals(cases.get(i)[1], fails(() -> Message.parse(pkt)).getMessage(), "case " + i);
        }
    }

    /**
     * A 12-byte header claiming 4 x 65535 records: the parse fails without allocating for the
     * claimed counts (docs/TESTING.md "hostile counts": under 64 KiB).
     */
    @Test
    void testHostileCountsBounded() {
        byte[] pkt = GoTestMessages.hostileCounts();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported(), "allocation accounting");
        for (int i = 0; i < 2000; i++) { // warm up: class loading, JIT
            fails(() -> Message.parse(pkt));
        }
        long tid = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(tid);
        DnsMessageException e = null;
        try {
            Message.parse(pkt);
        } catch (DnsMessageException x) {
            e = x;
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertEquals("unpacking Question.Name: insufficient data for base length type", e == null ? null : e.getMessage());
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes");
    }

    /** The round-trip property on every hostile packet that parses: parse(pack(m)) equals m. */
    @Test
    void testHostilePacketsRoundTrip() throws DnsMessageException {
        int parsed = 0;
        for (Object[] c : GoTestMessages.hostilePackets()) {
            Message m;
            try {
                m = Message.parse((byte[]) c[1]);
            } catch (DnsMessageException e) {
                continue;
            }
            parsed++;
            assertEquals(m, Message.parse(m.pack()), (String) c[0]);
        }
        assertEquals(2, parsed, "pointer-chain-10 and name-255 parse");
    }

    /** Equality ignores the derived length, so a re-packed record equals its source. */
    @Test
    void testResourceHeaderEqualityIgnoresLength() {
        ResourceHeader a = new ResourceHeader(Name.ROOT, Type.A, DnsClass.INET, 1, 4);
        ResourceHeader b = new ResourceHeader(Name.ROOT, Type.A, DnsClass.INET, 1, 9);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new ResourceHeader(Name.ROOT, Type.A, DnsClass.INET, 2, 4));
    }
}
