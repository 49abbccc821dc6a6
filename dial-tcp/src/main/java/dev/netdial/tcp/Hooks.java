package dev.netdial.tcp;

import dev.netdial.api.Context;
import dev.netdial.api.KeepAliveConfig;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.internal.SocketCalls;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Test seams of one Dialer or ListenConfig, held per instance (never global).
 *
 * <p>Go: {@code src/net/tcpsock_posix.go} {@code sysDialer.testHookDialTCP}, {@code src/net/hook.go}
 * ({@code testHookSetKeepAlive}), {@code src/net/hook_unix.go} (the socket calls),
 * {@code src/net/fd_unix.go} ({@code testHookCanceledDial}).
 *
 * @param dialTCP replaces {@code doDialTCP} when not null (Go's {@code testHookDialTCP})
 * @param calls the syscall seam every socket goes through
 * @param canceledDial run by the connect interrupter after it fired (may be null)
 * @param setKeepAlive told the keep-alive configuration applied to each new conn (may be null)
 */
record Hooks(DialTCP dialTCP, SocketCalls calls, Runnable canceledDial, Consumer<KeepAliveConfig> setKeepAlive) {
    /** No hooks: the real system calls. */
    static final Hooks NONE = new Hooks(null, SocketCalls.system(), null, null);

    Hooks {
        if (calls == null) {
            calls = SocketCalls.system();
        }
    }

    /** Go: the signature of {@code sysDialer.testHookDialTCP}. */
    @FunctionalInterface
    interface DialTCP {
        TCPConn dial(Context ctx, String net, TCPAddr laddr, TCPAddr raddr) throws IOException;
    }

    Hooks withDialTCP(DialTCP f) {
        return new Hooks(f, calls, canceledDial, setKeepAlive);
    }

    Hooks withCalls(SocketCalls c) {
        return new Hooks(dialTCP, c, canceledDial, setKeepAlive);
    }

    Hooks withCanceledDial(Runnable r) {
        return new Hooks(dialTCP, calls, r, setKeepAlive);
    }

    Hooks withSetKeepAlive(Consumer<KeepAliveConfig> f) {
        return new Hooks(dialTCP, calls, canceledDial, f);
    }
}
