package io.overlap.future;

import io.overlap.BufferLease;
import io.overlap.Completion;
import io.overlap.Connection;
import io.overlap.Proactor;
import java.util.concurrent.CompletableFuture;

/**
 * The future of one operation, and its attachment: the proactor's handler finds it in the
 * completion and completes it. Whoever else completes it first (a cancel, a timeout of the
 * future's own, the caller) cancels the operation, and what the operation then hands over is
 * let go of, so that nothing leaks into a future nobody reads.
 */
final class OpFuture extends CompletableFuture<Completion> {
    private final FutureProactor owner;
    /**
     * Set before the future is handed to the caller, who alone completes it early; volatile so
     * that a thread the caller passes the future to sees it however it was passed.
     */
    private volatile long id;

    OpFuture(FutureProactor owner) {
        this.owner = owner;
    }

    FutureProactor owner() {
        return owner;
    }

    OpFuture submitted(long opId) {
        this.id = opId;
        return this;
    }

    /** The handler's path: the operation's one completion. */
    void deliver(Completion c) {
        if (!super.complete(c)) {
            release(c, owner.proactor());
        }
    }

    /**
     * Cancels the operation too ({@code mayInterruptIfRunning} makes no difference). The future
     * is then cancelled at once; the operation's own completion, {@code CANCELLED} or the result
     * it reached first, is not seen, and what it carries (a lease, a connection) is released.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancellingTheOperation(super.cancel(mayInterruptIfRunning));
    }

    /** Completing it early (e.g. {@code completeOnTimeout}) cancels the operation, as {@link #cancel} does. */
    @Override
    public boolean complete(Completion value) {
        return cancellingTheOperation(super.complete(value));
    }

    /** Failing it early (e.g. {@code orTimeout}) cancels the operation, as {@link #cancel} does. */
    @Override
    public boolean completeExceptionally(Throwable ex) {
        return cancellingTheOperation(super.completeExceptionally(ex));
    }

    /** The future ended before its operation: the operation is not wanted any more. */
    private boolean cancellingTheOperation(boolean futureDone) {
        if (futureDone) {
            owner.proactor().cancel(id);
        }
        return futureDone;
    }

    /** @throws UnsupportedOperationException always: the operation's result cannot be replaced */
    @Override
    public void obtrudeValue(Completion value) {
        throw new UnsupportedOperationException("the future of an operation completes once; it cannot be obtruded");
    }

    /** @throws UnsupportedOperationException always: the operation's result cannot be replaced */
    @Override
    public void obtrudeException(Throwable ex) {
        throw new UnsupportedOperationException("the future of an operation completes once; it cannot be obtruded");
    }

    @Override
    public String toString() {
        return "OpFuture[op " + Long.toHexString(id) + ", " + super.toString() + "]";
    }

    /** Lets go of what a completion nobody will read hands over. */
    static void release(Completion c, Proactor proactor) {
        BufferLease lease = c.lease();
        if (lease != null) {
            lease.release();
        }
        Connection made = c.connection();
        if (made != null) { // an accept's or a connect's new connection
            proactor.close(made);
        }
    }
}
