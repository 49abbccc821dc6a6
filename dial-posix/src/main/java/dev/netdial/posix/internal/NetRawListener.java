package dev.netdial.posix.internal;

import dev.netdial.api.Errno;
import dev.netdial.api.NetException;
import dev.netdial.posix.RawConn;
import java.io.IOException;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * {@link RawConn} over a listening socket: {@link #control} runs with the fd; {@link #read} and
 * {@link #write} are refused with "invalid argument", since a listener is neither read nor written.
 *
 * <p>Go: {@code src/net/rawconn.go} {@code rawListener}.
 * <p>Differs: Go returns the bare {@code syscall.EINVAL}; Java needs an exception, so it is a
 * {@link NetException} with that errno's text.
 */
public final class NetRawListener implements RawConn {
    private final NetRawConn raw;

    public NetRawListener(NetFD fd) {
        this.raw = new NetRawConn(fd);
    }

    /** Go: {@code src/net/rawconn.go} {@code (*rawConn).Control}, through {@code rawListener}. */
    @Override
    public void control(IntConsumer f) throws IOException {
        raw.control(f);
    }

    /** Go: {@code src/net/rawconn.go} {@code (*rawListener).Read}. */
    @Override
    public void read(IntPredicate f) throws IOException {
        throw new NetException(Errno.EINVAL.message());
    }

    /** Go: {@code src/net/rawconn.go} {@code (*rawListener).Write}. */
    @Override
    public void write(IntPredicate f) throws IOException {
        throw new NetException(Errno.EINVAL.message());
    }
}
