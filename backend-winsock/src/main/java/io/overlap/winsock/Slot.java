package io.overlap.winsock;

import io.overlap.BufferLease;
import io.overlap.CompletionStatus;
import io.overlap.spi.Operation;
import java.nio.ByteBuffer;

/**
 * One operation's native resources: a block ({@code WSAOVERLAPPED} and scratch) and the event
 * it reports through (0 when the notification model needs none), pooled and reused. While an operation is with the kernel its slot is
 * never reused or freed; the generation, bumped at each reuse, lets a late timer or a stale
 * wait-set entry see that the slot it names now carries another operation.
 *
 * <p>{@link #state}, {@link #reason} and the decision to call {@code CancelIoEx} are guarded by
 * the slot's lock, so a cancel can never reach the block after the kernel gave it back.
 */
final class Slot {
    static final int FREE = 0;
    static final int QUEUED = 1; // waiting for its home thread to start it (or its next part)
    static final int PENDING = 2; // started: the kernel owns the block
    static final int DONE = 3; // back from the kernel (or never started)

    final Winsock.Block block;
    /** Its event; 0 until one is needed when the model gives slots none up front ({@code routine}). */
    long event;
    final BufferPlan plan = new BufferPlan();

    volatile int generation;
    int state = FREE;
    Operation op;
    /** What this kind of operation does at each step. */
    OpTask task;
    /** Why the backend aborted it (CANCELLED, TIMED_OUT, CONNECTION_RESET, FAILED); null if it did not. */
    CompletionStatus reason;
    /** The message that goes with a FAILED {@link #reason}. */
    String reasonMessage;
    /** The I/O thread that made its last start (a connect's connection is homed there). */
    IoThread starter;
    /** The handle's socket owner (null for a connect). */
    SocketRef ref;
    /** The socket the operation runs on. */
    long ioSocket;
    /** True while a start is counted in {@link #ref} and its end is not. */
    boolean counted;
    /** Taken from the head of its lane's parked operations: it may start next. */
    boolean admitted;
    /** The new socket an accept or connect owns until it becomes a connection; 0 if none. */
    long ownSocket;
    /** A step within the operation: a pooled receive's phase; unused by the others. */
    int phase;
    /** A pooled receive's zero-byte wait result, for its home thread. */
    long waitResult;
    /** A pooled receive's lease, until the completion hands it over (or it is released). */
    BufferLease lease;
    ByteBuffer[] leaseBuffers;
    /** Its link in the {@link SlotQueue} it is handed over in, if any. */
    Slot inboxNext;

    Slot(Winsock.Block block, long event) {
        this.block = block;
        this.event = event;
    }

    /** Marks why the backend ends it early, unless a reason is already set; caller holds the lock. */
    void setReason(CompletionStatus why, String message) {
        if (reason == null) {
            reason = why;
            reasonMessage = message;
        }
    }

    void clear() {
        op = null;
        task = null;
        reason = null;
        reasonMessage = null;
        ref = null;
        starter = null;
        ioSocket = 0;
        counted = false;
        admitted = false;
        ownSocket = 0;
        phase = 0;
        waitResult = 0;
        lease = null;
        leaseBuffers = null;
    }
}
