package dev.netdial.tcp;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event {@code netdial.Dial}: one dial of a {@link Dialer}, from its start to the conn or
 * the error, with how many connects it made and how many self-connects it retried or prevented.
 *
 * <p>Zero cost when not recording: the dial's {@link DialObserver} holds one only while a
 * recording has the event enabled.
 *
 * <p>netdial's own: Go's dial emits no runtime events.
 */
@Name("netdial.Dial")
@Label("netdial Dial")
@Category({"netdial", "Dial"})
@Description("One dial of a netdial Dialer: its address, connects, self-connect retries and result")
@StackTrace(false)
final class DialEvent extends Event {
    @Label("Network")
    String network;

    @Label("Address")
    @Description("The address dialed, as given")
    String address;

    @Label("Local Address")
    @Description("The conn's local address, empty when the dial failed")
    String localAddress;

    @Label("Remote Address")
    @Description("The conn's remote address, empty when the dial failed")
    String remoteAddress;

    @Label("Attempts")
    @Description("Connects started (Happy Eyeballs racers and self-connect retries included)")
    int attempts;

    @Label("Self-Connect Retries")
    @Description("Dials thrown away and redone by Go's self-connect loop")
    int selfConnectRetries;

    @Label("Self-Connects Prevented")
    @Description("Connects whose ephemeral port range was narrowed so they could not connect to themselves")
    int selfConnectsPrevented;

    @Label("Result")
    @Description("\"ok\", or the error's message (Go's text)")
    String result;
}
