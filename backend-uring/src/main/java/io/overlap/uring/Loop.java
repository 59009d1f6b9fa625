package io.overlap.uring;

import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractHandle;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Deadlines;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.spi.HandBacks;
import io.overlap.spi.HandOffStack;
import io.overlap.spi.LaneTickets;
import io.overlap.spi.OpAccess;
import io.overlap.spi.Operation;
import io.overlap.uring.sys.Errno;
import io.overlap.uring.sys.ErrnoException;
import io.overlap.uring.sys.Ring;
import io.overlap.uring.sys.Sqe;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One ring and its I/O thread. The thread only waits (one io_uring_enter per turn, which also
 * submits what the turn queued), dispatches each completion to the op object its user data
 * names, takes in what other threads hand over, and expires timeouts. The I/O belongs to the op
 * objects ({@link AcceptOp}, {@link ConnectOp}, {@link RecvOp}, {@link PooledRecvOp},
 * {@link SendOp}) and the handles' lanes. The ring is set up on this thread, so that
 * IORING_SETUP_SINGLE_ISSUER and DEFER_TASKRUN hold.
 */
final class Loop implements Runnable {
    private static final System.Logger LOG = System.getLogger(Loop.class.getName());
    private static final int SQ_ENTRIES = 2048;
    private static final int CQ_ENTRIES = 8192;
    /** Flag sets tried in turn: the first this kernel accepts wins. */
    private static final int[] SETUPS = {
        Ring.SETUP_SUBMIT_ALL | Ring.SETUP_SINGLE_ISSUER | Ring.SETUP_DEFER_TASKRUN,
        Ring.SETUP_SUBMIT_ALL | Ring.SETUP_COOP_TASKRUN,
        0,
    };
    private static final int RUNNING = 0;
    private static final int STOPPING = 1;
    private static final int DONE = 2;

    final UringProactor proactor;
    final Thread thread;
    final FaultInjector faults;
    final OpAccess access;
    final Deadlines deadlines = new Deadlines();
    /** Listeners and connections homed here, so that a close or a death finds the idle ones too. */
    final Set<UringHandle> handles = ConcurrentHashMap.newKeySet();
    /** Operations handed over by other threads, linked through their backend link: no allocation. */
    final HandOffStack<Operation> ops;
    /** What submitting threads hand back ({@link UringCallerIo}): completions for the handler, connections. */
    final HandBacks<UringConnection> handBacks;
    /** Close, cancel, delivery...: each runs after the operations handed over before it (runInbox). */
    final ConcurrentLinkedQueue<LoopTask> tasks = new ConcurrentLinkedQueue<>();
    /** False only while the thread may be blocked in the kernel: then a producer must wake it. */
    private final AtomicBoolean awake = new AtomicBoolean(true);
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CountDownLatch quiesced = new CountDownLatch(1);
    final Wake wake;
    final LoopEnd ending = new LoopEnd(this);
    private final Consumer<Operation> onExpired = op -> stop(op, CompletionStatus.TIMED_OUT);
    private final Ring.CqeSink dispatch = this::dispatch;
    /** False once the proactor's close began: a connection made now is closed at once. */
    volatile boolean makesConnections = true;
    /** True once the thread ended its last turn after a close: a later hand-back is completed by its producer. */
    private volatile boolean stopped;

    // loop thread only
    final Slots slots = new Slots();
    final Staging staging = new Staging();
    final Set<ConnectOp> connects = new java.util.HashSet<>();
    /** Operations a turn over its budget held back, oldest first, for the next turn. */
    final java.util.ArrayDeque<Operation> deferred = new java.util.ArrayDeque<>();
    Ring ring;
    Sqe sqe;
    CompletionBatch batch;
    /** The lane tickets of what the batch holds, dropped after its flush ({@link #flush}). */
    final LaneTickets tickets = new LaneTickets();
    private int phase = RUNNING;
    /** The operation being taken in, so that a death finds it in no lane yet. */
    Operation current;
    /** The rest of a chain taken from {@link #ops} and not taken in yet, so a handler's submission waits behind it. */
    Operation posted;

    Loop(UringProactor proactor, int index) throws IOException {
        this.proactor = proactor;
        this.faults = proactor.config().faultInjector();
        this.access = proactor.access();
        this.ops = new HandOffStack<>(access);
        this.handBacks = new HandBacks<>(access);
        this.wake = new Wake(this);
        this.thread = new Thread(this, "overlap-uring-loop-" + index);
        this.thread.setDaemon(true);
    }

    /** Starts the thread and waits until its ring is set up. */
    void start() throws IOException {
        thread.start();
        try {
            ready.get();
        } catch (ExecutionException e) {
            join();
            Throwable c = e.getCause();
            throw c instanceof IOException ? (IOException) c : new IOException("io_uring loop did not start: " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the io_uring loop started", e);
        }
    }

    /** Releases what a loop that was never started holds. */
    void abandon() {
        wake.close();
    }

    /**
     * @return true while the thread may be waiting in the kernel: an operation handed to it now
     *     costs a wake-up; while it is awake, it takes one in on its current or next turn with no
     *     system call of its own (the entry goes with the turn's one io_uring_enter)
     */
    boolean mayBeAsleep() {
        return !awake.get();
    }

    /** @return true once the thread has died; it takes nothing in again */
    boolean isDead() {
        return ending.happened();
    }

    // ---- hand-offs from any thread ----

    void submit(Operation op) {
        if (Thread.currentThread() != thread || ending.happened()) {
            ops.push(op);
            handedOver();
        } else if (posted != null || !ops.isEmpty()) {
            ops.push(op); // a handler's submission goes behind what was handed over before it
        } else if (batch.overBudget() || !deferred.isEmpty()) {
            deferred.add(op); // a handler's submission past the turn's budget: the next turn takes it in
        } else {
            takeIn(op); // a handler's submission: no hand-over, nothing handed over earlier waits
        }
    }

    /** A submitting thread hands {@code c} back ({@link UringCallerIo}); any thread. */
    void resume(UringConnection c) {
        handBacks.resume(c);
        handedBack();
    }

    /** Hands over a completion made off this loop (handler mode): its handler runs here; any thread. */
    void deliver(Operation completed) {
        handBacks.deliver(completed);
        handedBack();
    }

    private void handedBack() {
        if (stopped) {
            drainHandBacks(CompletionStatus.CANCELLED, "the proactor was closed", null); // nobody else will take them
        } else {
            handedOver();
        }
    }

    /** @return false once this loop's thread has ended: what is handed back then goes elsewhere */
    boolean takesHandBacks() {
        return !stopped && !ending.happened();
    }

    /**
     * With no loop to take them, any thread, each to one taker: completions go to another loop
     * (or the caller's thread), what connections handed off completes with {@code status}.
     */
    void drainHandBacks(CompletionStatus status, String message, CompletionBatch in) {
        handBacks.drain(proactor::deliverAround, c -> c.failHandoffs(status, message, in));
    }

    void post(LoopTask task) {
        tasks.add(task);
        handedOver();
    }

    private void handedOver() {
        if (ending.happened()) {
            ending.drainInbox(); // nobody else will take it
        } else if (Thread.currentThread() != thread && !awake.get() && !awake.getAndSet(true)) {
            wake.signal(); // the plain read first: a busy loop costs a producer no atomic write
        }
    }

    void join() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the thread ----

    @Override
    public void run() {
        try {
            ring = Ring.open(SQ_ENTRIES, CQ_ENTRIES, SETUPS);
            sqe = ring.sqe();
            batch = proactor.batch();
        } catch (Throwable t) {
            ready.completeExceptionally(t);
            quiesced.countDown();
            wake.close();
            return;
        }
        ready.complete(null);
        try {
            wake.arm();
            while (phase != DONE) {
                turn();
            }
            stopped = true;
            drainHandBacks(CompletionStatus.CANCELLED, "the proactor was closed", batch); // handed back as it stopped
            flush();
            ring.close();
            wake.close();
        } catch (Throwable t) { // not contained to one operation (an Error, or a failing wait)
            ending.die(t);
        } finally {
            quiesced.countDown();
        }
    }

    private void turn() throws IOException {
        batch.beginTurn();
        runInbox();
        flush();
        if (phase == STOPPING && finishedStopping()) {
            return;
        }
        FaultInjector.check(faults, FaultPoint.WAIT, "io_uring_enter");
        long nanos = deadlines.nanosToNext();
        awake.set(false);
        boolean wait = nanos != 0 && ops.isEmpty() && tasks.isEmpty() && handBacks.isEmpty() && deferred.isEmpty()
                && posted == null;
        if (!wait) {
            awake.set(true);
        }
        if (wait) {
            batch.awaitingIo(); // the busy stretch since the last wait ends (stall events)
        }
        int r = ring.enter(wait, nanos);
        awake.set(true);
        if (wait) {
            batch.woke();
        }
        if (r < 0 && r != -Errno.ETIME && r != -Errno.EINTR && r != -Errno.EBUSY && r != -Errno.EAGAIN) {
            throw new ErrnoException("io_uring_enter", -r);
        }
        ring.reap(dispatch);
        deadlines.expire(onExpired);
    }

    /** Hands the turn's completions to the user, then lets go of their lanes. */
    void flush() {
        batch.flush();
        tickets.dropHeld();
    }

    private void runInbox() {
        // what submitting threads handed back first: a hand-off was submitted before all that queues behind it
        handBacks.run(batch);
        // what an earlier turn held back goes first; what this turn holds back waits for the next
        for (int n = deferred.size(); n > 0 && !batch.overBudget(); n--) {
            takeIn(deferred.poll());
        }
        takeInPosted();
        // control work (close, cancel, delivery) is never held back by the budget, new I/O is
        for (LoopTask t = tasks.poll(); t != null; t = tasks.poll()) {
            // operations handed over before this task are in the stack now: they go first, so a
            // task never overtakes an operation submitted before it (e.g. a close its receives)
            takeInPosted();
            t.run(this);
        }
    }

    /** Takes in everything handed over so far, oldest first; what handlers submit meanwhile goes behind it. */
    private void takeInPosted() {
        if (posted == null) {
            posted = ops.takeAll();
        }
        while (posted != null) {
            Operation op = posted;
            posted = access.unlink(op);
            if (batch.overBudget() || !deferred.isEmpty()) {
                deferred.add(op);
            } else {
                takeIn(op);
            }
        }
    }

    private void dispatch(long userData, int res, int flags) {
        UringOp o = slots.release(userData);
        if (o == null) {
            return; // a cancel's own completion
        }
        try {
            o.cqe(res);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "contained to " + o.op, e);
            o.fail(CompletionStatus.FAILED, 0, AbstractProactor.describe(e));
        }
    }

    // ---- operations ----

    void takeIn(Operation op) {
        if (refusedAtRegister(op)) {
            return;
        }
        current = op;
        try {
            AbstractHandle target = op.target();
            if (op.isCancelRequested() || phase != RUNNING) {
                complete(op, CompletionStatus.CANCELLED); // a cancel that came before its operation, or a close
            } else if (target == null) {
                start(new ConnectOp(this), op);
            } else {
                ((UringHandle) target).takeIn(op);
            }
            deadlines.arm(op); // nothing for one without a timeout or already completed
        } catch (RuntimeException e) {
            // a bug outside any op object's start (which contains its own): the operation fails;
            // if it waits in a lane, the lane skips it as done
            LOG.log(System.Logger.Level.DEBUG, "contained to " + op, e);
            if (!op.isDone()) {
                fail(op, CompletionStatus.FAILED, 0, AbstractProactor.describe(e));
            }
        }
        current = null;
    }

    /**
     * The fault seam of taking an operation in (also one a submitting thread handed off): a
     * fault there fails it, before it is in any lane.
     *
     * @return true if it failed
     */
    boolean refusedAtRegister(Operation op) {
        try {
            FaultInjector.check(faults, FaultPoint.REGISTER, "io_uring_sqe");
            return false;
        } catch (IOException | RuntimeException e) {
            fail(op, CompletionStatus.FAILED, 0, AbstractProactor.describe(e)); // it is nowhere yet
            return true;
        }
    }

    /** Starts an op object on an operation; a start that throws fails it with nothing in the kernel. */
    void start(UringOp o, Operation op) {
        o.op = op;
        try {
            o.start(op);
        } catch (ErrnoException e) {
            o.fail(UringErrors.status(e.errno()), e.errno(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "contained to " + op, e);
            o.fail(CompletionStatus.FAILED, 0, AbstractProactor.describe(e));
        }
    }

    /** Ends a pending operation wherever it is: at once if it waits, by a cancel if it is in the kernel. */
    void stop(Operation op, CompletionStatus status) {
        if (op.isDone()) {
            return;
        }
        AbstractHandle target = op.target();
        if (target != null) {
            ((UringHandle) target).stop(op, status);
        } else {
            Object state = access.state(op);
            if (state instanceof ConnectOp) {
                ((ConnectOp) state).stop(status);
            }
        }
    }

    /** @return the offset of a free submission entry; submits what is queued if the ring is full */
    int sqeSlot() {
        int at = ring.nextSqe();
        if (at < 0) {
            ring.enter(false, 0);
            at = ring.nextSqe();
            if (at < 0) {
                throw new IllegalStateException("the io_uring submission ring is full and the kernel takes nothing");
            }
        }
        return at;
    }

    /** Asks the kernel to cancel the entry tagged {@code userData}; its own completion is ignored. */
    void cancelEntry(long userData) {
        sqe.cancel(sqeSlot(), userData, Slots.IGNORED);
    }

    // ---- phases of the proactor's close ----

    /** No new connections: listeners close, connects in flight are cancelled. */
    void quiesceHere() {
        makesConnections = false;
        for (UringHandle h : handles) {
            if (h instanceof UringListener) {
                h.close();
            }
        }
        for (ConnectOp c : connects) {
            c.stop(CompletionStatus.CANCELLED);
        }
        flush();
        quiesced.countDown();
    }

    /** Closes every handle; the thread ends once every entry has completed. */
    void stopHere() {
        phase = STOPPING;
        for (UringHandle h : handles) {
            h.close();
        }
        for (ConnectOp c : connects) {
            c.stop(CompletionStatus.CANCELLED);
        }
    }

    private boolean finishedStopping() {
        if (slots.used() > (wake.inKernel() ? 1 : 0) || !handles.isEmpty() || !deferred.isEmpty()) {
            return false;
        }
        if (wake.inKernel()) {
            wake.stop(CompletionStatus.CANCELLED);
            return false;
        }
        phase = DONE;
        return true;
    }

    // ---- results, through the proactor ----

    void complete(Operation op, CompletionStatus status) {
        proactor.done(op, status, batch);
    }

    void fail(Operation op, CompletionStatus status, int errno, String message) {
        proactor.failed(op, status, errno, message, batch);
    }

    void connected(Operation op, UringConnection c) {
        proactor.connected(op, c, batch);
    }

    @Override
    public String toString() {
        return thread.getName();
    }
}
