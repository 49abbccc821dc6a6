package dev.netdial.resolver.message;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of an EDNS(0) OPT pseudo record: its options (RFC 6891).
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code OPTResource}.
 *
 * @param options the options, in wire order
 */
public record OPTResource(List<Option> options) implements ResourceBody {

    /** Copies the list. */
    public OPTResource {
        options = List.copyOf(options);
    }

    /** An OPT record without options. */
    public OPTResource() {
        this(List.of());
    }

    @Override
    public Type realType() {
        return Type.OPT;
    }

    /**
     * Appends the wire form.
     *
     * <p>Go: {@code OPTResource.pack}.
     */
    void pack(PackBuffer msg) {
        for (Option opt : options) {
            msg.appendUint16(opt.code());
            msg.appendUint16(opt.dataLength());
            opt.packData(msg);
        }
    }

    /**
     * Reads options while they start inside the record's {@code length} bytes; the last one's
     * data is read at its full length, as Go does. Each option's data is checked to be present
     * before it is allocated.
     *
     * <p>Go: {@code unpackOPTResource}.
     */
    static OPTResource unpack(byte[] msg, int off, int length) throws DnsMessageException {
        List<Option> opts = new ArrayList<>();
        for (int end = Wire.advance(off, length); off < end; ) {
            int code;
            try {
                code = Wire.unpackUint16(msg, off);
            } catch (DnsMessageException e) {
                throw new DnsMessageException("Code", e);
            }
            off += 2;
            int l;
            try {
                l = Wire.unpackUint16(msg, off);
            } catch (DnsMessageException e) {
                throw new DnsMessageException("Data", e);
            }
            off += 2;
            if (l > msg.length - off) {
                throw new DnsMessageException("Data", new DnsMessageException(DnsMessageException.ERR_CALC_LEN));
            }
            opts.add(new Option(code, java.util.Arrays.copyOfRange(msg, off, off + l)));
            off += l;
        }
        return new OPTResource(opts);
    }

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code OPTResource.GoString}.
     */
    @Override
    public String goString() {
        StringBuilder s = new StringBuilder("dnsmessage.OPTResource{Options: []dnsmessage.Option{");
        for (int i = 0; i < options.size(); i++) {
            if (i > 0) {
                s.append(", ");
            }
            s.append(options.get(i).goString());
        }
        return s.append("}}").toString();
    }
}
