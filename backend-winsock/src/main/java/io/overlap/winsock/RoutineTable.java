package io.overlap.winsock;

import io.overlap.spi.CompletionBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The operations one {@code routine}-model primary started with a completion routine, by the
 * context each routine reports (an index here and its use count, kept in the block beside the
 * overlapped), and the routines that ran in its last alertable wait. Windows runs a routine only on the thread that
 * started the operation, so the table is that thread's alone; it has no size limit (no
 * {@code WSA_MAXIMUM_WAIT_EVENTS}), and a routine's entry is freed only when the routine ran,
 * so a context never names another operation.
 *
 * <p>As a {@link Notifier.Place}: the operation is in the table from its {@link #register},
 * just before its start; {@link #adopt} keeps it, {@link #unreserve} (the start failed) drops it.
 */
final class RoutineTable implements Winsock.RoutineSink, Notifier.Place {
    private static final System.Logger LOG = System.getLogger(RoutineTable.class.getName());
    private static final int USE_MASK = 0x7FFF_FFFF;

    private Slot[] slots = new Slot[64];
    /** Bumped at each use of an index: a context carries it, so a stray routine cannot complete a later operation. */
    private int[] uses = new int[64];
    private int[] free = new int[64];
    private int freeCount;
    private int next; // slots[next ..] were never used
    private int count;
    /** Registered for the start being made now; dropped if that start fails. */
    private int starting = -1;
    // routines that ran in the last wait: context, then IoResult
    private long[] ran = new long[64];
    private int ranCount;

    /** @return the operations started with a routine that has not run yet */
    int count() {
        return count;
    }

    /**
     * Takes in an operation about to start with a routine.
     *
     * @return the context its routine will report
     */
    long register(Slot s) {
        int i;
        if (freeCount > 0) {
            i = free[--freeCount];
        } else {
            if (next == slots.length) {
                slots = Arrays.copyOf(slots, slots.length * 2);
                uses = Arrays.copyOf(uses, slots.length);
                free = Arrays.copyOf(free, slots.length);
            }
            i = next++;
        }
        slots[i] = s;
        count++;
        starting = i;
        return ((long) (++uses[i] & USE_MASK) << 32) | i; // >= 0: a routine's context, never -1 (an event)
    }

    @Override
    public void adopt(Slot s) {
        starting = -1; // started: its routine will run
    }

    @Override
    public void unreserve() {
        if (starting >= 0) { // the start failed: no routine will run
            take(starting);
            starting = -1;
        }
    }

    /** Records a routine that ran in the alertable wait; {@link #dispatch} hands it on after the wait. */
    @Override
    public void completed(long context, int error, long bytes) {
        if (ranCount + 2 > ran.length) {
            ran = Arrays.copyOf(ran, ran.length * 2);
        }
        ran[ranCount++] = context;
        ran[ranCount++] = IoResult.of(error, bytes);
    }

    /** Hands every routine that ran to its operation, on the owning thread after its wait. */
    void dispatch(IoThread on, CompletionBatch batch) {
        int n = ranCount;
        ranCount = 0;
        for (int k = 0; k < n; k += 2) {
            int i = (int) ran[k];
            int use = (int) (ran[k] >>> 32);
            Slot s = i >= 0 && i < next && (uses[i] & USE_MASK) == use ? take(i) : null;
            if (s == null) {
                LOG.log(System.Logger.Level.ERROR, on.getName() + ": a completion routine reported context 0x"
                        + Long.toHexString(ran[k]) + ", which names no operation");
                continue;
            }
            on.kernelDone(s, ran[k + 1], batch);
        }
    }

    /** Empties the table (the thread is dying). @return the operations whose routine has not run */
    List<Slot> clear() {
        List<Slot> live = new ArrayList<>();
        for (int i = 0; i < next; i++) {
            if (slots[i] != null) {
                live.add(slots[i]);
                slots[i] = null;
            }
        }
        count = 0;
        next = 0;
        freeCount = 0;
        ranCount = 0;
        starting = -1;
        return live;
    }

    private Slot take(int i) {
        Slot s = slots[i];
        if (s != null) {
            slots[i] = null;
            free[freeCount++] = i;
            count--;
        }
        return s;
    }
}
