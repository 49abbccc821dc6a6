package dev.netdial.posix.internal;

import java.io.IOException;

/**
 * Test helper: a connected loopback TCP pair of {@link PollFD}s registered with a given
 * {@link EpollPoller} (a private one, in the mode under test), built from raw system calls.
 *
 * <p>netdial's own test helper; no Go counterpart.
 */
final class PollerPair {
    private PollerPair() {
    }

    /** A connected pair {client, server} on 127.0.0.1 whose waits go through {@code poller}. */
    static PollFD[] open(EpollPoller poller) throws IOException {
        int flags = Constants.SOCK_STREAM | Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC;
        int ln = check(LibC.socket(Constants.AF_INET, flags, 0), "socket");
        int c = -1;
        try {
            check(LibC.bind(ln, new SockaddrInet4(new byte[] {127, 0, 0, 1}, 0)), "bind");
            check(LibC.listen(ln, 64), "listen");
            Sockaddr la = LibC.getsockname(ln);
            c = check(LibC.socket(Constants.AF_INET, flags, 0), "socket");
            int r = LibC.connect(c, la);
            if (r < 0 && -r != Constants.EINPROGRESS) {
                check(r, "connect");
            }
            long end = System.nanoTime() + 5_000_000_000L;
            int s;
            while ((s = LibC.accept4(ln, Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC, new Sockaddr[1])) < 0) {
                if (-s != Constants.EAGAIN || System.nanoTime() - end > 0) {
                    check(s, "accept4");
                }
                Thread.onSpinWait();
            }
            PollFD a = new PollFD(c, SocketCalls.system());
            a.init(poller);
            PollFD b = new PollFD(s, SocketCalls.system());
            b.init(poller);
            c = -1;
            return new PollFD[] {a, b};
        } finally {
            LibC.close(ln);
            if (c >= 0) {
                LibC.close(c);
            }
        }
    }

    private static int check(int r, String op) throws IOException {
        if (r < 0) {
            throw new IOException(op + ": errno " + -r);
        }
        return r;
    }

    /** Closes each fd, ignoring "already closed". */
    static void closeAll(PollFD... fds) {
        for (PollFD f : fds) {
            try {
                f.close();
            } catch (IOException e) {
                // already closed by the test
            }
        }
    }

    /** Runs {@code r} in a new virtual thread; the future holds its result or its exception. */
    static <T> java.util.concurrent.CompletableFuture<T> virtual(java.util.concurrent.Callable<T> r) {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(r.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }
}
