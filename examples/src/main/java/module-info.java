/**
 * The {@code netdial} command: {@code dial}, {@code listen}, {@code lookup}, {@code selfconnect} and {@code bench},
 * and the example {@code UnderAnExistingClient} (dial-jdk under code written for the JDK's sockets),
 * built on {@code dev.netdial.tcp}. Run it as {@code ./netdial COMMAND ...} (see the README).
 */
module dev.netdial.examples {
    requires dev.netdial.tcp;
    requires dev.netdial.jdk;
    requires java.management;
    requires jdk.net;

    exports dev.netdial.examples;
}
