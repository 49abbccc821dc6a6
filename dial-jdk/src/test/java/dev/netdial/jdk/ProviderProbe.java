package dev.netdial.jdk;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The child JVM of {@link NetdialInetAddressResolverProviderTest}: resolves "localhost" and an
 * invalid name through {@code InetAddress}, printing what happened.
 *
 * <p>netdial's own: a probe.
 */
public final class ProviderProbe {
    private ProviderProbe() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress[] local = InetAddress.getAllByName("localhost");
        System.out.println(local.length > 0 && local[0].isLoopbackAddress() ? "probe: localhost resolves"
                : "probe: localhost gave " + java.util.Arrays.toString(local));
        try {
            InetAddress.getAllByName("nx..invalid");
            System.out.println("probe: nx..invalid resolved");
        } catch (UnknownHostException e) {
            System.out.println("probe: nx..invalid: UnknownHostException: " + e.getMessage());
        }
    }
}
