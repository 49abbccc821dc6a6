/**
 * Go's socket layer on raw POSIX sockets through JNA: syscalls, the epoll poller,
 * {@code fdMutex}, {@code netFD} with deadlines, {@code internetSocket}.
 *
 * <p>Only {@link dev.netdial.posix.RawConn} is public API; the rest is shared with the
 * modules above through qualified exports.
 */
module dev.netdial.posix {
    requires transitive dev.netdial.api;
    requires com.sun.jna;
    requires org.slf4j;

    exports dev.netdial.posix;
    exports dev.netdial.posix.internal to dev.netdial.tcp, dev.netdial.resolver, dev.netdial.udp, dev.netdial.unix, dev.netdial.jdk;
    // JNA's direct mapping (Native.register) binds LibC's native methods reflectively.
    opens dev.netdial.posix.internal to com.sun.jna;
}
