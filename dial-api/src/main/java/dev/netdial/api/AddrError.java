package dev.netdial.api;

/**
 * A malformed or unusable address: "address 127.0.0.1: missing port in address", or just the
 * reason when no address is given.
 *
 * <p>Go: {@code src/net/net.go} {@code AddrError}.
 */
public class AddrError extends NetException {

    private final String err;
    private final String addr;

    /**
     * An address error with reason {@code err} about {@code addr} (may be empty or
     * {@code null}).
     *
     * <p>Go: {@code src/net/net.go} {@code AddrError}.
     */
    public AddrError(String err, String addr) {
        super(format(err, addr));
        this.err = err == null ? "" : err;
        this.addr = addr == null ? "" : addr;
    }

    /**
     * "address " + addr + ": " + err, or just err when addr is empty.
     *
     * <p>Go: {@code src/net/net.go} {@code (*AddrError).Error}.
     */
    private static String format(String err, String addr) {
        String e = err == null ? "" : err;
        if (addr != null && !addr.isEmpty()) {
            return "address " + addr + ": " + e;
        }
        return e;
    }

    /**
     * The reason ("missing port in address").
     *
     * <p>Go: {@code src/net/net.go} {@code AddrError.Err}.
     */
    public String err() {
        return err;
    }

    /**
     * The address the reason is about, "" when none.
     *
     * <p>Go: {@code src/net/net.go} {@code AddrError.Addr}.
     */
    public String addr() {
        return addr;
    }
}
