package io.overlap.winsock;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A waiter's wake-up event, index 0 of its wait set. A waiter about to block {@link #mayBlock
 * says so} and then looks at its inbox once more; other threads {@link #signal} after a
 * hand-over, and only a hand-over that finds the waiter about to block sets the event. So a
 * batch of hand-overs costs one {@code WSASetEvent} (and the waiter one wake and one
 * {@code WSAResetEvent}), and hand-overs to a waiter that is busy cost none: it drains its inbox
 * before it waits again. The two sides are a Dekker pair (each writes its flag, then reads the
 * other's), so either the waiter sees the hand-over on its last look, or the hand-over sees the
 * waiter blocking.
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
    /** The waiter may block: the next hand-over sets the event (and clears this, so only it does). */
    private final AtomicBoolean mayBlock = new AtomicBoolean();
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

    /** After a hand-over: sets the event only if the waiter may be blocking and nobody set it yet. */
    void signal() {
        if (mayBlock.get() && mayBlock.compareAndSet(true, false)) {
            set();
        }
    }

    /** The waiter is about to block: it looks at its inbox once more after this. */
    void mayBlock() {
        mayBlock.set(true);
    }

    /** The waiter is awake (its wait returned, or it found work on its last look): hand-overs need no set. */
    void awake() {
        mayBlock.lazySet(false);
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
        mayBlock.set(true); // the next hand-over tries again
        LOG.log(System.Logger.Level.ERROR, setCall + " failed " + TRIES + " times on " + owner
                + "'s wake-up event; it polls every " + POLL_MILLIS_WHILE_FAILING + " ms until a set succeeds", last);
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
