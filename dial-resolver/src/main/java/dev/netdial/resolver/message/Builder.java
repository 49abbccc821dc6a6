package dev.netdial.resolver.message;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds a DNS message a record at a time, appending to an optional prefix (such as the two
 * bytes of a TCP length).
 *
 * <p>Usage: {@code new Builder(prefix, header)}, {@link #enableCompression()}, then
 * {@link #startQuestions()} and {@link #question}, {@link #startAnswers()} and the typed adders,
 * and so on in wire order; {@link #finish()} returns the prefix followed by the message.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Builder}.
 * <p>Differs: a record that fails to pack leaves no trace: its bytes are dropped and so are the
 * compression entries it added (Go keeps those entries, which then point at bytes the next
 * record overwrites).
 */
public final class Builder {
    private final PackBuffer msg;
    private Section section;
    private final WireHeader header = new WireHeader();
    /** Where the header starts in {@link #msg}; compression pointers count from here. */
    private final int start;
    /** Name suffix (one byte per char) to its offset from {@link #start}; null = no compression. */
    private Map<String, Integer> compression;

    /**
     * A builder for a message with header {@code h}, after a copy of {@code buf} (may be null),
     * with compression off.
     *
     * <p>Go: {@code NewBuilder}.
     */
    public Builder(byte[] buf, Header h) {
        msg = buf == null ? new PackBuffer() : new PackBuffer(buf);
        start = msg.length();
        header.id = h.id();
        header.bits = h.packBits();
        for (int i = 0; i < WireHeader.HEADER_LEN; i++) {
            msg.appendByte(0); // the header is written by finish()
        }
        section = Section.HEADER;
    }

    /** Go's zero {@code Builder{section: s}} (tests). */
    Builder(Section s) {
        msg = new PackBuffer();
        start = 0;
        section = s;
    }

    /**
     * Turns on name compression (RFC 1035 section 4.1.4); best done before adding anything.
     *
     * <p>Go: {@code Builder.EnableCompression}.
     */
    public void enableCompression() {
        compression = new HashMap<>();
    }

    /**
     * Checks that section {@code s} can still be started.
     *
     * <p>Go: {@code Builder.startCheck}.
     */
    private void startCheck(Section s) throws DnsMessageException {
        if (section.compareTo(Section.NOT_STARTED) <= 0) {
            throw DnsMessageException.notStarted();
        }
        if (section.compareTo(s) > 0) {
            throw DnsMessageException.sectionDone();
        }
    }

    /**
     * Moves on to the question section.
     *
     * <p>Go: {@code Builder.StartQuestions}.
     */
    public void startQuestions() throws DnsMessageException {
        startCheck(Section.QUESTIONS);
        section = Section.QUESTIONS;
    }

    /**
     * Moves on to the answer section.
     *
     * <p>Go: {@code Builder.StartAnswers}.
     */
    public void startAnswers() throws DnsMessageException {
        startCheck(Section.ANSWERS);
        section = Section.ANSWERS;
    }

    /**
     * Moves on to the authority section.
     *
     * <p>Go: {@code Builder.StartAuthorities}.
     */
    public void startAuthorities() throws DnsMessageException {
        startCheck(Section.AUTHORITIES);
        section = Section.AUTHORITIES;
    }

    /**
     * Moves on to the additional section.
     *
     * <p>Go: {@code Builder.StartAdditionals}.
     */
    public void startAdditionals() throws DnsMessageException {
        startCheck(Section.ADDITIONALS);
        section = Section.ADDITIONALS;
    }

    /**
     * Counts one more record in the current section, up to 65535.
     *
     * <p>Go: {@code Builder.incrementSectionCount}.
     */
    private void incrementSectionCount() throws DnsMessageException {
        switch (section) {
            case QUESTIONS -> header.questions = increment(header.questions, DnsMessageException.ERR_TOO_MANY_QUESTIONS);
            case ANSWERS -> header.answers = increment(header.answers, DnsMessageException.ERR_TOO_MANY_ANSWERS);
            case AUTHORITIES -> header.authorities = increment(header.authorities, DnsMessageException.ERR_TOO_MANY_AUTHORITIES);
            case ADDITIONALS -> header.additionals = increment(header.additionals, DnsMessageException.ERR_TOO_MANY_ADDITIONALS);
            default -> throw new IllegalStateException("no section to count in: " + section);
        }
    }

    /** One more record in a section; Go's "too many" error at 65535. Go: {@code Builder.incrementSectionCount}, each case. */
    private static int increment(int count, String err) throws DnsMessageException {
        if (count == 0xFFFF) {
            throw new DnsMessageException(err);
        }
        return count + 1;
    }

    /**
     * Adds a question.
     *
     * <p>Go: {@code Builder.Question}.
     */
    public void question(Question q) throws DnsMessageException {
        if (section.compareTo(Section.QUESTIONS) < 0) {
            throw DnsMessageException.notStarted();
        }
        if (section.compareTo(Section.QUESTIONS) > 0) {
            throw DnsMessageException.sectionDone();
        }
        int oldLen = msg.length();
        try {
            q.pack(msg, compression, start);
            incrementSectionCount();
        } catch (DnsMessageException e) {
            rollback(oldLen);
            throw e;
        }
    }

    /**
     * Checks that records can be added now (answers to additionals).
     *
     * <p>Go: {@code Builder.checkResourceSection}.
     */
    private void checkResourceSection() throws DnsMessageException {
        if (section.compareTo(Section.ANSWERS) < 0) {
            throw DnsMessageException.notStarted();
        }
        if (section.compareTo(Section.ADDITIONALS) > 0) {
            throw DnsMessageException.sectionDone();
        }
    }

    /**
     * Adds a record of the body's type to the current section; what every typed adder does.
     *
     * <p>Go: the shared body of {@code Builder.CNAMEResource} and its siblings.
     */
    private void addResource(ResourceHeader h, ResourceBody r, String bodyName) throws DnsMessageException {
        checkResourceSection();
        ResourceHeader hdr = h.withType(r.realType());
        int oldLen = msg.length();
        try {
            int lenOff;
            try {
                lenOff = hdr.pack(msg, compression, start);
            } catch (DnsMessageException e) {
                throw new DnsMessageException("ResourceHeader", e);
            }
            int preLen = msg.length();
            try {
                Resource.packBody(r, msg, compression, start);
            } catch (DnsMessageException e) {
                throw new DnsMessageException(bodyName + " body", e);
            }
            ResourceHeader.fixLen(msg, lenOff, preLen);
            incrementSectionCount();
        } catch (DnsMessageException e) {
            rollback(oldLen);
            throw e;
        }
    }

    /**
     * Drops the bytes from {@code oldLen} on and the compression entries pointing there.
     *
     * <p>Go: {@code Builder.CNAMEResource} and its siblings, which keep {@code b.msg} unchanged on failure.
     * <p>Differs: Go leaves compression entries added by the failed record in its map; they are removed here.
     */
    private void rollback(int oldLen) {
        msg.truncate(oldLen);
        if (compression != null) {
            compression.values().removeIf(ptr -> ptr >= oldLen - start);
        }
    }

    /**
     * Adds a CNAME record to the current section.
     *
     * <p>Go: {@code Builder.CNAMEResource}.
     */
    public void cnameResource(ResourceHeader h, CNAMEResource r) throws DnsMessageException {
        addResource(h, r, "CNAMEResource");
    }

    /**
     * Adds an MX record to the current section.
     *
     * <p>Go: {@code Builder.MXResource}.
     */
    public void mxResource(ResourceHeader h, MXResource r) throws DnsMessageException {
        addResource(h, r, "MXResource");
    }

    /**
     * Adds an NS record to the current section.
     *
     * <p>Go: {@code Builder.NSResource}.
     */
    public void nsResource(ResourceHeader h, NSResource r) throws DnsMessageException {
        addResource(h, r, "NSResource");
    }

    /**
     * Adds a PTR record to the current section.
     *
     * <p>Go: {@code Builder.PTRResource}.
     */
    public void ptrResource(ResourceHeader h, PTRResource r) throws DnsMessageException {
        addResource(h, r, "PTRResource");
    }

    /**
     * Adds an SOA record to the current section.
     *
     * <p>Go: {@code Builder.SOAResource}.
     */
    public void soaResource(ResourceHeader h, SOAResource r) throws DnsMessageException {
        addResource(h, r, "SOAResource");
    }

    /**
     * Adds a TXT record to the current section.
     *
     * <p>Go: {@code Builder.TXTResource}.
     */
    public void txtResource(ResourceHeader h, TXTResource r) throws DnsMessageException {
        addResource(h, r, "TXTResource");
    }

    /**
     * Adds an SRV record to the current section.
     *
     * <p>Go: {@code Builder.SRVResource}.
     */
    public void srvResource(ResourceHeader h, SRVResource r) throws DnsMessageException {
        addResource(h, r, "SRVResource");
    }

    /**
     * Adds an A record to the current section.
     *
     * <p>Go: {@code Builder.AResource}.
     */
    public void aResource(ResourceHeader h, AResource r) throws DnsMessageException {
        addResource(h, r, "AResource");
    }

    /**
     * Adds an AAAA record to the current section.
     *
     * <p>Go: {@code Builder.AAAAResource}.
     */
    public void aaaaResource(ResourceHeader h, AAAAResource r) throws DnsMessageException {
        addResource(h, r, "AAAAResource");
    }

    /**
     * Adds an OPT record to the current section.
     *
     * <p>Go: {@code Builder.OPTResource}.
     */
    public void optResource(ResourceHeader h, OPTResource r) throws DnsMessageException {
        addResource(h, r, "OPTResource");
    }

    /**
     * Adds a record of a type without its own adder to the current section.
     *
     * <p>Go: {@code Builder.UnknownResource}.
     */
    public void unknownResource(ResourceHeader h, UnknownResource r) throws DnsMessageException {
        addResource(h, r, "UnknownResource");
    }

    /**
     * Ends building: writes the header and returns the prefix followed by the message.
     *
     * <p>Go: {@code Builder.Finish}.
     */
    public byte[] finish() throws DnsMessageException {
        if (section.compareTo(Section.HEADER) < 0) {
            throw DnsMessageException.notStarted();
        }
        section = Section.DONE;
        PackBuffer h = new PackBuffer();
        header.pack(h);
        byte[] hb = h.toByteArray();
        byte[] out = msg.toByteArray();
        System.arraycopy(hb, 0, out, start, hb.length);
        return out;
    }
}
