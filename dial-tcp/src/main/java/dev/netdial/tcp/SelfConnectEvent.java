package dev.netdial.tcp;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event {@code netdial.SelfConnect}: a self-connect prevented (the socket's ephemeral
 * port range narrowed before connect) or retried (Go's loop threw a self-connected socket, or a
 * spurious {@code EADDRNOTAVAIL}, away). An instant event.
 *
 * <p>netdial's own: Go's {@code doDialTCPProto} retries silently.
 */
@Name("netdial.SelfConnect")
@Label("netdial Self-Connect")
@Category({"netdial", "Dial"})
@Description("A self-connect prevented by a narrowed port range, or retried by Go's loop")
@StackTrace(false)
final class SelfConnectEvent extends Event {
    @Label("Action")
    @Description("\"prevented\" or \"retry\"")
    String action;

    @Label("Network")
    String network;

    @Label("Remote Address")
    String remoteAddress;

    @Label("Local Address")
    @Description("The self-connected local address (a retry after a self-connect), else empty")
    String localAddress;

    @Label("Retry")
    @Description("The retry's number (1 or 2), 0 when prevented")
    int retry;

    @Label("Port Low")
    @Description("The narrowed range's first port, 0 for a retry")
    int portLow;

    @Label("Port High")
    @Description("The narrowed range's last port, 0 for a retry")
    int portHigh;

    @Label("Error")
    @Description("The spurious error a retry follows, else empty")
    String error;
}
