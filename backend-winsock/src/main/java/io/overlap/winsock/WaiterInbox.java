package io.overlap.winsock;

import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What other threads hand a {@link Waiter}: operations to start, started ones to wait for,
 * never-started ones to finish, completions to deliver, and handles whose parked operations
 * may start. The waiter takes them on its own thread; if it died, whoever hands something over
 * fails it ({@link #failAll}).
 */
final class WaiterInbox {
    // slots link themselves (SlotQueue): a submission allocates nothing on its way to the waiter
    final SlotQueue toPost = new SlotQueue();
    final SlotQueue toAdopt = new SlotQueue();
    final Queue<Operation> toDeliver = new ConcurrentLinkedQueue<>();
    final SlotQueue toFinish = new SlotQueue();
    final Queue<SocketRef> toPump = new ConcurrentLinkedQueue<>();

    /** @return true if nothing is queued but parked handles to pump */
    boolean isEmpty() {
        return toPost.isEmpty() && toAdopt.isEmpty() && toDeliver.isEmpty() && toFinish.isEmpty();
    }

    /** @return true if nothing at all is queued, parked handles to pump included */
    boolean isIdle() {
        return isEmpty() && toPump.isEmpty();
    }

    /** @return true if work of the kinds a turn budgets for is still queued */
    boolean hasBudgetedWork() {
        return !(toPost.isEmpty() && toFinish.isEmpty() && toDeliver.isEmpty());
    }

    /** Fails everything queued here: the waiter is dead and will take none of it. */
    void failAll(WaiterDriver driver, String why, CompletionBatch batch) {
        List<Slot> started = new ArrayList<>();
        for (Slot s; (s = toAdopt.poll()) != null; ) {
            started.add(s);
        }
        driver.reclaim(started, why, batch);
        for (Slot s; (s = toPost.poll()) != null; ) {
            driver.failQueued(s, why, batch);
        }
        for (Slot s; (s = toFinish.poll()) != null; ) {
            driver.failQueued(s, why, batch);
        }
        toPump.clear();
        for (Operation op; (op = toDeliver.poll()) != null; ) {
            batch.deliver(op);
        }
        batch.flush();
    }
}
