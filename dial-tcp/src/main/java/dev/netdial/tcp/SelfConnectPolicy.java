package dev.netdial.tcp;

/**
 * What a dial with a kernel-chosen local port does when it keeps connecting to itself.
 *
 * <p>Both policies run Go's loop: a dial whose local port the kernel picked and that ends up
 * connected to itself ({@code selfConnect}) or fails with a spurious {@code EADDRNOTAVAIL}
 * ({@code spuriousENOTAVAIL}) is closed and dialed again, at most twice (go.dev/issue/2690).
 * They differ only in what the third result becomes when it is still self-connected.
 *
 * <p>Go: {@code src/net/tcpsock_posix.go} {@code (*sysDialer).doDialTCPProto}.
 */
public enum SelfConnectPolicy {
    /** Go's behaviour: after two retries, return whatever the third dial gave, even a socket connected to itself. */
    GO,
    /**
     * The default: after two retries, never return a socket whose local endpoint equals its
     * remote one; close it and fail as the refused connect it really is
     * ({@code dial tcp 127.0.0.1:40000: connect: connection refused}).
     * <p>Differs: Go relents; a self-connected socket is never what a caller wants.
     */
    REFUSE
}
