package dev.netdial.tcp;

/**
 * How a dial with a kernel-chosen local port guards against connecting to itself.
 *
 * <p>Under {@link #REFUSE} the self-connect is first prevented by construction: when the
 * destination is an address of this host (loopback, the unspecified address, or an address of
 * one of its interfaces) and its port lies inside the ephemeral range the socket would draw
 * from, the socket's own range is set before {@code connect} to the larger side of that range
 * without the port ({@code IP_LOCAL_PORT_RANGE}, Linux 6.3 and later; a range set by the
 * Control hook is respected), so the kernel cannot choose the destination's port. Such a dial
 * makes one connect; the trace reports it ({@link DialTrace#selfConnectPrevented}).
 *
 * <p>Both policies then run Go's loop, the second line: a dial whose local port the kernel
 * picked and that ends up connected to itself ({@code selfConnect}) or fails with a spurious
 * {@code EADDRNOTAVAIL} ({@code spuriousENOTAVAIL}) is closed and dialed again, at most twice
 * (go.dev/issue/2690). Under REFUSE it still matters on older kernels (the option is then
 * refused with {@code ENOPROTOOPT} and ignored), for a range of one port (nothing to split),
 * and while netdial's cached view is stale: the namespace's range is re-read at most once a
 * second and the host's addresses every five seconds (and both at once after a self-connect).
 * The policies differ, besides the narrowing, in what a third self-connected result becomes.
 *
 * <p>A dial with a fixed local port is never touched: it gets exactly the 4-tuple asked for.
 *
 * <p>Go: {@code src/net/tcpsock_posix.go} {@code (*sysDialer).doDialTCPProto}.
 */
public enum SelfConnectPolicy {
    /**
     * Go's behaviour: no range is narrowed, and after two retries whatever the third dial gave is
     * returned, even a socket connected to itself.
     */
    GO,
    /**
     * The default: narrow the socket's ephemeral range so that a local destination's port cannot
     * be chosen; and after two retries, never return a socket whose local endpoint equals its
     * remote one; close it and fail as the refused connect it really is
     * ({@code dial tcp 127.0.0.1:40000: connect: connection refused}).
     * <p>Differs: Go neither narrows nor refuses; a self-connected socket is never what a caller
     * wants.
     */
    REFUSE
}
