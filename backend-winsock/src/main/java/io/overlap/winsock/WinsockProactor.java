package io.overlap.winsock;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.ProactorConfig;
import io.overlap.spi.AbstractConnection;
import io.overlap.spi.AbstractHandle;
import io.overlap.spi.AbstractListener;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Winsock event-overlapped proactor. Each operation takes a {@link Slot} (an
 * {@code WSAOVERLAPPED} with its own event), is started by its handle's home thread, and is
 * finished by whichever {@link Waiter} sees its event signalled. Cancels, timeouts and closes
 * go through {@code CancelIoEx}; a slot goes back to the pool only once the kernel gave it
 * back.
 */
final class WinsockProactor extends AbstractProactor implements Waiter.Driver {
    static final String NAME = "winsock";
    private static final System.Logger LOG = System.getLogger(WinsockProactor.class.getName());
    private static final InetSocketAddress ANY4 = wildcard(4);
    private static final InetSocketAddress ANY6 = wildcard(16);

    private final Winsock ws;
    private final Tuning tuning;
    private final SlotPool slots;
    private final StagingPool staging;
    private final Waiters waiters;
    private final ScheduledThreadPoolExecutor timer;
    /** The timer's threads and their OS handles, to join them for real at close. */
    private final List<Thread> timerThreads = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> timerHandles = Collections.synchronizedList(new ArrayList<>());
    private final Set<AbstractHandle> handles = ConcurrentHashMap.newKeySet();
    /** Operations handed to {@link #implSubmit} and not yet completed. */
    private final AtomicInteger outstanding = new AtomicInteger();
    private final Object drainLock = new Object();
    private volatile boolean closing;

    private WinsockProactor(ProactorConfig config, Winsock ws, Tuning tuning) throws IOException {
        super(NAME, config);
        this.ws = ws;
        this.tuning = tuning;
        this.slots = new SlotPool(ws, tuning.keepIdleSlots());
        this.staging = new StagingPool(ws, tuning.keepStagingChunks());
        this.waiters = new Waiters(this, ws, this, config.ioThreads(), tuning.idleMillis());
        ThreadFactory named = new ThreadFactoryBuilder().setDaemon(true)
                .setNameFormat(waiters.prefix() + "timer-%d").build();
        List<Thread> made = timerThreads;
        List<Long> opened = timerHandles;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = named.newThread(() -> {
                opened.add(ws.openCurrentThread());
                r.run();
            });
            made.add(t);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Opens a proactor: starts Winsock and the primary waiters.
     *
     * @param config the configuration
     * @param ws the native calls
     * @param tuning internal knobs
     * @return the running proactor
     * @throws IOException if Winsock cannot start or its first events cannot be made
     */
    static WinsockProactor open(ProactorConfig config, Winsock ws, Tuning tuning) throws IOException {
        ws.startup();
        try {
            WinsockProactor p = new WinsockProactor(config, ws, tuning);
            p.waiters.start();
            return p;
        } catch (IOException | RuntimeException | Error e) {
            ws.cleanup();
            throw e;
        }
    }

    // ---- AbstractProactor ----

    @Override
    protected AbstractListener implListen(InetSocketAddress local, int backlog) throws IOException {
        boolean v6 = SockAddr.isIpv6(local);
        long s = ws.openSocket(v6);
        try {
            ws.bind(s, local);
            ws.listen(s, backlog);
            WinsockListener l = new WinsockListener(this, new SocketRef(ws, s, waiters.nextHome()), v6,
                    ws.localAddress(s));
            handles.add(l);
            return l;
        } catch (IOException | RuntimeException e) {
            ws.closeSocket(s);
            throw e;
        }
    }

    @Override
    protected void implSubmit(Operation op) {
        Slot s;
        try {
            s = slots.acquire();
        } catch (IOException e) {
            fail(op, CompletionStatus.FAILED, e instanceof WinsockException w ? w.code() : 0,
                    "no native block for the operation: " + e.getMessage(), null);
            return;
        }
        s.op = op;
        Waiter home;
        if (op.kind() == OpKind.CONNECT) {
            home = waiters.nextHome();
        } else {
            s.ref = ref(op.target());
            home = s.ref.home();
            if (op.kind() == OpKind.SEND) {
                s.ref.sendSubmitted();
            }
        }
        op.backendState = s;
        outstanding.incrementAndGet();
        if (op.timeoutNanos() > 0) {
            int generation = s.generation;
            s.timer = timer.schedule(() -> abort(s, generation, CompletionStatus.TIMED_OUT),
                    op.timeoutNanos(), TimeUnit.NANOSECONDS);
        }
        home.submit(s);
    }

    @Override
    protected void implCancel(Operation op) {
        Slot s = (Slot) op.backendState;
        if (s != null) {
            synchronized (s) {
                if (s.op == op) {
                    abortLocked(s, CompletionStatus.CANCELLED);
                }
            }
        }
        // else: its home thread has not seen it yet, and will see op.isCancelRequested()
    }

    @Override
    protected void implShutdownOutput(AbstractConnection connection) {
        ((WinsockConnection) connection).ref.requestShutdown();
    }

    @Override
    protected void implClose(AbstractHandle handle) {
        closeRef(ref(handle), false);
        handles.remove(handle);
    }

    /** Closes a handle's socket owner; its parked receives never started: their home completes them. */
    private void closeRef(SocketRef ref, boolean deferRelease) {
        for (Slot parked : ref.close(deferRelease)) {
            ref.home().finishLater(parked);
        }
    }

    @Override
    protected void implCloseProactor() {
        closing = true;
        // cancel everything first; sockets stay open until every operation is back, so a peer
        // on this same proactor cannot see this end close (end of stream) before its own cancel
        for (AbstractHandle h : handles) {
            closeRef(ref(h), true);
        }
        forEachPending(op -> {
            if (op.backendState instanceof Slot s) {
                synchronized (s) {
                    if (s.op == op) {
                        abortLocked(s, CompletionStatus.CANCELLED);
                    }
                }
            }
        });
        waiters.wakePrimaries();
        if (!awaitDrained(tuning.closeGraceMillis())) {
            LOG.log(System.Logger.Level.WARNING, "{0} operation(s) still with the kernel {1} ms after "
                    + "CancelIoEx; closing their sockets", outstanding.get(), tuning.closeGraceMillis());
            for (AbstractHandle h : handles) {
                ref(h).forceClose();
            }
            awaitDrained(tuning.closeGraceMillis());
        }
        // now close every socket, with the connections born from accepts and connects that
        // completed during the close
        for (AbstractHandle h : handles) {
            closeRef(ref(h), true);
            ref(h).forceClose();
        }
        handles.clear();
        boolean drained = outstanding.get() == 0;
        boolean joined = waiters.stopAndJoin(tuning.closeGraceMillis());
        timer.shutdownNow();
        try {
            timer.awaitTermination(tuning.closeGraceMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        joinTimerThreads();
        if (drained && joined) {
            slots.close();
            staging.close();
            ws.cleanup();
        } else {
            // never free what the kernel may still write to: leaking is the safe failure
            LOG.log(System.Logger.Level.ERROR, "winsock proactor closed with {0} operation(s) still with "
                    + "the kernel; their native blocks are left allocated", outstanding.get());
        }
    }

    @Override
    protected boolean isIoThread() {
        return Thread.currentThread() instanceof Waiter w && w.owner() == this;
    }

    @Override
    protected void implDeliver(Operation completed) {
        waiters.nextHome().deliver(completed);
    }

    // ---- Waiter.Driver ----

    @Override
    public CompletionBatch ioBatch() {
        return newBatch();
    }

    @Override
    public Waiters waiters() {
        return waiters;
    }

    @Override
    public void finishQueued(Slot s, CompletionBatch batch) {
        finishUnstarted(s, s.reason != null ? s.reason : CompletionStatus.CANCELLED, 0, null, batch);
    }

    @Override
    public void post(Slot s, Waiter on, CompletionBatch batch) {
        if (s.phase == Slot.POOL_WAITED) {
            postPooledRead(s, on, batch);
            return;
        }
        Operation op = s.op;
        CompletionStatus early = null;
        int err = 0;
        Waiter place = null;
        synchronized (s) {
            if (s.reason == null && op.isCancelRequested()) {
                s.reason = CompletionStatus.CANCELLED;
            }
            if (s.reason != null) {
                early = s.reason;
            } else if (closing) {
                early = CompletionStatus.CANCELLED;
            } else {
                try {
                    place = waiters.reserve(on);
                } catch (IOException e) {
                    err = e instanceof WinsockException w ? w.code() : -2;
                }
                if (place != null) {
                    err = start(s);
                    if (err == 0) {
                        s.state = Slot.PENDING;
                    } else {
                        place.unreserve();
                    }
                }
            }
        }
        if (err == SocketRef.PARKED) {
            return; // a pooled receive before it waits for data; it starts when that one read
        }
        if (early != null) {
            finishUnstarted(s, early, 0, null, batch);
        } else if (err == -1) {
            finishUnstarted(s, CompletionStatus.CANCELLED, 0, "the handle was closed before the operation started", batch);
        } else if (err != 0) {
            boolean closed = s.ref != null && s.ref.isClosed();
            finishUnstarted(s, ErrorMap.status(err, null, closed), err, failure(err, startCall(op.kind())), batch);
        } else {
            place.adopt(s);
        }
    }

    @Override
    public void kernelDone(Slot s, long result, CompletionBatch batch) {
        if (s.phase == Slot.POOL_WAIT) {
            // data (or the end, or an error) is there: the home thread leases a buffer and reads
            synchronized (s) {
                s.state = Slot.QUEUED; // a cancel now only marks it; the home thread sees the mark
                s.phase = Slot.POOL_WAITED;
                s.waitResult = result;
            }
            s.ref.ended();
            s.ref.home().submit(s);
            return;
        }
        synchronized (s) {
            s.state = Slot.DONE; // from here no CancelIoEx may name this block
        }
        if (s.timer != null) {
            s.timer.cancel(false);
        }
        Operation op = s.op;
        int err = IoResult.error(result);
        long n = IoResult.bytes(result);
        SocketRef ref = s.ref;
        boolean closedLocally = closing || (ref != null && ref.isClosed());
        CompletionStatus status;
        String message = null;
        AbstractConnection born = null;
        switch (op.kind()) {
            case RECV:
                if (err == 0 && n == 0 && !closedLocally && resetBeforeReceive(ref)) {
                    err = WinError.WSAECONNRESET;
                    status = CompletionStatus.CONNECTION_RESET;
                    message = "WSARecv found the connection reset (0 bytes, and the socket has no peer any more)";
                } else if (err == 0 && n == 0 && closedLocally) {
                    status = CompletionStatus.CANCELLED; // nothing moved, and this side closed it
                } else if (err == 0) {
                    s.plan.finishRecv(s.lease != null ? s.leaseBuffers : op.buffers(), n);
                    op.addTransferred(n);
                    status = n > 0 ? CompletionStatus.OK : CompletionStatus.END_OF_STREAM;
                    if (n > 0 && s.lease != null) {
                        s.leaseBuffers[0].flip();
                        op.setLease(s.lease); // from here the lease is the completion taker's
                        s.lease = null;
                    }
                } else {
                    status = ErrorMap.status(err, s.reason, closedLocally);
                }
                break;
            case SEND:
                s.plan.finishSend(op.buffers(), n);
                op.addTransferred(n);
                if (err == 0 && n == s.plan.total()) {
                    status = CompletionStatus.OK;
                } else if (err == 0) {
                    status = CompletionStatus.FAILED;
                    message = "WSASend completed with " + n + " of " + s.plan.total() + " bytes";
                } else {
                    status = ErrorMap.status(err, s.reason, closedLocally);
                }
                break;
            case ACCEPT:
                if (err == 0) {
                    try {
                        born = accepted(s);
                        status = born != null ? CompletionStatus.OK : CompletionStatus.CANCELLED;
                    } catch (IOException e) {
                        err = e instanceof WinsockException w ? w.code() : 0;
                        status = closedLocally ? CompletionStatus.CANCELLED : CompletionStatus.FAILED;
                        message = e.getMessage();
                    }
                } else {
                    status = ErrorMap.status(err, s.reason, closedLocally);
                }
                break;
            case CONNECT:
                if (err == 0) {
                    try {
                        born = connected(s);
                        status = CompletionStatus.OK;
                    } catch (IOException e) {
                        err = e instanceof WinsockException w ? w.code() : 0;
                        status = CompletionStatus.FAILED;
                        message = e.getMessage();
                    }
                } else {
                    status = ErrorMap.status(err, s.reason, closing);
                }
                break;
            default:
                throw new AssertionError(op.kind());
        }
        if (status != CompletionStatus.OK && message == null && err != 0 && status != CompletionStatus.CANCELLED
                && status != CompletionStatus.TIMED_OUT) {
            message = failure(err, kernelCall(op.kind()));
        }
        if (ref != null) {
            ref.ended();
        }
        finish(s, status, status == CompletionStatus.OK || status == CompletionStatus.END_OF_STREAM ? 0 : err,
                message, born, batch);
    }

    // ---- internals ----

    /**
     * A pooled receive's wait came back: lease a buffer and read into it (or complete), then
     * start the receives parked behind it, in order, after its read.
     */
    private void postPooledRead(Slot s, Waiter on, CompletionBatch batch) {
        Operation op = s.op;
        SocketRef ref = s.ref;
        int waitErr = IoResult.error(s.waitResult);
        CompletionStatus early = null;
        String message = null;
        int err = 0;
        Waiter place = null;
        synchronized (s) {
            if (s.reason == null && op.isCancelRequested()) {
                s.reason = CompletionStatus.CANCELLED;
            }
            boolean closedLocally = closing || ref.isClosed();
            if (s.reason != null) {
                early = s.reason;
            } else if (closedLocally) {
                early = CompletionStatus.CANCELLED;
            } else if (waitErr != 0) {
                early = ErrorMap.status(waitErr, null, false);
                err = waitErr;
                message = failure(waitErr, "WSARecv (zero-byte wait)");
            } else {
                io.overlap.BufferLease lease = op.pool().tryLease(op.pool().recvSize());
                if (lease == null) {
                    early = CompletionStatus.NO_BUFFER;
                    message = "the buffer pool has no buffer left (" + op.pool() + "); the data waits in the socket";
                } else {
                    s.lease = lease;
                    s.leaseBuffers = new ByteBuffer[] {lease.buffer().limit(op.pool().recvSize())};
                    try {
                        place = waiters.reserve(on);
                    } catch (IOException e) {
                        err = e instanceof WinsockException w ? w.code() : -2;
                    }
                    if (place != null) {
                        s.phase = Slot.POOL_READ;
                        err = ref.start(() -> {
                            s.plan.planRecv(s.leaseBuffers, staging);
                            ws.resetEvent(s.event);
                            return ws.startRecv(s.ioSocket, s.block, s.event, s.plan.buffers(), s.plan.count());
                        });
                        if (err == 0) {
                            s.state = Slot.PENDING;
                        } else {
                            place.unreserve();
                        }
                    }
                }
            }
        }
        if (early != null) {
            finishUnstarted(s, early, err, message, batch);
        } else if (err == -1) {
            finishUnstarted(s, CompletionStatus.CANCELLED, 0, null, batch);
        } else if (err != 0) {
            finishUnstarted(s, ErrorMap.status(err, null, ref.isClosed()), err, failure(err, "WSARecv"), batch);
        } else {
            place.adopt(s);
        }
        for (Slot next : ref.openGate()) {
            post(next, on, batch);
        }
    }

    /** Starts the slot's operation on its home thread: 0 if started, -1 if its handle is closed, else the error. */
    private int start(Slot s) {
        Operation op = s.op;
        switch (op.kind()) {
            case RECV:
                if (op.pool() != null) {
                    return s.ref.startRecv(s, () -> {
                        s.ioSocket = s.ref.socket();
                        s.phase = Slot.POOL_WAIT;
                        ws.resetEvent(s.event);
                        return ws.startRecvWait(s.ioSocket, s.block, s.event);
                    }, true);
                }
                return s.ref.startRecv(s, () -> {
                    s.plan.planRecv(op.buffers(), staging);
                    s.ioSocket = s.ref.socket();
                    ws.resetEvent(s.event);
                    return ws.startRecv(s.ioSocket, s.block, s.event, s.plan.buffers(), s.plan.count());
                }, false);
            case SEND:
                return s.ref.start(() -> {
                    s.plan.planSend(op.buffers(), staging);
                    s.ioSocket = s.ref.socket();
                    ws.resetEvent(s.event);
                    return ws.startSend(s.ioSocket, s.block, s.event, s.plan.buffers(), s.plan.count());
                });
            case ACCEPT:
                return s.ref.start(() -> {
                    try {
                        s.ownSocket = ws.openSocket(((WinsockListener) op.target()).ipv6);
                    } catch (IOException e) {
                        return e instanceof WinsockException w ? w.code() : WinError.WSAENOBUFS;
                    }
                    s.ioSocket = s.ref.socket();
                    ws.resetEvent(s.event);
                    return ws.startAccept(s.ioSocket, s.ownSocket, s.block, s.event);
                });
            case CONNECT:
                try {
                    boolean v6 = SockAddr.isIpv6(op.remote());
                    s.ownSocket = ws.openSocket(v6);
                    // ConnectEx needs a bound socket
                    ws.bind(s.ownSocket, v6 ? ANY6 : ANY4);
                } catch (IOException e) {
                    return e instanceof WinsockException w ? w.code() : WinError.WSAENOBUFS;
                }
                s.ioSocket = s.ownSocket;
                ws.resetEvent(s.event);
                return ws.startConnect(s.ioSocket, op.remote(), s.block, s.event);
            default:
                throw new AssertionError(op.kind());
        }
    }

    /**
     * Tells a reset from an end of stream when a receive got 0 bytes. Windows reports a reset as
     * {@code WSAECONNRESET}; Wine, when the reset arrived before the receive was posted,
     * reports 0 bytes. A connection that got its peer's FIN still has a peer; one that was
     * reset does not. After this side shut its output down, a closed connection is the normal
     * end of a half-close, so then 0 bytes always means end of stream.
     */
    private boolean resetBeforeReceive(SocketRef ref) {
        // the socket is open: this receive still counts as started on it (SocketRef.ended comes later)
        return !ref.isOutputShutdown() && ws.peerError(ref.socket()) != 0;
    }

    /** Turns a completed AcceptEx into a connection; null if the listener was closed meanwhile. */
    private AbstractConnection accepted(Slot s) throws IOException {
        SocketRef lref = s.ref;
        long a = s.ownSocket;
        // the listener's socket stays open while this accept is counted in its ref
        ws.updateAcceptContext(a, lref.socket());
        Winsock.AcceptedAddresses addrs = ws.acceptedAddresses(s.block);
        ws.setNoDelay(a, config().tcpNoDelay());
        if (lref.isClosed()) {
            return null;
        }
        WinsockConnection c = new WinsockConnection(this, new SocketRef(ws, a, waiters.nextHome()), addrs.local(),
                addrs.remote());
        s.ownSocket = 0;
        handles.add(c);
        return c;
    }

    private AbstractConnection connected(Slot s) throws IOException {
        long c = s.ownSocket;
        ws.updateConnectContext(c);
        ws.setNoDelay(c, config().tcpNoDelay());
        WinsockConnection conn = new WinsockConnection(this, new SocketRef(ws, c, waiters.nextHome()),
                ws.localAddress(c), ws.remoteAddress(c));
        s.ownSocket = 0;
        handles.add(conn);
        return conn;
    }

    /** Completes an operation that never reached the kernel. */
    private void finishUnstarted(Slot s, CompletionStatus status, int err, String message, CompletionBatch batch) {
        synchronized (s) {
            s.state = Slot.DONE;
        }
        if (s.timer != null) {
            s.timer.cancel(false);
        }
        finish(s, status, err, message, null, batch);
    }

    /** Releases everything the operation held, then completes it. */
    private void finish(Slot s, CompletionStatus status, int err, String message, AbstractConnection born,
            CompletionBatch batch) {
        Operation op = s.op;
        if (s.ownSocket != 0) {
            ws.closeSocket(s.ownSocket); // an accept or connect that did not become a connection
        }
        if (s.lease != null) {
            s.lease.release(); // a pooled receive that hands no data over keeps no buffer
            s.lease = null;
        }
        s.plan.release(staging);
        SocketRef sendRef = op.kind() == OpKind.SEND ? s.ref : null;
        op.backendState = null; // the completion the user keeps must not pin a slot that is reused
        slots.release(s);
        if (sendRef != null) {
            sendRef.sendCompleted();
        }
        if (born != null) {
            completeWithConnection(op, born, batch);
        } else if (status == CompletionStatus.OK || status == CompletionStatus.END_OF_STREAM
                || status == CompletionStatus.CANCELLED || status == CompletionStatus.TIMED_OUT) {
            complete(op, status, batch);
        } else {
            fail(op, status, err, message, batch);
        }
        if (outstanding.decrementAndGet() == 0 && closing) {
            synchronized (drainLock) {
                drainLock.notifyAll();
            }
        }
    }

    /** Asks the kernel to give an operation back early; the caller holds the slot's lock. */
    private void abortLocked(Slot s, CompletionStatus reason) {
        if (s.state != Slot.QUEUED && s.state != Slot.PENDING) {
            return;
        }
        if (s.reason == null) {
            s.reason = reason;
        }
        if (s.state == Slot.PENDING) {
            ws.cancel(s.ioSocket, s.block);
        } else if (s.ref != null && s.op.kind() == OpKind.RECV && s.ref.unpark(s)) {
            s.ref.home().finishLater(s); // parked behind a pooled receive that may wait for long
        }
    }

    /** The timer's entry: aborts only the operation the slot carried when it was scheduled. */
    private void abort(Slot s, int generation, CompletionStatus reason) {
        synchronized (s) {
            if (s.generation == generation) {
                abortLocked(s, reason);
            }
        }
    }

    private void joinTimerThreads() {
        boolean interrupted = false;
        synchronized (timerThreads) {
            for (Thread t : timerThreads) {
                try {
                    t.join(tuning.closeGraceMillis());
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            timerThreads.clear();
        }
        synchronized (timerHandles) {
            timerHandles.forEach(h -> ws.awaitThreadEnd(h, tuning.closeGraceMillis()));
            timerHandles.clear();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitDrained(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean interrupted = false;
        try {
            synchronized (drainLock) {
                while (outstanding.get() != 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(drainLock, left);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                return true;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String failure(int err, String call) {
        if (err < 0) {
            return call + " could not start: no waiter thread could be made";
        }
        return ErrorMap.message(err, call, ws.describe(err));
    }

    private static String startCall(OpKind kind) {
        switch (kind) {
            case RECV:
                return "WSARecv";
            case SEND:
                return "WSASend";
            case ACCEPT:
                return "AcceptEx";
            default:
                return "ConnectEx";
        }
    }

    private static String kernelCall(OpKind kind) {
        return startCall(kind) + " (overlapped)";
    }

    private static InetSocketAddress wildcard(int addressBytes) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[addressBytes]), 0);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e); // a 4- or 16-byte address is always valid
        }
    }

    private static SocketRef ref(AbstractHandle h) {
        return h instanceof WinsockConnection c ? c.ref : ((WinsockListener) h).ref;
    }

    /** @return the waiter set (for tests) */
    Waiters waiterSet() {
        return waiters;
    }

    /** @return live slots, staging chunks (for leak tests) */
    int liveSlots() {
        return slots.live();
    }

    int liveStaging() {
        return staging.live();
    }
}
