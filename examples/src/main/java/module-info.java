/**
 * The {@code netdial} command: {@code dial}, {@code listen}, {@code lookup}, {@code selfconnect} and {@code bench}
 * ({@code dial}, {@code lookup}, {@code unix}, {@code udp}; {@code PingPongKit} is shared with the bench module's IoBench),
 * and the example {@code UnderAnExistingClient} (dial-jdk under code written for the JDK's sockets),
 * built on {@code dev.netdial.tcp}. Run it as {@code ./netdial COMMAND ...} (see the README).
 */
module dev.netdial.examples {
    requires dev.netdial.tcp;
    requires dev.netdial.jdk;
    requires java.management;
    requires jdk.net;
    // Affinity: sched_setaffinity(2) through JNA's direct mapping, which binds its native method reflectively.
    requires com.sun.jna;

    exports dev.netdial.examples;
    opens dev.netdial.examples to com.sun.jna;
}
