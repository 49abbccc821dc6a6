package dev.netdial.tcp;

import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.LibC;

/**
 * Whether the kernel offers Multipath TCP, probed once.
 *
 * <p>Go: {@code src/net/mptcpsock_linux.go} {@code supportsMultipathTCP}, {@code initMPTCPavailable}.
 */
final class Mptcp {
    /** Linux {@code IPPROTO_MPTCP} (include/uapi/linux/in.h). */
    static final int IPPROTO_MPTCP = 262;

    private Mptcp() {
    }

    private static final class Probe {
        static final boolean SUPPORTED = probe();

        /**
         * Opens and closes one MPTCP socket: true when the kernel let it be created.
         *
         * <p>Go: {@code src/net/mptcpsock_linux.go} {@code initMPTCPavailable}.
         * <p>Differs: every failure counts as "not available"; Go counts only EPROTONOSUPPORT
         * and EINVAL so, any other error as "available (maybe later)".
         */
        private static boolean probe() {
            int s = LibC.socket(Constants.AF_INET, Constants.SOCK_STREAM | Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC,
                    IPPROTO_MPTCP);
            if (s < 0) {
                return false; // EPROTONOSUPPORT, ENOPROTOOPT or disabled by sysctl
            }
            LibC.close(s);
            return true;
        }
    }

    /** Go: {@code src/net/mptcpsock_linux.go} {@code supportsMultipathTCP}. */
    static boolean supported() {
        return Probe.SUPPORTED;
    }
}
