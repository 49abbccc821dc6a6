package dev.netdial.posix.internal;

import dev.netdial.api.internal.Durations;
import dev.netdial.api.Errno;
import dev.netdial.api.Errors;
import dev.netdial.api.SyscallError;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * A non-blocking file descriptor with Go's I/O loops: every use takes a reference on its
 * {@link FDMutex}; reads and writes retry on {@code EINTR}, wait on the poller on
 * {@code EAGAIN}, and honour deadlines; {@link #close()} evicts waiters and the real
 * {@code close(2)} runs once, when the last reference drops.
 *
 * <p>Go: {@code src/internal/poll/fd_unix.go} {@code FD}, {@code src/internal/poll/fd_poll_runtime.go}
 * {@code pollDesc}, {@code src/internal/poll/fd_posix.go}.
 */
public final class PollFD {
    /** Go's {@code maxRW}: the most one read or write syscall is asked to move on a stream. */
    static final int MAX_RW = 1 << 30;

    private static final Object DESTROYED = new Object();
    private static final VarHandle CLOSER;

    static {
        try {
            CLOSER = MethodHandles.lookup().findVarHandle(PollFD.class, "closer", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FDMutex fdmu = new FDMutex();
    /** The fd; valid while a reference is held. */
    final int sysfd;
    private final SocketCalls calls;
    private PollDesc pd;
    /** null, the thread waiting in close for the real close(2), or DESTROYED (Go's csema). */
    @SuppressWarnings("unused") // through CLOSER
    private volatile Object closer;

    /** Go's {@code FD.IsStream}: a write may be split over several calls; a datagram never is. */
    private final boolean isStream;
    /**
     * Go's {@code FD.ZeroReadIsEOF}: whether a read of 0 bytes means end of stream. Not for
     * datagram (and raw) sockets, where it is an empty datagram.
     */
    private final boolean zeroReadIsEOF;
    /** A SOCK_DGRAM socket: recvmsg/sendmsg of control bytes alone need no dummy data byte. */
    private final boolean dgram;

    /** A stream fd (or a pipe or file): Go's defaults for {@code IsStream} and {@code ZeroReadIsEOF}. */
    public PollFD(int sysfd, SocketCalls calls) {
        this(sysfd, calls, Constants.SOCK_STREAM);
    }

    /**
     * An fd of socket type {@code sotype}, which decides Go's {@code IsStream} and
     * {@code ZeroReadIsEOF}.
     *
     * <p>Go: {@code src/net/fd_unix.go} {@code newFD} (the {@code poll.FD} fields it sets).
     */
    public PollFD(int sysfd, SocketCalls calls, int sotype) {
        this.sysfd = sysfd;
        this.calls = calls;
        this.isStream = sotype == Constants.SOCK_STREAM;
        this.zeroReadIsEOF = sotype != Constants.SOCK_DGRAM && sotype != Constants.SOCK_RAW;
        this.dgram = sotype == Constants.SOCK_DGRAM;
    }

    /**
     * Registers the fd with the poller.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Init}, {@code fd_poll_runtime.go}
     * {@code (*pollDesc).init}.
     * <p>Differs: the fd joins epoll lazily (see {@link PollDesc}), so this cannot fail.
     */
    public void init() {
        init(EpollPoller.global());
    }

    /** Registers the fd with the given poller (tests pass a private one, in a chosen mode). */
    void init(EpollPoller poller) {
        pd = poller.open(sysfd);
    }

    // ---- references (Go: fd_mutex.go incref/decref/readLock/...) ----

    /** Takes a reference for an operation that neither reads nor writes. */
    public void incref() throws IOException {
        if (!fdmu.incref()) {
            throw Errors.netClosing();
        }
    }

    /** Drops a reference; the last one of a closed fd closes it. */
    public void decref() {
        if (fdmu.decref()) {
            destroy();
        }
    }

    void readLock() throws IOException {
        if (!fdmu.rwlock(true)) {
            throw Errors.netClosing();
        }
    }

    void readUnlock() {
        if (fdmu.rwunlock(true)) {
            destroy();
        }
    }

    void writeLock() throws IOException {
        if (!fdmu.rwlock(false)) {
            throw Errors.netClosing();
        }
    }

    void writeUnlock() {
        if (fdmu.rwunlock(false)) {
            destroy();
        }
    }

    /**
     * Unregisters and closes the fd; runs exactly once, at the last reference.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).destroy}.
     */
    private void destroy() {
        if (pd != null) {
            pd.close();
        }
        // close(2) is never retried: on Linux the fd is gone even when it reports EINTR.
        calls.close(sysfd);
        Object waiter = CLOSER.getAndSet(this, DESTROYED);
        if (waiter instanceof Thread t) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Closes the fd: later operations fail with "use of closed network connection", blocked ones
     * are woken with that error, and this returns once the real close has happened.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Close}.
     *
     * @throws IOException "use of closed network connection" when already closed
     */
    public void close() throws IOException {
        if (!fdmu.increfAndClose()) {
            throw Errors.netClosing();
        }
        if (pd != null) {
            pd.evict();
        }
        decref();
        // Wait for the last reference (Go: runtime_Semacquire(&fd.csema)). Every holder is in a
        // non-blocking syscall or about to return, so this is short.
        Thread me = Thread.currentThread();
        if (CLOSER.compareAndSet(this, null, me)) {
            boolean interrupted = false;
            while (CLOSER.getVolatile(this) != DESTROYED) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    /** Whether {@link #close()} has been called (the fd may still be open for a moment). */
    public boolean isClosing() {
        return pd != null && pd.isClosing();
    }

    /** The poller's descriptor for this fd, null before {@link #init} (tests look at its arming). */
    PollDesc pollDesc() {
        return pd;
    }

    // ---- waiting (Go: fd_poll_runtime.go) ----

    private static IOException pollError(int code) {
        return switch (code) {
            case PollDesc.POLL_ERR_CLOSING -> Errors.netClosing();
            case PollDesc.POLL_ERR_TIMEOUT -> Errors.deadlineExceeded();
            case PollDesc.POLL_ERR_INTERRUPTED -> Errors.canceled();
            default -> throw new IllegalStateException("poll error " + code);
        };
    }

    void prepare(boolean read) throws IOException {
        if (pd != null) {
            int r = pd.prepare(read);
            if (r != PollDesc.POLL_NO_ERROR) {
                throw pollError(r);
            }
        }
    }

    /**
     * Waits for readiness in one direction.
     *
     * <p>Go: {@code src/internal/poll/fd_poll_runtime.go} {@code (*pollDesc).wait}.
     */
    void waitFor(boolean read) throws IOException {
        if (pd == null) {
            throw new IllegalStateException("netdial: wait on an fd that is not registered with the poller");
        }
        int r = pd.waitFor(read);
        if (r != PollDesc.POLL_NO_ERROR) {
            throw pollError(r);
        }
    }

    /** Waits until the fd is writable (used by connect). Go: {@code (*FD).WaitWrite}. */
    public void waitWrite() throws IOException {
        waitFor(false);
    }

    // ---- deadlines (Go: fd_poll_runtime.go setDeadlineImpl) ----

    /**
     * Converts a wall-clock deadline to the poller's {@link System#nanoTime()} scale, saturating.
     * Null means none; a deadline at or before now is already expired.
     *
     * <p>Go: {@code src/internal/poll/fd_poll_runtime.go} {@code setDeadlineImpl} (the deadline made a runtime nanotime).
     */
    static long toNanoTime(Instant t) {
        if (t == null) {
            return PollDesc.NO_DEADLINE;
        }
        if (!t.isAfter(Instant.now())) {
            return PollDesc.EXPIRED;
        }
        long at = Durations.deadlineToNanoTime(t);
        // Keep the two sentinels unambiguous (a nanoTime that lands on one is off by 1 ns).
        return at == PollDesc.NO_DEADLINE || at == PollDesc.EXPIRED ? at - 1 : at;
    }

    /**
     * Sets the read and/or write deadline; null clears. A deadline in the past makes pending and
     * future operations fail with "i/o timeout".
     *
     * <p>Go: {@code src/internal/poll/fd_poll_runtime.go} {@code setDeadlineImpl}.
     */
    public void setDeadline(Instant t, boolean read, boolean write) throws IOException {
        long at = toNanoTime(t);
        incref();
        try {
            if (pd == null) {
                throw new IOException("file type does not support deadline");
            }
            pd.setDeadline(at, read, write);
        } finally {
            decref();
        }
    }

    /** Sets the write deadline to an already expired instant, waking a blocked writer (connect's interrupter). */
    void expireWriteDeadline() {
        if (pd != null) {
            pd.setDeadline(PollDesc.EXPIRED, false, true);
        }
    }

    /** Clears the write deadline. */
    void clearWriteDeadline() {
        if (pd != null) {
            pd.setDeadline(PollDesc.NO_DEADLINE, false, true);
        }
    }

    /** Sets the write deadline from a wall-clock instant without taking a reference (connect). */
    void setWriteDeadlineQuiet(Instant t) {
        if (pd != null) {
            pd.setDeadline(toNanoTime(t), false, true);
        }
    }

    // ---- I/O loops (Go: fd_unix.go) ----

    /**
     * Reads up to {@code len} bytes at native address {@code addr}; -1 at end of stream; a zero
     * length returns 0 at once (after the read lock, as Go).
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Read}.
     */
    public int read(long addr, int len) throws IOException {
        return read(addr, len, null);
    }

    /**
     * As {@link #read(long, int)}; with {@code pin} (a direct buffer, its position at
     * {@code addr}) each read(2) goes through {@link SegmentIO}, which keeps its memory alive.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Read}.
     */
    private int read(long addr, int len, ByteBuffer pin) throws IOException {
        readLock();
        try {
            if (len == 0) {
                return 0;
            }
            prepare(true);
            return readLoop(addr, Math.min(len, MAX_RW), pin);
        } finally {
            readUnlock();
        }
    }

    /**
     * The loop of a read: read(2), retried on EINTR, and after EAGAIN a wait for readability.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Read}'s loop: {@code ignoringEINTRIO(syscall.Read, …)}, and {@code pd.waitRead} on EAGAIN.
     */
    private int readLoop(long addr, int len, ByteBuffer pin) throws IOException {
        for (;;) {
            long n = pin != null ? SegmentIO.read(sysfd, pin, len)
                    : SegmentIO.pins() ? SegmentIO.read(sysfd, addr, len) : LibC.read(sysfd, addr, len);
            if (n > 0) {
                return (int) n;
            }
            if (n == 0) {
                return eofError(); // Go: ZeroReadIsEOF for streams; an empty datagram otherwise
            }
            int errno = (int) -n;
            if (errno == Constants.EINTR) {
                continue;
            }
            if (errno == Constants.EAGAIN && pd != null) {
                waitFor(true);
                continue;
            }
            throw new SyscallError("read", Errno.of(errno));
        }
    }

    /**
     * What a read that returned 0 bytes gives: -1 (end of stream) when a zero read is EOF, else 0
     * (an empty datagram).
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).eofError}.
     */
    private int eofError() {
        return zeroReadIsEOF ? -1 : 0;
    }

    /** What {@link #readReady} returns when nothing is ready to read. */
    public static final int NOT_READY = -2;

    /**
     * One read of what is already in the socket, whatever the read deadline: never waits. Returns
     * the bytes read, -1 at end of stream, or {@link #NOT_READY}.
     *
     * <p>netdial's own: the DNS client reads the replies of several queries on one
     * thread, so a reply can sit in its socket past its deadline while the thread was waiting on
     * another; Go's goroutine per query would have read it in time.
     */
    public int readReady(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        readLock();
        try {
            NativeBuffers.Buf buf = NativeBuffers.take();
            try {
                for (;;) {
                    long n = LibC.read(sysfd, buf.addr, Math.min(len, NativeBuffers.SIZE));
                    if (n > 0) {
                        buf.bb.get(0, b, off, (int) n);
                        return (int) n;
                    }
                    if (n == 0) {
                        return eofError();
                    }
                    int errno = (int) -n;
                    if (errno == Constants.EINTR) {
                        continue;
                    }
                    if (errno == Constants.EAGAIN) {
                        return NOT_READY;
                    }
                    throw new SyscallError("read", Errno.of(errno));
                }
            } finally {
                NativeBuffers.release(buf);
            }
        } finally {
            readUnlock();
        }
    }

    /**
     * Reads into a Java array through a pooled native buffer.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Read}.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        readLock();
        try {
            if (len == 0) {
                return 0;
            }
            prepare(true);
            NativeBuffers.Buf buf = NativeBuffers.take();
            try {
                int n = readLoop(buf.addr, Math.min(len, NativeBuffers.SIZE), null);
                if (n > 0) {
                    buf.bb.get(0, b, off, n);
                }
                return n;
            } finally {
                NativeBuffers.release(buf);
            }
        } finally {
            readUnlock();
        }
    }

    /**
     * Reads into a buffer, advancing its position; -1 at end of stream. A read-only buffer is
     * refused before any byte is taken from the socket ({@code IllegalArgumentException:
     * Read-only buffer}, as the JDK's channels), and so is a direct buffer whose memory is no
     * longer alive (see {@link #checkAlive}); on Java 22+ that memory is held alive during each
     * read(2).
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Read}, for a {@code ByteBuffer}; the buffer checks are the JDK's ({@code sun.nio.ch.IOUtil}).
     */
    public int read(ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        int len = dst.remaining();
        if (dst.isDirect()) {
            checkAlive(dst);
            try {
                int n = SegmentIO.pins() ? read(0, len, dst) : read(NativeBuffers.address(dst), len, null);
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
                return n;
            } finally {
                Reference.reachabilityFence(dst); // its memory must not be freed during the syscall
            }
        }
        if (dst.hasArray()) {
            int n = read(dst.array(), dst.arrayOffset() + dst.position(), len);
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        byte[] tmp = new byte[Math.min(len, NativeBuffers.SIZE)];
        int n = read(tmp, 0, tmp.length);
        if (n > 0) {
            dst.put(tmp, 0, n);
        }
        return n;
    }

    /**
     * Fails with the JDK's own {@code IllegalStateException} ("Already closed") when the memory
     * of direct buffer {@code bb} is no longer alive: a buffer over a memory segment whose arena
     * was closed (or, from another thread, a confined arena's: {@code WrongThreadException}). The
     * kernel would otherwise be handed freed memory. An ordinary {@code allocateDirect} buffer
     * always passes, at the cost of one byte read.
     *
     * <p>No Go counterpart: Go's slices cannot be freed under it.
     * <p>The memory must also stay alive while each syscall runs, as the JDK's channels keep it:
     * on Java 22 and newer every read(2) and write(2) into a direct buffer goes through
     * {@link SegmentIO}'s Java 22 version (dial-posix is a multi-release jar), whose Foreign
     * Function downcall holds the buffer's segment scope for the call, so a shared arena closed
     * by another thread meanwhile fails its {@code close()} ("Session is acquired by N
     * clients"), and a syscall after the close (a read that waited on the poller, the next
     * chunk of a write) fails with "Already closed".
     * <p>Differs: on Java 21 (or with dial-posix's classes outside its jar, e.g. target/classes)
     * the buffer is only kept reachable across the syscall (so neither a cleaner nor an
     * automatic arena frees it), and a confined arena can only be closed by its owner, the
     * thread in this call; a shared arena closed by another thread during the read or write is
     * then not caught (on Java 21 the Foreign API is a preview, off unless the application
     * enables it).
     */
    private static void checkAlive(ByteBuffer bb) {
        if (bb.capacity() > 0) {
            bb.get(0); // checks the buffer's memory scope; throws if it is closed
        }
    }

    /**
     * Writes all {@code len} bytes at native address {@code addr}, waiting while the socket
     * buffer is full.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Write}.
     */
    public int write(long addr, int len) throws IOException {
        return write(addr, len, null);
    }

    /**
     * As {@link #write(long, int)}; {@code written[0]} (when not null) holds the bytes the
     * kernel has taken so far, also when this throws (Go's {@code n} beside {@code err}).
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Write}.
     */
    public int write(long addr, int len, int[] written) throws IOException {
        return write(addr, len, written, null);
    }

    /**
     * As {@link #write(long, int, int[])}; with {@code pin} (a direct buffer, its position at
     * {@code addr}) each write(2) goes through {@link SegmentIO}, which keeps its memory alive.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Write} (a datagram in one call when {@code !fd.IsStream}).
     */
    private int write(long addr, int len, int[] written, ByteBuffer pin) throws IOException {
        writeLock();
        try {
            prepare(false);
            if (!isStream) {
                return writeOnce(addr, len, written, pin);
            }
            writeLoop(addr, len, written, pin);
            return len;
        } finally {
            writeUnlock();
        }
    }

    /**
     * Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Write}, its loop; counts into
     * {@code written[0]}; through {@link SegmentIO} when {@code pin} is not null.
     */
    private void writeLoop(long addr, int len, int[] written, ByteBuffer pin) throws IOException {
        int nn = 0;
        while (nn < len) {
            int max = Math.min(len - nn, MAX_RW);
            long n = pin != null ? SegmentIO.write(sysfd, pin, nn, max)
                    : SegmentIO.pins() ? SegmentIO.write(sysfd, addr + nn, max) : LibC.write(sysfd, addr + nn, max);
            if (n > 0) {
                nn += (int) n;
                if (written != null) {
                    written[0] += (int) n;
                }
                continue;
            }
            if (n == 0) {
                throw new java.io.EOFException("unexpected EOF");
            }
            int errno = (int) -n;
            if (errno == Constants.EINTR) {
                continue;
            }
            if (errno == Constants.EAGAIN && pd != null) {
                waitFor(false);
                continue;
            }
            throw new SyscallError("write", Errno.of(errno));
        }
    }

    /** Writes all of a Java array range through pooled native buffers, 64 KiB at a time. */
    public int write(byte[] b, int off, int len) throws IOException {
        return write(b, off, len, null);
    }

    /**
     * As {@link #write(byte[], int, int)}; {@code written[0]} (when not null) holds the bytes
     * the kernel has taken so far, also when this throws.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Write} (its {@code nn} count kept).
     */
    public int write(byte[] b, int off, int len, int[] written) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        writeLock();
        try {
            prepare(false);
            if (!isStream) {
                return writeDatagram(b, off, len, written);
            }
            if (len == 0) {
                return 0;
            }
            NativeBuffers.Buf buf = NativeBuffers.take();
            try {
                int done = 0;
                while (done < len) {
                    int chunk = Math.min(len - done, NativeBuffers.SIZE);
                    buf.bb.put(0, b, off + done, chunk);
                    writeLoop(buf.addr, chunk, written, null);
                    done += chunk;
                }
                return len;
            } finally {
                NativeBuffers.release(buf);
            }
        } finally {
            writeUnlock();
        }
    }

    /**
     * Writes all remaining bytes of a buffer, advancing its position. A direct buffer whose
     * memory is no longer alive is refused before any syscall (see {@link #checkAlive}); on
     * Java 22+ that memory is held alive during each write(2).
     */
    public int write(ByteBuffer src) throws IOException {
        return write(src, null);
    }

    /**
     * As {@link #write(ByteBuffer)}; when this throws, the position has advanced past the bytes
     * the kernel took, and {@code written[0]} (when not null) holds their count.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Write}, for a {@code ByteBuffer} (its {@code nn} count kept).
     */
    public int write(ByteBuffer src, int[] written) throws IOException {
        int len = src.remaining();
        int[] w = written != null ? written : new int[1];
        int start = w[0];
        try {
            if (src.isDirect()) {
                checkAlive(src);
                try {
                    if (SegmentIO.pins()) {
                        write(0, len, w, src);
                    } else {
                        write(NativeBuffers.address(src), len, w, null);
                    }
                } finally {
                    Reference.reachabilityFence(src); // its memory must not be freed during the syscall
                }
            } else if (src.hasArray()) {
                write(src.array(), src.arrayOffset() + src.position(), len, w);
            } else {
                byte[] tmp = new byte[len];
                src.get(src.position(), tmp);
                write(tmp, 0, len, w);
            }
        } finally {
            src.position(src.position() + (w[0] - start));
        }
        return len;
    }

    // ---- datagrams (Go: fd_unix.go ReadFrom, ReadMsg, WriteTo, WriteMsg; one syscall a datagram) ----

    /**
     * One write(2) of a whole datagram (or a stream write that must not be split), retried on
     * EINTR and after waiting on EAGAIN; a zero length still sends (an empty datagram).
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Write}, when {@code !fd.IsStream}.
     */
    private int writeOnce(long addr, int len, int[] written, ByteBuffer pin) throws IOException {
        for (;;) {
            long n = pin != null ? SegmentIO.write(sysfd, pin, 0, len)
                    : SegmentIO.pins() ? SegmentIO.write(sysfd, addr, len) : LibC.write(sysfd, addr, len);
            if (n >= 0) {
                if (written != null) {
                    written[0] += (int) n;
                }
                return (int) n;
            }
            int errno = (int) -n;
            if (errno == Constants.EINTR) {
                continue;
            }
            if (errno == Constants.EAGAIN && pd != null) {
                waitFor(false);
                continue;
            }
            throw new SyscallError("write", Errno.of(errno));
        }
    }

    /**
     * A datagram write from a Java array: copied to a pooled native buffer (a larger one of its
     * own when it exceeds {@link NativeBuffers#SIZE}, which the kernel will likely refuse with
     * EMSGSIZE, as Go's write would get) and sent in one call. Runs under the write lock.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Write}, when {@code !fd.IsStream}.
     */
    private int writeDatagram(byte[] b, int off, int len, int[] written) throws IOException {
        if (len > NativeBuffers.SIZE) {
            ByteBuffer big = ByteBuffer.allocateDirect(len);
            big.put(0, b, off, len);
            try {
                return writeOnce(NativeBuffers.address(big), len, written, null);
            } finally {
                Reference.reachabilityFence(big);
            }
        }
        NativeBuffers.Buf buf = NativeBuffers.take();
        try {
            buf.bb.put(0, b, off, len);
            return writeOnce(buf.addr, len, written, null);
        } finally {
            NativeBuffers.release(buf);
        }
    }

    /**
     * Reads one datagram into {@code b[off..off+len)} with recvfrom(2), truncated to {@code len};
     * the sender lands in {@code from[0]} (null when the kernel gave none). Returns the bytes
     * copied: 0 for an empty datagram, -1 only on a socket where a zero read is end of stream.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).ReadFrom}.
     * <p>Differs: retries EINTR (a JVM's signals may interrupt it; Go's runtime installs its
     * handlers with SA_RESTART). On Java 22+ the call is a Foreign downcall ({@link SegmentIO}),
     * cheaper than JNA's.
     */
    public int readFrom(byte[] b, int off, int len, Sockaddr[] from) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        readLock();
        try {
            prepare(true);
            NativeBuffers.Buf buf = NativeBuffers.take();
            try {
                int max = Math.min(len, NativeBuffers.SIZE);
                int base = NativeBuffers.SIZE;
                for (;;) {
                    buf.bb.putInt(base + Msghdr.SCRATCH_ADDRLEN, SockaddrCodec.MAX_LEN);
                    long n = SegmentIO.pins()
                            ? SegmentIO.recvfrom(sysfd, buf.addr, max, 0, buf.scratch + Msghdr.SCRATCH_NAME,
                                    buf.scratch + Msghdr.SCRATCH_ADDRLEN)
                            : LibC.recvfrom(sysfd, buf.addr, max, 0, buf.scratch + Msghdr.SCRATCH_NAME,
                                    buf.scratch + Msghdr.SCRATCH_ADDRLEN);
                    if (n >= 0) {
                        from[0] = scratchSockaddr(buf, buf.bb.getInt(base + Msghdr.SCRATCH_ADDRLEN));
                        if (n > 0) {
                            buf.bb.get(0, b, off, (int) n);
                            return (int) n;
                        }
                        return eofError();
                    }
                    int errno = (int) -n;
                    if (errno == Constants.EINTR) {
                        continue;
                    }
                    if (errno == Constants.EAGAIN && pd != null) {
                        waitFor(true);
                        continue;
                    }
                    throw new SyscallError("recvfrom", Errno.of(errno));
                }
            } finally {
                NativeBuffers.release(buf);
            }
        } finally {
            readUnlock();
        }
    }

    /**
     * The socket address the kernel wrote into {@code buf}'s scratch area, {@code len} bytes of it;
     * null when it wrote none (a connected or unnamed peer).
     *
     * <p>Go: {@code src/syscall/syscall_linux.go} {@code Recvfrom}/{@code Recvmsg}
     * ({@code if rsa.Addr.Family != AF_UNSPEC { from, err = anyToSockaddr(&rsa) }}).
     */
    private static Sockaddr scratchSockaddr(NativeBuffers.Buf buf, int len) {
        int n = Math.min(len, SockaddrCodec.MAX_LEN);
        if (n < 2) {
            return null;
        }
        byte[] sa = new byte[n];
        buf.bb.get(NativeBuffers.SIZE + Msghdr.SCRATCH_NAME, sa, 0, n);
        return SockaddrCodec.decode(sa, n);
    }

    /**
     * Writes {@code sa}'s kernel form into {@code buf}'s scratch area; returns its length, 0 for
     * null, or -EINVAL when its port does not fit (as Go's {@code syscall} refuses it).
     *
     * <p>netdial's own: Go's {@code syscall} encodes into a Go struct on the stack.
     */
    private static int putScratchSockaddr(NativeBuffers.Buf buf, Sockaddr sa) {
        if (sa == null) {
            return 0;
        }
        if (!sa.portInRange()) {
            return -Constants.EINVAL;
        }
        byte[] enc = SockaddrCodec.encode(sa);
        buf.bb.put(NativeBuffers.SIZE + Msghdr.SCRATCH_NAME, enc);
        return enc.length;
    }

    /**
     * Sends {@code b[off..off+len)} as one datagram to {@code sa} with sendto(2); returns
     * {@code len}.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).WriteTo}.
     */
    public int writeTo(byte[] b, int off, int len, Sockaddr sa) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        writeLock();
        try {
            prepare(false);
            NativeBuffers.Buf buf = NativeBuffers.take();
            ByteBuffer big = len > NativeBuffers.SIZE ? ByteBuffer.allocateDirect(len) : null;
            try {
                int salen = putScratchSockaddr(buf, sa);
                if (salen < 0) {
                    throw new SyscallError("sendto", Errno.of(-salen));
                }
                long data;
                if (big != null) {
                    big.put(0, b, off, len);
                    data = NativeBuffers.address(big);
                } else {
                    buf.bb.put(0, b, off, len);
                    data = buf.addr;
                }
                for (;;) {
                    long n = SegmentIO.pins()
                            ? SegmentIO.sendto(sysfd, data, len, 0, buf.scratch + Msghdr.SCRATCH_NAME, salen)
                            : LibC.sendto(sysfd, data, len, 0, buf.scratch + Msghdr.SCRATCH_NAME, salen);
                    if (n >= 0) {
                        return len;
                    }
                    int errno = (int) -n;
                    if (errno == Constants.EINTR) {
                        continue;
                    }
                    if (errno == Constants.EAGAIN && pd != null) {
                        waitFor(false);
                        continue;
                    }
                    throw new SyscallError("sendto", Errno.of(errno));
                }
            } finally {
                Reference.reachabilityFence(big);
                NativeBuffers.release(buf);
            }
        } finally {
            writeUnlock();
        }
    }

    /**
     * What a recvmsg returned: payload and control byte counts, {@code msg_flags}, and the
     * sender (null when none).
     *
     * <p>Go: the results of {@code src/internal/poll/fd_unix.go} {@code (*FD).ReadMsg}.
     *
     * @param n     the payload bytes received (-1: end of stream, on a stream socket)
     * @param oobn  the control bytes received
     * @param flags {@code msg_flags} ({@code MSG_TRUNC}, {@code MSG_CTRUNC}, ...)
     * @param from  the sender's address, or null
     */
    public record Msg(int n, int oobn, int flags, Sockaddr from) {
    }

    /**
     * Receives one message with recvmsg(2): its payload into {@code b[off..off+len)} (truncated
     * to it, {@code MSG_TRUNC} then set in the flags), its control data into
     * {@code oob[ooff..ooff+olen)}. {@code flags} go to the kernel (e.g. {@code MSG_CMSG_CLOEXEC}).
     * With no payload room but room for control data, a non-datagram socket reads one dummy byte,
     * as Go does, so the kernel hands the control data over.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).ReadMsg}; {@code src/syscall/syscall_linux.go}
     * {@code recvmsgRaw}.
     */
    public Msg readMsg(byte[] b, int off, int len, byte[] oob, int ooff, int olen, int flags) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (olen > 0) {
            java.util.Objects.checkFromIndexSize(ooff, olen, oob.length);
        }
        readLock();
        try {
            prepare(true);
            NativeBuffers.Buf buf = NativeBuffers.take();
            ByteBuffer bigOob = olen > Msghdr.OOB_ROOM ? ByteBuffer.allocateDirect(olen) : null;
            try {
                long oobAddr = bigOob != null ? NativeBuffers.address(bigOob) : buf.scratch + Msghdr.SCRATCH_OOB;
                int max = Math.min(len, NativeBuffers.SIZE);
                int iovLen = max == 0 && olen > 0 && !dgram ? 1 : max; // Go: "receive at least one normal byte"
                int base = NativeBuffers.SIZE;
                for (;;) {
                    Msghdr.put(buf.bb, base, buf.scratch, buf.scratch + Msghdr.SCRATCH_NAME, SockaddrCodec.MAX_LEN,
                            buf.addr, iovLen, oobAddr, olen);
                    long n = LibC.recvmsg(sysfd, buf.scratch + Msghdr.SCRATCH_MSGHDR, flags);
                    if (n >= 0) {
                        int namelen = buf.bb.getInt(base + Msghdr.SCRATCH_MSGHDR + Msghdr.NAMELEN);
                        int oobn = (int) Math.min(buf.bb.getLong(base + Msghdr.SCRATCH_MSGHDR + Msghdr.CONTROLLEN), olen);
                        int mflags = buf.bb.getInt(base + Msghdr.SCRATCH_MSGHDR + Msghdr.FLAGS);
                        int copy = (int) Math.min(n, max);
                        if (copy > 0) {
                            buf.bb.get(0, b, off, copy);
                        }
                        if (oobn > 0) {
                            if (bigOob != null) {
                                bigOob.get(0, oob, ooff, oobn);
                            } else {
                                buf.bb.get(base + Msghdr.SCRATCH_OOB, oob, ooff, oobn);
                            }
                        }
                        int got = n == 0 ? eofError() : (int) n;
                        return new Msg(got, oobn, mflags, scratchSockaddr(buf, namelen));
                    }
                    int errno = (int) -n;
                    if (errno == Constants.EINTR) {
                        continue;
                    }
                    if (errno == Constants.EAGAIN && pd != null) {
                        waitFor(true);
                        continue;
                    }
                    throw new SyscallError("recvmsg", Errno.of(errno));
                }
            } finally {
                Reference.reachabilityFence(bigOob);
                NativeBuffers.release(buf);
            }
        } finally {
            readUnlock();
        }
    }

    /**
     * Sends one message with sendmsg(2): payload {@code b[off..off+len)}, control data
     * {@code oob[ooff..ooff+olen)}, to {@code sa} (null: the connected peer). Returns the payload
     * bytes sent; control data alone on a non-datagram socket travels with one dummy byte, and
     * counts 0, as in Go.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).WriteMsg}; {@code src/syscall/syscall_linux.go}
     * {@code sendmsgN}.
     */
    public int writeMsg(byte[] b, int off, int len, byte[] oob, int ooff, int olen, Sockaddr sa) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (olen > 0) {
            java.util.Objects.checkFromIndexSize(ooff, olen, oob.length);
        }
        writeLock();
        try {
            prepare(false);
            NativeBuffers.Buf buf = NativeBuffers.take();
            ByteBuffer big = len > NativeBuffers.SIZE ? ByteBuffer.allocateDirect(len) : null;
            ByteBuffer bigOob = olen > Msghdr.OOB_ROOM ? ByteBuffer.allocateDirect(olen) : null;
            try {
                int salen = putScratchSockaddr(buf, sa);
                if (salen < 0) {
                    throw new SyscallError("sendmsg", Errno.of(-salen));
                }
                long data;
                if (big != null) {
                    big.put(0, b, off, len);
                    data = NativeBuffers.address(big);
                } else {
                    buf.bb.put(0, b, off, len);
                    data = buf.addr;
                }
                long oobAddr;
                if (bigOob != null) {
                    bigOob.put(0, oob, ooff, olen);
                    oobAddr = NativeBuffers.address(bigOob);
                } else {
                    if (olen > 0) {
                        buf.bb.put(NativeBuffers.SIZE + Msghdr.SCRATCH_OOB, oob, ooff, olen);
                    }
                    oobAddr = buf.scratch + Msghdr.SCRATCH_OOB;
                }
                boolean dummy = len == 0 && olen > 0 && !dgram;
                if (dummy) {
                    buf.bb.put(0, (byte) 0);
                }
                int base = NativeBuffers.SIZE;
                for (;;) {
                    Msghdr.put(buf.bb, base, buf.scratch, salen > 0 ? buf.scratch + Msghdr.SCRATCH_NAME : 0, salen,
                            data, dummy ? 1 : len, oobAddr, olen);
                    long n = LibC.sendmsg(sysfd, buf.scratch + Msghdr.SCRATCH_MSGHDR, 0);
                    if (n >= 0) {
                        return dummy ? 0 : (int) n;
                    }
                    int errno = (int) -n;
                    if (errno == Constants.EINTR) {
                        continue;
                    }
                    if (errno == Constants.EAGAIN && pd != null) {
                        waitFor(false);
                        continue;
                    }
                    throw new SyscallError("sendmsg", Errno.of(errno));
                }
            } finally {
                Reference.reachabilityFence(big);
                Reference.reachabilityFence(bigOob);
                NativeBuffers.release(buf);
            }
        } finally {
            writeUnlock();
        }
    }

    /**
     * Accepts a connection: the new fd is born non-blocking and close-on-exec; ECONNABORTED is
     * retried; the caller owns the returned fd.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Accept},
     * {@code src/internal/poll/sock_cloexec.go} {@code accept}.
     *
     * @param peer receives the peer's address
     * @return the new fd
     */
    public int accept(Sockaddr[] peer) throws IOException {
        readLock();
        try {
            prepare(true);
            for (;;) {
                int s = calls.accept4(sysfd, Constants.SOCK_NONBLOCK | Constants.SOCK_CLOEXEC, peer);
                if (s >= 0) {
                    return s;
                }
                int errno = -s;
                if (errno == Constants.EINTR) {
                    continue;
                }
                if (errno == Constants.EAGAIN && pd != null) {
                    waitFor(true);
                    continue;
                }
                if (errno == Constants.ECONNABORTED) {
                    // A connection in the queue was reset before we took it; take the next one.
                    continue;
                }
                throw new SyscallError("accept4", Errno.of(errno));
            }
        } finally {
            readUnlock();
        }
    }

    /**
     * Runs {@code f} with the fd while holding a reference.
     *
     * <p>Go: {@code src/internal/poll/fd_posix.go} {@code (*FD).RawControl}.
     */
    public void rawControl(java.util.function.IntConsumer f) throws IOException {
        incref();
        try {
            f.accept(sysfd);
        } finally {
            decref();
        }
    }

    /**
     * Calls {@code f} until it returns true, waiting for readability between calls.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).RawRead}.
     */
    public void rawRead(java.util.function.IntPredicate f) throws IOException {
        readLock();
        try {
            prepare(true);
            while (!f.test(sysfd)) {
                waitFor(true);
            }
        } finally {
            readUnlock();
        }
    }

    /**
     * Calls {@code f} until it returns true, waiting for writability between calls.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).RawWrite}.
     */
    public void rawWrite(java.util.function.IntPredicate f) throws IOException {
        writeLock();
        try {
            prepare(false);
            while (!f.test(sysfd)) {
                waitFor(false);
            }
        } finally {
            writeUnlock();
        }
    }

    /**
     * shutdown(2) under a reference.
     *
     * <p>Go: {@code src/internal/poll/fd_unix.go} {@code (*FD).Shutdown}.
     */
    public void shutdown(int how) throws IOException {
        incref();
        try {
            int r = LibC.shutdown(sysfd, how);
            if (r < 0) {
                throw new SyscallError("shutdown", Errno.of(-r));
            }
        } finally {
            decref();
        }
    }
}
