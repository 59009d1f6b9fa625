package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A waiter's wake-up event over the fake, with {@code WSASetEvent} failing through the seam. */
class WakeEventTest {
    private final FakeWinsock fake = new FakeWinsock();
    private final Faults faults = new Faults();
    private final Winsock ws = new FaultyWinsock(fake, faults);

    private WakeEvent open() throws IOException {
        return new WakeEvent(ws, fake.createEvent(), "test-waiter");
    }

    @Test
    void handOversBeforeTheWaiterDrainsShareOneSet() throws IOException {
        WakeEvent wake = open();
        wake.signal();
        wake.signal();
        wake.signal();
        assertEquals(1, fake.setEvents().size());
        wake.seen();
        wake.signal();
        assertEquals(2, fake.setEvents().size());
    }

    @Test
    void aSetThatFailsOnceIsTriedAgainAtOnce() throws IOException {
        WakeEvent wake = open();
        faults.fail("WSASetEvent", 2, () -> true, new IOException("injected set-event failure"));
        wake.signal();
        assertEquals(2, faults.injected.get());
        assertEquals(1, fake.setEvents().size(), "the third try set it");
        assertEquals(Winsock.INFINITE, wake.bound(Winsock.INFINITE), "no polling after a set that got through");
    }

    @Test
    void aSetThatKeepsFailingMakesTheWaiterPollUntilOneSucceeds() throws IOException {
        WakeEvent wake = open();
        faults.fail("WSASetEvent", 3, () -> true, new IOException("injected set-event failure"));
        wake.signal();
        assertEquals(0, fake.setEvents().size());
        assertEquals(WakeEvent.POLL_MILLIS_WHILE_FAILING, wake.bound(Winsock.INFINITE));
        assertEquals(5, wake.bound(5));
        assertEquals(WakeEvent.POLL_MILLIS_WHILE_FAILING, wake.bound(60_000));
        wake.signal(); // the failed one did not leave a set pending: this one tries, and gets through
        assertEquals(1, fake.setEvents().size());
        assertEquals(Winsock.INFINITE, wake.bound(Winsock.INFINITE));
    }
}
