package dev.netdial.jdk;

import dev.netdial.testing.Json;
import dev.netdial.testing.NginxServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe of {@link JdkHttpClientTest}, run in a JVM of its own inside the dnsmasq namespaces:
 * starts nginx there, resolves {@code www.netdial.test} with {@link InetAddress#getAllByName},
 * fetches nginx's 1 KiB file by that name with the JDK's {@link HttpClient}, and looks up a name
 * that does not exist. Prints one JSON line.
 */
public final class JdkHttpClientProbe {

    private JdkHttpClientProbe() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("property", String.valueOf(System.getProperty("netdial.inetaddress")));
        try (NginxServer nginx = NginxServer.start()) {
            out.put("addrs", Arrays.stream(InetAddress.getAllByName("www.netdial.test"))
                    .map(InetAddress::getHostAddress).toList());
            try (HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build()) {
                HttpResponse<byte[]> r = c.send(HttpRequest.newBuilder(URI.create("http://www.netdial.test:"
                        + nginx.port() + NginxServer.SMALL)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                out.put("status", (long) r.statusCode());
                out.put("bodyMatches", Arrays.equals(Files.readAllBytes(nginx.file(NginxServer.SMALL)), r.body()));
            }
            try {
                out.put("nx", "resolved: " + List.of(InetAddress.getAllByName("nx.netdial.test")));
            } catch (UnknownHostException e) {
                out.put("nx", e.getMessage());
                out.put("nxCause", e.getCause() == null ? "" : e.getCause().getClass().getName());
            }
        } catch (Throwable t) {
            out.put("crash", t.toString());
            t.printStackTrace();
        }
        System.out.println(Json.stringify(out));
        System.exit(out.containsKey("crash") ? 1 : 0);
    }
}
