/**
 * The {@code netdial} command: {@code dial}, {@code listen}, {@code lookup}, {@code selfconnect} and {@code bench},
 * built on {@code dev.netdial.tcp}. Run it as {@code ./netdial COMMAND ...} (see the README).
 */
module dev.netdial.examples {
    requires dev.netdial.tcp;
    requires java.management;
    requires jdk.net;

    exports dev.netdial.examples;
}
