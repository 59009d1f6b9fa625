package io.overlap.nio;

import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Deadlines;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One loop's selector: the wait for readiness, bounded by the loop's next deadline, the wake-up
 * that cuts it short when another thread hands the loop work, and the registrations its handles
 * make. Waits, registers and closes on the loop thread; {@link #wake} from any thread.
 */
final class LoopSelector {
    private final Selector selector;
    private final FaultInjector faults;
    /** False only while the loop may be blocked in select: then a producer must wake it. */
    private final AtomicBoolean awake = new AtomicBoolean(true);

    LoopSelector(FaultInjector faults) throws IOException {
        this.faults = faults;
        this.selector = Selector.open();
    }

    /** Makes the loop's current or next wait return at once, unless it is awake anyway; any thread. */
    void wake() {
        if (!awake.getAndSet(true)) {
            selector.wakeup();
        }
    }

    /**
     * Waits for readiness and hands each ready key to {@code onKey}.
     *
     * @param nanos the time to the next deadline: 0 for none left, negative for none at all
     * @param workWaiting whether another thread handed the loop work: checked after the loop
     *     says it may sleep, so a hand-over in between is never slept through
     * @param batch the loop's batch, told when the loop blocks and wakes (stall events)
     * @param onKey called for each ready key
     */
    void select(long nanos, BooleanSupplier workWaiting, CompletionBatch batch, Consumer<SelectionKey> onKey)
            throws IOException {
        FaultInjector.check(faults, FaultPoint.WAIT, "select");
        if (nanos == 0) {
            selector.selectNow(onKey);
            return;
        }
        long timeoutMillis = nanos < 0 ? 0 : Deadlines.toWaitMillis(nanos); // select's 0 = no timeout
        awake.set(false);
        if (workWaiting.getAsBoolean()) {
            awake.set(true);
            selector.selectNow(onKey);
            return;
        }
        batch.awaitingIo(); // the busy stretch since the last wait ends
        selector.select(onKey, timeoutMillis);
        awake.set(true);
        batch.woke();
    }

    /** Lets the selector release the channels of cancelled keys. */
    void selectNow() throws IOException {
        selector.selectNow();
    }

    SelectionKey register(SelectableChannel ch, int interest, Selectable attachment) throws IOException {
        FaultInjector.check(faults, FaultPoint.REGISTER, "register");
        return ch.register(selector, interest, attachment);
    }

    /**
     * Watches {@code ch} for {@code want}: registers it the first time it wants anything, else
     * changes its key's interest set when it differs (the key's set is the one record of what is
     * watched, so a handle keeps no copy of it).
     *
     * @param key the channel's key, or null while it was never registered
     * @return the key, or null while it was never registered
     */
    SelectionKey watch(SelectionKey key, SelectableChannel ch, int want, Selectable attachment) throws IOException {
        if (key == null) {
            return want == 0 ? null : register(ch, want, attachment);
        }
        if (key.interestOps() != want) {
            setInterest(key, want);
        }
        return key;
    }

    void setInterest(SelectionKey key, int interest) throws IOException {
        FaultInjector.check(faults, FaultPoint.REGISTER, "interestOps");
        key.interestOps(interest);
    }

    Set<SelectionKey> keys() {
        return selector.keys();
    }

    void close() {
        EventLoop.closeQuietly(selector);
    }
}
