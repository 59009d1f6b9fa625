package io.overlap.winsock;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.AbstractConnection;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.util.List;

/**
 * What every operation goes through, whatever its kind: taking a slot, being started on its
 * home thread and placed with a waiter, completing early (cancelled, closed, reset, failed),
 * the error table, and releasing what it held once the kernel is done with it. What differs by
 * kind is in the {@link OpTask}s, which {@link #kernelDone} only dispatches to.
 */
final class Engine implements WaiterDriver {
    /** {@link OpTask#start}'s answer when a pooled receive finds its pool empty. */
    static final int NO_BUFFER = -5;
    private static final int NO_WAITER = -2;
    private static final System.Logger LOG = System.getLogger(Engine.class.getName());

    final Winsock ws;
    final StagingPool staging;
    final WinsockProactor proactor;
    final Notifier notifier;
    final SlotPool slots;
    private final Tuning tuning;
    private final OpTask recv;
    private final OpTask pooledRecv;
    private final OpTask send;
    private final OpTask accept;
    private final OpTask connect;
    final Ledger ledger = new Ledger();
    /** The test seam for what is not a Winsock call (a pooled buffer's lease); FaultyWinsock has the rest. */
    final FaultInjector faults;

    Engine(WinsockProactor proactor, Winsock ws, Tuning tuning) throws IOException {
        this.proactor = proactor;
        this.ws = ws;
        this.tuning = tuning;
        this.faults = proactor.config().faultInjector();
        this.notifier = tuning.model().open(this, ws, proactor, proactor.config().ioThreads(), tuning,
                proactor.config().faultInjector());
        this.slots = new SlotPool(ws, notifier, tuning.keepIdleSlots());
        this.staging = new StagingPool(ws, tuning.keepStagingChunks());
        this.recv = new RecvTask(this);
        this.pooledRecv = new PooledRecvTask(this);
        this.send = new SendTask(this);
        this.accept = new AcceptTask(this);
        this.connect = new ConnectTask(this);
    }

    // ---- from the proactor (any thread) ----

    /** Takes an operation in; if this throws, nothing of it is kept. */
    void submit(Operation op, SocketRef ref) {
        IoThread home = ref != null ? ref.home() : notifier.nextHome();
        if (home == null) {
            proactor.report(op, CompletionStatus.FAILED, 0, "no I/O thread of the proactor is alive", null, null);
            return;
        }
        Slot s;
        try {
            s = slots.acquire();
        } catch (IOException | OutOfMemoryError e) {
            proactor.report(op, CompletionStatus.FAILED, e instanceof WinsockException w ? w.code() : 0,
                    "no native block for the operation: " + e.getMessage(), null, null);
            return;
        }
        ledger.taken();
        boolean sendCounted = false;
        boolean handedOver = false;
        try {
            s.op = op;
            s.ref = ref;
            s.task = taskFor(op);
            if (op.kind() == OpKind.SEND) {
                ref.sendSubmitted();
                sendCounted = true;
            }
            proactor.attach(op, s);
            home.armTimeout(op);
            home.submit(s);
            handedOver = true;
        } finally {
            if (!handedOver) { // the core fails the operation: give back what it took
                proactor.attach(op, null);
                slots.release(s);
                if (sendCounted) {
                    ref.sendCompleted();
                }
                ledger.completed();
            }
        }
    }

    /** Aborts the operation a slot carries, if it still does; the reason decides its status. */
    void abort(Slot s, Operation op, CompletionStatus reason, String message) {
        synchronized (s) {
            if (s.op == op) {
                abortLocked(s, reason, message);
            }
        }
    }

    /** Closes a handle's socket owner; its parked operations never started: their home completes them. */
    void closeRef(SocketRef ref, boolean deferRelease) {
        for (Slot parked : ref.close(deferRelease)) {
            ref.home().finishLater(parked);
        }
    }


    // ---- WaiterDriver ----

    @Override
    public void post(Slot s, IoThread on, CompletionBatch batch) {
        Operation op = s.op;
        SocketRef ref = s.ref;
        CompletionStatus early = null;
        String earlyMessage = null;
        int code = 0;
        Notifier.Place place = null;
        synchronized (s) {
            if (s.reason == null && op.isCancelRequested()) {
                s.reason = CompletionStatus.CANCELLED;
            }
            if (s.reason != null) {
                early = s.reason;
                earlyMessage = s.reasonMessage;
            } else if (ledger.isClosing()) {
                early = CompletionStatus.CANCELLED;
            } else if (ref != null && ref.isReset()) {
                early = CompletionStatus.CONNECTION_RESET;
                earlyMessage = "the connection was reset (another of its operations saw it)";
            } else {
                try {
                    place = notifier.reserve(on, s);
                } catch (IOException e) {
                    code = NO_WAITER;
                    earlyMessage = s.task.call(s) + " could not start: no waiter thread could be made ("
                            + e.getMessage() + ")";
                }
                if (place != null) {
                    boolean started = false;
                    try {
                        s.starter = on;
                        code = s.task.start(s);
                        started = Winsock.isStarted(code);
                    } finally {
                        if (started) {
                            s.state = Slot.PENDING;
                        } else {
                            place.unreserve();
                        }
                    }
                }
            }
        }
        if (code == SocketRef.PARKED) {
            return; // it starts when the operation holding its lane lets go
        } else if (early != null) {
            finish(s, early, 0, earlyMessage, null, batch);
        } else if (code == SocketRef.CLOSED) {
            finish(s, CompletionStatus.CANCELLED, 0, "the handle was closed before the operation started", null, batch);
        } else if (code == NO_BUFFER) {
            finish(s, CompletionStatus.NO_BUFFER, 0, "the buffer pool has no buffer left (" + op.pool()
                    + "); the data waits in the socket", null, batch);
        } else if (code == NO_WAITER) {
            finish(s, CompletionStatus.FAILED, 0, earlyMessage, null, batch);
        } else if (code == Winsock.DONE_AT_ONCE && notifier.completesInline()) {
            place.unreserve(); // no notification follows: it completes here
            doneAtOnce(s, batch);
        } else if (!Winsock.isStarted(code)) {
            finishError(s, code, s.task.call(s), batch);
        } else {
            place.adopt(s);
        }
    }

    /** Completes a step that the kernel finished within its start, with no notification to come. */
    private void doneAtOnce(Slot s, CompletionBatch batch) {
        long r;
        try {
            r = ws.result(s.ioSocket, s.block);
        } catch (RuntimeException e) { // the kernel is done with the block all the same
            synchronized (s) {
                s.state = Slot.DONE;
            }
            finish(s, CompletionStatus.FAILED, 0, s.task.call(s) + " finished at once, but its result cannot be read: "
                    + AbstractProactor.describe(e), null, batch);
            return;
        }
        kernelDone(s, r, batch);
    }

    @Override
    public void kernelDone(Slot s, long result, CompletionBatch batch) {
        synchronized (s) {
            s.state = Slot.DONE; // from here no CancelIoEx may name this block
        }
        s.task.completed(s, IoResult.error(result), IoResult.bytes(result), batch);
    }

    @Override
    public void finishQueued(Slot s, CompletionBatch batch) {
        finish(s, s.reason != null ? s.reason : CompletionStatus.CANCELLED, 0, s.reasonMessage, null, batch);
    }

    @Override
    public void contain(Slot s, Operation op, Throwable failure, CompletionBatch batch) {
        LOG.log(System.Logger.Level.WARNING, "the winsock backend failed while handling " + op, failure);
        if (op == null || op.isDone()) {
            return; // it completed; what failed after that is only logged
        }
        String why = AbstractProactor.describe(failure);
        boolean withKernel;
        synchronized (s) {
            if (s.op != op) {
                return;
            }
            withKernel = s.state == Slot.PENDING;
            if (withKernel) {
                abortLocked(s, CompletionStatus.FAILED, why); // it completes FAILED once the kernel gives it back
            }
        }
        if (!withKernel) {
            finish(s, CompletionStatus.FAILED, 0, why, null, batch);
        }
    }

    @Override
    public void abortFailed(Slot s, int generation, String why) {
        abortIf(s, generation, CompletionStatus.FAILED, why);
    }

    /** Aborts only the operation the slot carried at {@code generation} (a late timer finds another). */
    void abortIf(Slot s, int generation, CompletionStatus reason, String message) {
        synchronized (s) {
            if (s.generation == generation) {
                abortLocked(s, reason, message);
            }
        }
    }

    @Override
    public void reclaim(List<Slot> started, String why, CompletionBatch batch) {
        Reclaim.reclaim(this, started, why, reclaimGraceMillis(), batch);
    }

    @Override
    public long reclaimGraceMillis() {
        return tuning.closeGraceMillis();
    }

    /** Fails an operation whose block the kernel did not give back: the block is never freed or reused. */
    void abandon(Slot s, String why, CompletionBatch batch) {
        ledger.leaked();
        Operation op = s.op;
        attachNothing(op);
        try {
            proactor.report(op, CompletionStatus.FAILED, 0, why, null, batch);
        } finally {
            ledger.completed();
        }
    }

    @Override
    public void failQueued(Slot s, String why, CompletionBatch batch) {
        finish(s, CompletionStatus.FAILED, 0, why, null, batch);
    }

    @Override
    public void died(IoThread w, String why, CompletionBatch batch) {
        notifier.died(w);
        if (w.isPrimary()) {
            for (SocketRef ref : proactor.failHandlesOf(w, why)) {
                for (Slot parked : ref.close(false)) {
                    failQueued(parked, why, batch);
                }
            }
        }
    }

    @Override
    public CompletionBatch ioBatch() {
        return proactor.ioBatch();
    }

    // ---- for the tasks ----

    /**
     * Takes a new socket into the notification model; closes it if that fails.
     *
     * @throws IOException if the model cannot take it
     */
    void register(long socket, IoThread home) throws IOException {
        try {
            notifier.register(socket, home);
        } catch (IOException | RuntimeException e) {
            ws.closeSocket(socket);
            throw e;
        }
    }

    /** Queues the operation's next step on its home thread (the kernel gave the last one back). */
    void again(Slot s) {
        synchronized (s) {
            s.state = Slot.QUEUED; // a cancel now only marks it; the home thread sees the mark
        }
        s.ref.home().submit(s);
    }

    void addTransferred(Slot s, long n) {
        proactor.access().addTransferred(s.op, n);
    }

    void handOverLease(Slot s) {
        proactor.access().setLease(s.op, s.lease);
        s.lease = null;
    }

    @Override
    public void expired(Operation op) {
        if (proactor.access().state(op) instanceof Slot s) {
            abort(s, op, CompletionStatus.TIMED_OUT, null);
        }
    }

    /** Completes a step that failed with a Windows error, through the one error table. */
    void finishError(Slot s, int err, String call, CompletionBatch batch) {
        CompletionStatus reason;
        String reasonMessage;
        synchronized (s) {
            reason = s.reason;
            reasonMessage = s.reasonMessage;
        }
        SocketRef ref = s.ref;
        boolean local = ErrorMap.mayBeLocalAbort(err);
        if (local && reason != null) {
            finish(s, reason, 0, reasonMessage, null, batch);
        } else if (local && ref != null && ref.failure() != null) {
            finish(s, CompletionStatus.FAILED, 0, ref.failure(), null, batch);
        } else if (local && ref != null && ref.isClosed()) {
            finish(s, CompletionStatus.CANCELLED, 0, "the handle was closed", null, batch);
        } else if (err == WinError.ERROR_OPERATION_ABORTED && ref != null && ref.isReset()) {
            finish(s, CompletionStatus.CONNECTION_RESET, 0, "cancelled: the connection was reset (another of its "
                    + "operations saw it)", null, batch);
        } else {
            finish(s, ErrorMap.status(err), err, ErrorMap.message(err, call, ws.describe(err)), null, batch);
        }
    }

    /** Releases everything the operation held (the kernel is done with it), then completes it. */
    void finish(Slot s, CompletionStatus status, int err, String message, AbstractConnection born,
            CompletionBatch batch) {
        Operation op = s.op;
        SocketRef ref = s.ref;
        boolean isSend = op.kind() == OpKind.SEND;
        synchronized (s) {
            s.state = Slot.DONE;
        }
        release(s);
        try {
            if (isSend) {
                ref.sendCompleted();
            }
            if (status == CompletionStatus.CONNECTION_RESET && ref != null) {
                ref.markReset(); // the connection's other operations end the same way
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "after " + op, e);
        }
        try {
            proactor.report(op, status, status == CompletionStatus.OK || status == CompletionStatus.END_OF_STREAM
                    ? 0 : err, message, born, batch);
        } finally {
            ledger.completed();
        }
    }

    // ---- internals ----

    private void release(Slot s) {
        Operation op = s.op;
        try {
            if (s.ownSocket != 0) {
                long own = s.ownSocket;
                s.ownSocket = 0;
                ws.closeSocket(own); // an accept or connect that did not become a connection
            }
            if (s.lease != null) {
                s.lease.release(); // a pooled receive that hands no data over keeps no buffer
                s.lease = null;
            }
            s.plan.release(staging);
            SocketRef ref = s.ref;
            if (ref != null) {
                ref.ended(s);
                if (ref.letGo(s)) {
                    ref.home().pumpLater(ref);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing the resources of " + op, e);
        }
        attachNothing(op);
        slots.release(s);
    }

    /** The completion the user keeps must not pin a slot that is reused. */
    private void attachNothing(Operation op) {
        proactor.attach(op, null);
    }

    /** Asks the kernel to give an operation back early; the caller holds the slot's lock. */
    void abortLocked(Slot s, CompletionStatus reason, String message) {
        if (s.state == Slot.FREE) {
            return;
        }
        s.setReason(reason, message);
        if (s.state == Slot.PENDING) {
            try {
                ws.cancel(s.ioSocket, s.block);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "CancelIoEx failed for " + s.op, e);
            }
        } else if (s.state == Slot.QUEUED && s.ref != null && s.ref.unpark(s)) {
            s.ref.home().finishLater(s); // parked behind an operation that may wait for long
        }
    }

    private OpTask taskFor(Operation op) {
        switch (op.kind()) {
            case RECV:
                return op.pool() != null ? pooledRecv : recv;
            case SEND:
                return send;
            case ACCEPT:
                return accept;
            default:
                return connect;
        }
    }
}
