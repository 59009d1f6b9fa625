package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.ProactorConfig;
import io.overlap.spi.AbstractConnection;
import io.overlap.spi.AbstractHandle;
import io.overlap.spi.AbstractListener;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Selector-emulated proactor: a few {@link EventLoop}s, each owning its channels. Every
 * operation is carried out on the loop that owns its handle, so per-connection state needs no
 * lock; other threads hand operations over through the loop's inbox.
 */
final class NioProactor extends AbstractProactor {
    private final EventLoop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    /** Open handles, so that the proactor's close finds the idle ones too. */
    final Set<AbstractHandle> handles = ConcurrentHashMap.newKeySet();

    private NioProactor(ProactorConfig config) throws IOException {
        super(NioBackend.NAME, config);
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
    }

    static NioProactor open(ProactorConfig config) throws IOException {
        NioProactor p = new NioProactor(config);
        for (EventLoop l : p.loops) {
            l.start();
        }
        return p;
    }

    @Override
    protected AbstractListener implListen(InetSocketAddress local, int backlog) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.configureBlocking(false);
            ch.bind(local, backlog);
            NioListener l = new NioListener(this, ch, (InetSocketAddress) ch.getLocalAddress(), nextLoop());
            handles.add(l);
            return l;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    protected void implSubmit(Operation op) {
        loopOf(op).submit(op);
    }

    @Override
    protected void implCancel(Operation op) {
        loopOf(op).cancel(op);
    }

    @Override
    protected void implShutdownOutput(AbstractConnection connection) {
        NioConnection c = (NioConnection) connection;
        c.loop.shutdownOutput(c);
    }

    @Override
    protected void implClose(AbstractHandle handle) {
        if (handle instanceof NioConnection) {
            NioConnection c = (NioConnection) handle;
            c.loop.close(c);
        } else {
            NioListener l = (NioListener) handle;
            l.loop.close(l);
        }
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
        loopOf(completed).deliver(completed);
    }

    /** Wraps an accepted or connected channel; the caller closes {@code ch} if this throws. */
    NioConnection newConnection(SocketChannel ch, EventLoop loop) throws IOException {
        ch.configureBlocking(false);
        if (config().tcpNoDelay()) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, Boolean.TRUE);
        }
        NioConnection c = new NioConnection(this, ch, (InetSocketAddress) ch.getLocalAddress(),
                (InetSocketAddress) ch.getRemoteAddress(), loop);
        handles.add(c);
        return c;
    }

    EventLoop nextLoop() {
        return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
    }

    private EventLoop loopOf(Operation op) {
        AbstractHandle target = op.target();
        if (target instanceof NioConnection) {
            return ((NioConnection) target).loop;
        }
        if (target instanceof NioListener) {
            return ((NioListener) target).loop;
        }
        // a connect has no handle yet: its id picks the loop, so cancel finds the same one
        long id = op.id();
        return loops[Math.floorMod((int) (id ^ (id >>> 32)), loops.length)];
    }

    // AbstractProactor's completion methods are protected: the loops reach them through these

    void done(Operation op, CompletionStatus status, CompletionBatch batch) {
        complete(op, status, batch);
    }

    void failed(Operation op, CompletionStatus status, String message, CompletionBatch batch) {
        fail(op, status, 0, message, batch);
    }

    void connected(Operation op, NioConnection c, CompletionBatch batch) {
        completeWithConnection(op, c, batch);
    }

    CompletionBatch batch() {
        return newBatch();
    }
}
