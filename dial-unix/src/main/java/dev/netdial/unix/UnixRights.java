package dev.netdial.unix;

import dev.netdial.posix.internal.Constants;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Socket control messages ({@code struct cmsghdr}, 64-bit Linux: an 8-byte length, the level and
 * the type, data aligned to 8) carrying open files: {@link #unixRights} builds the
 * {@code SCM_RIGHTS} message {@link UnixConn#writeMsgUnix} sends; a received one is parsed by
 * {@link UnixConn#readMsgUnix}, which hands its fds back as {@link OwnedFd}s.
 *
 * <p>Go: {@code src/syscall/sockcmsg_unix.go} ({@code CmsgLen}, {@code CmsgSpace},
 * {@code UnixRights}, {@code ParseSocketControlMessage}, {@code ParseUnixRights}),
 * {@code sockcmsg_unix_other.go} {@code cmsgAlignOf}.
 */
public final class UnixRights {
    private UnixRights() {
    }

    /** {@code sizeof(struct cmsghdr)} on 64-bit Linux. Go: {@code SizeofCmsghdr}. */
    static final int SIZEOF_CMSGHDR = 16;

    /** Go: {@code src/syscall/sockcmsg_unix_other.go} {@code cmsgAlignOf} (8 on 64-bit Linux). */
    static int cmsgAlignOf(int salen) {
        return (salen + 7) & ~7;
    }

    /**
     * The value of a control message's length field for {@code datalen} bytes of data.
     *
     * <p>Go: {@code src/syscall/sockcmsg_unix.go} {@code CmsgLen}.
     */
    public static int cmsgLen(int datalen) {
        return cmsgAlignOf(SIZEOF_CMSGHDR) + datalen;
    }

    /**
     * The bytes a control message with {@code datalen} bytes of data takes, padding included: the
     * size of an out-of-band buffer able to receive it ({@code cmsgSpace(4 * n)} for {@code n} fds).
     *
     * <p>Go: {@code src/syscall/sockcmsg_unix.go} {@code CmsgSpace}.
     */
    public static int cmsgSpace(int datalen) {
        return cmsgAlignOf(SIZEOF_CMSGHDR) + cmsgAlignOf(datalen);
    }

    /**
     * An {@code SCM_RIGHTS} control message carrying {@code fds}, for the out-of-band argument of
     * {@link UnixConn#writeMsgUnix}; the fds stay the caller's (the receiver gets duplicates).
     *
     * <p>Go: {@code src/syscall/sockcmsg_unix.go} {@code UnixRights}.
     */
    public static byte[] unixRights(int... fds) {
        Objects.requireNonNull(fds, "fds");
        int datalen = fds.length * 4;
        byte[] b = new byte[cmsgSpace(datalen)];
        putLong(b, 0, cmsgLen(datalen));
        putInt(b, 8, Constants.SOL_SOCKET);
        putInt(b, 12, Constants.SCM_RIGHTS);
        for (int i = 0; i < fds.length; i++) {
            putInt(b, cmsgAlignOf(SIZEOF_CMSGHDR) + 4 * i, fds[i]);
        }
        return b;
    }

    /**
     * The fds of every {@code SOL_SOCKET}/{@code SCM_RIGHTS} message in {@code oob[0..oobn)};
     * messages of other kinds are skipped, and parsing stops at a malformed header (which the
     * kernel never writes).
     *
     * <p>Go: {@code src/syscall/sockcmsg_unix.go} {@code ParseSocketControlMessage},
     * {@code socketControlMessageHeaderAndData}, {@code ParseUnixRights}.
     * <p>Differs: one pass that keeps the fds and drops the rest, instead of Go's message list
     * and its EINVAL for a message of another kind: every received fd must end up owned.
     */
    static List<Integer> parseUnixRights(byte[] oob, int oobn) {
        List<Integer> fds = new ArrayList<>();
        int i = 0;
        while (i + cmsgLen(0) <= oobn) {
            long len = getLong(oob, i);
            if (len < SIZEOF_CMSGHDR || len > oobn - i) {
                break;
            }
            int level = getInt(oob, i + 8);
            int type = getInt(oob, i + 12);
            if (level == Constants.SOL_SOCKET && type == Constants.SCM_RIGHTS) {
                for (int d = i + cmsgAlignOf(SIZEOF_CMSGHDR); d + 4 <= i + len; d += 4) {
                    fds.add(getInt(oob, d));
                }
            }
            i += cmsgAlignOf((int) len);
        }
        return fds;
    }

    /** Little-endian int at {@code off} (both supported arches). netdial's own. */
    private static int getInt(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    /** Little-endian long at {@code off}. netdial's own. */
    private static long getLong(byte[] b, int off) {
        return (getInt(b, off) & 0xFFFFFFFFL) | (long) getInt(b, off + 4) << 32;
    }

    /** Little-endian int at {@code off}. netdial's own. */
    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /** Little-endian long at {@code off}. netdial's own. */
    private static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) v);
        putInt(b, off + 4, (int) (v >>> 32));
    }
}
