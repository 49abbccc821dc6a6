package dev.netdial.posix.internal;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An IPv6 socket address; the scope id is the interface index of a zone ({@code %eth0}).
 *
 * <p>Go: {@code src/syscall/syscall_unix.go} {@code SockaddrInet6}.
 *
 * @param addr the 16 address bytes (copied)
 * @param port the port; one outside 0..65535 is kept, and the system call that takes it fails
 *             with {@code EINVAL}, as in Go
 * @param scopeId the interface index, 0 for none
 */
public record SockaddrInet6(byte[] addr, int port, int scopeId) implements Sockaddr {
    public SockaddrInet6 {
        if (addr.length != 16) {
            throw new IllegalArgumentException("IPv6 address needs 16 bytes, got " + addr.length);
        }
        addr = addr.clone();
    }

    @Override
    public byte[] addr() {
        return addr.clone();
    }

    /**
     * The address bytes themselves, not a copy, for the encoders in this package that only read
     * them ({@link SockaddrCodec#put}, {@link IpSockPosix#sockaddrToTCP}).
     *
     * <p>netdial's own: Go's field is read directly.
     */
    byte[] addrShared() {
        return addr;
    }

    @Override
    public int family() {
        return Constants.AF_INET6;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SockaddrInet6 s && s.port == port && s.scopeId == scopeId && Arrays.equals(s.addr, addr);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(addr) * 31 + port) * 31 + scopeId;
    }

    @Override
    public String toString() {
        return "[" + HexFormat.of().formatHex(addr) + (scopeId != 0 ? "%" + scopeId : "") + "]:" + port;
    }
}
