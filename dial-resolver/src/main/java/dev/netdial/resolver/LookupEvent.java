package dev.netdial.resolver;

import java.io.IOException;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event {@code netdial.Lookup}: one DNS exchange of Go's DNS client with one server
 * (a question, its reply's rcode or its error). Its duration is the exchange's, from the query's
 * dial to the reply (a truncated UDP reply's TCP retry included).
 *
 * <p>Zero cost when not recording: {@link #start()} returns null unless a recording has the
 * event enabled, and every later step is skipped.
 *
 * <p>netdial's own: Go reports DNS through {@code nettrace.Trace.DNSStart}/{@code DNSDone} only
 * (per lookup, not per exchange).
 */
@Name("netdial.Lookup")
@Label("netdial DNS Exchange")
@Category({"netdial", "DNS"})
@Description("One DNS question sent by Go's DNS client to one server, with the reply's rcode or the error")
@StackTrace(false)
final class LookupEvent extends Event {
    @Label("Name")
    @Description("The fully qualified name asked for")
    String name;

    @Label("Type")
    @Description("The question's type, as Go's dnsmessage prints it (TypeA, TypeAAAA, TypeSRV, ...)")
    String type;

    @Label("Server")
    @Description("The name server, host:port")
    String server;

    @Label("Rcode")
    @Description("The reply's rcode (extended by EDNS0) as Go prints it (RCodeSuccess, RCodeNameError, ...), empty when the exchange failed")
    String rcode;

    @Label("Error")
    @Description("The exchange's error, empty when a reply came")
    String error;

    /** A started event, or null when no recording wants it. */
    static LookupEvent start() {
        LookupEvent e = new LookupEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    /** Ends and commits {@code e} (null: not recording) with the reply's rcode or the error. */
    static void finish(LookupEvent e, String name, Object type, String server, String rcode, IOException err) {
        if (e == null) {
            return;
        }
        e.end();
        if (e.shouldCommit()) {
            e.name = name;
            e.type = String.valueOf(type);
            e.server = server;
            e.rcode = rcode == null ? "" : rcode;
            e.error = err == null ? "" : String.valueOf(err.getMessage());
            e.commit();
        }
    }
}
