package dev.netdial.examples;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code netdial} command: {@code netdial COMMAND [ARGS]}.
 *
 * <p>Exit status: 0 on success, 1 when the operation fails (the Go-format error is on stderr),
 * 2 for a bad command line (the usage is on stderr).
 */
public final class Main {

    /** Each command's usage lines, in the order {@link #USAGE} lists them. */
    static final Map<String, String> COMMAND_USAGE = usageByCommand();

    /** What {@code netdial} with no or an unknown command, or {@code netdial help}, prints. */
    static final String USAGE = "usage: netdial COMMAND [ARGS]\n\ncommands:\n"
            + String.join("", COMMAND_USAGE.values())
            + """

            NETWORK is tcp, tcp4, tcp6, udp, udp4 or udp6; ADDRESS is host:port ("127.0.0.1:8080", "[::1]:80").
            On udp, dial sends each chunk of stdin as a datagram; listen prints each datagram's sender.
            NETWORK unix, unixgram or unixpacket: ADDRESS is a socket path or an @abstract name.
            Durations are Go's: 300ms, 1.5s, 2h45m. COMMAND --help prints that command's usage.
            """;

    private static Map<String, String> usageByCommand() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dial", """
                  dial NETWORK ADDRESS [--timeout D] [--local ADDR]
                      connect, then copy stdin to the connection and the connection to stdout (like nc)
                """);
        m.put("listen", """
                  listen NETWORK ADDRESS [--echo]
                      print the bound address, accept connections and print each peer; echo with --echo
                """);
        m.put("lookup", """
                  lookup KIND NAME
                      look NAME up, one answer a line; KIND is host, ip, port, cname, srv, mx, ns, txt or addr.
                      port: NAME is NETWORK/SERVICE (tcp/http; a bare SERVICE is tcp); srv: the record's
                      whole name (_http._tcp.example.com); addr: an IP address. srv prints
                      "target port priority weight", mx "host pref"
                """);
        m.put("selfconnect", """
                  selfconnect [--port P] [--attempts N] [--policy go|refuse] [--netns]
                      dial a local port nobody listens on, with the JDK's Socket and with netdial's Dialer,
                      and count how often each one connected to itself
                """);
        m.put("bench", """
                  bench dial [--n N] [--rounds R] [--burst N]
                      dial+close rates: netdial beside the JDK, on platform and virtual threads
                  bench lookup [--n N] [--rounds R]
                      A+AAAA lookups/s against a local dnsmasq (started in a new namespace):
                      netdial's Go-style DNS client and its C library path beside the JDK's InetAddress
                  bench unix [pingpong|stream] [--pp-iters N] [--pp-rounds R] [--pp-warmup W] [--no-virtual]
                             [--stream-mib M] [--stream-rounds R] [--chunk B] [--no-stream-pin] [--cpu C]
                      Unix stream sockets beside the JDK's SocketChannel: 1-byte ping-pong (a child JVM under
                      taskset -c C, both ends on one CPU; C defaults to $PIN_CPU, else 0) and 64 KiB stream
                  bench udp [--udp-iters N] [--udp-rounds R] [--udp-warmup W] [--cpu C]
                      1-byte UDP request/response beside the JDK's DatagramChannel (under taskset -c C)
                """);
        return Collections.unmodifiableMap(m);
    }

    /** Whether {@code args} (a command's arguments) ask for help before any {@code --}. */
    private static boolean wantsHelp(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("-h") || a.equals("-help") || a.equals("--help")) {
                return true;
            }
        }
        return false;
    }

    private Main() {
    }

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs {@code netdial args...} with the given standard streams and returns the exit status;
     * the seam the tests use.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            err.flush();
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        String cmd = args[0];
        String cmdUsage = COMMAND_USAGE.get(cmd);
        if (cmdUsage != null && wantsHelp(rest)) {
            out.print("usage: netdial " + cmdUsage.strip() + "\n");
            out.flush();
            return 0;
        }
        try {
            return switch (cmd) {
                case "dial" -> new DialCommand(in, out, err).run(rest);
                case "listen" -> new ListenCommand(out, err).run(rest);
                case "lookup" -> new LookupCommand(out, err).run(rest);
                case "selfconnect" -> new SelfConnectCommand(out, err).run(rest);
                case "bench" -> new BenchCommand(out, err).run(rest);
                case "help", "-h", "-help", "--help" -> {
                    out.print(USAGE);
                    out.flush();
                    yield 0;
                }
                default -> {
                    err.println("netdial: unknown command \"" + cmd + "\"");
                    err.print(USAGE);
                    err.flush();
                    yield 2;
                }
            };
        } catch (Flags.UsageException e) {
            err.println("netdial " + cmd + ": " + e.getMessage());
            err.print("usage: netdial " + COMMAND_USAGE.get(cmd).strip() + "\n");
            err.flush();
            return 2;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
