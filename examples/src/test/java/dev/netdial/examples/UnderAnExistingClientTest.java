package dev.netdial.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The example {@link UnderAnExistingClient} runs and says what the README says it does.
 *
 * <p>netdial's own.
 */
@Timeout(60)
class UnderAnExistingClientTest {
    @Test
    void runs() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            UnderAnExistingClient.run(out);
        }
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("connected: Socket[addr=localhost/127.0.0.1,port="), lines.toString());
        assertEquals("echoed:    hello through netdial", lines.get(1));
        assertTrue(lines.get(2).matches("refused:   ConnectException: dial tcp 127\\.0\\.0\\.1:\\d+: connect: connection refused"),
                lines.toString());
        assertTrue(lines.get(3).startsWith("InetAddress answers through the JDK's resolver"), lines.toString());
        assertTrue(lines.get(4).startsWith("unknown:   "), lines.toString());
    }
}
