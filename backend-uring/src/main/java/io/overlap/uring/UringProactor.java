package io.overlap.uring;

import io.overlap.CompletionStatus;
import io.overlap.OptionSet;
import io.overlap.ProactorConfig;
import io.overlap.spi.AbstractConnection;
import io.overlap.spi.AbstractHandle;
import io.overlap.spi.AbstractListener;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.LanedConnection;
import io.overlap.spi.LoopChoice;
import io.overlap.spi.OpAccess;
import io.overlap.spi.Operation;
import io.overlap.uring.sys.ErrnoException;
import io.overlap.uring.sys.LibC;
import io.overlap.uring.sys.SockAddr;
import io.overlap.uring.sys.Sockets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.util.Arrays;
import java.util.Set;

/**
 * The io_uring proactor: a few {@link Loop}s, each a ring and its thread, each owning the
 * handles homed on it. Operations are handed to the loop of their handle (a connect to the
 * loop its id picks); a loop that died gets no new handles, and when all have died what needs
 * one fails at once.
 */
final class UringProactor extends AbstractProactor {
    private static final String ALL_DEAD = "every I/O thread of this proactor has died";

    private final Loop[] loops;
    /** Caller-thread I/O ({@link UringCallerIo}): the proactor's backend option, else the system property. */
    private final boolean callerIo;
    private final LoopChoice<Loop> choice;
    /** Handler mode, every loop dead: completions are delivered on the caller's thread, one at a time. */
    private CompletionBatch lastResort;

    private UringProactor(ProactorConfig config) throws IOException {
        super(UringBackend.NAME, config);
        callerIo = config.backendOption(UringCallerIo.PROPERTY).map(Boolean::parseBoolean).orElse(UringCallerIo.ENABLED);
        loops = new Loop[config.ioThreads()];
        int made = 0;
        try {
            for (; made < loops.length; made++) {
                loops[made] = new Loop(this, made);
            }
            choice = new LoopChoice<>(Arrays.asList(loops), Loop::isDead);
            for (Loop l : loops) {
                l.start();
            }
        } catch (IOException | RuntimeException e) {
            for (int i = 0; i < made; i++) {
                if (loops[i].thread.isAlive()) {
                    loops[i].post(new LoopTask(LoopTask.STOP, null));
                    loops[i].join();
                } else {
                    loops[i].abandon();
                }
            }
            throw e;
        }
    }

    static UringProactor open(ProactorConfig config) throws IOException {
        return new UringProactor(config);
    }

    @Override
    protected AbstractListener implListen(InetSocketAddress local, int backlog, OptionSet options) throws IOException {
        Loop home = nextLoop();
        if (home == null) {
            throw new IOException(ALL_DEAD);
        }
        int fd = Sockets.open(SockAddr.family(local));
        try {
            UringOptions.applyAll(fd, options); // the core's defaults (SO_REUSEADDR) are among them
            Sockets.bindListen(fd, local, backlog);
            UringListener l = new UringListener(this, fd, SockAddr.query(fd, false), home);
            home.handles.add(l);
            return l;
        } catch (IOException | RuntimeException e) {
            Sockets.close(fd);
            throw e;
        }
    }

    @Override
    protected Set<SocketOption<?>> implConnectionOptions() {
        return UringOptions.CONNECTION;
    }

    @Override
    protected Set<SocketOption<?>> implListenerOptions() {
        return UringOptions.LISTENER;
    }

    @Override
    protected <T> void implSetOption(AbstractHandle handle, SocketOption<T> option, T value) throws IOException {
        // on the caller's thread: the owner's lock keeps the loop from closing the fd meanwhile
        ((UringHandle) handle).fd().guarded(handle, "setOption(" + option.name() + ")", fd -> {
            UringOptions.set(fd, option, value);
            return null;
        });
    }

    @Override
    protected <T> T implGetOption(AbstractHandle handle, SocketOption<T> option) throws IOException {
        return ((UringHandle) handle).fd().guarded(handle, "getOption(" + option.name() + ")",
                fd -> UringOptions.get(fd, option));
    }

    @Override
    protected void implAbort(AbstractConnection connection) {
        UringConnection c = (UringConnection) connection;
        try {
            c.fd().resetOnClose(); // before the close is posted: the loop closes the fd only after it
        } catch (ErrnoException e) {
            // e.g. the peer reset it first: it is closed all the same, and nothing is left to reset
            System.getLogger(UringProactor.class.getName()).log(System.Logger.Level.DEBUG, "SO_LINGER 0 on " + c, e);
        }
        implClose(c);
    }

    @Override
    protected void implSubmit(Operation op) {
        Loop l = loopOf(op);
        if (l == null) {
            fail(op, CompletionStatus.FAILED, 0, ALL_DEAD, null);
        } else if (callerIo && op.target() instanceof UringConnection c) {
            UringCallerIo.PATH.submit(c, op);
        } else {
            l.submit(op);
        }
    }

    @Override
    protected void implCancel(Operation op) {
        Loop l = loopOf(op);
        if (l != null) {
            l.post(new LoopTask(LoopTask.CANCEL, op));
        }
    }

    @Override
    protected void implShutdownOutput(AbstractConnection connection) {
        UringConnection c = (UringConnection) connection;
        c.loop.post(new LoopTask(LoopTask.SHUTDOWN_OUTPUT, c));
    }

    @Override
    protected void implClose(AbstractHandle handle) {
        ((UringHandle) handle).loop().post(new LoopTask(LoopTask.CLOSE, handle));
    }

    @Override
    protected void implCloseProactor() {
        // first no loop makes new connections, then every loop closes what it owns: a
        // connection accepted on one loop may belong to another
        for (Loop l : loops) {
            l.post(new LoopTask(LoopTask.QUIESCE, null));
        }
        for (Loop l : loops) {
            awaitUninterruptibly(l);
        }
        for (Loop l : loops) {
            l.post(new LoopTask(LoopTask.STOP, null));
        }
        for (Loop l : loops) {
            l.join();
        }
        // a handle homed on a loop just as it died (accepted on another) was never swept by it
        for (Loop l : loops) {
            for (UringHandle h : l.handles) {
                markFailed((AbstractHandle) h);
                h.fd().release();
            }
        }
    }

    private static void awaitUninterruptibly(Loop l) {
        boolean interrupted = false;
        while (true) {
            try {
                l.quiesced.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected boolean isIoThread() {
        Thread t = Thread.currentThread();
        for (Loop l : loops) {
            if (l.thread == t) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void implDeliver(Operation completed) {
        AbstractHandle target = completed.target();
        Loop l = target instanceof UringHandle ? ((UringHandle) target).loop() : null;
        if (l == null || !l.takesHandBacks()) {
            deliverAround(completed);
        } else {
            l.deliver(completed);
        }
    }

    /** Handler mode: delivers a completion whose own loop is gone on a live one, or here. */
    void deliverAround(Operation completed) {
        Loop l = nextLoop();
        if (l != null && l.takesHandBacks()) {
            l.deliver(completed);
            return;
        }
        synchronized (this) {
            if (lastResort == null) {
                lastResort = newBatch();
            }
            lastResort.deliver(completed);
        }
    }

    /**
     * Gives an accepted socket what a connect gets from its options: the configured TCP_NODELAY
     * (the rest it inherits from its listener).
     */
    void acceptedDefaults(int fd) throws ErrnoException {
        if (config().tcpNoDelay()) {
            Sockets.setInt(fd, LibC.IPPROTO_TCP, LibC.TCP_NODELAY, 1);
        }
    }

    /**
     * Wraps an accepted or connected socket; the caller closes {@code fd} if this throws.
     *
     * @param local the local address when known (a listener bound to one address), else null
     */
    UringConnection newConnection(int fd, Loop home, InetSocketAddress local, InetSocketAddress remote)
            throws IOException {
        if (local == null) {
            local = SockAddr.query(fd, false);
        }
        UringConnection c = new UringConnection(this, fd, local, remote, home);
        home.handles.add(c);
        if (home.isDead()) {
            // its home died after it was chosen (and after its sweep): given up like the others
            markFailed(c);
            c.fd().release();
        }
        return c;
    }

    /** @return the next live loop in turn, or null when every loop has died */
    Loop nextLoop() {
        return choice.next();
    }

    private Loop loopOf(Operation op) {
        AbstractHandle target = op.target();
        // a connect has no handle yet: its id picks the loop, so its cancel finds the same one
        return target != null ? ((UringHandle) target).loop() : choice.byKey(op.id());
    }

    // AbstractProactor's completion methods are protected: the loops reach them through these

    void done(Operation op, CompletionStatus status, CompletionBatch batch) {
        boolean dropNow = takeTicket(op, batch);
        complete(op, status, batch);
        if (dropNow) {
            ((LanedConnection) op.target()).drop(op.kind()); // no batch: it has been handed over already
        }
    }

    void failed(Operation op, CompletionStatus status, int errno, String message, CompletionBatch batch) {
        boolean dropNow = takeTicket(op, batch);
        fail(op, status, errno, message, batch);
        if (dropNow) {
            ((LanedConnection) op.target()).drop(op.kind());
        }
    }

    /**
     * Takes the lane ticket off a receive or send whose ticket its loop held (the ownership rule
     * of {@link LanedConnection}) before it is handed over: in the loop's batch it is dropped
     * after the turn's flush ({@link Loop#flush}); with no batch the caller drops it after the
     * hand-over.
     *
     * @return true if the caller drops it; false when there is none, or the flush drops it
     */
    private static boolean takeTicket(Operation op, CompletionBatch batch) {
        if (!LanedConnection.takeTicket(op)) {
            return false;
        }
        if (batch == null) {
            return true;
        }
        ((UringConnection) op.target()).loop.tickets.dropAfterFlush(op);
        return false;
    }

    void connected(Operation op, UringConnection c, CompletionBatch batch) {
        completeWithConnection(op, c, batch);
    }

    CompletionBatch batch() {
        return newBatch();
    }

    OpAccess access() {
        return opAccess();
    }

    void markBroken(AbstractHandle h) {
        markFailed(h);
    }
}
