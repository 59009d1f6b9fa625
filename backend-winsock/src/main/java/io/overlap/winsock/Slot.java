package io.overlap.winsock;

import io.overlap.CompletionStatus;
import io.overlap.spi.Operation;
import java.nio.ByteBuffer;
import java.util.concurrent.Future;

/**
 * One operation's native resources: a block ({@code WSAOVERLAPPED} and scratch) and the event
 * it reports through, pooled and reused. While an operation is with the kernel its slot is
 * never reused or freed; the generation, bumped at each reuse, lets a late timer or a stale
 * wait-set entry see that the slot it names now carries another operation.
 *
 * <p>{@link #state}, {@link #reason} and the decision to call {@code CancelIoEx} are guarded by
 * the slot's lock, so a cancel can never reach the block after the kernel gave it back.
 */
final class Slot {
    static final int FREE = 0;
    static final int QUEUED = 1; // submitted, waiting for its home thread to start it
    static final int PENDING = 2; // started: the kernel owns the block
    static final int DONE = 3; // back from the kernel (or never started)

    // phases of a pooled receive (an ordinary operation stays in NORMAL)
    static final int NORMAL = 0;
    static final int POOL_WAIT = 1; // a zero-byte WSARecv waits for data, pinning no buffer
    static final int POOL_WAITED = 2; // the wait is back; its home thread leases and reads next
    static final int POOL_READ = 3; // a WSARecv into the leased buffer

    final Winsock.Block block;
    final long event;
    final BufferPlan plan = new BufferPlan();

    volatile int generation;
    int state = FREE;
    Operation op;
    /** Why the backend aborted it: CANCELLED or TIMED_OUT; null if it did not. */
    CompletionStatus reason;
    /** The handle's socket owner (null for a connect). */
    SocketRef ref;
    /** The socket the operation runs on. */
    long ioSocket;
    /** The new socket an accept or connect owns until it becomes a connection; 0 if none. */
    long ownSocket;
    Future<?> timer;
    int phase = NORMAL;
    /** A pooled receive's zero-byte wait result, for its home thread. */
    long waitResult;
    /** A pooled receive's lease, until the completion hands it over (or it is released). */
    io.overlap.BufferLease lease;
    ByteBuffer[] leaseBuffers;

    Slot(Winsock.Block block, long event) {
        this.block = block;
        this.event = event;
    }

    void clear() {
        op = null;
        reason = null;
        ref = null;
        ioSocket = 0;
        ownSocket = 0;
        timer = null;
        phase = NORMAL;
        waitResult = 0;
        lease = null;
        leaseBuffers = null;
    }
}
