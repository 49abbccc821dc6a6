package dev.netdial.resolver;

import dev.netdial.resolver.internal.Lookup;
import dev.netdial.api.Conn;
import dev.netdial.api.Context;
import dev.netdial.api.DNSError;
import dev.netdial.api.internal.Durations;
import dev.netdial.api.Errors;
import dev.netdial.api.NetException;
import dev.netdial.api.OpError;
import dev.netdial.api.internal.NetErrors;
import dev.netdial.resolver.message.Builder;
import dev.netdial.resolver.message.DnsClass;
import dev.netdial.resolver.message.DnsMessageException;
import dev.netdial.resolver.message.Header;
import dev.netdial.resolver.message.Name;
import dev.netdial.resolver.message.OPTResource;
import dev.netdial.resolver.message.Parser;
import dev.netdial.resolver.message.Question;
import dev.netdial.resolver.message.RCode;
import dev.netdial.resolver.message.ResourceHeader;
import dev.netdial.resolver.message.Type;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Go's own DNS stub resolver: builds queries, sends them over a fresh UDP socket per exchange
 * (TCP when truncated or configured), checks every reply against the question, walks the
 * servers and search names of a {@link DnsConfig}, and reads A, AAAA, CNAME, PTR, SRV, MX, NS
 * and TXT answers. It keeps no cache.
 *
 * <p>Go: {@code src/net/dnsclient_unix.go}; {@code src/net/lookup.go} {@code goLookupSRV},
 * {@code goLookupMX}, {@code goLookupNS}, {@code goLookupTXT}.
 *
 * <p>Differs: a context that ends stops a read at once (Go only stops at the per-attempt
 * deadline); the EDNS0 option cannot be switched off (Go's {@code GODEBUG=netedns0=0}).
 */
final class DnsClientUnix {

    /** Go: {@code useTCPOnly}. */
    static final boolean USE_TCP_ONLY = true;
    /** Go: {@code useUDPOrTCP}. */
    static final boolean USE_UDP_OR_TCP = false;
    /** Go: {@code maxDNSPacketSize}, the EDNS0 payload size advertised and the UDP buffer size. */
    static final int MAX_DNS_PACKET_SIZE = 1232;

    /** Go's text of {@code errLameReferral}. */
    static final String ERR_LAME_REFERRAL = "lame referral";
    /** Go's text of {@code errCannotUnmarshalDNSMessage}. */
    static final String ERR_CANNOT_UNMARSHAL = "cannot unmarshal DNS message";
    /** Go's text of {@code errCannotMarshalDNSMessage}. */
    static final String ERR_CANNOT_MARSHAL = "cannot marshal DNS message";
    /** Go's text of {@code errServerMisbehaving} (and {@code errServerTemporarilyMisbehaving}). */
    static final String ERR_SERVER_MISBEHAVING = "server misbehaving";
    /** Go's text of {@code errInvalidDNSResponse}. */
    static final String ERR_INVALID_DNS_RESPONSE = "invalid DNS response";
    /** Go's text of {@code errNoAnswerFromDNSServer}. */
    static final String ERR_NO_ANSWER = "no answer from DNS server";

    /**
     * Go's {@code errNoSuchHost}: a not-found error; {@link #newDNSError} turns it into a
     * {@link DNSError} with {@code isNotFound}.
     */
    static final class NotFoundError extends NetException {
        private static final long serialVersionUID = 1L;

        NotFoundError() {
            super(LookupErrors.NO_SUCH_HOST);
        }
    }

    /** Go: {@code temporaryError}, here for {@code errServerTemporarilyMisbehaving}. */
    static final class TemporaryError extends NetException {
        private static final long serialVersionUID = 1L;

        TemporaryError(String s) {
            super(s);
        }

        @Override
        public boolean temporary() {
            return true;
        }
    }

    /** A query: its ID and its bytes for UDP and for TCP (with the 2-byte length in front). */
    record Request(int id, byte[] udpReq, byte[] tcpReq) {
    }

    /** A checked reply: the whole message, a parser past its question, and its header. */
    record Response(byte[] msg, Parser p, Header h) {
    }

    /** A reply positioned at its first answer of the type asked for, and the server that sent it. */
    record Answer(Parser p, String server) {
    }

    /** Addresses and canonical name ({@code null} when none) of a host lookup. */
    record IPCNAME(List<InetAddress> addrs, Name cname) {
    }

    /** Records that passed validation, and the error Go returns beside them ({@code null} if none). */
    record Filtered<T>(List<T> records, DNSError err) {
    }

    private final DialFunc dial;
    /** Whether {@link #dial} is the caller's (it then gets a context with each attempt's deadline). */
    private final boolean customDial;
    private final boolean strictErrors;
    private final SecureRandom random;
    private final Supplier<HostsFile> hosts;

    /**
     * A client dialing through {@code dial} ({@code null}: a fresh socket of its own per
     * exchange), reading the hosts table from {@code hosts}, taking IDs from {@code random}.
     *
     * <p>Go: {@code src/net/lookup.go} {@code Resolver} (its {@code Dial} and
     * {@code StrictErrors} fields).
     */
    DnsClientUnix(DialFunc dial, boolean strictErrors, SecureRandom random, Supplier<HostsFile> hosts) {
        this.dial = dial != null ? dial : DnsConn::dial;
        this.customDial = dial != null;
        this.strictErrors = strictErrors;
        this.random = Objects.requireNonNull(random, "random");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
    }

    /**
     * A query for {@code q} with a random ID, recursion desired, AD only when asked, and an
     * EDNS0 OPT record advertising {@value #MAX_DNS_PACKET_SIZE} bytes.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code newRequest}.
     */
    Request newRequest(Question q, boolean ad) throws DnsMessageException {
        int id = random.nextInt(0x10000);
        Header h = new Header(id, false, 0, false, false, true, false, ad, false, RCode.SUCCESS);
        Builder b = new Builder(new byte[2], h);
        b.startQuestions();
        b.question(q);
        b.startAdditionals();
        ResourceHeader rh = new ResourceHeader(Name.ROOT, Type.OPT, DnsClass.INET, 0)
                .setEDNS0(MAX_DNS_PACKET_SIZE, RCode.SUCCESS, false);
        b.optResource(rh, new OPTResource());
        byte[] tcpReq = b.finish();
        int l = tcpReq.length - 2;
        tcpReq[0] = (byte) (l >> 8);
        tcpReq[1] = (byte) l;
        byte[] udpReq = java.util.Arrays.copyOfRange(tcpReq, 2, tcpReq.length);
        return new Request(id, udpReq, tcpReq);
    }

    /**
     * Whether a reply answers the query: QR set, same ID, and the same question (type, class,
     * name ignoring ASCII case).
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code checkResponse}.
     */
    static boolean checkResponse(int reqID, Question reqQues, Header respHdr, Question respQues) {
        if (!respHdr.response()) {
            return false;
        }
        if (reqID != respHdr.id()) {
            return false;
        }
        return reqQues.type().equals(respQues.type()) && reqQues.dnsClass().equals(respQues.dnsClass())
                && DnsClient.equalASCIIName(reqQues.name(), respQues.name());
    }

    /**
     * Reads datagrams until one answers the query (its ID and question); anything else
     * (unparsable, wrong ID, wrong question, not a response) may be a forgery and is dropped
     * silently until the connection's deadline.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code dnsPacketRoundTrip}.
     * <p>Differs: the query's write is in {@link #send}, so that several queries can be in flight
     * before any reply is read.
     */
    private static Response readPacketReply(Conn c, int id, Question query) throws IOException {
        byte[] buf = new byte[MAX_DNS_PACKET_SIZE];
        for (;;) {
            int n = c.read(buf, 0, buf.length);
            Response r = packetReply(buf, n, id, query);
            if (r != null) {
                return r;
            }
        }
    }

    /**
     * The datagram of {@code n} bytes in {@code buf} as the reply to the query, or null to drop it.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code dnsPacketRoundTrip} (the checks of one datagram: {@code checkResponse}).
     */
    private static Response packetReply(byte[] buf, int n, int id, Question query) {
        byte[] msg = java.util.Arrays.copyOf(buf, Math.max(n, 0));
        Parser p = new Parser();
        Header h;
        Question q;
        try {
            h = p.start(msg);
            q = p.question();
        } catch (DnsMessageException e) {
            return null;
        }
        if (q == null || !checkResponse(id, query, h, q)) {
            return null;
        }
        return new Response(msg, p, h);
    }

    /**
     * Reads one length-prefixed reply (at most 65535 bytes); a reply that does not parse or does
     * not answer the query is an error here.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code dnsStreamRoundTrip}.
     * <p>Differs: the query's write (with its length prefix) is in {@link #send}.
     */
    private static Response readStreamReply(Conn c, int id, Question query) throws IOException {
        byte[] lb = new byte[2];
        readFull(c, lb, 2);
        int l = (lb[0] & 0xFF) << 8 | (lb[1] & 0xFF);
        byte[] msg = new byte[l];
        readFull(c, msg, l);
        Parser p = new Parser();
        Header h;
        Question q;
        try {
            h = p.start(msg);
            q = p.question();
        } catch (DnsMessageException e) {
            throw new NetException(ERR_CANNOT_UNMARSHAL);
        }
        if (q == null) {
            throw new NetException(ERR_CANNOT_UNMARSHAL);
        }
        if (!checkResponse(id, query, h, q)) {
            throw new NetException(ERR_INVALID_DNS_RESPONSE);
        }
        return new Response(msg, p, h);
    }

    /**
     * Reads exactly {@code n} bytes: "EOF" when nothing came, "unexpected EOF" when part did.
     *
     * <p>Go: {@code src/io/io.go} {@code ReadFull}.
     */
    private static void readFull(Conn c, byte[] b, int n) throws IOException {
        int off = 0;
        while (off < n) {
            int r = c.read(b, off, n - off);
            if (r < 0) {
                throw new NetException(off == 0 ? "EOF" : "unexpected EOF");
            }
            off += r;
        }
    }

    /**
     * Sends {@code q} (class IN) to {@code server}: over UDP, then over TCP when the UDP reply
     * is truncated; over TCP only when {@code useTCP}. Each transport gets a new deadline
     * {@code timeout} from now (or the context's, if sooner). A truncated TCP reply is used.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).exchange}.
     *
     * <p>Differs: the built-in UDP dial gets the caller's context, not one with the attempt's
     * deadline (which the socket's deadline enforces): a deadline context starts a timer thread.
     */
    Response exchange(Context ctx, String server, Question q, Duration timeout, boolean useTCP, boolean ad)
            throws IOException {
        q = new Question(q.name(), q.type(), DnsClass.INET);
        Request req = request(q, ad); // a query that cannot be built is no exchange: no event
        return exchange(ctx, server, q, req, timeout, useTCP, null, LookupEvent.start());
    }

    /**
     * {@link #exchange(Context, String, Question, Duration, boolean, boolean)} from its request
     * on; {@code sent} is its UDP round trip already under way (see {@link #sendUDP}), or null;
     * {@code ev} its {@code netdial.Lookup} event, begun before the query went out (null: not
     * recording), ended here with the reply's rcode or the error.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).exchange}.
     */
    private Response exchange(Context ctx, String server, Question q, Request req, Duration timeout,
            boolean useTCP, Flight sent, LookupEvent ev) throws IOException {
        if (ev == null) {
            return exchangeTransports(ctx, server, q, req, timeout, useTCP, sent);
        }
        Response resp = null;
        IOException err = null;
        try {
            resp = exchangeTransports(ctx, server, q, req, timeout, useTCP, sent);
            return resp;
        } catch (IOException e) {
            err = e;
            throw e;
        } finally {
            String rcode = resp == null ? null : extractExtendedRCode(resp.msg(), resp.h()).rcode().toString();
            LookupEvent.finish(ev, q.name().toString(), q.type(), server, rcode, err);
        }
    }

    /**
     * {@link #exchange(Context, String, Question, Request, Duration, boolean, Flight, LookupEvent)}'s
     * transports: UDP, then TCP when the UDP reply is truncated (TCP only when {@code useTCP}).
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).exchange} (its loop over the networks).
     */
    private Response exchangeTransports(Context ctx, String server, Question q, Request req, Duration timeout,
            boolean useTCP, Flight sent) throws IOException {
        List<String> networks = useTCP ? List.of("tcp") : List.of("udp", "tcp");
        try (sent) { // an unread flight is closed whatever happens
            for (String network : networks) {
                Response resp;
                if (sent != null && network.equals("udp")) {
                    resp = sent.receive();
                } else {
                    Instant deadline = deadline(ctx, timeout);
                    // Go hands each transport a context with this deadline. The built-in UDP dial
                    // never waits and the socket's deadline bounds the round trip, so it goes without
                    // one (a deadline context costs a timer thread per query); TCP and a caller's
                    // dial get it.
                    boolean deadlineCtx = customDial || !network.equals("udp");
                    Context actx = deadlineCtx ? ctx.withDeadline(deadline) : ctx;
                    try {
                        resp = send(actx, deadline, network, server, req, q).receive();
                    } finally {
                        if (deadlineCtx) {
                            actx.cancel();
                        }
                    }
                }
                try {
                    if (resp.p().skipQuestion()) {
                        throw new NetException(ERR_INVALID_DNS_RESPONSE);
                    }
                } catch (DnsMessageException e) {
                    throw new NetException(ERR_INVALID_DNS_RESPONSE);
                }
                if (resp.h().truncated() && network.equals("udp")) {
                    continue;
                }
                return resp;
            }
            throw new NetException(ERR_NO_ANSWER);
        }
    }

    /** {@link #newRequest}, its failure as Go's "cannot marshal DNS message". */
    private Request request(Question q, boolean ad) throws NetException {
        try {
            return newRequest(q, ad);
        } catch (DnsMessageException e) {
            throw new NetException(ERR_CANNOT_MARSHAL);
        }
    }

    /** {@code timeout} from now, or the context's deadline if sooner. */
    private static Instant deadline(Context ctx, Duration timeout) {
        Instant deadline = Durations.plusSaturated(Instant.now(), timeout);
        Instant parent = ctx.deadline().orElse(null);
        return parent != null && parent.isBefore(deadline) ? parent : deadline;
    }

    /**
     * Starts the UDP round trip of an exchange of {@code q} (class IN) with {@code server}: its
     * socket is dialed and its query written, under a deadline {@code timeout} from now. Only
     * for the built-in dial, which never waits.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).exchange} (its UDP transport,
     * up to the write).
     */
    private Flight sendUDP(Context ctx, String server, Question q, Duration timeout, boolean ad) throws IOException {
        q = new Question(q.name(), q.type(), DnsClass.INET);
        return send(ctx, deadline(ctx, timeout), "udp", server, request(q, ad), q);
    }

    /**
     * Dials, sets the deadline, arranges for a context that ends to expire it at once, and
     * writes the query; {@link Flight#receive()} reads the reply and closes.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).exchange} (its loop body up to
     * the round trip), with the write of {@code dnsPacketRoundTrip} or {@code dnsStreamRoundTrip}.
     */
    private Flight send(Context ctx, Instant deadline, String network, String server, Request req, Question q)
            throws IOException {
        Conn c;
        try {
            c = dial.dial(ctx, network, server);
        } catch (IOException e) {
            throw NetErrors.mapErr(e);
        }
        BooleanSupplier stop = null;
        boolean sent = false;
        try {
            c.setDeadline(deadline);
            stop = ctx.afterFunc(() -> {
                try {
                    c.setDeadline(Instant.EPOCH);
                } catch (IOException ignored) {
                    // closed already: the round trip is over
                }
            });
            byte[] b = network.equals("udp") ? req.udpReq() : req.tcpReq();
            try {
                c.write(b, 0, b.length);
            } catch (IOException e) {
                throw NetErrors.mapErr(e);
            }
            sent = true;
            return new Flight(ctx, network, c, stop, req, q);
        } finally {
            if (!sent) {
                Flight.abandon(c, stop);
            }
        }
    }

    /**
     * A round trip whose query is written: {@link #receive()} reads the reply and closes the
     * connection, {@link #close()} abandons it. Splitting the round trip here lets one thread
     * have the queries of several types in flight at once.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).exchange} (from the round
     * trip's read to {@code c.Close()}).
     */
    private static final class Flight implements AutoCloseable {
        private final Context ctx;
        private final String network;
        private final Conn c;
        private final BooleanSupplier stop;
        private final Request req;
        private final Question q;
        private boolean closed;

        Flight(Context ctx, String network, Conn c, BooleanSupplier stop, Request req, Question q) {
            this.ctx = ctx;
            this.network = network;
            this.c = c;
            this.stop = stop;
            this.req = req;
            this.q = q;
        }

        /**
         * Reads the reply (over UDP: the first datagram that answers the query) and closes. A
         * UDP read that times out still takes a reply already in the socket (see {@link
         * #arrivedReply}); the usual path pays nothing for that.
         *
         * <p>Go: {@code src/net/dnsclient_unix.go} {@code dnsPacketRoundTrip} / {@code dnsStreamRoundTrip}, their read halves.
         */
        Response receive() throws IOException {
            try {
                if (network.equals("udp")) {
                    try {
                        return readPacketReply(c, req.id(), q);
                    } catch (IOException e) {
                        Response r = Errors.isTimeout(e) ? arrivedReply() : null;
                        if (r == null) {
                            throw e;
                        }
                        return r;
                    }
                }
                return readStreamReply(c, req.id(), q);
            } catch (IOException e) {
                throw NetErrors.mapErr(e);
            } finally {
                close();
            }
        }

        /**
         * After the read timed out, the reply that already sits in the socket, or null. The
         * deadline can pass while this thread reads another type's reply ({@link
         * #firstExchanges}), and the read then fails before it looks; each type is judged by its
         * own deadline and what has arrived, as Go's goroutine per type would have read it in
         * time. Nothing when the context was cancelled or the conn is the caller's.
         *
         * <p>Go: {@code src/net/dnsclient_unix.go} {@code dnsPacketRoundTrip} (its read loop).
         */
        private Response arrivedReply() throws IOException {
            if (!(c instanceof DnsConn d) || ctx.err() instanceof dev.netdial.api.ContextCanceledError) {
                return null;
            }
            byte[] buf = new byte[MAX_DNS_PACKET_SIZE];
            for (;;) {
                int n = d.readReady(buf, 0, buf.length);
                if (n == dev.netdial.posix.internal.PollFD.NOT_READY) {
                    return null; // nothing came in time: the read reports the deadline
                }
                Response r = packetReply(buf, n, req.id(), q);
                if (r != null) {
                    return r;
                }
            }
        }

        /** Closes the connection (once) without reading; Go ignores the close's error too. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                abandon(c, stop);
            }
        }

        static void abandon(Conn c, BooleanSupplier stop) {
            if (stop != null) {
                stop.getAsBoolean();
            }
            try {
                c.close();
            } catch (IOException ignored) {
                // the round trip is over either way
            }
        }
    }

    /**
     * Checks a reply's rcode and shape: NXDOMAIN is "no such host"; an empty, non-authoritative,
     * non-recursive success without additionals is a lame referral; SERVFAIL is a temporary
     * "server misbehaving", any other rcode a permanent one. The rcode includes the EDNS0
     * extension bits. {@code null} when the reply is fine.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code checkHeader}.
     */
    static NetException checkHeader(Response r) {
        RCodeAndAdditional ext = extractExtendedRCode(r.msg(), r.h());
        RCode rcode = ext.rcode();
        if (rcode.equals(RCode.NAME_ERROR)) {
            return new NotFoundError();
        }
        boolean done;
        try {
            done = r.p().answerHeader() == null;
        } catch (DnsMessageException e) {
            return new NetException(ERR_CANNOT_UNMARSHAL);
        }
        Header h = r.h();
        if (rcode.equals(RCode.SUCCESS) && !h.authoritative() && !h.recursionAvailable() && done && !ext.hasAdd()) {
            return new NetException(ERR_LAME_REFERRAL);
        }
        if (!rcode.equals(RCode.SUCCESS) && !rcode.equals(RCode.NAME_ERROR)) {
            if (rcode.equals(RCode.SERVER_FAILURE)) {
                return new TemporaryError(ERR_SERVER_MISBEHAVING);
            }
            return new NetException(ERR_SERVER_MISBEHAVING);
        }
        return null;
    }

    /**
     * Moves the parser to the first answer of type {@code qtype}; no such answer is "no such
     * host". {@code null} when found.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code skipToAnswer}.
     */
    static NetException skipToAnswer(Parser p, Type qtype) {
        for (;;) {
            ResourceHeader h;
            try {
                h = p.answerHeader();
            } catch (DnsMessageException e) {
                return new NetException(ERR_CANNOT_UNMARSHAL);
            }
            if (h == null) {
                return new NotFoundError();
            }
            if (h.type().equals(qtype)) {
                return null;
            }
            try {
                p.skipAnswer();
            } catch (DnsMessageException e) {
                return new NetException(ERR_CANNOT_UNMARSHAL);
            }
        }
    }

    /** The rcode with its EDNS0 extension, and whether the reply had any additional record. */
    record RCodeAndAdditional(RCode rcode, boolean hasAdd) {
    }

    /**
     * The rcode extended by the OPT record's upper bits when there is one (else the header's),
     * and whether any additional record was found. Reads its own parser over the message.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code extractExtendedRCode} (which copies the
     * parser).
     */
    static RCodeAndAdditional extractExtendedRCode(byte[] msg, Header hdr) {
        Parser p = new Parser();
        try {
            p.start(msg);
            p.skipAllQuestions();
        } catch (DnsMessageException e) {
            return new RCodeAndAdditional(hdr.rCode(), false);
        }
        try {
            p.skipAllAnswers();
        } catch (DnsMessageException ignored) {
            // as Go: the additional section then fails to parse below
        }
        try {
            p.skipAllAuthorities();
        } catch (DnsMessageException ignored) {
            // likewise
        }
        boolean hasAdd = false;
        for (;;) {
            ResourceHeader ahdr;
            try {
                ahdr = p.additionalHeader();
            } catch (DnsMessageException e) {
                return new RCodeAndAdditional(hdr.rCode(), hasAdd);
            }
            if (ahdr == null) {
                return new RCodeAndAdditional(hdr.rCode(), hasAdd);
            }
            hasAdd = true;
            if (ahdr.type().equals(Type.OPT)) {
                return new RCodeAndAdditional(ahdr.extendedRCode(hdr.rCode()), hasAdd);
            }
            try {
                p.skipAdditional();
            } catch (DnsMessageException e) {
                return new RCodeAndAdditional(hdr.rCode(), hasAdd);
            }
        }
    }

    /**
     * A {@link DNSError} for {@code err}: "no such host" (not found) for {@link NotFoundError},
     * else its text and flags.
     *
     * <p>Go: {@code src/net/net.go} {@code newDNSError}.
     */
    static DNSError newDNSError(NetException err, String name, String server) {
        if (err instanceof NotFoundError) {
            return LookupErrors.noSuchHost(name, server);
        }
        return LookupErrors.newDNSError(err, name, server);
    }

    /** The same error naming {@code name} instead (Go assigns {@code err.Name = name}). */
    static DNSError withName(DNSError e, String name) {
        return new DNSError(e.getCause(), e.err(), name, e.server(), e.isTimeout(), e.isTemporary(), e.isNotFound());
    }

    /** The same error marked temporary (Go assigns {@code dnsErr.IsTemporary = true}). */
    private static DNSError temporary(DNSError e) {
        return new DNSError(e.getCause(), e.err(), e.name(), e.server(), e.isTimeout(), true, e.isNotFound());
    }

    /**
     * Asks the servers about one rooted name: {@code attempts} rounds over the servers, starting
     * at the rotation offset, each exchange with its own timeout. NXDOMAIN (or no answer of the
     * type) ends the search at once; other failures go on to the next server, and the last one
     * is thrown.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).tryOneName}.
     */
    Answer tryOneName(Context ctx, DnsConfig cfg, String name, Type qtype) throws DNSError {
        return new NameQuery(cfg, name, qtype).run(ctx);
    }

    /**
     * The state of {@link #tryOneName}'s loop, so that a query can go on after an exchange made
     * elsewhere (see {@link #firstExchanges}): the question, the rotation offset, how many
     * exchanges of the {@code attempts × servers} have been made, and the last error.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).tryOneName} (its locals).
     * <p>Differs: Go's two loops (attempts, then servers) are one count here, which can resume.
     */
    private final class NameQuery {
        final DnsConfig cfg;
        final String name;
        final Type qtype;
        final Question q;
        private final int serverOffset;
        private int made;
        private DNSError lastErr;

        /**
         * Starts the query of {@code name} for {@code qtype}; fails at once for a name too long to ask.
         *
         * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).tryOneName} (its locals, made fields so the loop can resume).
         */
        NameQuery(DnsConfig cfg, String name, Type qtype) throws DNSError {
            this.cfg = cfg;
            this.name = name;
            this.qtype = qtype;
            this.serverOffset = cfg.serverOffset();
            Name n;
            try {
                n = Name.of(name);
            } catch (DnsMessageException e) {
                throw new DNSError(ERR_CANNOT_MARSHAL, name, "", false, false, false);
            }
            this.q = new Question(n, qtype, DnsClass.INET);
        }

        /** Whether another exchange is due. */
        boolean more() {
            return made < cfg.attempts() * cfg.servers().size();
        }

        /** The server of the next exchange, counted as made: attempt {@code made / n}, server {@code made % n}. */
        String takeServer() {
            List<String> servers = cfg.servers();
            int sLen = servers.size();
            return servers.get(Integer.remainderUnsigned(serverOffset + made++ % sLen, sLen));
        }

        /**
         * Go's loop: the exchanges left, until one gives the answer or a final error.
         *
         * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).tryOneName} (its attempts × servers loop).
         */
        Answer run(Context ctx) throws DNSError {
            while (more()) {
                String server = takeServer();
                Response r = null;
                IOException err = null;
                try {
                    r = exchange(ctx, server, q, cfg.timeout(), cfg.useTCP(), cfg.trustAD());
                } catch (IOException e) {
                    err = e;
                }
                Answer a = handle(server, r, err);
                if (a != null) {
                    return a;
                }
            }
            if (lastErr == null) {
                // Go returns a nil error here only when there are no servers or no attempts,
                // which dnsReadConfig never produces.
                throw new DNSError(ERR_NO_ANSWER, name, "", false, false, false);
            }
            throw lastErr;
        }

        /**
         * The loop's body after an exchange with {@code server} gave {@code r} or failed with
         * {@code err}: the answer, a final error (thrown), or null after noting the error to go on.
         *
         * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).tryOneName}, the body of its loop after {@code r.exchange}.
         */
        Answer handle(String server, Response r, IOException err) throws DNSError {
            if (err instanceof NetException e) {
                DNSError dnsErr = newDNSError(e, name, server);
                if (e instanceof OpError) {
                    dnsErr = temporary(dnsErr);
                }
                lastErr = dnsErr;
                return null;
            }
            if (err != null) {
                lastErr = newDNSError(NetErrors.mapErr(err), name, server);
                return null;
            }
            NetException e = checkHeader(r);
            if (e == null) {
                e = skipToAnswer(r.p(), qtype);
            }
            if (e != null) {
                if (e instanceof NotFoundError) {
                    throw newDNSError(e, name, server);
                }
                lastErr = newDNSError(e, name, server);
                return null;
            }
            return new Answer(r.p(), server);
        }
    }

    /**
     * Looks {@code name} up for {@code qtype} trying each candidate of the search list; with
     * strict errors a temporary failure stops the search. The error names {@code name} as
     * given. A name that is not a valid domain name is "no such host" without any query.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).lookup}.
     */
    Answer lookup(Context ctx, String name, Type qtype, DnsConfig conf) throws DNSError {
        if (!DnsClient.isDomainName(name)) {
            throw LookupErrors.noSuchHost(name, "");
        }
        DNSError err = null;
        for (String fqdn : conf.nameList(name)) {
            try {
                return tryOneName(ctx, conf, fqdn, qtype);
            } catch (DNSError e) {
                err = e;
                if (e.temporary() && strictErrors) {
                    break;
                }
            }
        }
        if (err == null) {
            // Go: every candidate was avoided (".onion"): no error and an empty parser, which
            // its callers read as no records.
            return null;
        }
        throw withName(err, name);
    }

    /**
     * The hosts-file addresses of {@code name} and its canonical name there.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code goLookupIPFiles}.
     */
    IPCNAME goLookupIPFiles(String name) {
        HostsFile h = hosts.get();
        List<InetAddress> addrs = new ArrayList<>();
        for (String a : h.lookupHost(name)) {
            InetAddress ip = IPAddrs.parseIPZone(a);
            if (ip != null) {
                addrs.add(ip);
            }
        }
        String canonical = addrs.isEmpty() ? null : h.canonicalName(name);
        Name cname = null;
        if (canonical != null && !canonical.isEmpty()) {
            cname = Name.mustOf(canonical.endsWith(".") ? canonical : canonical + ".");
        }
        return new IPCNAME(addrs, cname);
    }

    /**
     * Host addresses as text, hosts file first when the order says so.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).goLookupHostOrder}.
     */
    List<String> goLookupHostOrder(Context ctx, String name, HostLookupOrder order, DnsConfig conf)
            throws DNSError {
        if (order == HostLookupOrder.FILES_DNS || order == HostLookupOrder.FILES) {
            List<String> addrs = hosts.get().lookupHost(name);
            if (!addrs.isEmpty()) {
                return addrs;
            }
            if (order == HostLookupOrder.FILES) {
                throw LookupErrors.noSuchHost(name, "");
            }
        }
        IPCNAME r = goLookupIPCNAMEOrder(ctx, "ip", name, order, conf);
        List<String> out = new ArrayList<>(r.addrs().size());
        for (InetAddress ip : r.addrs()) {
            out.add(IPAddrs.format(ip));
        }
        return out;
    }

    /**
     * {@link #goLookupIPCNAME}, its addresses sorted by RFC 6724.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).goLookupIPCNAMEOrder}.
     */
    IPCNAME goLookupIPCNAMEOrder(Context ctx, String network, String name, HostLookupOrder order, DnsConfig conf)
            throws DNSError {
        IPCNAME r = goLookupIPCNAME(ctx, network, name, order, conf);
        return new IPCNAME(AddressSelection.sortByRfc6724(r.addrs()), r.cname());
    }

    /** One query's outcome: the answer or its error. */
    private record Result(Answer answer, DNSError error) {
    }

    /**
     * The addresses and canonical name of {@code name}: the hosts file by the order, then A and
     * AAAA queries ("ip4"/"ip6" ask one of them; "CNAME" also asks for the CNAME) for each
     * search candidate until one gives addresses. The queries of one candidate are in flight
     * together unless {@code single-request} (see {@link #query}). With strict errors a temporary failure
     * discards everything.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).goLookupIPCNAME}.
     */
    IPCNAME goLookupIPCNAME(Context ctx, String network, String name, HostLookupOrder order, DnsConfig conf)
            throws DNSError {
        if (order == HostLookupOrder.FILES_DNS || order == HostLookupOrder.FILES) {
            IPCNAME files = goLookupIPFiles(name);
            if (!files.addrs().isEmpty()) {
                return files;
            }
            if (order == HostLookupOrder.FILES) {
                throw LookupErrors.noSuchHost(name, "");
            }
        }
        if (!DnsClient.isDomainName(name)) {
            throw LookupErrors.noSuchHost(name, "");
        }
        List<Type> qtypes = new ArrayList<>(List.of(Type.A, Type.AAAA));
        if (network.equals("CNAME")) {
            qtypes.add(Type.CNAME);
        }
        switch (Lookup.ipVersion(network)) {
            case '4' -> qtypes = List.of(Type.A);
            case '6' -> qtypes = List.of(Type.AAAA);
            default -> {
            }
        }
        List<InetAddress> addrs = new ArrayList<>();
        Name cname = null;
        DNSError lastErr = null;
        for (String fqdn : conf.nameList(name)) {
            List<Result> results = query(ctx, conf, fqdn, qtypes);
            boolean hitStrictError = false;
            for (Result result : results) {
                if (result.error() != null) {
                    if (result.error().temporary() && strictErrors) {
                        hitStrictError = true;
                        lastErr = result.error();
                    } else if (lastErr == null || fqdn.equals(name + ".")) {
                        lastErr = result.error();
                    }
                    continue;
                }
                Parser p = result.answer().p();
                String server = result.answer().server();
                try {
                    for (ResourceHeader h; (h = p.answerHeader()) != null; ) {
                        if (h.type().equals(Type.A)) {
                            addrs.add(p.aResource().address());
                            if (cname == null && h.name().length() != 0) {
                                cname = h.name();
                            }
                        } else if (h.type().equals(Type.AAAA)) {
                            addrs.add(p.aaaaResource().address());
                            if (cname == null && h.name().length() != 0) {
                                cname = h.name();
                            }
                        } else if (h.type().equals(Type.CNAME)) {
                            Name c = p.cnameResource().cname();
                            if (cname == null && c.length() > 0) {
                                cname = c;
                            }
                        } else {
                            p.skipAnswer();
                        }
                    }
                } catch (DnsMessageException e) {
                    lastErr = new DNSError(ERR_CANNOT_UNMARSHAL, name, server, false, false, false);
                }
            }
            if (hitStrictError) {
                addrs.clear();
                break;
            }
            if (!addrs.isEmpty() || network.equals("CNAME") && cname != null) {
                break;
            }
        }
        if (lastErr != null) {
            lastErr = withName(lastErr, name);
        }
        if (addrs.isEmpty() && !(network.equals("CNAME") && cname != null)) {
            if (order == HostLookupOrder.DNS_FILES) {
                IPCNAME files = goLookupIPFiles(name);
                if (!files.addrs().isEmpty()) {
                    return files;
                }
            }
            if (lastErr != null) {
                throw lastErr;
            }
        }
        return new IPCNAME(addrs, cname);
    }

    /**
     * Runs one {@link #tryOneName} per type: one after the other with {@code single-request},
     * else in parallel, collected in the order they finish.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code goLookupIPCNAME} ({@code queryFn},
     * {@code responseFn} and the {@code lane} channel).
     *
     * <p>Differs: Go starts a goroutine per type. Here, with the built-in UDP dial, this thread
     * first sends every type's first query and then reads their replies ({@link
     * #firstExchanges}); only the types that need another exchange go on in parallel, on virtual
     * threads, the last of them on this thread. A thread per type and its hand-offs cost more
     * than a local server's answer (docs/PERFORMANCE-LOG.md, "Lookup"). An interrupt of this thread
     * cancels them all (Java's interrupt has no Go counterpart).
     */
    private List<Result> query(Context ctx, DnsConfig conf, String fqdn, List<Type> qtypes) {
        List<Result> results = new ArrayList<>(qtypes.size());
        List<NameQuery> left = new ArrayList<>(qtypes.size());
        if (!conf.singleRequest() && !customDial && !conf.useTCP() && qtypes.size() > 1
                && !conf.servers().isEmpty() && conf.attempts() > 0) {
            left = firstExchanges(ctx, conf, fqdn, qtypes, results);
        } else {
            for (Type qtype : qtypes) {
                try {
                    left.add(new NameQuery(conf, fqdn, qtype));
                } catch (DNSError e) {
                    results.add(new Result(null, e));
                }
            }
        }
        if (conf.singleRequest() || left.size() < 2) {
            for (NameQuery nq : left) {
                results.add(run(ctx, nq));
            }
            return results;
        }
        BlockingQueue<Result> lane = new ArrayBlockingQueue<>(left.size());
        int last = left.size() - 1;
        // An interrupt of this thread cancels the queries on the other threads too.
        Context qctx = ctx.withCancel();
        try {
            for (int i = 0; i < last; i++) {
                NameQuery nq = left.get(i);
                Thread.ofVirtual().name("netdial-dns-" + nq.qtype).start(() -> lane.add(run(qctx, nq)));
            }
            // The last query runs on this thread, which would otherwise only wait for the others.
            lane.add(run(qctx, left.get(last)));
            boolean interrupted = false;
            int want = results.size() + left.size();
            while (results.size() < want) {
                try {
                    results.add(lane.take());
                } catch (InterruptedException e) {
                    interrupted = true; // the cancelled queries end promptly; wait for them
                    qctx.cancel();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return results;
        } finally {
            qctx.cancel();
        }
    }

    /**
     * The first exchange of every type, made together: each type's query is written to its own
     * socket (to the server its rotation offset names) before any reply is read, then the
     * replies are read here one type after the other, so all are in flight at once and no other
     * thread is involved. A type settled by its first exchange (an answer, or NXDOMAIN) goes to
     * {@code results}; the others are returned, to go on with their next server.
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code goLookupIPCNAME} (its {@code queryFn}
     * goroutines, each up to its first {@code exchange}).
     */
    private List<NameQuery> firstExchanges(Context ctx, DnsConfig conf, String fqdn, List<Type> qtypes,
            List<Result> results) {
        int k = qtypes.size();
        NameQuery[] nqs = new NameQuery[k];
        String[] servers = new String[k];
        Flight[] flights = new Flight[k];
        IOException[] sendErrs = new IOException[k];
        LookupEvent[] events = new LookupEvent[k];
        List<NameQuery> left = new ArrayList<>(k);
        try {
            for (int i = 0; i < k; i++) {
                try {
                    nqs[i] = new NameQuery(conf, fqdn, qtypes.get(i));
                } catch (DNSError e) {
                    results.add(new Result(null, e));
                    continue;
                }
                servers[i] = nqs[i].takeServer();
                events[i] = LookupEvent.start();
                try {
                    flights[i] = sendUDP(ctx, servers[i], nqs[i].q, conf.timeout(), conf.trustAD());
                } catch (IOException e) {
                    sendErrs[i] = e;
                    LookupEvent.finish(events[i], nqs[i].q.name().toString(), nqs[i].q.type(), servers[i], null, e);
                }
            }
            for (int i = 0; i < k; i++) {
                if (nqs[i] == null) {
                    continue;
                }
                Response r = null;
                IOException err = sendErrs[i];
                if (flights[i] != null) {
                    Flight f = flights[i];
                    flights[i] = null;
                    try {
                        r = exchange(ctx, servers[i], f.q, f.req, conf.timeout(), false, f, events[i]);
                    } catch (IOException e) {
                        err = e;
                    }
                }
                try {
                    Answer a = nqs[i].handle(servers[i], r, err);
                    if (a != null) {
                        results.add(new Result(a, null));
                    } else {
                        left.add(nqs[i]);
                    }
                } catch (DNSError e) {
                    results.add(new Result(null, e));
                }
            }
        } finally {
            for (Flight f : flights) {
                if (f != null) {
                    f.close();
                }
            }
        }
        return left;
    }

    /** The rest of {@code nq}'s exchanges; its answer or its error. */
    private static Result run(Context ctx, NameQuery nq) {
        try {
            return new Result(nq.run(ctx), null);
        } catch (DNSError e) {
            return new Result(null, e);
        }
    }

    /**
     * The canonical name of {@code host} ("" when none was found).
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).goLookupCNAME}.
     */
    String goLookupCNAME(Context ctx, String host, HostLookupOrder order, DnsConfig conf) throws DNSError {
        IPCNAME r = goLookupIPCNAMEOrder(ctx, "CNAME", host, order, conf);
        return r.cname() == null ? "" : r.cname().toString();
    }

    /**
     * The names of {@code addr}: the hosts file by the order, else PTR records of its reverse
     * name (with "dns,files", the hosts file again when DNS has none).
     *
     * <p>Go: {@code src/net/dnsclient_unix.go} {@code (*Resolver).goLookupPTR}.
     */
    List<String> goLookupPTR(Context ctx, String addr, HostLookupOrder order, DnsConfig conf) throws DNSError {
        if (order == HostLookupOrder.FILES || order == HostLookupOrder.FILES_DNS) {
            List<String> names = hosts.get().lookupAddr(addr);
            if (!names.isEmpty()) {
                return names;
            }
            if (order == HostLookupOrder.FILES) {
                throw LookupErrors.noSuchHost(addr, "");
            }
        }
        String arpa = DnsClient.reverseaddr(addr);
        Answer a;
        try {
            a = lookup(ctx, arpa, Type.PTR, conf);
        } catch (DNSError e) {
            if (e.isNotFound() && order == HostLookupOrder.DNS_FILES) {
                List<String> names = hosts.get().lookupAddr(addr);
                if (!names.isEmpty()) {
                    return names;
                }
            }
            throw e;
        }
        List<String> ptrs = new ArrayList<>();
        if (a == null) {
            return ptrs;
        }
        Parser p = a.p();
        try {
            for (ResourceHeader h; (h = p.answerHeader()) != null; ) {
                if (!h.type().equals(Type.PTR)) {
                    p.skipAnswer();
                    continue;
                }
                ptrs.add(p.ptrResource().ptr().toString());
            }
        } catch (DnsMessageException e) {
            throw new DNSError(ERR_CANNOT_UNMARSHAL, addr, a.server(), false, false, false);
        }
        return ptrs;
    }

    /** Reads one typed record body from the parser positioned after its header. */
    @FunctionalInterface
    private interface BodyReader<T> {
        T read(Parser p) throws DnsMessageException;
    }

    /**
     * The answers of type {@code qtype} in {@code a}, each read by {@code reader}; a malformed
     * reply is "cannot unmarshal DNS message" naming {@code name}. {@code cnameOut[0]} gets the
     * owner name of the first match.
     *
     * <p>Go: the answer loops of {@code src/net/lookup.go} {@code goLookupSRV}, {@code goLookupMX},
     * {@code goLookupNS}, {@code goLookupTXT}.
     */
    private static <T> List<T> answers(Answer a, Type qtype, String name, BodyReader<T> reader, Name[] cnameOut)
            throws DNSError {
        List<T> out = new ArrayList<>();
        if (a == null) {
            return out;
        }
        Parser p = a.p();
        try {
            for (ResourceHeader h; (h = p.answerHeader()) != null; ) {
                if (!h.type().equals(qtype)) {
                    p.skipAnswer();
                    continue;
                }
                if (cnameOut != null && cnameOut[0] == null && h.name().length() != 0) {
                    cnameOut[0] = h.name();
                }
                out.add(reader.read(p));
            }
        } catch (DnsMessageException e) {
            throw new DNSError(ERR_CANNOT_UNMARSHAL, name, a.server(), false, false, false);
        }
        return out;
    }

    /** SRV records and the owner name of the first ("" when none). */
    record SrvResult(String cname, List<SRV> srvs) {
    }

    /**
     * The SRV records of "_service._proto.name" (of {@code name} itself when both are empty),
     * ordered by priority and shuffled by weight.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).goLookupSRV}.
     */
    SrvResult goLookupSRV(Context ctx, String service, String proto, String name, DnsConfig conf) throws DNSError {
        String target = service.isEmpty() && proto.isEmpty() ? name : "_" + service + "._" + proto + "." + name;
        Answer a = lookup(ctx, target, Type.SRV, conf);
        Name[] cname = new Name[1];
        List<SRV> srvs = answers(a, Type.SRV, name, p -> {
            var srv = p.srvResource();
            return new SRV(srv.target().toString(), srv.port(), srv.priority(), srv.weight());
        }, cname);
        DnsClient.sortByPriorityWeight(srvs);
        return new SrvResult(cname[0] == null ? "" : cname[0].toString(), srvs);
    }

    /**
     * The MX records of {@code name}, by preference.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).goLookupMX}.
     */
    List<MX> goLookupMX(Context ctx, String name, DnsConfig conf) throws DNSError {
        Answer a = lookup(ctx, name, Type.MX, conf);
        List<MX> mxs = answers(a, Type.MX, name, p -> {
            var mx = p.mxResource();
            return new MX(mx.mx().toString(), mx.pref());
        }, null);
        DnsClient.sortByPref(mxs);
        return mxs;
    }

    /**
     * The NS records of {@code name}.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).goLookupNS}.
     */
    List<NS> goLookupNS(Context ctx, String name, DnsConfig conf) throws DNSError {
        Answer a = lookup(ctx, name, Type.NS, conf);
        return answers(a, Type.NS, name, p -> new NS(p.nsResource().ns().toString()), null);
    }

    /**
     * The TXT records of {@code name}, the strings of each record joined without separator.
     *
     * <p>Go: {@code src/net/lookup.go} {@code (*Resolver).goLookupTXT}.
     */
    List<String> goLookupTXT(Context ctx, String name, DnsConfig conf) throws DNSError {
        Answer a = lookup(ctx, name, Type.TXT, conf);
        return answers(a, Type.TXT, name, p -> String.join("", p.txtResource().txt()), null);
    }
}
