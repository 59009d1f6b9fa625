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
    void handOversToABusyWaiterSetNothing() throws IOException {
        WakeEvent wake = open();
        for (int i = 0; i < 1_000; i++) {
            wake.signal();
        }
        assertEquals(0, fake.setEvents().size(), "the waiter drains its inbox before it waits again");
    }

    @Test
    void aBatchOfHandOversToABlockingWaiterSetsTheEventOnce() throws IOException {
        WakeEvent wake = open();
        wake.mayBlock();
        for (int i = 0; i < 1_000; i++) {
            wake.signal();
        }
        assertEquals(1, fake.setEvents().size());
        wake.awake();
        wake.signal();
        assertEquals(1, fake.setEvents().size(), "awake again: nothing to set");
        wake.mayBlock();
        wake.signal();
        wake.signal();
        assertEquals(2, fake.setEvents().size(), "one set per time it may block");
    }

    @Test
    void handOversFromManyThreadsToABlockingWaiterSetTheEventOnce() throws Exception {
        WakeEvent wake = open();
        wake.mayBlock();
        int threads = 4;
        java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(threads);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                try {
                    go.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < 10_000; i++) {
                    wake.signal();
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join(10_000);
        }
        assertEquals(1, fake.setEvents().size());
    }

    @Test
    void aSetThatFailsOnceIsTriedAgainAtOnce() throws IOException {
        WakeEvent wake = open();
        wake.mayBlock();
        faults.fail("WSASetEvent", 2, () -> true, new IOException("injected set-event failure"));
        wake.signal();
        assertEquals(2, faults.injected.get());
        assertEquals(1, fake.setEvents().size(), "the third try set it");
        assertEquals(Winsock.INFINITE, wake.bound(Winsock.INFINITE), "no polling after a set that got through");
    }

    @Test
    void aSetThatKeepsFailingMakesTheWaiterPollUntilOneSucceeds() throws IOException {
        WakeEvent wake = open();
        wake.mayBlock();
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
