package io.overlap.winsock;

import java.util.ArrayList;
import java.util.List;

/**
 * One waiter's wait set: its wake-up event at index 0 and up to {@link Waiter#MAX_OPS}
 * operation events, each with the slot and the generation it was added for, so an entry whose
 * slot has moved on to another operation is seen as stale. Owned by the waiter's thread.
 */
final class WaitSet {
    private final long[] events = new long[Waiter.MAX_OPS + 1];
    private final Slot[] slots = new Slot[Waiter.MAX_OPS + 1];
    private final int[] generations = new int[Waiter.MAX_OPS + 1];
    private final int[] signalled = new int[Waiter.MAX_OPS + 1];
    private int count;

    WaitSet(long wake) {
        events[0] = wake;
    }

    /** @return the operations in the set */
    int count() {
        return count;
    }

    void add(Slot s) {
        count++;
        events[count] = s.event;
        slots[count] = s;
        generations[count] = s.generation;
    }

    /**
     * Waits for any event, then finds every other one signalled too: the wait names only the
     * lowest signalled index, so the rest are tested without waiting, starting after each hit.
     *
     * @param ws the calls
     * @param timeoutMillis the wait's timeout
     * @return how many indices {@link #signalled} holds; 0 if the wait timed out
     */
    int await(Winsock ws, int timeoutMillis) {
        return scan(ws, ws.waitAny(events, 0, count + 1, timeoutMillis));
    }

    /**
     * {@link #await}, alertable: the completion routines due on this thread run in the wait and
     * report to {@code routines}; then no event is reported (the next wait sees them).
     *
     * @return as {@link #await}; 0 also when routines ran
     */
    int awaitAlertable(Winsock ws, int timeoutMillis, Winsock.RoutineSink routines) {
        int first = ws.waitAlertable(events, 0, count + 1, timeoutMillis, routines);
        return first == Winsock.WAIT_IO_COMPLETION ? 0 : scan(ws, first);
    }

    private int scan(Winsock ws, int first) {
        if (first == Winsock.WAIT_TIMEOUT) {
            return 0;
        }
        int n = 0;
        signalled[n++] = first;
        for (int from = first + 1; from <= count; ) {
            int j = ws.waitAny(events, from, count + 1 - from, 0);
            if (j == Winsock.WAIT_TIMEOUT) {
                break;
            }
            signalled[n++] = from + j;
            from += j + 1;
        }
        return n;
    }

    /**
     * @param k 0 to the last {@link #await} result less one
     * @return a signalled index (0: the wake-up)
     */
    int signalled(int k) {
        return signalled[k];
    }

    Slot slot(int i) {
        return slots[i];
    }

    int generation(int i) {
        return generations[i];
    }

    /** @return true if entry {@code i}'s slot carries another operation now */
    boolean isStale(int i) {
        return slots[i].generation != generations[i];
    }

    /** Takes entry {@code i} out; {@link #compact} closes the gap. */
    void remove(int i) {
        slots[i] = null;
    }

    void compact() {
        int w = 1;
        for (int i = 1; i <= count; i++) {
            if (slots[i] != null) {
                events[w] = events[i];
                slots[w] = slots[i];
                generations[w] = generations[i];
                w++;
            }
        }
        for (int i = w; i <= count; i++) {
            slots[i] = null;
        }
        count = w - 1;
    }

    /**
     * Empties the set.
     * @return the slots that still carried the operation they were added for
     */
    List<Slot> clear() {
        List<Slot> live = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (slots[i] != null && !isStale(i)) {
                live.add(slots[i]);
            }
            slots[i] = null;
        }
        count = 0;
        return live;
    }
}
