package dev.netdial.posix.internal;

import java.util.stream.Stream;

/**
 * Test helper: a poller mode and a way of arming fds, for tests that run under each of the four
 * ({@code @MethodSource("dev.netdial.posix.internal.PollerCase#all")}). {@code oneShot} false is
 * the library's default (edge-triggered until an fd's events keep finding nobody waiting); true
 * arms every fd one-shot from its first wait, the path an fd switches to ({@link PollDesc#fired}).
 *
 * <p>netdial's own test helper; no Go counterpart.
 */
record PollerCase(EpollPoller.Mode mode, boolean oneShot) {
    static Stream<PollerCase> all() {
        return Stream.of(EpollPoller.Mode.values())
                .flatMap(m -> Stream.of(new PollerCase(m, false), new PollerCase(m, true)));
    }

    /** A private poller in this case's mode and arming (the caller shuts it down). */
    EpollPoller newPoller(String name) {
        return new EpollPoller(name + this, mode, oneShot ? 0 : PollDesc.ONE_SHOT_AFTER);
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(java.util.Locale.ROOT) + (oneShot ? "/one-shot" : "/edge");
    }
}
