package dev.netdial.posix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The global poller runs in the mode {@code netdial.poller} names (carrier when unset), so that the
 * surefire run with {@code -Dnetdial.poller=thread} really exercises the other mode.
 *
 * <p>netdial's own.
 */
class PollerModeInUseTest {

    @Test
    void globalPollerHonoursTheProperty() {
        String prop = System.getProperty(EpollPoller.MODE_PROPERTY);
        EpollPoller.Mode want = prop == null || prop.isEmpty() ? EpollPoller.Mode.CARRIER : EpollPoller.Mode.parse(prop);
        assertEquals(want, EpollPoller.global().mode(), "netdial.poller=" + prop);
    }
}
