package io.overlap.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operations in flight, by id, with a fixed capacity (the in-flight bound).
 *
 * <p>An id is {@code sequence << slotBits | slot}: the slot finds the operation without a map,
 * and the sequence, drawn from one counter for every table in the JVM, makes every id unique:
 * no proactor ever reissues an id (the sequence has {@code 63 - slotBits} bits, at least 39:
 * years of operations at a million a second with the default bound), and an id of another
 * proactor, or one never issued, finds nothing here. Free slots form a lock-free stack whose
 * head carries a tag against ABA.
 */
final class OpTable {
    private static final int EMPTY = 0;
    /** A static final handle inlines fully on the hot path, unlike an AtomicReferenceArray's. */
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Operation[].class);

    /** Shared by every table, so no two proactors of this JVM ever hand out the same id. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final int capacity;
    private final int slotBits;
    private final long slotMask;
    private final Operation[] ops;
    private final int[] nextFree; // slot + 1 of the next free slot, EMPTY at the bottom
    private final AtomicLong freeHead = new AtomicLong(); // tag << 32 | (slot + 1)
    private final AtomicInteger used = new AtomicInteger();

    OpTable(int capacity) {
        this.capacity = capacity;
        this.ops = new Operation[capacity];
        this.slotBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(capacity - 1));
        this.slotMask = (1L << slotBits) - 1;
        this.nextFree = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            nextFree[i] = i + 2 <= capacity ? i + 2 : EMPTY;
        }
        freeHead.set(1);
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return used.get();
    }

    /** @return a reserved slot's id, or -1 when the table is full */
    long reserve() {
        if (used.incrementAndGet() > capacity) {
            used.decrementAndGet();
            return -1;
        }
        // the count guarantees a free slot exists, but a concurrent pop may briefly hide it
        while (true) {
            long h = freeHead.get();
            int top = (int) h;
            if (top == EMPTY) {
                Thread.onSpinWait();
                continue;
            }
            int slot = top - 1;
            long next = ((h >>> 32) + 1) << 32 | (nextFree[slot] & 0xFFFFFFFFL);
            if (freeHead.compareAndSet(h, next)) {
                // from 1, so 0 is never an id; masked so an id is never negative (-1 means full)
                long seq = (SEQUENCE.incrementAndGet() << slotBits) & Long.MAX_VALUE;
                return seq | slot;
            }
        }
    }

    void publish(Operation op) {
        SLOT.setRelease(ops, slotOf(op.id()), op);
    }

    /** Gives back a reserved id whose operation was never published. */
    void unreserve(long id) {
        free(slotOf(id));
    }

    void remove(Operation op) {
        int slot = slotOf(op.id());
        SLOT.setRelease(ops, slot, (Operation) null);
        free(slot);
    }

    /** @return the pending operation with that id, or null */
    Operation get(long id) {
        int slot = slotOf(id);
        if (slot < 0 || slot >= capacity) {
            return null;
        }
        Operation op = (Operation) SLOT.getAcquire(ops, slot);
        return op != null && op.id() == id ? op : null;
    }

    /** Calls {@code action} on every operation pending at the time of the call. */
    void forEach(java.util.function.Consumer<Operation> action) {
        for (int i = 0; i < capacity; i++) {
            Operation op = (Operation) SLOT.getAcquire(ops, i);
            if (op != null) {
                action.accept(op);
            }
        }
    }

    private void free(int slot) {
        while (true) {
            long h = freeHead.get();
            nextFree[slot] = (int) h;
            long next = ((h >>> 32) + 1) << 32 | (slot + 1);
            if (freeHead.compareAndSet(h, next)) {
                used.decrementAndGet();
                return;
            }
        }
    }

    int slotOf(long id) {
        return (int) (id & slotMask);
    }
}
