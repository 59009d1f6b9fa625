package io.overlap.nio;

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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Set;

/**
 * The Selector-emulated proactor: a few {@link EventLoop}s, each owning its channels. Every
 * operation is carried out on the loop that owns its handle, so per-connection state needs no
 * lock; other threads hand operations over through the loop's inbox. A loop that died gets no
 * new handles; when every loop has died, what needs one fails at once.
 */
final class NioProactor extends AbstractProactor {
    private static final String ALL_DEAD = "every I/O thread of this proactor has died";

    private final EventLoop[] loops;
    private final Set<SocketOption<?>> connectionOptions;
    private final Set<SocketOption<?>> listenerOptions;
    private final LoopChoice<EventLoop> choice;
    /** Handler mode, every loop dead: completions are delivered on the caller's thread, one at a time. */
    private CompletionBatch lastResort;

    private NioProactor(ProactorConfig config) throws IOException {
        super(NioBackend.NAME, config);
        connectionOptions = ChannelOptions.supported(true);
        listenerOptions = ChannelOptions.supported(false);
        loops = new EventLoop[config.ioThreads()];
        try {
            for (int i = 0; i < loops.length; i++) {
                loops[i] = new EventLoop(this, i);
            }
        } catch (IOException | RuntimeException e) {
            for (EventLoop l : loops) {
                if (l != null) {
                    l.abandon();
                }
            }
            throw e;
        }
        choice = new LoopChoice<>(Arrays.asList(loops), EventLoop::isDead);
    }

    static NioProactor open(ProactorConfig config) throws IOException {
        NioProactor p = new NioProactor(config);
        for (EventLoop l : p.loops) {
            l.start();
        }
        return p;
    }

    @Override
    protected AbstractListener implListen(InetSocketAddress local, int backlog, OptionSet options) throws IOException {
        EventLoop home = nextLoop();
        if (home == null) {
            throw new IOException(ALL_DEAD);
        }
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.configureBlocking(false);
            ChannelOptions.applyAll(ch, options);
            ch.bind(local, backlog);
            NioListener l = new NioListener(this, ch, (InetSocketAddress) ch.getLocalAddress(), home);
            home.handles.add(l);
            return l;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    protected Set<SocketOption<?>> implConnectionOptions() {
        return connectionOptions;
    }

    @Override
    protected Set<SocketOption<?>> implListenerOptions() {
        return listenerOptions;
    }

    @Override
    protected <T> void implSetOption(AbstractHandle handle, SocketOption<T> option, T value) throws IOException {
        ChannelOptions.set(channelOf(handle), handle, option, value);
    }

    @Override
    protected <T> T implGetOption(AbstractHandle handle, SocketOption<T> option) throws IOException {
        return ChannelOptions.get(channelOf(handle), handle, option);
    }

    private static NetworkChannel channelOf(AbstractHandle h) {
        return h instanceof NioConnection ? ((NioConnection) h).channel : ((NioListener) h).channel;
    }

    @Override
    protected void implAbort(AbstractConnection connection) {
        NioConnection c = (NioConnection) connection;
        try {
            // on the caller's thread: the channel is still open (only its loop closes it, and
            // only after this close reaches it), and its options are thread-safe
            c.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // e.g. the peer reset it first: it is closed all the same, and nothing is left to reset
            System.getLogger(NioProactor.class.getName()).log(System.Logger.Level.DEBUG, "SO_LINGER 0 on " + c, e);
        }
        c.loop.close(c);
    }

    @Override
    protected void implSubmit(Operation op) {
        EventLoop l = loopOf(op);
        if (l == null) {
            failed(op, CompletionStatus.FAILED, ALL_DEAD, null);
        } else if (CallerIo.ENABLED && op.target() instanceof NioConnection c) {
            CallerIo.PATH.submit(c, op);
        } else {
            l.submit(op);
        }
    }

    @Override
    protected void implCancel(Operation op) {
        EventLoop l = loopOf(op);
        if (l != null) {
            l.cancel(op);
        }
    }

    @Override
    protected void implShutdownOutput(AbstractConnection connection) {
        NioConnection c = (NioConnection) connection;
        c.loop.shutdownOutput(c);
    }

    @Override
    protected void implClose(AbstractHandle handle) {
        ((LoopHandle) handle).loop().close(handle);
    }

    @Override
    protected void implCloseProactor() {
        // first no loop makes new connections, then every loop closes what it owns: a
        // connection accepted on one loop may belong to another
        for (EventLoop l : loops) {
            l.quiesce();
        }
        for (EventLoop l : loops) {
            l.awaitQuiesced();
        }
        for (EventLoop l : loops) {
            l.stop();
        }
        for (EventLoop l : loops) {
            l.join();
        }
        // a handle homed on a loop just as it died (accepted on another) was never swept by it
        for (EventLoop l : loops) {
            for (LoopHandle h : l.handles) {
                markFailed((AbstractHandle) h);
                h.release();
            }
        }
    }

    @Override
    protected boolean isIoThread() {
        Thread t = Thread.currentThread();
        for (EventLoop l : loops) {
            if (l.thread == t) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void implDeliver(Operation completed) {
        EventLoop l = loopOf(completed);
        if (l == null || l.isDead()) {
            deliverAround(completed);
        } else {
            l.deliver(completed);
        }
    }

    /** Handler mode: delivers a completion whose own loop is dead on a live one, or here. */
    void deliverAround(Operation completed) {
        EventLoop l = nextLoop();
        if (l != null) {
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

    /** Gives an accepted channel what a connect gets from its options: the configured TCP_NODELAY. */
    void acceptedDefaults(SocketChannel ch) throws IOException {
        if (config().tcpNoDelay()) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, Boolean.TRUE);
        }
    }

    /** Wraps an accepted or connected channel; the caller closes {@code ch} if this throws. */
    NioConnection newConnection(SocketChannel ch, EventLoop loop) throws IOException {
        ch.configureBlocking(false);
        NioConnection c = new NioConnection(this, ch, (InetSocketAddress) ch.getLocalAddress(),
                (InetSocketAddress) ch.getRemoteAddress(), loop);
        loop.handles.add(c);
        if (loop.isDead()) {
            // its home died after it was chosen (and after its sweep): given up like the others
            markFailed(c);
            c.release();
        }
        return c;
    }

    /** @return the next live loop in turn, or null when every loop has died */
    EventLoop nextLoop() {
        return choice.next();
    }

    private EventLoop loopOf(Operation op) {
        AbstractHandle target = op.target();
        // a connect has no handle yet: its id picks the loop, so its cancel finds the same one
        return target != null ? ((LoopHandle) target).loop() : choice.byKey(op.id());
    }

    // AbstractProactor's completion methods are protected: the loops reach them through these

    void done(Operation op, CompletionStatus status, CompletionBatch batch) {
        boolean dropNow = takeTicket(op, batch);
        complete(op, status, batch);
        if (dropNow) {
            dropTicket(op); // no batch: it has been handed over already
        }
    }

    void failed(Operation op, CompletionStatus status, String message, CompletionBatch batch) {
        boolean dropNow = takeTicket(op, batch);
        fail(op, status, 0, message, batch);
        if (dropNow) {
            dropTicket(op);
        }
    }

    /**
     * Takes the lane ticket off a receive or send whose ticket the loop held (the ownership rule
     * of {@link LanedConnection}), before it is handed over. In a loop's batch the ticket is
     * dropped at the turn's flush, once the user has seen the completion
     * ({@link io.overlap.spi.LaneTickets#dropAfterFlush}); with no batch the caller drops it after the hand-over.
     *
     * @return true if the caller drops the ticket ({@link #dropTicket}); false when there is
     *     none, or the flush drops it
     */
    private boolean takeTicket(Operation op, CompletionBatch batch) {
        if (!LanedConnection.takeTicket(op)) {
            return false;
        }
        if (batch == null) {
            return true;
        }
        ((NioConnection) op.target()).loop.results.tickets.dropAfterFlush(op);
        return false;
    }

    /** Drops the ticket of {@code op}'s lane (its target and kind stay readable after its completion). */
    private static void dropTicket(Operation op) {
        ((LanedConnection) op.target()).drop(op.kind());
    }

    void connected(Operation op, NioConnection c, CompletionBatch batch) {
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
