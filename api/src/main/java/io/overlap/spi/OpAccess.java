package io.overlap.spi;

import io.overlap.BufferLease;

/**
 * The capability through which a backend changes a pending {@link Operation}: its link and
 * scratch state, the bytes it moved, the lease it hands over. Users get completions, never
 * this, so a delivered {@link io.overlap.Completion} cannot be changed; a backend gets its
 * instance from {@link AbstractProactor#opAccess()}.
 *
 * <p>Every mutator refuses an operation that has completed: after its completion an operation
 * belongs to whoever took it. The link is also what a {@link HandOffStack} of operations links
 * through, this being its {@link HandOffStack.Links}.
 */
public final class OpAccess implements HandOffStack.Links<Operation> {
    static final OpAccess INSTANCE = new OpAccess();

    private OpAccess() {
    }

    /**
     * @param op an operation
     * @return the backend's link from it (e.g. the next operation in a FIFO)
     */
    @Override
    public Operation next(Operation op) {
        return op.next;
    }

    /**
     * Sets the backend's link; allowed after completion too, since a completed operation may
     * still be unlinked from a backend queue by the thread that completed it.
     *
     * @param op an operation
     * @param next the link, or {@code null}
     */
    @Override
    public void setNext(Operation op, Operation next) {
        op.next = next;
    }

    /**
     * @param op an operation
     * @return the backend's per-operation state, or {@code null}
     */
    public Object state(Operation op) {
        return op.backendState;
    }

    /**
     * Sets the backend's per-operation state; {@code null} clears it (also after completion,
     * so a completion the user keeps pins nothing of the backend's).
     *
     * @param op an operation
     * @param state the state, or {@code null}
     */
    public void setState(Operation op, Object state) {
        if (state != null) {
            checkPending(op);
        }
        op.backendState = state;
    }

    /**
     * Adds bytes moved so far (backend thread only, while pending).
     *
     * @param op a pending operation
     * @param n bytes moved by one system call
     */
    public void addTransferred(Operation op, long n) {
        checkPending(op);
        op.addTransferred(n);
    }

    /**
     * Hands a pooled receive the lease holding its data, before it completes {@code OK}. The
     * lease then belongs to whoever takes the completion.
     *
     * @param op a pending pooled receive
     * @param lease the lease, its buffer flipped over the received bytes
     */
    public void setLease(Operation op, BufferLease lease) {
        checkPending(op);
        op.setLease(lease);
    }

    private static void checkPending(Operation op) {
        if (op.isDone()) {
            throw new IllegalStateException("the operation has completed; it belongs to its taker now: " + op);
        }
    }
}
