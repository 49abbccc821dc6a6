package dev.netdial.unix;

import dev.netdial.api.Conn;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An {@link InputStream} view of a {@link Conn}: each read is one {@code Conn.read}.
 *
 * <p>netdial's own: Go's {@code Conn} is an {@code io.Reader} itself (dial-tcp has the same view).
 */
final class ConnInputStream extends InputStream {
    private final Conn c;

    ConnInputStream(Conn c) {
        this.c = c;
    }

    @Override
    public int read() throws IOException {
        byte[] b = new byte[1];
        int n = read(b, 0, 1);
        return n < 0 ? -1 : b[0] & 0xff;
    }

    /** One {@code Conn.read}; an empty datagram ("unixgram") is skipped, as a stream cannot return 0. */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n;
        do {
            n = c.read(b, off, len);
        } while (n == 0);
        return n;
    }

    @Override
    public void close() throws IOException {
        c.close();
    }
}
