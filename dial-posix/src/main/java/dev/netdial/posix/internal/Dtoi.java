package dev.netdial.posix.internal;

/**
 * A decimal number read from the start of a string, by Go's one rule for the numbers in its
 * configuration files, zones and {@code /proc} values: its value, the index of the first
 * character after the digits, and whether there was at least one digit and the value stayed
 * below {@link #BIG} (past it the value is {@code BIG}). Signs, spaces and other characters end
 * the digits; nothing throws.
 *
 * <p>Go: {@code src/net/parse.go} {@code dtoi} (its three results), {@code big}.
 *
 * @param n  the value (0 when there is no digit, {@code BIG} when too large)
 * @param i  the number of characters read
 * @param ok at least one digit, and below {@code BIG}
 */
public record Dtoi(int n, int i, boolean ok) {

    /** Go's cap for {@code dtoi}: larger numbers are refused. */
    public static final int BIG = 0xFFFFFF;

    /**
     * Reads a decimal number at the start of {@code s}.
     *
     * <p>Go: {@code src/net/parse.go} {@code dtoi}.
     */
    public static Dtoi of(String s) {
        int n = 0;
        int i = 0;
        for (; i < s.length() && '0' <= s.charAt(i) && s.charAt(i) <= '9'; i++) {
            n = n * 10 + (s.charAt(i) - '0');
            if (n >= BIG) {
                return new Dtoi(BIG, i, false);
            }
        }
        if (i == 0) {
            return new Dtoi(0, 0, false);
        }
        return new Dtoi(n, i, true);
    }
}
