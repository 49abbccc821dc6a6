package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code struct sockaddr_un} as Go's syscall package builds and reads it: a path with its NUL, an
 * abstract name with a leading NUL and none after, the family alone for an unnamed address, the
 * 108-byte limits; and decoding, where a leading NUL reads as '@'.
 *
 * <p>Go: {@code src/syscall/syscall_linux.go} {@code (*SockaddrUnix).sockaddr}, {@code anyToSockaddr}.
 */
class SockaddrUnixTest {

    @Test
    void encodePath() {
        assertArrayEquals(new byte[] {1, 0, '/', 'a', 0}, SockaddrCodec.encode(new SockaddrUnix("/a")));
    }

    @Test
    void encodeAbstract() {
        assertArrayEquals(new byte[] {1, 0, 0, 'x', 'y'}, SockaddrCodec.encode(new SockaddrUnix("@xy")));
        assertArrayEquals(new byte[] {1, 0, 0, 'x'}, SockaddrCodec.encode(new SockaddrUnix("\0x")), "a leading NUL is abstract too");
    }

    @Test
    void encodeUnnamedIsTheFamilyAlone() {
        assertArrayEquals(new byte[] {1, 0}, SockaddrCodec.encode(new SockaddrUnix("")), "Linux autobinds on this length");
    }

    @Test
    void lengthLimits() {
        assertTrue(new SockaddrUnix("/" + "p".repeat(106)).portInRange(), "a 107-byte path fits with its NUL");
        assertFalse(new SockaddrUnix("/" + "p".repeat(107)).portInRange(), "a 108-byte path leaves no room for the NUL");
        assertTrue(new SockaddrUnix("@" + "a".repeat(107)).portInRange(), "an abstract name may take all 108 bytes");
        assertFalse(new SockaddrUnix("@" + "a".repeat(108)).portInRange());
        assertEquals(110, SockaddrCodec.encode(new SockaddrUnix("@" + "a".repeat(107))).length);
        assertEquals(-Constants.EINVAL, LibC.bind(-1, new SockaddrUnix("/" + "p".repeat(107))), "EINVAL before the kernel");
    }

    @Test
    void decode() {
        byte[] b = new byte[SockaddrCodec.MAX_LEN];
        b[0] = 1;
        assertEquals(new SockaddrUnix("@"), SockaddrCodec.decode(b, 2), "unnamed reads as \"@\", as Go");
        b[3] = 'q';
        assertEquals(new SockaddrUnix("@q"), SockaddrCodec.decode(b, 4));
        byte[] p = {1, 0, '/', 't', 0, 'z'};
        assertEquals(new SockaddrUnix("/t"), SockaddrCodec.decode(p, p.length), "the name ends at the first NUL");
        byte[] stale = {1, 0, '/', 'a', 'b', 'c'};
        assertEquals(new SockaddrUnix("/a"), SockaddrCodec.decode(stale, 4), "bytes past the length are not read");
        assertEquals(null, SockaddrCodec.decode(new byte[] {0, 0}, 0), "no address: null");
    }
}
