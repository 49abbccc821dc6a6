package dev.netdial.tcp;

import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.IpSockPosix;
import dev.netdial.posix.internal.LibC;
import java.util.function.IntUnaryOperator;

/**
 * Whether the kernel offers Multipath TCP: probed by opening an MPTCP socket, the answer kept
 * once it is known. EPROTONOSUPPORT (Linux 5.6 and later without MPTCP) and EINVAL (before 5.6)
 * mean never; success means yes; any other error (ENOPROTOOPT when {@code net.mptcp.enabled=0},
 * EMFILE, ENOBUFS, a security module's EACCES) means not now, and the next dial or listen asks
 * again, as Go's {@code sync.Once} is reset for them.
 *
 * <p>Go: {@code src/net/mptcpsock_linux.go} {@code supportsMultipathTCP}, {@code initMPTCPavailable}.
 */
final class Mptcp {
    /** Linux {@code IPPROTO_MPTCP} (include/uapi/linux/in.h). */
    static final int IPPROTO_MPTCP = 262;

    private static final int UNKNOWN = 0;
    private static final int AVAILABLE = 1;
    private static final int UNAVAILABLE = 2;

    /** The process's probe, over the real socket(2). */
    private static final Mptcp SYSTEM = new Mptcp(Mptcp::systemProbe);

    /** Opens and closes an MPTCP socket of the family given: 0 on success, else the errno. */
    private final IntUnaryOperator probe;
    private volatile int state = UNKNOWN;

    /** A probe over {@code probe} (a test seam: family → 0 or the errno of socket(2)). */
    Mptcp(IntUnaryOperator probe) {
        this.probe = probe;
    }

    /** Go: {@code src/net/mptcpsock_linux.go} {@code supportsMultipathTCP}. */
    static boolean supported() {
        return SYSTEM.isAvailable();
    }

    /**
     * Whether MPTCP is available, probing while the answer is not settled.
     *
     * <p>Go: {@code src/net/mptcpsock_linux.go} {@code supportsMultipathTCP}, {@code initMPTCPavailable}.
     */
    boolean isAvailable() {
        int s = state;
        if (s != UNKNOWN) {
            return s == AVAILABLE;
        }
        synchronized (this) {
            if (state != UNKNOWN) {
                return state == AVAILABLE;
            }
            int family = IpSockPosix.supportsIPv4() ? Constants.AF_INET : Constants.AF_INET6;
            int errno = probe.applyAsInt(family);
            if (errno == 0) {
                state = AVAILABLE;
                return true;
            }
            if (errno == Constants.EPROTONOSUPPORT || errno == Constants.EINVAL) {
                state = UNAVAILABLE;
            }
            // Another error: not available now, maybe later; the next call probes again.
            return false;
        }
    }

    /** socket(family, SOCK_STREAM, IPPROTO_MPTCP), closed at once: 0, or the errno. */
    private static int systemProbe(int family) {
        int s = LibC.socket(family, Constants.SOCK_STREAM | Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC,
                IPPROTO_MPTCP);
        if (s < 0) {
            return -s;
        }
        LibC.close(s);
        return 0;
    }
}
