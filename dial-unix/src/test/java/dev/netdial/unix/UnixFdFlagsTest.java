package dev.netdial.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdial.api.UnixAddr;
import dev.netdial.posix.internal.Constants;
import dev.netdial.posix.internal.LibC;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fd dial-unix creates is close-on-exec and non-blocking: dialed, accepted and listening
 * sockets of the three networks, a bound "unixgram" socket, a listener's and a conn's
 * {@code file()} duplicates and the listener and conn made from them.
 *
 * <p>Go: {@code src/net/sock_cloexec.go} {@code sysSocket}, {@code src/internal/poll/sock_cloexec.go}
 * {@code accept}, {@code src/internal/poll/fd_unix.go} {@code DupCloseOnExec},
 * {@code src/net/file_unix.go} {@code dupSocket}.
 */
@Timeout(60)
class UnixFdFlagsTest {
    @TempDir
    Path dir;

    private static int fdOf(UnixConn c) throws IOException {
        int[] fd = {-1};
        c.syscallConn().control(f -> fd[0] = f);
        return fd[0];
    }

    private static int fdOf(UnixListener l) throws IOException {
        int[] fd = {-1};
        l.syscallConn().control(f -> fd[0] = f);
        return fd[0];
    }

    @Test
    void everyFdIsCloexecAndNonblocking() throws IOException {
        Map<String, Integer> fds = new LinkedHashMap<>();
        List<AutoCloseable> open = new ArrayList<>();
        try {
            for (String net : new String[] {"unix", "unixpacket"}) {
                UnixAddr a = new UnixAddr(dir.resolve(net).toString(), net);
                UnixListener l = UnixNet.listenUnix(net, a);
                open.add(l);
                UnixConn c = UnixNet.dialUnix(net, null, a);
                open.add(c);
                UnixConn s = l.acceptUnix();
                open.add(s);
                fds.put(net + " listener", fdOf(l));
                fds.put(net + " dialed", fdOf(c));
                fds.put(net + " accepted", fdOf(s));
            }
            UnixAddr g = new UnixAddr(dir.resolve("gram").toString(), "unixgram");
            UnixConn bound = UnixNet.listenUnixgram("unixgram", g);
            open.add(bound);
            UnixConn gc = UnixNet.dialUnix("unixgram", null, g);
            open.add(gc);
            fds.put("unixgram bound", fdOf(bound));
            fds.put("unixgram dialed", fdOf(gc));
            UnixListener l = UnixNet.listenUnix("unix", new UnixAddr(dir.resolve("filed").toString(), "unix"));
            open.add(l);
            OwnedFd f = l.file();
            open.add(f);
            UnixListener fl = UnixNet.fileListener(f);
            open.add(fl);
            fds.put("listener file() duplicate", f.fd());
            fds.put("fileListener", fdOf(fl));
            OwnedFd cf = gc.file();
            open.add(cf);
            UnixConn fc = UnixNet.fileConn(cf);
            open.add(fc);
            fds.put("conn file() duplicate", cf.fd());
            fds.put("fileConn", fdOf(fc));

            List<String> bad = new ArrayList<>();
            for (Map.Entry<String, Integer> e : fds.entrySet()) {
                int fdflags = LibC.fcntl(e.getValue(), Constants.F_GETFD, 0);
                int flflags = LibC.fcntl(e.getValue(), Constants.F_GETFL, 0);
                if (fdflags < 0 || (fdflags & Constants.FD_CLOEXEC) == 0 || flflags < 0
                        || (flflags & Constants.O_NONBLOCK) == 0) {
                    bad.add(e.getKey() + " (fd " + e.getValue() + "): F_GETFD=" + fdflags + " F_GETFL=0x"
                            + Integer.toHexString(flflags));
                }
            }
            assertEquals(12, fds.size());
            assertTrue(bad.isEmpty(), "fds without FD_CLOEXEC|O_NONBLOCK: " + bad);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception ignored) {
                    // closing in reverse; a failure here would show as a leak
                }
            }
        }
    }
}
