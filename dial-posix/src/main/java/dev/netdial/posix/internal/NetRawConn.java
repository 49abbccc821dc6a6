package dev.netdial.posix.internal;

import dev.netdial.api.OpError;
import dev.netdial.posix.RawConn;
import java.io.IOException;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * {@link RawConn} over a {@link NetFD}; failures are OpErrors "raw-control", "raw-read" and
 * "raw-write".
 *
 * <p>Go: {@code src/net/rawconn.go} {@code rawConn}.
 */
public final class NetRawConn implements RawConn {
    private final NetFD fd;

    public NetRawConn(NetFD fd) {
        this.fd = fd;
    }

    /** Go: {@code src/net/rawconn.go} {@code (*rawConn).Control}. */
    @Override
    public void control(IntConsumer f) throws IOException {
        Objects.requireNonNull(f, "f");
        try {
            fd.pfd.rawControl(f);
        } catch (IOException e) {
            throw new OpError("raw-control", fd.net, null, fd.localAddr(), e);
        } finally {
            java.lang.ref.Reference.reachabilityFence(fd);
        }
    }

    /** Go: {@code src/net/rawconn.go} {@code (*rawConn).Read}. */
    @Override
    public void read(IntPredicate f) throws IOException {
        Objects.requireNonNull(f, "f");
        try {
            fd.pfd.rawRead(f);
        } catch (IOException e) {
            throw new OpError("raw-read", fd.net, fd.localAddr(), fd.remoteAddr(), e);
        } finally {
            java.lang.ref.Reference.reachabilityFence(fd);
        }
    }

    /** Go: {@code src/net/rawconn.go} {@code (*rawConn).Write}. */
    @Override
    public void write(IntPredicate f) throws IOException {
        Objects.requireNonNull(f, "f");
        try {
            fd.pfd.rawWrite(f);
        } catch (IOException e) {
            throw new OpError("raw-write", fd.net, fd.localAddr(), fd.remoteAddr(), e);
        } finally {
            java.lang.ref.Reference.reachabilityFence(fd);
        }
    }
}
