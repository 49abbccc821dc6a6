package dev.netdial.unix;

import dev.netdial.api.Conn;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * An {@link OutputStream} view of a {@link Conn}: each write sends all of its bytes.
 *
 * <p>netdial's own: Go's {@code Conn} is an {@code io.Writer} itself (dial-tcp has the same view).
 */
final class ConnOutputStream extends OutputStream {
    private final Conn c;

    ConnOutputStream(Conn c) {
        this.c = c;
    }

    @Override
    public void write(int b) throws IOException {
        c.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len > 0) {
            c.write(b, off, len);
        }
    }

    @Override
    public void close() throws IOException {
        c.close();
    }
}
