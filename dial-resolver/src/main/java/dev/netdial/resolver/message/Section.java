package dev.netdial.resolver.message;

/**
 * The part of a message a {@link Parser} or {@link Builder} is in, in wire order.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code section} and {@code sectionNames}.
 */
enum Section {
    NOT_STARTED(""),
    HEADER("header"),
    QUESTIONS("Question"),
    ANSWERS("Answer"),
    AUTHORITIES("Authority"),
    ADDITIONALS("Additional"),
    DONE("");

    /** Go's {@code sectionNames} entry, used in error texts. */
    final String goName;

    Section(String goName) {
        this.goName = goName;
    }

    /** The section after this one. */
    Section next() {
        return values()[Math.min(ordinal() + 1, DONE.ordinal())];
    }
}
