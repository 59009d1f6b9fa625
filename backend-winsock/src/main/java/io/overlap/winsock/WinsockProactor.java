package io.overlap.winsock;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.OptionSet;
import io.overlap.ProactorConfig;
import io.overlap.spi.AbstractConnection;
import io.overlap.spi.AbstractHandle;
import io.overlap.spi.AbstractListener;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.spi.OpAccess;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Winsock overlapped proactor: the core's entry points, and the handles. Each
 * operation takes a {@link Slot} (an {@code WSAOVERLAPPED}, with its own event in the event
 * model), is started by its handle's home thread, and is finished by whichever thread of the
 * {@link Notifier} (the notification model) gets it back; the {@link Engine} and the per-kind {@link OpTask}s do that. Cancels, timeouts and
 * closes go through {@code CancelIoEx}; a slot goes back to the pool only once the kernel gave
 * it back.
 */
final class WinsockProactor extends AbstractProactor {
    static final String NAME = "winsock";
    private static final System.Logger LOG = System.getLogger(WinsockProactor.class.getName());

    private final Winsock ws;
    private final Tuning tuning;
    private final Engine engine;
    private final Set<AbstractHandle> handles = ConcurrentHashMap.newKeySet();

    private WinsockProactor(String name, ProactorConfig config, Winsock ws, Tuning tuning) throws IOException {
        super(name, config);
        this.ws = ws;
        this.tuning = tuning;
        this.engine = new Engine(this, ws, tuning);
    }

    /**
     * Opens a proactor: starts Winsock and the primary waiters. With a fault injector in the
     * configuration, every native call goes through {@link FaultyWinsock} first.
     *
     * @param config the configuration
     * @param native0 the native calls
     * @param tuning internal knobs
     * @return the running proactor
     * @throws IOException if Winsock cannot start or its first events cannot be made
     */
    static WinsockProactor open(ProactorConfig config, Winsock native0, Tuning tuning) throws IOException {
        return open(NAME, config, native0, tuning);
    }

    /**
     * {@link #open(ProactorConfig, Winsock, Tuning)} under another backend name: a test backend
     * that runs this proactor over an emulation names itself apart from the real one.
     *
     * @param name what {@code backendName()} reports
     * @param config the configuration
     * @param native0 the native calls
     * @param tuning internal knobs
     * @return the running proactor
     * @throws IOException if Winsock cannot start or its first events cannot be made
     */
    static WinsockProactor open(String name, ProactorConfig config, Winsock native0, Tuning tuning)
            throws IOException {
        Winsock ws = config.faultInjector() == FaultInjector.NONE ? native0
                : new FaultyWinsock(native0, config.faultInjector());
        ws.startup();
        try {
            WinsockProactor p = new WinsockProactor(name, config, ws, tuning);
            p.engine.notifier.start();
            return p;
        } catch (IOException | RuntimeException | Error e) {
            ws.cleanup();
            throw e;
        }
    }

    // ---- AbstractProactor ----

    @Override
    protected AbstractListener implListen(InetSocketAddress local, int backlog, OptionSet options) throws IOException {
        IoThread home = engine.notifier.nextHome();
        if (home == null) {
            throw new IOException("no I/O thread of the proactor is alive");
        }
        boolean v6 = SockAddr.isIpv6(local);
        long s = ws.openSocket(v6, FaultPoint.OTHER);
        engine.register(s, home);
        try {
            boolean reuse = WinsockOptions.applyAndBind(ws, s, options, local, FaultPoint.OTHER);
            ws.listen(s, backlog);
            SocketRef ref = new SocketRef(ws, s, home);
            ref.reuseAddress(reuse);
            WinsockListener l = new WinsockListener(this, ref, v6, ws.localAddress(s));
            handles.add(l);
            return l;
        } catch (IOException | RuntimeException e) {
            ws.closeSocket(s);
            throw e;
        }
    }

    @Override
    protected Set<SocketOption<?>> implConnectionOptions() {
        return WinsockOptions.CONNECTION;
    }

    @Override
    protected Set<SocketOption<?>> implListenerOptions() {
        return WinsockOptions.LISTENER;
    }

    @Override
    protected <T> void implSetOption(AbstractHandle handle, SocketOption<T> option, T value) throws IOException {
        WinsockOptions.set(ref(handle), handle, option, value);
    }

    @Override
    protected <T> T implGetOption(AbstractHandle handle, SocketOption<T> option) throws IOException {
        return WinsockOptions.get(ref(handle), handle, option);
    }

    @Override
    protected void implAbort(AbstractConnection connection) {
        try {
            ref(connection).ifOpen((w, s) -> {
                w.setLinger(s, 0); // the close then resets the connection
                return null;
            }, () -> connection.closedException("abort"));
        } catch (IOException | RuntimeException e) {
            // e.g. the peer reset it first: it is closed all the same
            LOG.log(System.Logger.Level.DEBUG, () -> "SO_LINGER 0 on " + connection, e);
        }
        implClose(connection);
    }

    @Override
    protected void implSubmit(Operation op) {
        SocketRef ref = op.kind() == OpKind.CONNECT ? null : ref(op.target());
        if (ref != null && ref.failure() != null) {
            report(op, CompletionStatus.CLOSED, 0, "the handle was closed: " + ref.failure(), null, null);
            return;
        }
        engine.submit(op, ref);
    }

    @Override
    protected void implCancel(Operation op) {
        if (access().state(op) instanceof Slot s) {
            engine.abort(s, op, CompletionStatus.CANCELLED, null);
        }
        // else: its home thread has not seen it yet, and will see op.isCancelRequested()
    }

    @Override
    protected void implShutdownOutput(AbstractConnection connection) {
        ((WinsockConnection) connection).ref.requestShutdown();
    }

    @Override
    protected void implClose(AbstractHandle handle) {
        engine.closeRef(ref(handle), false);
        handles.remove(handle);
    }

    @Override
    protected void implCloseProactor() {
        engine.ledger.beginClosing();
        // cancel everything first; sockets stay open until every operation is back, so a peer
        // on this same proactor cannot see this end close (end of stream) before its own cancel
        for (AbstractHandle h : handles) {
            engine.closeRef(ref(h), true);
        }
        forEachPending(op -> {
            if (access().state(op) instanceof Slot s) {
                engine.abort(s, op, CompletionStatus.CANCELLED, null);
            }
        });
        engine.notifier.wakeHomes();
        int grace = tuning.closeGraceMillis();
        if (!engine.ledger.awaitDrained(grace)) {
            LOG.log(System.Logger.Level.WARNING, "{0} operation(s) still with the kernel {1} ms after "
                    + "CancelIoEx; closing their sockets", engine.ledger.outstanding(), grace);
            for (AbstractHandle h : handles) {
                ref(h).forceClose();
            }
            engine.ledger.awaitDrained(grace);
        }
        // now close every socket, with the connections born from accepts and connects that
        // completed during the close
        for (AbstractHandle h : handles) {
            engine.closeRef(ref(h), true);
            ref(h).forceClose();
        }
        handles.clear();
        boolean drained = engine.ledger.outstanding() == 0;
        boolean joined = engine.notifier.stopAndJoin(grace);
        if (drained && joined && engine.ledger.leakedCount() == 0) {
            engine.slots.close();
            engine.staging.close();
            ws.cleanup();
        } else {
            // never free what the kernel may still write to: leaking is the safe failure
            LOG.log(System.Logger.Level.ERROR, "winsock proactor closed with {0} operation(s) still with "
                    + "the kernel; their native blocks are left allocated", engine.ledger.outstanding() + engine.ledger.leakedCount());
        }
    }

    @Override
    protected boolean isIoThread() {
        return Thread.currentThread() instanceof IoThread w && w.owner() == this;
    }

    @Override
    protected void implDeliver(Operation completed) {
        IoThread w = engine.notifier.nextHome();
        if (w != null) {
            w.deliver(completed);
        } else { // no I/O thread is alive: the calling thread delivers it
            CompletionBatch b = newBatch();
            b.deliver(completed);
            b.flush();
        }
    }

    // ---- for the engine and the tasks ----

    /** Completes an operation through the core, which enforces exactly-once. */
    void report(Operation op, CompletionStatus status, int err, String message, AbstractConnection born,
            CompletionBatch batch) {
        if (born != null) {
            completeWithConnection(op, born, batch);
        } else if (status == CompletionStatus.OK || status == CompletionStatus.END_OF_STREAM
                || status == CompletionStatus.CANCELLED || status == CompletionStatus.TIMED_OUT) {
            complete(op, status, batch);
        } else {
            fail(op, status, err, message, batch);
        }
    }

    /** Links an operation to its slot (null: to nothing, once it is over). */
    void attach(Operation op, Slot s) {
        access().setState(op, s);
    }

    /** @return the capability through which the backend changes pending operations */
    OpAccess access() {
        return opAccess();
    }

    CompletionBatch ioBatch() {
        return newBatch();
    }

    /**
     * Makes a connection of an accepted or connected socket, homed on a live primary.
     *
     * @param reuseAddress the emulated {@code SO_REUSEADDR} it starts with (see {@link WinsockOptions})
     * @param registeredOn the live thread the socket is registered with already (a connect's), or
     *     null to choose a home and register it there (an accepted socket)
     *
     * @throws IOException if no primary is alive, or the socket cannot be registered
     */
    AbstractConnection newConnection(long socket, InetSocketAddress local, InetSocketAddress remote,
            boolean reuseAddress, IoThread registeredOn) throws IOException {
        IoThread home = registeredOn != null && !registeredOn.isDead() ? registeredOn : engine.notifier.nextHome();
        if (home == null) {
            throw new IOException("no I/O thread of the proactor is alive to take the connection");
        }
        if (home != registeredOn) {
            engine.notifier.register(socket, home); // on failure the operation's slot closes the socket
        }
        SocketRef ref = new SocketRef(ws, socket, home);
        ref.reuseAddress(reuseAddress);
        WinsockConnection c = new WinsockConnection(this, ref, local, remote);
        handles.add(c);
        return c;
    }

    /**
     * A primary died: the handles homed on it fail (later submissions complete CLOSED, what comes
     * back aborted completes FAILED).
     *
     * @return their socket owners, for the caller to close
     */
    List<SocketRef> failHandlesOf(IoThread home, String why) {
        List<SocketRef> out = new ArrayList<>();
        for (AbstractHandle h : handles) {
            SocketRef r = ref(h);
            if (r.home() == home) {
                r.fail(why);
                markFailed(h); // later submissions complete CLOSED; what fails on it stays FAILED
                out.add(r);
            }
        }
        return out;
    }

    static SocketRef ref(AbstractHandle h) {
        return h instanceof WinsockConnection c ? c.ref : ((WinsockListener) h).ref;
    }

    /** @return the event model's waiter set (for tests) */
    Waiters waiterSet() {
        return (Waiters) engine.notifier;
    }

    /** @return the notification model's threads (for tests) */
    Notifier notifier() {
        return engine.notifier;
    }

    /** @return live slots, staging chunks (for leak tests) */
    int liveSlots() {
        return engine.slots.live();
    }

    int liveStaging() {
        return engine.staging.live();
    }
}
