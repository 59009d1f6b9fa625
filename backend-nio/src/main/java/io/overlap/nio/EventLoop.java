package io.overlap.nio;

import io.overlap.BufferLease;
import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractHandle;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One selector thread and everything it owns: its channels, their FIFOs of pending operations,
 * its timeouts and its completion batch. All state below is touched only on {@link #thread};
 * other threads reach it through its inboxes (operations without allocation, control tasks
 * beside them) and a coalesced {@link Selector#wakeup()}.
 *
 * <p>An operation is tried at once when it reaches the head of its FIFO; only when the channel
 * is not ready does the loop register interest and wait for the selector.
 */
final class EventLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    /** Reads one connection may do per readiness, so a hot connection cannot starve the others. */
    private static final int READS_PER_TURN = 16;
    /** Inbox items taken per turn before the selector gets a look. */
    private static final int INBOX_PER_TURN = 4096;

    private static final int RUNNING = 0;
    private static final int QUIESCED = 1;
    private static final int STOPPED = 2;

    final NioProactor proactor;
    final Thread thread;
    private final Selector selector;
    private final OpInbox ops = new OpInbox();
    private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
    /** False only while the loop may be blocked in select: then a producer must wake it. */
    private final AtomicBoolean awake = new AtomicBoolean(true);
    private final CompletionBatch batch;
    private final DeadlineHeap timers = new DeadlineHeap();
    private final Consumer<SelectionKey> onKey = this::onKey;
    private final CountDownLatch quiesced = new CountDownLatch(1);
    private int phase = RUNNING;

    EventLoop(NioProactor proactor, int index) throws IOException {
        this.proactor = proactor;
        this.selector = Selector.open();
        this.batch = proactor.batch();
        this.thread = new Thread(this, "overlap-nio-loop-" + index);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Releases the selector of a loop that was never started. */
    void abandon() {
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing an unused selector", e);
        }
    }

    // ---- hand-offs from any thread ----

    void submit(Operation op) {
        if (Thread.currentThread() == thread) {
            takeIn(op);
        } else {
            ops.push(op);
            wake();
        }
    }

    void cancel(Operation op) {
        if (Thread.currentThread() == thread) {
            end(op, CompletionStatus.CANCELLED);
        } else {
            post(new Task(Task.CANCEL, op));
        }
    }

    void deliver(Operation completed) {
        post(new Task(Task.DELIVER, completed));
    }

    void shutdownOutput(NioConnection c) {
        if (Thread.currentThread() == thread) {
            doShutdownOutput(c);
        } else {
            post(new Task(Task.SHUTDOWN_OUTPUT, c));
        }
    }

    void close(AbstractHandle h) {
        if (Thread.currentThread() == thread) {
            closeHandle(h);
        } else {
            post(new Task(Task.CLOSE, h));
        }
    }

    void quiesce() {
        post(new Task(Task.QUIESCE, null));
    }

    void awaitQuiesced() {
        awaitUninterruptibly(quiesced);
    }

    void stop() {
        post(new Task(Task.STOP, null));
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

    private void post(Task task) {
        tasks.offer(task);
        wake();
    }

    private void wake() {
        if (!awake.getAndSet(true)) {
            selector.wakeup();
        }
    }

    // ---- the loop ----

    @Override
    public void run() {
        try {
            while (phase != STOPPED) {
                runInbox();
                if (phase == STOPPED) {
                    break;
                }
                batch.flush();
                select();
                expireTimers();
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, thread.getName() + " failed; completing what it owns", t);
            closeEverything();
            drainInboxAfterStop();
        } finally {
            batch.flush();
            quiesced.countDown();
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the selector", e);
            }
        }
    }

    private void select() throws IOException {
        long timeoutMillis = 0; // 0 = no timeout
        Operation next = timers.peek();
        if (next != null) {
            long nanos = next.deadline() - System.nanoTime();
            if (nanos <= 0) {
                selector.selectNow(onKey);
                return;
            }
            timeoutMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
        }
        awake.set(false);
        if (!ops.isEmpty() || !tasks.isEmpty()) {
            awake.set(true);
            selector.selectNow(onKey);
            return;
        }
        selector.select(onKey, timeoutMillis);
        awake.set(true);
    }

    private void runInbox() {
        takeInPosted();
        for (int i = 0; i < INBOX_PER_TURN && phase != STOPPED; i++) {
            Task t = tasks.poll();
            if (t == null) {
                return;
            }
            // operations posted before this task are in the inbox now: take them in first, so a
            // task never overtakes an operation submitted before it (e.g. a shutdown its sends)
            takeInPosted();
            run(t);
        }
    }

    private void takeInPosted() {
        for (Operation op = ops.takeAll(); op != null; ) {
            Operation next = op.next;
            op.next = null;
            takeIn(op);
            op = next;
        }
    }

    private void run(Task t) {
        switch (t.kind) {
            case Task.CANCEL:
                end((Operation) t.subject, CompletionStatus.CANCELLED);
                break;
            case Task.DELIVER:
                batch.deliver((Operation) t.subject);
                break;
            case Task.SHUTDOWN_OUTPUT:
                doShutdownOutput((NioConnection) t.subject);
                break;
            case Task.CLOSE:
                closeHandle((AbstractHandle) t.subject);
                break;
            case Task.QUIESCE:
                phase = QUIESCED;
                stopMakingConnections();
                batch.flush();
                quiesced.countDown();
                break;
            case Task.STOP:
                closeEverything();
                phase = STOPPED;
                drainInboxAfterStop();
                break;
            default:
                throw new IllegalStateException("unknown task " + t.kind);
        }
    }

    private void onKey(SelectionKey key) {
        Object a = key.attachment();
        try {
            if (a instanceof NioConnection) {
                NioConnection c = (NioConnection) a;
                if (!c.isOpen()) {
                    // closed by the user (or the proactor) while the close is on its way here:
                    // what is pending was pending at the close, so it is cancelled, not read
                    closeConnection(c, CompletionStatus.CANCELLED);
                    return;
                }
                int ready = key.readyOps();
                if ((ready & SelectionKey.OP_READ) != 0) {
                    doReads(c);
                }
                if ((ready & SelectionKey.OP_WRITE) != 0 && !c.closedOnLoop) {
                    doWrites(c);
                }
                updateInterest(c);
            } else if (a instanceof NioListener) {
                NioListener l = (NioListener) a;
                if (l.isOpen()) {
                    doAccepts(l);
                } else {
                    closeListener(l, CompletionStatus.CANCELLED);
                }
            } else if (a instanceof PendingConnect) {
                finishConnect((PendingConnect) a);
            }
        } catch (CancelledKeyException e) {
            // closed while this batch of keys was being handed out: nothing pending on it
        }
    }

    // ---- taking operations in ----

    private void takeIn(Operation op) {
        if (op.isCancelRequested() || phase == STOPPED) {
            // a cancel that reached the loop before its operation found nothing to cancel
            proactor.done(op, CompletionStatus.CANCELLED, batch);
            return;
        }
        switch (op.kind()) {
            case ACCEPT:
                takeInAccept(op);
                break;
            case CONNECT:
                startConnect(op);
                break;
            case RECV:
                takeInRecv(op);
                break;
            case SEND:
                takeInSend(op);
                break;
            default:
                throw new IllegalStateException("unknown kind " + op.kind());
        }
        if (!op.isDone() && op.timeoutNanos() > 0) {
            long now = System.nanoTime();
            long t = op.timeoutNanos();
            op.setDeadline(t > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + t);
            timers.add(op);
        }
    }

    private void takeInAccept(Operation op) {
        NioListener l = (NioListener) op.target();
        // what reaches the loop was submitted while its handle was open (the core answers CLOSED
        // for later ones): a close that overtook it on the way cancels it
        if (l.closedOnLoop || phase != RUNNING || !l.isOpen()) {
            closeListener(l, CompletionStatus.CANCELLED);
            proactor.done(op, CompletionStatus.CANCELLED, batch);
        } else {
            boolean first = l.accepts.isEmpty();
            l.accepts.add(op);
            if (first) {
                doAccepts(l);
            }
        }
    }

    private void takeInRecv(Operation op) {
        NioConnection c = (NioConnection) op.target();
        if (c.closedOnLoop || !c.isOpen()) {
            closeConnection(c, CompletionStatus.CANCELLED); // overtaken by a close: see takeInAccept
            proactor.done(op, CompletionStatus.CANCELLED, batch);
        } else if (c.inputEnded) {
            proactor.done(op, CompletionStatus.END_OF_STREAM, batch);
        } else {
            boolean first = !c.hasRecvs();
            c.recvs().add(op);
            if (first) {
                // try at once only when the last read filled its buffer (more is likely waiting);
                // otherwise the read would find nothing and cost a system call per receive
                if (c.maybeMoreData && op.pool() == null) {
                    doReads(c);
                }
                updateInterest(c);
            }
        }
    }

    private void takeInSend(Operation op) {
        NioConnection c = (NioConnection) op.target();
        if (c.closedOnLoop || !c.isOpen()) {
            closeConnection(c, CompletionStatus.CANCELLED);
            proactor.done(op, CompletionStatus.CANCELLED, batch);
        } else if (c.shutdownPending || c.outputShut) {
            proactor.failed(op, CompletionStatus.CLOSED, "the connection's output was shut down", batch);
        } else {
            boolean first = !c.hasSends();
            c.sends().add(op);
            if (first) {
                doWrites(c);
                updateInterest(c);
            }
        }
    }

    // ---- I/O ----

    private void doReads(NioConnection c) {
        for (int turn = 0; turn < READS_PER_TURN && c.hasRecvs(); turn++) {
            Operation op = c.recvs.peek();
            ByteBuffer[] dsts = op.buffers();
            BufferLease lease = null;
            long room;
            long n;
            try {
                if (op.pool() != null) {
                    // leased only now that data is (probably) here: idle connections pin nothing
                    lease = op.pool().tryLease(op.pool().recvSize());
                    if (lease == null) {
                        c.recvs.poll();
                        removeTimer(op);
                        proactor.failed(op, CompletionStatus.NO_BUFFER, "buffer pool exhausted: " + op.pool()
                                + "; release leases and submit again", batch);
                        continue;
                    }
                    room = lease.buffer().remaining();
                    n = c.channel.read(lease.buffer());
                } else if (dsts.length == 1) {
                    room = dsts[0].remaining();
                    n = c.channel.read(dsts[0]);
                } else {
                    room = remaining(dsts);
                    n = c.channel.read(dsts);
                }
            } catch (IOException e) {
                if (lease != null) {
                    lease.release();
                }
                if (!c.isOpen()) {
                    closeConnection(c, CompletionStatus.CANCELLED); // see the end-of-stream case below
                } else {
                    failAll(c.recvs, e);
                }
                return;
            }
            if (lease != null) {
                if (n > 0) {
                    lease.buffer().flip();
                    op.setLease(lease);
                } else {
                    lease.release();
                }
            }
            if (n > 0) {
                c.recvs.poll();
                op.addTransferred(n);
                c.maybeMoreData = n == room;
                finish(op, CompletionStatus.OK);
                if (n < room) {
                    return; // the socket is drained: the next receive waits for readiness
                }
            } else if (n == 0) {
                c.maybeMoreData = false;
                return;
            } else if (!c.isOpen()) {
                // the peer's end of stream, or our own proactor's close reaching a peer on
                // another loop, seen after this handle began to close: what is pending was
                // pending at the close, so it is cancelled (a check before the read cannot see
                // a close that begins between the check and the read)
                closeConnection(c, CompletionStatus.CANCELLED);
                return;
            } else {
                c.inputEnded = true;
                for (Operation o = c.recvs.poll(); o != null; o = c.recvs.poll()) {
                    finish(o, CompletionStatus.END_OF_STREAM);
                }
                return;
            }
        }
    }

    private void doWrites(NioConnection c) {
        while (c.hasSends()) {
            Operation op = c.sends.peek();
            ByteBuffer[] srcs = op.buffers();
            long n;
            try {
                n = srcs.length == 1 ? c.channel.write(srcs[0]) : c.channel.write(srcs);
            } catch (IOException e) {
                if (!c.isOpen()) {
                    closeConnection(c, CompletionStatus.CANCELLED);
                } else {
                    failAll(c.sends, e);
                }
                return;
            }
            op.addTransferred(n);
            if (srcs.length == 1 ? srcs[0].hasRemaining() : remaining(srcs) > 0) {
                return; // the socket buffer is full: wait for OP_WRITE
            }
            c.sends.poll();
            finish(op, CompletionStatus.OK);
        }
        if (c.shutdownPending) {
            c.shutdownPending = false;
            shutOutput(c);
        }
    }

    private void doAccepts(NioListener l) {
        while (!l.accepts.isEmpty() && !l.closedOnLoop) {
            SocketChannel ch;
            try {
                ch = l.channel.accept();
            } catch (IOException e) {
                // e.g. out of file descriptors: fail one accept rather than spin on the backlog
                Operation op = l.accepts.poll();
                proactor.failed(op, NioErrors.statusOf(e), NioErrors.messageOf(e), batch);
                removeTimer(op);
                break;
            }
            if (ch == null) {
                break;
            }
            Operation op = l.accepts.poll();
            NioConnection c;
            try {
                c = proactor.newConnection(ch, proactor.nextLoop());
            } catch (IOException e) {
                closeQuietly(ch);
                removeTimer(op);
                proactor.failed(op, NioErrors.statusOf(e), NioErrors.messageOf(e), batch);
                continue;
            }
            removeTimer(op);
            proactor.connected(op, c, batch);
        }
        updateInterest(l);
    }

    private void startConnect(Operation op) {
        if (phase != RUNNING) {
            proactor.done(op, CompletionStatus.CANCELLED, batch);
            return;
        }
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            if (ch.connect(op.remote())) {
                connected(op, ch, null);
                return;
            }
            PendingConnect pc = new PendingConnect(op, ch);
            op.backendState = pc;
            pc.key = ch.register(selector, SelectionKey.OP_CONNECT, pc);
        } catch (IOException e) {
            if (ch != null) {
                closeQuietly(ch);
            }
            proactor.failed(op, NioErrors.statusOf(e), NioErrors.messageOf(e), batch);
        }
    }

    private void finishConnect(PendingConnect pc) {
        Operation op = pc.op;
        try {
            if (!pc.channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            op.backendState = null;
            pc.key.cancel();
            closeQuietly(pc.channel);
            removeTimer(op);
            proactor.failed(op, NioErrors.statusOf(e), NioErrors.messageOf(e), batch);
            return;
        }
        op.backendState = null;
        removeTimer(op);
        connected(op, pc.channel, pc.key);
    }

    /** A connected channel stays on this loop, reusing the key it was registered with. */
    private void connected(Operation op, SocketChannel ch, SelectionKey key) {
        NioConnection c;
        try {
            c = proactor.newConnection(ch, this);
        } catch (IOException e) {
            if (key != null) {
                key.cancel();
            }
            closeQuietly(ch);
            proactor.failed(op, NioErrors.statusOf(e), NioErrors.messageOf(e), batch);
            return;
        }
        if (key != null) {
            key.interestOps(0);
            key.attach(c);
            c.key = key;
        }
        proactor.connected(op, c, batch);
    }

    private void updateInterest(NioConnection c) {
        if (c.closedOnLoop) {
            return;
        }
        int want = (c.hasRecvs() ? SelectionKey.OP_READ : 0) | (c.hasSends() ? SelectionKey.OP_WRITE : 0);
        if (want == c.interest) {
            return;
        }
        try {
            if (c.key == null) {
                c.key = c.channel.register(selector, want, c);
            } else {
                c.key.interestOps(want);
            }
            c.interest = want;
        } catch (ClosedChannelException | CancelledKeyException e) {
            closeConnection(c, CompletionStatus.CLOSED);
        }
    }

    private void updateInterest(NioListener l) {
        if (l.closedOnLoop) {
            return;
        }
        int want = l.accepts.isEmpty() ? 0 : SelectionKey.OP_ACCEPT;
        try {
            if (l.key == null) {
                if (want != 0) {
                    l.key = l.channel.register(selector, want, l);
                }
            } else if (l.key.interestOps() != want) {
                l.key.interestOps(want);
            }
        } catch (ClosedChannelException | CancelledKeyException e) {
            closeListener(l, CompletionStatus.CLOSED);
        }
    }

    private void doShutdownOutput(NioConnection c) {
        if (c.closedOnLoop || c.outputShut) {
            return;
        }
        if (c.hasSends()) {
            c.shutdownPending = true;
        } else {
            shutOutput(c);
        }
    }

    private void shutOutput(NioConnection c) {
        c.outputShut = true;
        try {
            c.channel.shutdownOutput();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "shutdownOutput on " + c, e);
        }
    }

    // ---- cancel, timeout, close ----

    /** Takes a pending operation out wherever it waits and completes it with {@code status}. */
    private void end(Operation op, CompletionStatus status) {
        if (op.isDone()) {
            return;
        }
        boolean found;
        switch (op.kind()) {
            case ACCEPT: {
                NioListener l = (NioListener) op.target();
                found = l.accepts.remove(op);
                updateInterest(l);
                break;
            }
            case RECV: {
                NioConnection c = (NioConnection) op.target();
                found = c.recvs != null && c.recvs.remove(op);
                updateInterest(c);
                break;
            }
            case SEND: {
                NioConnection c = (NioConnection) op.target();
                found = c.sends != null && c.sends.remove(op);
                updateInterest(c);
                break;
            }
            case CONNECT: {
                PendingConnect pc = (PendingConnect) op.backendState;
                found = pc != null;
                if (found) {
                    op.backendState = null;
                    pc.key.cancel();
                    closeQuietly(pc.channel);
                }
                break;
            }
            default:
                throw new IllegalStateException("unknown kind " + op.kind());
        }
        if (found) {
            finish(op, status);
        }
    }

    private void expireTimers() {
        long now = System.nanoTime();
        for (Operation op = timers.peek(); op != null && op.deadline() - now <= 0; op = timers.peek()) {
            timers.remove(op);
            end(op, CompletionStatus.TIMED_OUT);
        }
    }

    private void closeHandle(AbstractHandle h) {
        if (h instanceof NioConnection) {
            closeConnection((NioConnection) h, CompletionStatus.CANCELLED);
        } else {
            closeListener((NioListener) h, CompletionStatus.CANCELLED);
        }
    }

    private void closeConnection(NioConnection c, CompletionStatus pendingStatus) {
        if (c.closedOnLoop) {
            return;
        }
        c.closedOnLoop = true;
        if (c.recvs != null) {
            for (Operation o = c.recvs.poll(); o != null; o = c.recvs.poll()) {
                finish(o, pendingStatus);
            }
        }
        if (c.sends != null) {
            for (Operation o = c.sends.poll(); o != null; o = c.sends.poll()) {
                finish(o, pendingStatus);
            }
        }
        if (c.key != null) {
            c.key.cancel();
        }
        closeQuietly(c.channel);
        proactor.handles.remove(c);
    }

    private void closeListener(NioListener l, CompletionStatus pendingStatus) {
        if (l.closedOnLoop) {
            return;
        }
        l.closedOnLoop = true;
        for (Operation o = l.accepts.poll(); o != null; o = l.accepts.poll()) {
            finish(o, pendingStatus);
        }
        if (l.key != null) {
            l.key.cancel();
        }
        closeQuietly(l.channel);
        proactor.handles.remove(l);
    }

    /** Phase one of the proactor's close: accepts and connects end, listeners close. */
    private void stopMakingConnections() {
        for (AbstractHandle h : proactor.handles) {
            if (h instanceof NioListener && ((NioListener) h).loop == this) {
                closeListener((NioListener) h, CompletionStatus.CANCELLED);
            }
        }
        List<PendingConnect> connects = new ArrayList<>();
        for (SelectionKey k : selector.keys()) {
            if (k.attachment() instanceof PendingConnect) {
                connects.add((PendingConnect) k.attachment());
            }
        }
        for (PendingConnect pc : connects) {
            end(pc.op, CompletionStatus.CANCELLED);
        }
    }

    /** Phase two: every handle of this loop closes and every operation it holds completes. */
    private void closeEverything() {
        stopMakingConnections();
        for (AbstractHandle h : proactor.handles) {
            if (h instanceof NioConnection && ((NioConnection) h).loop == this) {
                closeConnection((NioConnection) h, CompletionStatus.CANCELLED);
            }
        }
        // anything still timed here is an operation not found above: complete it too
        for (Operation op = timers.peek(); op != null; op = timers.peek()) {
            timers.remove(op);
            if (!op.isDone()) {
                proactor.done(op, CompletionStatus.CANCELLED, batch);
            }
        }
        try {
            selector.selectNow(); // let the selector release the channels it still holds
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "final selectNow", e);
        }
    }

    private void drainInboxAfterStop() {
        takeInPosted(); // phase is STOPPED: each is completed CANCELLED
        for (Task t = tasks.poll(); t != null; t = tasks.poll()) {
            if (t.kind == Task.DELIVER) {
                batch.deliver((Operation) t.subject);
            }
        }
    }

    // ---- helpers ----

    private void finish(Operation op, CompletionStatus status) {
        removeTimer(op);
        proactor.done(op, status, batch);
    }

    private void failAll(OpQueue q, IOException e) {
        CompletionStatus status = NioErrors.statusOf(e);
        String message = NioErrors.messageOf(e);
        for (Operation o = q.poll(); o != null; o = q.poll()) {
            removeTimer(o);
            proactor.failed(o, status, message, batch);
        }
    }

    private void removeTimer(Operation op) {
        if (op.timerIndex() >= 0) {
            timers.remove(op);
        }
    }

    private static long remaining(ByteBuffer[] bufs) {
        long n = 0;
        for (ByteBuffer b : bufs) {
            n += b.remaining();
        }
        return n;
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + ch, e);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A control request from another thread. */
    private static final class Task {
        static final int CANCEL = 1;
        static final int DELIVER = 2;
        static final int SHUTDOWN_OUTPUT = 3;
        static final int CLOSE = 4;
        static final int QUIESCE = 5;
        static final int STOP = 6;

        final int kind;
        final Object subject;

        Task(int kind, Object subject) {
            this.kind = kind;
            this.subject = subject;
        }
    }
}
