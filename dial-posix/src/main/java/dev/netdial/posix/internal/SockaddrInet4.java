package dev.netdial.posix.internal;

import java.util.Arrays;

/**
 * An IPv4 socket address.
 *
 * <p>Go: {@code src/syscall/syscall_unix.go} {@code SockaddrInet4}.
 *
 * @param addr the 4 address bytes, network order (copied)
 * @param port the port; one outside 0..65535 is kept, and the system call that takes it fails
 *             with {@code EINVAL}, as in Go
 */
public record SockaddrInet4(byte[] addr, int port) implements Sockaddr {
    public SockaddrInet4 {
        if (addr.length != 4) {
            throw new IllegalArgumentException("IPv4 address needs 4 bytes, got " + addr.length);
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
        return Constants.AF_INET;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SockaddrInet4 s && s.port == port && Arrays.equals(s.addr, addr);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(addr) * 31 + port;
    }

    @Override
    public String toString() {
        return (addr[0] & 0xFF) + "." + (addr[1] & 0xFF) + "." + (addr[2] & 0xFF) + "." + (addr[3] & 0xFF) + ":" + port;
    }
}
