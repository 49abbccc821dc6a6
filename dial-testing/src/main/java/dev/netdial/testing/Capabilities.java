package dev.netdial.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * Gates a test on something the machine must provide (a network namespace, IPv6, nft…).
 *
 * <p>Outside CI a missing capability skips the test through a JUnit assumption whose message
 * says what is missing. In CI (environment variable {@code CI} set to anything but
 * {@code false} or {@code 0}) it fails the test instead: CI runs on a machine that has every
 * capability, so a skip there would hide a broken fixture.
 */
public final class Capabilities {

    private Capabilities() {
    }

    /** Whether this JVM runs under CI: {@code CI} is set, non-empty, and not "false" or "0". */
    public static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.trim().equalsIgnoreCase("false") && !ci.trim().equals("0");
    }

    /**
     * Returns if {@code available}; else skips the test (outside CI) or fails it (in CI).
     *
     * @param what a description of the capability, e.g. {@code "unshare -rn (network namespaces)"}
     */
    public static void require(String what, boolean available) {
        require(what, available, null);
    }

    /**
     * As {@link #require(String, boolean)}, adding {@code detail} (why it is missing, e.g. the
     * failing command's stderr) to the message.
     */
    public static void require(String what, boolean available, String detail) {
        if (available) {
            return;
        }
        String why = what + " is not available" + (detail == null || detail.isBlank() ? "" : ": " + detail.strip());
        if (inCi()) {
            throw new AssertionError("required capability missing in CI (CI=" + System.getenv("CI")
                    + "), refusing to skip: " + why);
        }
        Assumptions.abort("skipped: " + why + " (this fails instead of skipping when CI is set)");
    }
}
