package dev.netdial.jdk;

import com.sun.net.httpserver.HttpServer;
import dev.netdial.testing.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe JVM of {@link InetAddressProviderDnsmasqTest}, run with
 * {@code -Dnetdial.inetaddress=go} (and {@code java.net.preferIPv6Addresses} as the test asks) beside dnsmasq serving the zone {@code netdial.test}: the JDK's
 * own {@code InetAddress} and {@code HttpClient}, with no netdial call of their own.
 *
 * <p>Keys: {@code www} ({@code getAllByName("www.netdial.test")}, addresses as text), {@code
 * search} ({@code getAllByName("www")}, through resolv.conf's search list), {@code nx} (the
 * {@code UnknownHostException} message for nx.netdial.test), {@code ptr}
 * ({@code getByAddress(192.0.2.25).getCanonicalHostName()}), {@code http} (the body a
 * {@code java.net.http.HttpClient} GET of {@code http://www.netdial.test:PORT/} got from a server on
 * 127.0.0.1), {@code crash} on failure.
 *
 * <p>netdial's own: a probe.
 */
public final class InetAddressProviderDnsmasqProbe {
    private InetAddressProviderDnsmasqProbe() {
    }

    public static void main(String[] args) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            run(out);
        } catch (Throwable t) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            out.put("crash", sw.toString());
        }
        System.out.println(Json.stringify(out));
        System.out.flush();
    }

    private static List<String> all(String host) throws UnknownHostException {
        List<String> ips = new ArrayList<>();
        for (InetAddress ip : InetAddress.getAllByName(host)) {
            ips.add(ip.getHostAddress());
        }
        return ips;
    }

    private static void run(Map<String, Object> out) throws Exception {
        out.put("www", all("www.netdial.test"));
        out.put("search", all("www"));
        try {
            InetAddress.getAllByName("nx.netdial.test");
            out.put("nx", "resolved");
        } catch (UnknownHostException e) {
            out.put("nx", e.getMessage());
        }
        // The JDK checks a reverse answer forwards: mail's host-record gives both PTR and A.
        out.put("ptr", InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 25}).getCanonicalHostName());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = "hello from 127.0.0.1".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://www.netdial.test:" + server.getAddress().getPort() + "/");
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            out.put("http", r.statusCode() + " " + r.body());
        } finally {
            server.stop(0);
        }
    }
}
