package dev.netdial.resolver.message;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a DNS message a record at a time.
 *
 * <p>{@link #start} reads the header. Then each question is parsed or skipped, then the answers,
 * authorities and additionals in turn; a section must be finished before the next one can be
 * read. A record can be read whole ({@link #answer()}) or as a header ({@link #answerHeader()})
 * followed by the typed reader for its type ({@link #aResource()}, ...) or a skip. Nothing has
 * to be read to the end.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Parser}.
 * <p>Differs: where Go returns {@code ErrSectionDone}, the readers here return {@code null} and
 * the single skips return {@code false}; Go's {@code ErrNotStarted} and every parse error are
 * thrown as {@link DnsMessageException}. No list is ever sized from a header count: lists grow
 * as records are actually parsed (Go preallocates up to 20).
 */
public final class Parser {
    private byte[] msg;
    private WireHeader header = new WireHeader();
    private Section section = Section.NOT_STARTED;
    private int off;
    private int index;
    private boolean resHeaderValid;
    private int resHeaderOffset;
    private Type resHeaderType;
    private int resHeaderLength;

    /** A parser with nothing started; call {@link #start}. */
    public Parser() {}

    /** A parser placed in {@code section} of {@code msg} at {@code off} (tests). */
    Parser(byte[] msg, Section section, int off, int questions) {
        this.msg = msg;
        this.section = section;
        this.off = off;
        this.header.questions = questions;
    }

    /** The current read offset (tests). */
    int offset() {
        return off;
    }

    /**
     * Parses the header of {@code msg} and moves to the questions; restarts a used parser.
     *
     * <p>Go: {@code Parser.Start}.
     */
    public Header start(byte[] msg) throws DnsMessageException {
        if (this.msg != null) {
            header = new WireHeader();
            section = Section.NOT_STARTED;
            off = 0;
            index = 0;
            resHeaderValid = false;
            resHeaderOffset = 0;
            resHeaderType = null;
            resHeaderLength = 0;
        }
        this.msg = msg;
        try {
            off = header.unpack(msg, 0);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("unpacking header", e);
        }
        section = Section.QUESTIONS;
        return header.header();
    }

    /**
     * Checks that {@code sec} is the current section; {@code false} (Go's ErrSectionDone) when it
     * is over, which moves on to the next one when its last record was just read.
     *
     * <p>Go: {@code Parser.checkAdvance}.
     */
    private boolean checkAdvance(Section sec) throws DnsMessageException {
        if (section.compareTo(sec) < 0) {
            throw DnsMessageException.notStarted();
        }
        if (section.compareTo(sec) > 0) {
            return false;
        }
        resHeaderValid = false;
        if (index == header.count(sec)) {
            index = 0;
            section = section.next();
            return false;
        }
        return true;
    }

    /**
     * Parses the next record of {@code sec}; {@code null} once the section is done.
     *
     * <p>Go: {@code Parser.resource}.
     */
    private Resource resource(Section sec) throws DnsMessageException {
        ResourceHeader h = resourceHeader(sec);
        if (h == null) {
            return null;
        }
        resHeaderValid = false;
        ResourceBody body;
        try {
            body = Resource.unpackBody(msg, off, h);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("unpacking " + sec.goName, e);
        }
        off = Wire.advance(off, h.length());
        index++;
        return new Resource(h, body);
    }

    /**
     * Parses the next record header of {@code sec}; calling it again before reading the body
     * parses the same header again.
     *
     * <p>Go: {@code Parser.resourceHeader}.
     */
    private ResourceHeader resourceHeader(Section sec) throws DnsMessageException {
        if (resHeaderValid) {
            off = resHeaderOffset;
        }
        if (!checkAdvance(sec)) {
            return null;
        }
        ResourceHeader.Unpacked u = ResourceHeader.unpack(msg, off);
        resHeaderValid = true;
        resHeaderOffset = off;
        resHeaderType = u.header().type();
        resHeaderLength = u.header().length();
        off = u.off();
        return u.header();
    }

    /**
     * Skips the next record of {@code sec}, or the body of the header just parsed; {@code false} once the section is done.
     *
     * <p>Go: {@code Parser.skipResource}.
     */
    private boolean skipResource(Section sec) throws DnsMessageException {
        if (resHeaderValid && section == sec) {
            if (resHeaderLength > msg.length - off) {
                throw new DnsMessageException(DnsMessageException.ERR_RESOURCE_LEN);
            }
            off += resHeaderLength;
            resHeaderValid = false;
            index++;
            return true;
        }
        if (!checkAdvance(sec)) {
            return false;
        }
        try {
            off = ResourceHeader.skipResource(msg, off);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("skipping: " + sec.goName, e);
        }
        index++;
        return true;
    }

    /**
     * Parses the next question; {@code null} once the questions are done.
     *
     * <p>Go: {@code Parser.Question}.
     */
    public Question question() throws DnsMessageException {
        if (!checkAdvance(Section.QUESTIONS)) {
            return null;
        }
        Name.Unpacked name;
        try {
            name = Name.unpack(msg, off);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("unpacking Question.Name", e);
        }
        int o = name.off();
        int type;
        try {
            type = Wire.unpackUint16(msg, o);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("unpacking Question.Type", e);
        }
        o += 2;
        int dnsClass;
        try {
            dnsClass = Wire.unpackUint16(msg, o);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("unpacking Question.Class", e);
        }
        o += 2;
        off = o;
        index++;
        return new Question(name.name(), Type.of(type), DnsClass.of(dnsClass));
    }

    /**
     * Parses all remaining questions.
     *
     * <p>Go: {@code Parser.AllQuestions}.
     */
    public List<Question> allQuestions() throws DnsMessageException {
        List<Question> qs = new ArrayList<>();
        for (Question q; (q = question()) != null; ) {
            qs.add(q);
        }
        return qs;
    }

    /**
     * Skips the next question; {@code false} once the questions are done.
     *
     * <p>Go: {@code Parser.SkipQuestion}.
     */
    public boolean skipQuestion() throws DnsMessageException {
        if (!checkAdvance(Section.QUESTIONS)) {
            return false;
        }
        int o;
        try {
            o = Name.skipName(msg, off);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("skipping Question Name", e);
        }
        try {
            o = Wire.skipUint16(msg, o);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("skipping Question Type", e);
        }
        try {
            o = Wire.skipUint16(msg, o);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("skipping Question Class", e);
        }
        off = o;
        index++;
        return true;
    }

    /**
     * Skips all remaining questions.
     *
     * <p>Go: {@code Parser.SkipAllQuestions}.
     */
    public void skipAllQuestions() throws DnsMessageException {
        while (skipQuestion()) {
            // next
        }
    }

    /**
     * Parses the next answer record's header; {@code null} once the answers are done.
     *
     * <p>Go: {@code Parser.AnswerHeader}.
     */
    public ResourceHeader answerHeader() throws DnsMessageException {
        return resourceHeader(Section.ANSWERS);
    }

    /**
     * Parses the next answer record; {@code null} once the answers are done.
     *
     * <p>Go: {@code Parser.Answer}.
     */
    public Resource answer() throws DnsMessageException {
        return resource(Section.ANSWERS);
    }

    /**
     * Parses all remaining answer records.
     *
     * <p>Go: {@code Parser.AllAnswers}.
     */
    public List<Resource> allAnswers() throws DnsMessageException {
        return all(Section.ANSWERS);
    }

    /**
     * Skips the next answer record; {@code false} once the answers are done.
     *
     * <p>Go: {@code Parser.SkipAnswer}.
     */
    public boolean skipAnswer() throws DnsMessageException {
        return skipResource(Section.ANSWERS);
    }

    /**
     * Skips all remaining answer records.
     *
     * <p>Go: {@code Parser.SkipAllAnswers}.
     */
    public void skipAllAnswers() throws DnsMessageException {
        while (skipAnswer()) {
            // next
        }
    }

    /**
     * Parses the next authority record's header; {@code null} once the authorities are done.
     *
     * <p>Go: {@code Parser.AuthorityHeader}.
     */
    public ResourceHeader authorityHeader() throws DnsMessageException {
        return resourceHeader(Section.AUTHORITIES);
    }

    /**
     * Parses the next authority record; {@code null} once the authorities are done.
     *
     * <p>Go: {@code Parser.Authority}.
     */
    public Resource authority() throws DnsMessageException {
        return resource(Section.AUTHORITIES);
    }

    /**
     * Parses all remaining authority records.
     *
     * <p>Go: {@code Parser.AllAuthorities}.
     */
    public List<Resource> allAuthorities() throws DnsMessageException {
        return all(Section.AUTHORITIES);
    }

    /**
     * Skips the next authority record; {@code false} once the authorities are done.
     *
     * <p>Go: {@code Parser.SkipAuthority}.
     */
    public boolean skipAuthority() throws DnsMessageException {
        return skipResource(Section.AUTHORITIES);
    }

    /**
     * Skips all remaining authority records.
     *
     * <p>Go: {@code Parser.SkipAllAuthorities}.
     */
    public void skipAllAuthorities() throws DnsMessageException {
        while (skipAuthority()) {
            // next
        }
    }

    /**
     * Parses the next additional record's header; {@code null} once the additionals are done.
     *
     * <p>Go: {@code Parser.AdditionalHeader}.
     */
    public ResourceHeader additionalHeader() throws DnsMessageException {
        return resourceHeader(Section.ADDITIONALS);
    }

    /**
     * Parses the next additional record; {@code null} once the additionals are done.
     *
     * <p>Go: {@code Parser.Additional}.
     */
    public Resource additional() throws DnsMessageException {
        return resource(Section.ADDITIONALS);
    }

    /**
     * Parses all remaining additional records.
     *
     * <p>Go: {@code Parser.AllAdditionals}.
     */
    public List<Resource> allAdditionals() throws DnsMessageException {
        return all(Section.ADDITIONALS);
    }

    /**
     * Skips the next additional record; {@code false} once the additionals are done.
     *
     * <p>Go: {@code Parser.SkipAdditional}.
     */
    public boolean skipAdditional() throws DnsMessageException {
        return skipResource(Section.ADDITIONALS);
    }

    /**
     * Skips all remaining additional records.
     *
     * <p>Go: {@code Parser.SkipAllAdditionals}.
     */
    public void skipAllAdditionals() throws DnsMessageException {
        while (skipAdditional()) {
            // next
        }
    }

    /**
     * Parses all remaining records of {@code sec}, growing the list as they are parsed.
     *
     * <p>Go: {@code Parser.AllAnswers} and its siblings (without their preallocation).
     */
    private List<Resource> all(Section sec) throws DnsMessageException {
        List<Resource> rs = new ArrayList<>();
        for (Resource r; (r = resource(sec)) != null; ) {
            rs.add(r);
        }
        return rs;
    }

    /** Checks a header of type {@code t} was just parsed; Go's ErrNotStarted otherwise. Go: the guard of {@code Parser.CNAMEResource} and its siblings. */
    private void checkTyped(Type t) throws DnsMessageException {
        if (!resHeaderValid || (t != null && !resHeaderType.equals(t))) {
            throw DnsMessageException.notStarted();
        }
    }

    /** Moves past the body whose header was parsed. Go: the tail of {@code Parser.CNAMEResource} and its siblings. */
    private void finishTyped() {
        off = Wire.advance(off, resHeaderLength);
        resHeaderValid = false;
        index++;
    }

    /**
     * Reads the body of the CNAME record whose header was just parsed; needs a CNAME header first.
     *
     * <p>Go: {@code Parser.CNAMEResource}.
     */
    public CNAMEResource cnameResource() throws DnsMessageException {
        checkTyped(Type.CNAME);
        CNAMEResource r = CNAMEResource.unpack(msg, off);
        finishTyped();
        return r;
    }

    /**
     * Reads the body of the MX record whose header was just parsed; needs an MX header first.
     *
     * <p>Go: {@code Parser.MXResource}.
     */
    public MXResource mxResource() throws DnsMessageException {
        checkTyped(Type.MX);
        MXResource r = MXResource.unpack(msg, off);
        finishTyped();
        return r;
    }

    /**
     * Reads the body of the NS record whose header was just parsed; needs an NS header first.
     *
     * <p>Go: {@code Parser.NSResource}.
     */
    public NSResource nsResource() throws DnsMessageException {
        checkTyped(Type.NS);
        NSResource r = NSResource.unpack(msg, off);
        finishTyped();
        return r;
    }

    /**
     * Reads the body of the PTR record whose header was just parsed; needs a PTR header first.
     *
     * <p>Go: {@code Parser.PTRResource}.
     */
    public PTRResource ptrResource() throws DnsMessageException {
        checkTyped(Type.PTR);
        PTRResource r = PTRResource.unpack(msg, off);
        finishTyped();
        return r;
    }

    /**
     * Reads the body of the SOA record whose header was just parsed; needs an SOA header first.
     *
     * <p>Go: {@code Parser.SOAResource}.
     */
    public SOAResource soaResource() throws DnsMessageException {
        checkTyped(Type.SOA);
        SOAResource r = SOAResource.unpack(msg, off);
        finishTyped();
        return r;
    }

    /**
     * Reads the body of the TXT record whose header was just parsed; needs a TXT header first.
     *
     * <p>Go: {@code Parser.TXTResource}.
     */
    public TXTResource txtResource() throws DnsMessageException {
        checkTyped(Type.TXT);
        TXTResource r = TXTResource.unpack(msg, off, resHeaderLength);
        finishTyped();
        return r;
    }

    /**
     * Reads the body of the SRV record whose header was just parsed; needs an SRV header first.
     *
     * <p>Go: {@code Parser.SRVResource}.
     */
    public SRVResource srvResource() throws DnsMessageException {
        checkTyped(Type.SRV);
        SRVResource r = SRVResource.unpack(msg, off);
        finishTyped();
        return r;
    }

    /**
     * Reads the body of the A record whose header was just parsed; needs an A header first.
     *
     * <p>Go: {@code Parser.AResource}.
     */
    public AResource aResource() throws DnsMessageException {
        checkTyped(Type.A);
        AResource r = AResource.unpack(msg, off);
        finishTyped();
        return r;
    }

    /**
     * Reads the body of the AAAA record whose header was just parsed; needs an AAAA header first.
     *
     * <p>Go: {@code Parser.AAAAResource}.
     */
    public AAAAResource aaaaResource() throws DnsMessageException {
        checkTyped(Type.AAAA);
        AAAAResource r = AAAAResource.unpack(msg, off);
        finishTyped();
        return r;
    }

    /**
     * Reads the body of the OPT record whose header was just parsed; needs an OPT header first.
     *
     * <p>Go: {@code Parser.OPTResource}.
     */
    public OPTResource optResource() throws DnsMessageException {
        checkTyped(Type.OPT);
        OPTResource r = OPTResource.unpack(msg, off, resHeaderLength);
        finishTyped();
        return r;
    }

    /**
     * Reads the raw body of the record whose header was just parsed; needs a header of any type first.
     *
     * <p>Go: {@code Parser.UnknownResource}.
     */
    public UnknownResource unknownResource() throws DnsMessageException {
        checkTyped(null);
        UnknownResource r = UnknownResource.unpack(resHeaderType, msg, off, resHeaderLength);
        finishTyped();
        return r;
    }
}
