package dev.netdial.api;

/**
 * A literal network address that does not parse: "invalid IP address: 1.2.3" —
 * "invalid " + type + ": " + text.
 *
 * <p>Go: {@code src/net/net.go} {@code ParseError}.
 */
public class ParseError extends NetException {

    private final String type;
    private final String text;

    /**
     * The error for {@code text} that was expected to be a {@code type} ("IP address",
     * "CIDR address").
     *
     * <p>Go: {@code src/net/net.go} {@code (*ParseError).Error}.
     */
    public ParseError(String type, String text) {
        super("invalid " + type + ": " + text);
        this.type = type;
        this.text = text;
    }

    /**
     * The kind of text that was expected ("IP address").
     *
     * <p>Go: {@code src/net/net.go} {@code ParseError.Type}.
     */
    public String type() {
        return type;
    }

    /**
     * The text that did not parse.
     *
     * <p>Go: {@code src/net/net.go} {@code ParseError.Text}.
     */
    public String text() {
        return text;
    }
}
