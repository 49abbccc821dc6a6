package dev.netdial.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a test class (and its nested classes) from the {@link FdLeakExtension} and
 * {@link ThreadLeakExtension} gates. Only for a class that deliberately keeps fds or threads
 * alive beyond itself; the reason is mandatory and shows in review.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LeakGateExempt {
    /** Why this class may leave sockets or netdial threads behind. Must not be blank. */
    String reason();
}
