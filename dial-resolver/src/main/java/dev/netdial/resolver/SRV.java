package dev.netdial.resolver;

/**
 * One DNS SRV record: the target host ("_x._tcp.example.com." answers "a.example.com."), its
 * port, priority and weight.
 *
 * <p>Go: {@code src/net/dnsclient.go} {@code SRV}.
 */
public record SRV(String target, int port, int priority, int weight) {
}
