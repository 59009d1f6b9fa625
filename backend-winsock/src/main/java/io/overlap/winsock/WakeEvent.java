package io.overlap.winsock;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A waiter's wake-up event, index 0 of its wait set. Other threads {@link #signal} it after a
 * hand-over; the waiter {@link #seen sees} it before it drains its inbox and {@link #reset}s it
 * when the wait reports it.
 *
 * <p>{@code WSASetEvent} fails only on a bad handle, which would be a backend bug; a wake-up
 * it fails to give must still not strand what was handed over. So a failed set is tried again
 * at once (a passing fault), and if it keeps failing the event is marked failing: the waiter
 * then bounds its waits to {@value #POLL_MILLIS_WHILE_FAILING} ms, finding hand-overs by
 * polling, until a set succeeds again. A set never throws: the hand-over it follows is done.
 */
final class WakeEvent {
    static final int POLL_MILLIS_WHILE_FAILING = 10;
    private static final int TRIES = 3;
    private static final System.Logger LOG = System.getLogger(WakeEvent.class.getName());

    private final java.util.function.LongConsumer setter;
    private final java.util.function.LongConsumer resetter;
    private final String setCall;
    private final long event;
    private final String owner;
    /** A set is on its way and the waiter has not drained since: later hand-overs need none. */
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean failing;

    WakeEvent(Winsock ws, long event, String owner) {
        this(ws::setEvent, ws::resetWakeEvent, "WSASetEvent", event, owner);
    }

    private WakeEvent(java.util.function.LongConsumer setter, java.util.function.LongConsumer resetter, String setCall,
            long event, String owner) {
        this.setter = setter;
        this.resetter = resetter;
        this.setCall = setCall;
        this.event = event;
        this.owner = owner;
    }

    /**
     * A completion port's wake-up: a packet with no overlapped, taken by the dequeue itself, so
     * there is nothing to reset.
     */
    static WakeEvent port(Winsock ws, long port, String owner) {
        return new WakeEvent(ws::postWake, p -> { }, "PostQueuedCompletionStatus", port, owner);
    }

    long handle() {
        return event;
    }

    /** One {@code WSASetEvent} per wake, however many hand-overs arrive before the waiter drains. */
    void signal() {
        if (pending.compareAndSet(false, true)) {
            set();
        }
    }

    /** Signals the event now, whoever calls (stop, cancel, close). */
    void set() {
        Throwable last = null;
        for (int i = 0; i < TRIES; i++) {
            try {
                setter.accept(event);
                failing = false;
                return;
            } catch (RuntimeException | OutOfMemoryError e) {
                // whoever signals has handed its work over already: a wake-up that cannot be
                // given must not throw into the hand-over, which would then be undone twice
                last = e;
            }
        }
        failing = true;
        pending.set(false); // the next hand-over tries again
        LOG.log(System.Logger.Level.ERROR, setCall + " failed " + TRIES + " times on " + owner
                + "'s wake-up event; it polls every " + POLL_MILLIS_WHILE_FAILING + " ms until a set succeeds", last);
    }

    /** The waiter is about to drain: hand-overs from now on signal again. */
    void seen() {
        pending.set(false);
    }

    /** Resets the event after the wait reported it; the inbox is drained next, so a failure only logs. */
    void reset() {
        try {
            resetter.accept(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, owner + ": WSAResetEvent failed on its wake-up event", e);
        }
    }

    /** @return the waiter's wait timeout, bounded while wake-ups cannot be given */
    int bound(int timeoutMillis) {
        if (!failing) {
            return timeoutMillis;
        }
        return timeoutMillis == Winsock.INFINITE ? POLL_MILLIS_WHILE_FAILING
                : Math.min(timeoutMillis, POLL_MILLIS_WHILE_FAILING);
    }
}
