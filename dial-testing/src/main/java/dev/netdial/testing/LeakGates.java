package dev.netdial.testing;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** What the leak gates share: the opt-out check and the grace-period poll. */
final class LeakGates {

    /** System property overriding the grace period, in milliseconds (default 2000). */
    static final String GRACE_PROPERTY = "netdial.leakgate.graceMillis";

    private LeakGates() {
    }

    /** Whether the class of {@code ctx} (or a class enclosing it) carries {@link LeakGateExempt}. */
    static boolean exempt(ExtensionContext ctx) {
        Optional<Class<?>> c = ctx.getTestClass();
        for (Class<?> k = c.orElse(null); k != null; k = k.getEnclosingClass()) {
            LeakGateExempt ex = k.getAnnotation(LeakGateExempt.class);
            if (ex != null) {
                if (ex.reason() == null || ex.reason().isBlank()) {
                    throw new AssertionError("@LeakGateExempt on " + k.getName() + " needs a reason");
                }
                return true;
            }
        }
        return false;
    }

    static Duration grace() {
        String s = System.getProperty(GRACE_PROPERTY);
        if (s != null && !s.isBlank()) {
            try {
                return Duration.ofMillis(Math.max(0, Long.parseLong(s.trim())));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(GRACE_PROPERTY + " is not a number: " + s, e);
            }
        }
        return Duration.ofSeconds(2);
    }

    /**
     * Evaluates {@code check} until it returns null (no leak) or {@code grace} has passed, and
     * returns its last answer: null, or the failure message. Closing may complete on another
     * thread when the last reference to an fd drops, hence the wait.
     */
    static String poll(Duration grace, Supplier<String> check) {
        long deadline = System.nanoTime() + grace.toNanos();
        long pause = 5;
        while (true) {
            String failure = check.get();
            if (failure == null || System.nanoTime() - deadline >= 0) {
                return failure;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failure;
            }
            pause = Math.min(50, pause * 2);
        }
    }

    static String className(ExtensionContext ctx) {
        return ctx.getTestClass().map(Class::getName).orElse(ctx.getDisplayName());
    }
}
