package dev.netdial.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Tests of {@link Capabilities}: skip outside CI, fail in CI, never silent. */
class CapabilitiesTest {

    @Test
    void testAvailablePasses() {
        assertDoesNotThrow(() -> Capabilities.require("something", true));
    }

    @Test
    void testMissingSkipsOrFails() {
        if (Capabilities.inCi()) {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> Capabilities.require("a fake capability", false, "because"));
            assertTrue(e.getMessage().contains("a fake capability") && e.getMessage().contains("CI"), e.getMessage());
        } else {
            TestAbortedException e = assertThrows(TestAbortedException.class,
                    () -> Capabilities.require("a fake capability", false, "because"));
            assertTrue(e.getMessage().contains("a fake capability is not available: because"), e.getMessage());
        }
    }
}
