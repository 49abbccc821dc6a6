package dev.netdial.jdk;

import dev.netdial.api.Addr;
import dev.netdial.api.Context;
import dev.netdial.api.Errors;
import dev.netdial.api.HostPort;
import dev.netdial.api.IP;
import dev.netdial.api.OpError;
import dev.netdial.api.TCPAddr;
import dev.netdial.posix.RawConn;
import dev.netdial.tcp.Control;
import dev.netdial.tcp.ControlContext;
import dev.netdial.tcp.Dialer;
import dev.netdial.tcp.TCPConn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Socket} whose connection is a netdial {@link TCPConn}: hand it (or
 * {@link NetdialSocketFactory}) to a client written for {@code java.net.Socket} and its dials get
 * netdial's resolver, every address tried in turn with Happy Eyeballs, the self-connect guard and
 * Go's error texts.
 *
 * <ul>
 *   <li>{@link #connect(SocketAddress, int)}: an unresolved {@link InetSocketAddress} is dialed by
 *       name through the {@link Dialer} (netdial's resolver, not {@code InetAddress}); a resolved
 *       one dials its IP literal. A positive timeout bounds the dial (the Dialer's own timeout and
 *       deadline apply too, the earliest wins; unlike the JDK's, it covers the name lookup, as Go's
 *       dial timeout does). {@link #bind} before connect becomes the dial's
 *       local address. A failed connect closes the socket, as the JDK's does since JDK 24.</li>
 *   <li>{@link #setSoTimeout}: each read gets a read deadline that many milliseconds ahead; when it
 *       passes the read throws {@link java.net.SocketTimeoutException} (message Go's
 *       "read tcp A->B: i/o timeout", cause netdial's error) and the socket stays usable.</li>
 *   <li>Failures are the {@code java.net} types clients test for, with Go's text as message and
 *       netdial's error as cause: {@link java.net.ConnectException} (refused),
 *       {@link java.net.NoRouteToHostException}, {@link java.net.UnknownHostException} (a lookup
 *       that failed), {@link SocketException} (the rest). A read or write that {@link #close()}
 *       wakes throws {@link SocketException} "Socket closed", the JDK's text.</li>
 *   <li>Options: TCP_NODELAY, SO_KEEPALIVE (and {@code ExtendedSocketOptions} TCP_KEEPIDLE,
 *       TCP_KEEPINTERVAL, TCP_KEEPCOUNT), SO_LINGER, SO_SNDBUF, SO_RCVBUF, SO_REUSEADDR and IP_TOS
 *       (IPV6_TCLASS on an IPv6 connection), read from and written to the kernel once connected.
 *       Set before connect, they are kept and applied to the new socket before {@code connect(2)}
 *       (and again after it, since Go's dial turns Nagle off and keep-alive on). An option not set
 *       before connect reads as a fresh socket has it, and after connect as the Dialer left it:
 *       <b>TCP_NODELAY on and SO_KEEPALIVE on</b> (Go's defaults, unlike the JDK's).
 *       {@link #setOOBInline} sets SO_OOBINLINE on a connected socket. TCP_USER_TIMEOUT has no
 *       JDK {@code SocketOption}: it comes from the Dialer's {@code userTimeout}, which this
 *       socket dials with.</li>
 * </ul>
 *
 * <p>What cannot be honoured behaves as the JDK's {@code Socket} does where it is unsupported:
 * {@link #getChannel()} returns null (as for every socket a factory makes);
 * {@link #setPerformancePreferences} does nothing (as in the JDK); SO_REUSEPORT and other options
 * outside {@link #supportedOptions()} throw {@link UnsupportedOperationException}. Before
 * connect, {@link #getLocalPort()} after {@code bind} reports the port asked for (the JDK's has
 * bound already and reports the kernel's choice for port 0); buffer sizes set before connect read
 * back as set. A read interrupted on a virtual thread closes the socket and throws
 * "Closed by interrupt", as the JDK's; on a platform thread it fails with Go's "operation was
 * canceled" and the socket stays open.
 *
 * <p>Every public method of {@code java.net.Socket} is overridden; the {@code SocketImpl} given
 * to the superclass is null and never created, so no call reaches a JDK socket.
 *
 * <p>netdial's own: Go has no {@code Socket} bridge; the conn underneath is Go's
 * ({@code src/net/tcpsock.go} {@code TCPConn}).
 */
public final class NetdialSocket extends Socket {
    private static final int CONNECTED = 1;
    private static final int BOUND = 2;
    private static final int CLOSED = 4;
    private static final int SHUT_IN = 8;
    private static final int SHUT_OUT = 16;

    private final Dialer dialer;
    private final Object stateLock = new Object();
    private volatile int state;
    private volatile TCPConn conn;
    /** The dial in progress, cancelled by {@link #close()}. */
    private Context dialCtx;
    private boolean connecting;
    /** {@link #bind}'s address; null = none. */
    private InetSocketAddress bindAddr;
    private volatile InetAddress remoteIP;
    private volatile int remotePort;
    private volatile InetAddress localIP;
    private volatile int localPort;
    private volatile int soTimeout;
    /** Options set before connect, applied to the new socket. */
    private final Map<SocketOption<?>, Object> pending = new LinkedHashMap<>();
    private final ReentrantLock readLock = new ReentrantLock();
    private boolean readDeadlineSet;
    private volatile InputStream in;
    private volatile OutputStream out;

    /**
     * An unconnected socket that dials with the default {@link Dialer}.
     *
     * @throws SocketException never in practice: {@code Socket}'s protected constructor declares it
     */
    public NetdialSocket() throws SocketException {
        this(new Dialer());
    }

    /**
     * An unconnected socket that dials with {@code dialer}.
     *
     * @throws SocketException never in practice: {@code Socket}'s protected constructor declares it
     */
    public NetdialSocket(Dialer dialer) throws SocketException {
        super(noImpl());
        this.dialer = Objects.requireNonNull(dialer, "dialer");
    }

    /** The superclass's impl: none (every public method is overridden). */
    private static SocketImpl noImpl() {
        return null;
    }

    /** The Dialer this socket dials with. */
    public Dialer dialer() {
        return dialer;
    }

    /**
     * The netdial connection under this socket, or null before connect (for netdial's own calls:
     * {@code readFrom(Path)}, {@code syscallConn()}, deadlines).
     */
    public TCPConn tcpConn() {
        return conn;
    }

    // ---- connect and bind ----

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    /**
     * Dials {@code endpoint} (see the class comment), waiting at most {@code timeout} ms (0: no
     * limit beyond the Dialer's).
     *
     * <p>netdial's own: the JDK's {@code Socket.connect} contract over Go's
     * {@code (*Dialer).DialContext}.
     */
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (endpoint == null) {
            throw new IllegalArgumentException("connect: The address can't be null");
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("connect: timeout can't be negative");
        }
        Context ctx;
        InetSocketAddress laddr;
        Map<SocketOption<?>, Object> opts;
        synchronized (stateLock) {
            int s = state;
            if ((s & CLOSED) != 0) {
                throw new SocketException("Socket is closed");
            }
            if ((s & CONNECTED) != 0) {
                throw new SocketException("Already connected");
            }
            if (connecting) {
                throw new SocketException("Connection in progress");
            }
            if (!(endpoint instanceof InetSocketAddress)) {
                throw new IllegalArgumentException("Unsupported address type");
            }
            connecting = true;
            ctx = Context.background().withCancel();
            dialCtx = ctx;
            laddr = bindAddr;
            opts = new LinkedHashMap<>(pending);
        }
        InetSocketAddress ep = (InetSocketAddress) endpoint;
        TCPConn c;
        try {
            c = dial(ctx, ep, laddr, opts, timeout);
        } catch (IOException e) {
            IOException ex = isClosed() ? JdkErrors.closed(e) : JdkErrors.dialError(e);
            finishConnect(null, null);
            closeQuietly(ex);
            throw ex;
        } finally {
            ctx.cancel();
        }
        if (!finishConnect(c, remoteIP(ep, c))) {
            c.close(); // closed while the dial ran: the JDK's connect fails the same way
            throw JdkErrors.closed(null);
        }
    }

    /**
     * Dials through a copy of the Dialer whose control hook first applies the pending options.
     *
     * <p>netdial's own: the JDK's connect over Go's {@code (*Dialer).DialContext}.
     */
    private TCPConn dial(Context ctx, InetSocketAddress ep, InetSocketAddress laddr,
            Map<SocketOption<?>, Object> opts, int timeout) throws IOException {
        Context dctx = timeout > 0 ? ctx.withTimeout(Duration.ofMillis(timeout)) : ctx;
        Dialer.Builder b = dialer.toBuilder();
        if (laddr != null) {
            b.localAddr(localTCPAddr(laddr));
        }
        if (!opts.isEmpty()) {
            ControlContext cc = dialer.controlContext();
            Control cl = dialer.control();
            b.controlContext((cx, network, address, raw) -> {
                applyAll(raw, network.equals("tcp6"), opts);
                if (cc != null) {
                    cc.control(cx, network, address, raw);
                } else if (cl != null) {
                    cl.control(network, address, raw);
                }
            });
        }
        String address;
        if (ep.isUnresolved()) {
            address = HostPort.join(ep.getHostString(), Integer.toString(ep.getPort()));
        } else {
            address = TCPAddr.of(ep).toString();
        }
        TCPConn c;
        try {
            c = (TCPConn) b.build().dialContext(dctx, "tcp", address);
        } finally {
            if (dctx != ctx) {
                dctx.cancel();
            }
        }
        if (!opts.isEmpty()) {
            try {
                // Go's newTCPConn set Nagle off and keep-alive on after connect: the caller's wins.
                applyAll(c.syscallConn(), ipv6(c), opts);
            } catch (IOException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /** The bind address as the dial's local address: a wildcard with port 0 is no local address at all. */
    private static TCPAddr localTCPAddr(InetSocketAddress laddr) {
        InetAddress ip = laddr.getAddress();
        boolean wildcard = ip == null || ip.isAnyLocalAddress();
        if (wildcard && laddr.getPort() == 0) {
            return null;
        }
        return wildcard ? new TCPAddr(null, laddr.getPort()) : TCPAddr.of(laddr);
    }

    private static void applyAll(RawConn raw, boolean ipv6, Map<SocketOption<?>, Object> opts) throws IOException {
        for (Map.Entry<SocketOption<?>, Object> e : opts.entrySet()) {
            SockOpts.set(raw, ipv6, e.getKey(), e.getValue());
        }
    }

    private static boolean ipv6(TCPConn c) {
        return c.localAddr() instanceof TCPAddr a && a.ip() instanceof Inet6Address;
    }

    /**
     * The remote IP as the JDK reports it: with the name it was dialed by, when it was a name (an
     * IP literal gives an address without a name, as {@code InetAddress.getByName} does).
     */
    private static InetAddress remoteIP(InetSocketAddress ep, TCPConn c) {
        InetAddress ip = ((TCPAddr) c.remoteAddr()).ip();
        if (!ep.isUnresolved()) {
            return ep.getAddress();
        }
        String host = ep.getHostString();
        if (IP.parseZoned(host) != null) {
            return ip;
        }
        try {
            return InetAddress.getByAddress(host, ip.getAddress());
        } catch (UnknownHostException e) {
            return ip; // a 4- or 16-byte address is never refused
        }
    }

    /**
     * Records the outcome of a dial: the conn and its addresses, or no dial in progress. False
     * when the socket was closed meanwhile (the conn is then the caller's to close).
     */
    private boolean finishConnect(TCPConn c, InetAddress rip) {
        synchronized (stateLock) {
            connecting = false;
            dialCtx = null;
            if (c != null) {
                if ((state & CLOSED) != 0) {
                    return false;
                }
                conn = c;
                TCPAddr r = (TCPAddr) c.remoteAddr();
                TCPAddr l = (TCPAddr) c.localAddr();
                remoteIP = rip;
                remotePort = r.port();
                localIP = l.ip();
                localPort = l.port();
                state |= CONNECTED | BOUND;
            }
            return true;
        }
    }

    private void closeQuietly(IOException primary) {
        try {
            close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    /**
     * Records {@code bindpoint} as the local address of the coming dial (null: any address, a
     * kernel-chosen port).
     *
     * <p>netdial's own: the JDK's {@code Socket.bind} checks, over Go's {@code Dialer.LocalAddr}.
     * <p>Differs: the JDK binds a socket at once; netdial's Dialer makes its socket when it dials,
     * so the address is checked by {@code bind(2)} then, and a failure there fails the connect.
     */
    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        synchronized (stateLock) {
            int s = state;
            if ((s & CLOSED) != 0) {
                throw new SocketException("Socket is closed");
            }
            if ((s & BOUND) != 0) {
                throw new SocketException("Already bound");
            }
            if (bindpoint != null && !(bindpoint instanceof InetSocketAddress)) {
                throw new IllegalArgumentException("Unsupported address type");
            }
            InetSocketAddress ep = (InetSocketAddress) bindpoint;
            if (ep != null && ep.isUnresolved()) {
                throw new SocketException("Unresolved address");
            }
            if (ep == null) {
                ep = new InetSocketAddress(0);
            }
            bindAddr = ep;
            localIP = ep.getAddress();
            localPort = ep.getPort();
            state |= BOUND;
        }
    }

    // ---- addresses and state ----

    @Override
    public InetAddress getInetAddress() {
        return isConnected() ? remoteIP : null;
    }

    /**
     * The local IP; the wildcard when unbound, bound to the wildcard, or closed (the JDK's
     * answers in those cases).
     *
     * <p>netdial's own: the JDK's {@code Socket.getLocalAddress}.
     */
    @Override
    public InetAddress getLocalAddress() {
        int s = state;
        InetAddress ip = localIP;
        if ((s & BOUND) == 0 || (s & CLOSED) != 0 || ip == null || ip.isAnyLocalAddress()) {
            return new InetSocketAddress(0).getAddress();
        }
        return ip;
    }

    @Override
    public int getPort() {
        return isConnected() ? remotePort : 0;
    }

    @Override
    public int getLocalPort() {
        return isBound() ? localPort : -1;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return isConnected() ? new InetSocketAddress(getInetAddress(), getPort()) : null;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return isBound() ? new InetSocketAddress(getLocalAddress(), getLocalPort()) : null;
    }

    /** Null: this socket has no {@link SocketChannel}, as any socket a {@code SocketFactory} makes. */
    @Override
    public SocketChannel getChannel() {
        return null;
    }

    @Override
    public boolean isConnected() {
        return (state & CONNECTED) != 0;
    }

    @Override
    public boolean isBound() {
        return (state & BOUND) != 0;
    }

    @Override
    public boolean isClosed() {
        return (state & CLOSED) != 0;
    }

    @Override
    public boolean isInputShutdown() {
        return (state & SHUT_IN) != 0;
    }

    @Override
    public boolean isOutputShutdown() {
        return (state & SHUT_OUT) != 0;
    }

    @Override
    public String toString() {
        if (isConnected()) {
            return "Socket[addr=" + remoteIP + ",port=" + remotePort + ",localport=" + localPort + "]";
        }
        return "Socket[unconnected]";
    }

    // ---- streams ----

    /**
     * The socket's input: each read waits at most {@link #getSoTimeout()} ms; -1 after
     * {@link #shutdownInput()}; closing it closes the socket.
     *
     * <p>netdial's own: the JDK's {@code Socket.getInputStream} checks.
     */
    @Override
    public InputStream getInputStream() throws IOException {
        int s = state;
        if ((s & CLOSED) != 0) {
            throw new SocketException("Socket is closed");
        }
        if ((s & CONNECTED) == 0) {
            throw new SocketException("Socket is not connected");
        }
        if ((s & SHUT_IN) != 0) {
            throw new SocketException("Socket input is shutdown");
        }
        InputStream i = in;
        if (i == null) {
            synchronized (stateLock) {
                i = in;
                if (i == null) {
                    i = in = new In();
                }
            }
        }
        return i;
    }

    /**
     * The socket's output; each write sends all its bytes; closing it closes the socket.
     *
     * <p>netdial's own: the JDK's {@code Socket.getOutputStream} checks.
     */
    @Override
    public OutputStream getOutputStream() throws IOException {
        int s = state;
        if ((s & CLOSED) != 0) {
            throw new SocketException("Socket is closed");
        }
        if ((s & CONNECTED) == 0) {
            throw new SocketException("Socket is not connected");
        }
        if ((s & SHUT_OUT) != 0) {
            throw new SocketException("Socket output is shutdown");
        }
        OutputStream o = out;
        if (o == null) {
            synchronized (stateLock) {
                o = out;
                if (o == null) {
                    o = out = new Out();
                }
            }
        }
        return o;
    }

    /**
     * One read under the read lock: the deadline set for {@code soTimeout}, or cleared.
     *
     * <p>netdial's own: the JDK's timed read over Go's {@code (*conn).SetReadDeadline} and
     * {@code (*conn).Read}.
     */
    private int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        TCPConn c = conn;
        readLock.lock();
        try {
            if (isClosed()) {
                throw JdkErrors.closed(null);
            }
            if (isInputShutdown()) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int t = soTimeout;
            if (t > 0) {
                c.setReadDeadline(Instant.now().plusMillis(t));
                readDeadlineSet = true;
            } else if (readDeadlineSet) {
                c.setReadDeadline(null);
                readDeadlineSet = false;
            }
            return c.read(b, off, len);
        } catch (IOException e) {
            throw ioFailure(e);
        } finally {
            readLock.unlock();
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (isClosed()) {
            throw JdkErrors.closed(null);
        }
        try {
            conn.write(b, off, len);
        } catch (IOException e) {
            throw ioFailure(e);
        }
    }

    /**
     * A read's or write's failure as the JDK reports it: "Socket closed" once closed, "Closed by
     * interrupt" (closing the socket) for an interrupted virtual thread, else the mapped type.
     *
     * <p>netdial's own: the JDK's {@code NioSocketImpl} and {@code Socket.SocketInputStream} rules.
     */
    private IOException ioFailure(IOException e) {
        if (e instanceof java.net.SocketTimeoutException || e.getClass() == SocketException.class) {
            return e;
        }
        if (isClosed() || Errors.isClosed(e)) {
            return JdkErrors.closed(e);
        }
        Thread t = Thread.currentThread();
        if (t.isVirtual() && t.isInterrupted() && Errors.isCanceled(e)) {
            closeQuietly(e);
            SocketException se = new SocketException("Closed by interrupt");
            se.initCause(e);
            return se;
        }
        return JdkErrors.ioError(e);
    }

    private int available() throws IOException {
        if (isClosed()) {
            throw JdkErrors.closed(null);
        }
        if (isInputShutdown()) {
            return 0;
        }
        try {
            return SockOpts.available(conn.syscallConn());
        } catch (IOException e) {
            throw ioFailure(e);
        }
    }

    /** The input stream; its close closes the socket. netdial's own: the JDK's {@code SocketInputStream}. */
    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] a = new byte[1];
            int n = NetdialSocket.this.read(a, 0, 1);
            return n > 0 ? a[0] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return NetdialSocket.this.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return NetdialSocket.this.available();
        }

        @Override
        public void close() throws IOException {
            NetdialSocket.this.close();
        }
    }

    /** The output stream; its close closes the socket. netdial's own: the JDK's {@code SocketOutputStream}. */
    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            NetdialSocket.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            NetdialSocket.this.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            NetdialSocket.this.close();
        }
    }

    // ---- shutdown and close ----

    /**
     * Half-closes the read side (Go's {@code CloseRead}); later reads return -1.
     *
     * <p>netdial's own: the JDK's {@code Socket.shutdownInput} over Go's {@code (*TCPConn).CloseRead}.
     */
    @Override
    public void shutdownInput() throws IOException {
        synchronized (stateLock) {
            int s = state;
            if ((s & CLOSED) != 0) {
                throw new SocketException("Socket is closed");
            }
            if ((s & CONNECTED) == 0) {
                throw new SocketException("Socket is not connected");
            }
            if ((s & SHUT_IN) != 0) {
                throw new SocketException("Socket input is already shutdown");
            }
            try {
                conn.closeRead();
            } catch (IOException e) {
                throw JdkErrors.ioError(e);
            }
            state |= SHUT_IN;
        }
    }

    /**
     * Half-closes the write side (Go's {@code CloseWrite}): the peer reads end of stream.
     *
     * <p>netdial's own: the JDK's {@code Socket.shutdownOutput} over Go's {@code (*TCPConn).CloseWrite}.
     */
    @Override
    public void shutdownOutput() throws IOException {
        synchronized (stateLock) {
            int s = state;
            if ((s & CLOSED) != 0) {
                throw new SocketException("Socket is closed");
            }
            if ((s & CONNECTED) == 0) {
                throw new SocketException("Socket is not connected");
            }
            if ((s & SHUT_OUT) != 0) {
                throw new SocketException("Socket output is already shutdown");
            }
            try {
                conn.closeWrite();
            } catch (IOException e) {
                throw JdkErrors.ioError(e);
            }
            state |= SHUT_OUT;
        }
    }

    /**
     * Closes the socket; a read, write or connect in progress fails at once with
     * "Socket closed". A second close does nothing.
     *
     * <p>netdial's own: the JDK's {@code Socket.close} over Go's {@code (*conn).Close} and a
     * cancelled dial context.
     */
    @Override
    public void close() throws IOException {
        Context ctx;
        TCPConn c;
        synchronized (stateLock) {
            if ((state & CLOSED) != 0) {
                return;
            }
            state |= CLOSED;
            ctx = dialCtx;
            c = conn;
        }
        if (ctx != null) {
            ctx.cancel();
        }
        if (c != null) {
            c.close();
        }
    }

    // ---- options ----

    /** The options {@link #setOption}/{@link #getOption} take (see the class comment). */
    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return SockOpts.SUPPORTED;
    }

    /**
     * Sets {@code name}: on the socket when connected, else kept for the dial.
     *
     * <p>netdial's own: the JDK's {@code Socket.setOption} rules.
     */
    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        Objects.requireNonNull(name);
        Object v = SockOpts.check(name, value);
        TCPConn c;
        synchronized (stateLock) {
            if (isClosed()) {
                throw new SocketException("Socket is closed");
            }
            c = conn;
            if (c == null) {
                pending.put(name, v);
                return this;
            }
        }
        try {
            SockOpts.set(c.syscallConn(), ipv6(c), name, v);
        } catch (IOException e) {
            throw isClosed() ? new SocketException("Socket is closed") : JdkErrors.ioError(e);
        }
        return this;
    }

    /**
     * Reads {@code name} from the socket when connected; before, the value set, else a fresh
     * socket's.
     *
     * <p>netdial's own: the JDK's {@code Socket.getOption} rules.
     */
    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        Objects.requireNonNull(name);
        if (!SockOpts.SUPPORTED.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        TCPConn c;
        Object v;
        synchronized (stateLock) {
            if (isClosed()) {
                throw new SocketException("Socket is closed");
            }
            c = conn;
            v = pending.get(name);
        }
        try {
            if (c == null) {
                return name.type().cast(v != null ? v : SockOpts.getFresh(name));
            }
            return name.type().cast(SockOpts.get(c.syscallConn(), ipv6(c), name));
        } catch (IOException e) {
            throw isClosed() ? new SocketException("Socket is closed") : JdkErrors.ioError(e);
        }
    }

    /** An option call of the JDK's int-valued setters: the same checks, as a SocketException. */
    private <T> void setChecked(SocketOption<T> name, T value) throws SocketException {
        try {
            setOption(name, value);
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw JdkErrors.closedOr(e);
        }
    }

    private <T> T getChecked(SocketOption<T> name) throws SocketException {
        try {
            return getOption(name);
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw JdkErrors.closedOr(e);
        }
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        setChecked(StandardSocketOptions.TCP_NODELAY, on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return getChecked(StandardSocketOptions.TCP_NODELAY);
    }

    /**
     * SO_LINGER: off, or on for {@code linger} seconds (clamped to 65535).
     *
     * <p>netdial's own: the JDK's {@code Socket.setSoLinger} rules.
     */
    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        if (on && linger < 0) {
            throw new IllegalArgumentException("invalid value for SO_LINGER");
        }
        setChecked(StandardSocketOptions.SO_LINGER, on ? Math.min(linger, 65535) : -1);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return getChecked(StandardSocketOptions.SO_LINGER);
    }

    /**
     * Sends the low byte of {@code data} as TCP urgent data ({@code send(2)} with
     * {@code MSG_OOB}), as the JDK's socket does; a peer with SO_OOBINLINE reads it in line.
     *
     * <p>netdial's own: the JDK's {@code NioSocketImpl.sendUrgentData}; Go has no urgent data.
     */
    @Override
    public void sendUrgentData(int data) throws IOException {
        if (isClosed()) {
            throw JdkErrors.closed(null);
        }
        TCPConn c = conn;
        if (c == null) {
            throw new SocketException("Not connected");
        }
        try {
            SockOpts.sendUrgent(c.syscallConn(), data);
        } catch (OpError e) {
            throw ioFailure(e);
        } catch (IOException e) {
            throw ioFailure(new OpError("write", "tcp", c.localAddr(), c.remoteAddr(), e));
        }
    }

    /**
     * SO_OOBINLINE on the connected socket (before connect: {@link SocketException}, as there is
     * no socket yet to set it on).
     *
     * <p>netdial's own: the JDK's {@code Socket.setOOBInline}.
     */
    @Override
    public void setOOBInline(boolean on) throws SocketException {
        TCPConn c = connectedForOob();
        try {
            SockOpts.setOobInline(c.syscallConn(), on);
        } catch (IOException e) {
            throw JdkErrors.closedOr(e);
        }
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        TCPConn c = connectedForOob();
        try {
            return SockOpts.getOobInline(c.syscallConn());
        } catch (IOException e) {
            throw JdkErrors.closedOr(e);
        }
    }

    private TCPConn connectedForOob() throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        TCPConn c = conn;
        if (c == null) {
            throw new SocketException("Socket is not connected");
        }
        return c;
    }

    /**
     * The read timeout in ms (0: none), applied to each read as a read deadline.
     *
     * <p>netdial's own: the JDK's {@code Socket.setSoTimeout} rules.
     */
    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout can't be negative");
        }
        soTimeout = timeout;
    }

    @Override
    public int getSoTimeout() throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        return soTimeout;
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("negative send size");
        }
        setChecked(StandardSocketOptions.SO_SNDBUF, size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return getChecked(StandardSocketOptions.SO_SNDBUF);
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("invalid receive size");
        }
        setChecked(StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return getChecked(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        setChecked(StandardSocketOptions.SO_KEEPALIVE, on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return getChecked(StandardSocketOptions.SO_KEEPALIVE);
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        if (tc < 0 || tc > 255) {
            throw new IllegalArgumentException("tc is not in range 0 -- 255");
        }
        setChecked(StandardSocketOptions.IP_TOS, tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return getChecked(StandardSocketOptions.IP_TOS);
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        setChecked(StandardSocketOptions.SO_REUSEADDR, on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return getChecked(StandardSocketOptions.SO_REUSEADDR);
    }

    /** Does nothing, as the JDK's {@code Socket} ("not implemented yet" there too). */
    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        // The JDK's Socket ignores these as well.
    }
}
