package dev.netdial.resolver.message;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole DNS message: header and the four sections.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Message}.
 *
 * @param header      ID and flags
 * @param questions   the question section
 * @param answers     the answer section
 * @param authorities the authority section
 * @param additionals the additional section
 */
public record Message(Header header, List<Question> questions, List<Resource> answers,
        List<Resource> authorities, List<Resource> additionals) {

    /** Copies the lists; a {@code null} list is an empty section. */
    public Message {
        Objects.requireNonNull(header, "header");
        questions = questions == null ? List.of() : List.copyOf(questions);
        answers = answers == null ? List.of() : List.copyOf(answers);
        authorities = authorities == null ? List.of() : List.copyOf(authorities);
        additionals = additionals == null ? List.of() : List.copyOf(additionals);
    }

    /**
     * Parses a whole message. Throws {@link DnsMessageException} and nothing else, whatever the
     * bytes; bytes after the last record are ignored, as in Go.
     *
     * <p>Go: {@code Message.Unpack}.
     */
    public static Message parse(byte[] msg) throws DnsMessageException {
        Objects.requireNonNull(msg, "msg");
        Parser p = new Parser();
        Header h = p.start(msg);
        List<Question> questions = p.allQuestions();
        List<Resource> answers = p.allAnswers();
        List<Resource> authorities = p.allAuthorities();
        List<Resource> additionals = p.allAdditionals();
        return new Message(h, questions, answers, authorities, additionals);
    }

    /**
     * Packs the message, compressing names.
     *
     * <p>Go: {@code Message.Pack}.
     */
    public byte[] pack() throws DnsMessageException {
        return appendPack(new byte[0]);
    }

    /**
     * Packs the message after a copy of {@code b}; compression pointers count from the end of
     * {@code b}, so the message part can be sent on its own (e.g. after a TCP length prefix).
     *
     * <p>Go: {@code Message.AppendPack}.
     */
    public byte[] appendPack(byte[] b) throws DnsMessageException {
        // Counts are 16 bits on the wire; more records cannot be described.
        if (questions.size() > 0xFFFF) {
            throw new DnsMessageException(DnsMessageException.ERR_TOO_MANY_QUESTIONS);
        }
        if (answers.size() > 0xFFFF) {
            throw new DnsMessageException(DnsMessageException.ERR_TOO_MANY_ANSWERS);
        }
        if (authorities.size() > 0xFFFF) {
            throw new DnsMessageException(DnsMessageException.ERR_TOO_MANY_AUTHORITIES);
        }
        if (additionals.size() > 0xFFFF) {
            throw new DnsMessageException(DnsMessageException.ERR_TOO_MANY_ADDITIONALS);
        }
        WireHeader h = new WireHeader();
        h.id = header.id();
        h.bits = header.packBits();
        h.questions = questions.size();
        h.answers = answers.size();
        h.authorities = authorities.size();
        h.additionals = additionals.size();

        int compressionOff = b.length;
        PackBuffer msg = new PackBuffer(b);
        h.pack(msg);

        // Receivers must understand compression (RFC 1035), and without it many replies would
        // not fit 512 bytes of UDP, so it is always on.
        Map<String, Integer> compression = new HashMap<>();
        for (Question q : questions) {
            try {
                q.pack(msg, compression, compressionOff);
            } catch (DnsMessageException e) {
                throw new DnsMessageException("packing Question", e);
            }
        }
        packSection(msg, answers, compression, compressionOff, "packing Answer");
        packSection(msg, authorities, compression, compressionOff, "packing Authority");
        packSection(msg, additionals, compression, compressionOff, "packing Additional");
        return msg.toByteArray();
    }

    /** Packs one section's records, naming the section in an error. Go: {@code Message.AppendPack}, its loop over each section. */
    private static void packSection(PackBuffer msg, List<Resource> rs, Map<String, Integer> compression,
            int compressionOff, String context) throws DnsMessageException {
        for (Resource r : rs) {
            try {
                r.pack(msg, compression, compressionOff);
            } catch (DnsMessageException e) {
                throw new DnsMessageException(context, e);
            }
        }
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code Message.GoString}.
     */
    public String goString() {
        StringBuilder s = new StringBuilder("dnsmessage.Message{Header: ").append(header.goString())
                .append(", Questions: []dnsmessage.Question{");
        for (int i = 0; i < questions.size(); i++) {
            s.append(i > 0 ? ", " : "").append(questions.get(i).goString());
        }
        appendResources(s.append("}, Answers: []dnsmessage.Resource{"), answers);
        appendResources(s.append("}, Authorities: []dnsmessage.Resource{"), authorities);
        appendResources(s.append("}, Additionals: []dnsmessage.Resource{"), additionals);
        return s.append("}}").toString();
    }

    /** The records' {@code %#v} forms, comma-separated. Go: {@code Message.GoString}, its loops. */
    private static void appendResources(StringBuilder s, List<Resource> rs) {
        for (int i = 0; i < rs.size(); i++) {
            s.append(i > 0 ? ", " : "").append(rs.get(i).goString());
        }
    }
}
