package dev.netdial.posix.internal;

import java.io.IOException;

/**
 * What a zero-copy transfer did: the bytes it moved, whether it handled the copy at all, and
 * the error that stopped it (null when it ran to the end).
 *
 * <p>Go: the {@code (written int64, handled bool, err error)} results of
 * {@code src/internal/poll/splice_linux.go} {@code Splice} and
 * {@code src/internal/poll/sendfile_unix.go} {@code SendFile}.
 *
 * @param written bytes moved, also when {@code err} is set
 * @param handled false when the call did nothing and the caller should copy another way
 * @param err     what stopped the transfer, or null; already in Go's shape ("splice: broken
 *                pipe", "i/o timeout", "use of closed network connection")
 */
public record Transfer(long written, boolean handled, IOException err) {
}
