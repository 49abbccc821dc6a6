package dev.netdial.api;

/**
 * A Linux error number with Go's text for it: {@code name()} is the C name, {@link #message()}
 * the string Go's {@code syscall.Errno.Error} prints, {@link #code()} the kernel's number.
 *
 * <p>Values 1..34 come from {@code include/uapi/asm-generic/errno-base.h}, 35..133 from
 * {@code include/uapi/asm-generic/errno.h}; x86-64 and aarch64 share both headers. Linux has no
 * error 41 or 58 (those slots are unused), so {@link #of(int)} refuses them.
 *
 * <p>Go: {@code src/syscall/zerrors_linux_amd64.go} {@code errors} table,
 * {@code src/syscall/syscall_unix.go} {@code Errno}.
 *
 * <p>Differs: Go's amd64 table stops at 132; {@code EHWPOISON} (133) takes its text from Go's
 * arm64 table, since the kernel defines it on both architectures. Go's amd64 table still says
 * "stale NFS file handle" for 116 (arm64 says "stale file handle"); the amd64 text is kept.
 * Go's {@code Errno} is an open integer type that prints "errno N" for unknown numbers; a Java
 * enum is closed, so {@link #of(int)} throws instead and callers fall back on {@link #describe(int)}.
 */
public enum Errno {
    EPERM(1, "operation not permitted"),
    ENOENT(2, "no such file or directory"),
    ESRCH(3, "no such process"),
    EINTR(4, "interrupted system call"),
    EIO(5, "input/output error"),
    ENXIO(6, "no such device or address"),
    E2BIG(7, "argument list too long"),
    ENOEXEC(8, "exec format error"),
    EBADF(9, "bad file descriptor"),
    ECHILD(10, "no child processes"),
    EAGAIN(11, "resource temporarily unavailable"),
    ENOMEM(12, "cannot allocate memory"),
    EACCES(13, "permission denied"),
    EFAULT(14, "bad address"),
    ENOTBLK(15, "block device required"),
    EBUSY(16, "device or resource busy"),
    EEXIST(17, "file exists"),
    EXDEV(18, "invalid cross-device link"),
    ENODEV(19, "no such device"),
    ENOTDIR(20, "not a directory"),
    EISDIR(21, "is a directory"),
    EINVAL(22, "invalid argument"),
    ENFILE(23, "too many open files in system"),
    EMFILE(24, "too many open files"),
    ENOTTY(25, "inappropriate ioctl for device"),
    ETXTBSY(26, "text file busy"),
    EFBIG(27, "file too large"),
    ENOSPC(28, "no space left on device"),
    ESPIPE(29, "illegal seek"),
    EROFS(30, "read-only file system"),
    EMLINK(31, "too many links"),
    EPIPE(32, "broken pipe"),
    EDOM(33, "numerical argument out of domain"),
    ERANGE(34, "numerical result out of range"),
    EDEADLK(35, "resource deadlock avoided"),
    ENAMETOOLONG(36, "file name too long"),
    ENOLCK(37, "no locks available"),
    ENOSYS(38, "function not implemented"),
    ENOTEMPTY(39, "directory not empty"),
    ELOOP(40, "too many levels of symbolic links"),
    ENOMSG(42, "no message of desired type"),
    EIDRM(43, "identifier removed"),
    ECHRNG(44, "channel number out of range"),
    EL2NSYNC(45, "level 2 not synchronized"),
    EL3HLT(46, "level 3 halted"),
    EL3RST(47, "level 3 reset"),
    ELNRNG(48, "link number out of range"),
    EUNATCH(49, "protocol driver not attached"),
    ENOCSI(50, "no CSI structure available"),
    EL2HLT(51, "level 2 halted"),
    EBADE(52, "invalid exchange"),
    EBADR(53, "invalid request descriptor"),
    EXFULL(54, "exchange full"),
    ENOANO(55, "no anode"),
    EBADRQC(56, "invalid request code"),
    EBADSLT(57, "invalid slot"),
    EBFONT(59, "bad font file format"),
    ENOSTR(60, "device not a stream"),
    ENODATA(61, "no data available"),
    ETIME(62, "timer expired"),
    ENOSR(63, "out of streams resources"),
    ENONET(64, "machine is not on the network"),
    ENOPKG(65, "package not installed"),
    EREMOTE(66, "object is remote"),
    ENOLINK(67, "link has been severed"),
    EADV(68, "advertise error"),
    ESRMNT(69, "srmount error"),
    ECOMM(70, "communication error on send"),
    EPROTO(71, "protocol error"),
    EMULTIHOP(72, "multihop attempted"),
    EDOTDOT(73, "RFS specific error"),
    EBADMSG(74, "bad message"),
    EOVERFLOW(75, "value too large for defined data type"),
    ENOTUNIQ(76, "name not unique on network"),
    EBADFD(77, "file descriptor in bad state"),
    EREMCHG(78, "remote address changed"),
    ELIBACC(79, "can not access a needed shared library"),
    ELIBBAD(80, "accessing a corrupted shared library"),
    ELIBSCN(81, ".lib section in a.out corrupted"),
    ELIBMAX(82, "attempting to link in too many shared libraries"),
    ELIBEXEC(83, "cannot exec a shared library directly"),
    EILSEQ(84, "invalid or incomplete multibyte or wide character"),
    ERESTART(85, "interrupted system call should be restarted"),
    ESTRPIPE(86, "streams pipe error"),
    EUSERS(87, "too many users"),
    ENOTSOCK(88, "socket operation on non-socket"),
    EDESTADDRREQ(89, "destination address required"),
    EMSGSIZE(90, "message too long"),
    EPROTOTYPE(91, "protocol wrong type for socket"),
    ENOPROTOOPT(92, "protocol not available"),
    EPROTONOSUPPORT(93, "protocol not supported"),
    ESOCKTNOSUPPORT(94, "socket type not supported"),
    EOPNOTSUPP(95, "operation not supported"),
    EPFNOSUPPORT(96, "protocol family not supported"),
    EAFNOSUPPORT(97, "address family not supported by protocol"),
    EADDRINUSE(98, "address already in use"),
    EADDRNOTAVAIL(99, "cannot assign requested address"),
    ENETDOWN(100, "network is down"),
    ENETUNREACH(101, "network is unreachable"),
    ENETRESET(102, "network dropped connection on reset"),
    ECONNABORTED(103, "software caused connection abort"),
    ECONNRESET(104, "connection reset by peer"),
    ENOBUFS(105, "no buffer space available"),
    EISCONN(106, "transport endpoint is already connected"),
    ENOTCONN(107, "transport endpoint is not connected"),
    ESHUTDOWN(108, "cannot send after transport endpoint shutdown"),
    ETOOMANYREFS(109, "too many references: cannot splice"),
    ETIMEDOUT(110, "connection timed out"),
    ECONNREFUSED(111, "connection refused"),
    EHOSTDOWN(112, "host is down"),
    EHOSTUNREACH(113, "no route to host"),
    EALREADY(114, "operation already in progress"),
    EINPROGRESS(115, "operation now in progress"),
    ESTALE(116, "stale NFS file handle"),
    EUCLEAN(117, "structure needs cleaning"),
    ENOTNAM(118, "not a XENIX named type file"),
    ENAVAIL(119, "no XENIX semaphores available"),
    EISNAM(120, "is a named type file"),
    EREMOTEIO(121, "remote I/O error"),
    EDQUOT(122, "disk quota exceeded"),
    ENOMEDIUM(123, "no medium found"),
    EMEDIUMTYPE(124, "wrong medium type"),
    ECANCELED(125, "operation canceled"),
    ENOKEY(126, "required key not available"),
    EKEYEXPIRED(127, "key has expired"),
    EKEYREVOKED(128, "key has been revoked"),
    EKEYREJECTED(129, "key was rejected by service"),
    EOWNERDEAD(130, "owner died"),
    ENOTRECOVERABLE(131, "state not recoverable"),
    ERFKILL(132, "operation not possible due to RF-kill"),
    EHWPOISON(133, "memory page has hardware error");

    /** Linux alias of {@link #EAGAIN} (same number, 11). */
    public static final Errno EWOULDBLOCK = EAGAIN;
    /** Linux alias of {@link #EDEADLK} (same number, 35). */
    public static final Errno EDEADLOCK = EDEADLK;
    /** Linux alias of {@link #EOPNOTSUPP} (same number, 95). */
    public static final Errno ENOTSUP = EOPNOTSUPP;

    private static final Errno[] BY_CODE = new Errno[134];

    static {
        for (Errno e : values()) {
            BY_CODE[e.code] = e;
        }
    }

    private final int code;
    private final String message;

    Errno(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /**
     * The kernel's error number.
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code Errno}.
     */
    public int code() {
        return code;
    }

    /**
     * Go's text for this error ("connection refused").
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code Errno.Error}.
     */
    public String message() {
        return message;
    }

    /**
     * The constant for a kernel error number.
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code Errno} (a conversion in Go).
     *
     * @throws IllegalArgumentException if Linux defines no error with that number
     */
    public static Errno of(int code) {
        Errno e = code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (e == null) {
            throw new IllegalArgumentException(describe(code));
        }
        return e;
    }

    /**
     * Go's text for any number: the table's text when known, else "errno N".
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code Errno.Error}.
     */
    public static String describe(int code) {
        Errno e = code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        return e != null ? e.message : "errno " + code;
    }

    /**
     * Whether this error means "try again later because time ran out": {@code EAGAIN}
     * (= {@code EWOULDBLOCK}) and {@code ETIMEDOUT}.
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code Errno.Timeout}.
     */
    public boolean timeout() {
        return this == EAGAIN || this == ETIMEDOUT;
    }

    /**
     * Whether this error may go away on retry: {@code EINTR}, {@code EMFILE}, {@code ENFILE},
     * or any {@link #timeout()} error.
     *
     * <p>Go: {@code src/syscall/syscall_unix.go} {@code Errno.Temporary}.
     *
     * <p>Current Go no longer counts {@code ECONNRESET} or {@code ECONNABORTED} here (older
     * releases did); {@link OpError#temporary()} treats them as temporary for
     * {@code accept} only (go.dev/issue/6163).
     */
    public boolean temporary() {
        return this == EINTR || this == EMFILE || this == ENFILE || timeout();
    }
}
