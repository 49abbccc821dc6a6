package dev.netdial.resolver.message;

import java.util.Map;
import java.util.Objects;

/**
 * A DNS question: name, type and class.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code Question}.
 *
 * @param name     the name asked about
 * @param type     the record type asked for
 * @param dnsClass the class, usually {@link DnsClass#INET}
 */
public record Question(Name name, Type type, DnsClass dnsClass) {

    /** Checks that no part is missing. */
    public Question {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dnsClass, "dnsClass");
    }

    /**
     * Appends the wire form.
     *
     * <p>Go: {@code Question.pack}.
     */
    void pack(PackBuffer msg, Map<String, Integer> compression, int compressionOff) throws DnsMessageException {
        try {
            name.pack(msg, compression, compressionOff);
        } catch (DnsMessageException e) {
            throw new DnsMessageException("Name", e);
        }
        msg.appendUint16(type.value());
        msg.appendUint16(dnsClass.value());
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code Question.GoString}.
     */
    public String goString() {
        return "dnsmessage.Question{Name: " + name.goString() + ", Type: " + type.goString()
                + ", Class: " + dnsClass.goString() + "}";
    }
}
