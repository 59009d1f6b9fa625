package io.overlap.bench;

import io.overlap.BufferLease;
import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.CompletionHandler;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorClosedException;
import io.overlap.ProactorConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Overlap echo server in handler mode: completions run on the backend's I/O threads, each
 * connection owns one direct buffer (and the one-element array that names it), so the server
 * itself allocates nothing per operation.
 *
 * <p>A receive completes into the buffer, the buffer is sent back whole (a send completes only
 * when every byte is handed to the OS), then the next receive is submitted.
 *
 * <p>In pooled mode a connection owns no buffer: each receive is a pooled one that leases a
 * buffer from the proactor's {@link BufferPool} only when data arrives, and the lease is
 * released once the echo is sent, so an idle connection pins no memory. If the pool runs dry
 * the connection falls back to a buffer of its own.
 *
 * <p>In queue mode the same logic runs on consumer threads that drain the completion queue, so
 * every resubmission comes from outside the I/O threads: one consumer, or N workers sharing the
 * queue, each taking completions and submitting the next operation (how an application with its
 * own worker threads uses Overlap). A connection has one operation in flight at a time, so its
 * session is touched by one worker at a time, handed on through the queue.
 */
public final class OverlapEcho implements EchoServer, CompletionHandler {
    private static final System.Logger LOG = System.getLogger(OverlapEcho.class.getName());
    /** Accepts kept pending, so a burst of connects does not wait for a resubmission each. */
    private static final int PENDING_ACCEPTS = 4;

    /** Pool bound in pooled mode: enough for every connection of rr1000 to hold one lease. */
    private static final int POOL_BUFFERS = 4096;

    private final String backend;
    private final ServerOptions options;
    private final boolean pooled;
    /** Consumer threads in queue mode; 0 for handler mode. */
    private final int workers;
    /** The consumer threads, set once they are started. */
    private volatile List<Thread> consumers = List.of();
    private volatile boolean stopping;
    private volatile Proactor proactor;
    private volatile Listener listener;
    private volatile long lastAcceptFailureLog;

    /**
     * @param backend the backend name, or {@code null} for the one the system property picks
     * @param options threads and buffer size
     * @param pooled receive into leased pool buffers instead of one buffer per connection
     * @param workers how many threads take completions from the queue, or 0 for handler mode
     */
    public OverlapEcho(String backend, ServerOptions options, boolean pooled, int workers) {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must not be negative: " + workers);
        }
        this.backend = backend;
        this.options = options;
        this.pooled = pooled;
        this.workers = workers;
    }

    @Override
    public InetSocketAddress start(InetSocketAddress local, int backlog) throws IOException {
        ProactorConfig.Builder config = ProactorConfig.builder()
                .backend(backend)
                .ioThreads(options.ioThreads())
                .completionHandler(workers > 0 ? null : this)
                .tcpNoDelay(true);
        if (pooled) {
            config.bufferPool(BufferPool.of(options.bufferSize(), POOL_BUFFERS));
        }
        Proactor p = Proactor.open(config.build());
        try {
            Listener l = p.listen(local, backlog);
            proactor = p;
            listener = l;
            for (int i = 0; i < PENDING_ACCEPTS; i++) {
                p.submitAccept(l, null);
            }
            List<Thread> started = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                Thread t = new Thread(() -> consume(p), "overlap-echo-consumer-" + i);
                t.setDaemon(true);
                started.add(t);
                t.start();
            }
            consumers = List.copyOf(started);
            return l.localAddress();
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        Proactor p = proactor;
        return "overlap-" + (p == null ? backend : p.backendName()) + (workers > 0 ? " queue-mode(" + workers + (workers == 1 ? " consumer)" : " workers)") : " handler-mode")
                + " ioThreads=" + options.ioThreads()
                + " buf=" + options.bufferSize() + (pooled ? " pooled(" + POOL_BUFFERS + ")" : " per-connection") + " direct";
    }

    /** Queue mode: the consumer thread's loop, until the proactor is closed and drained. */
    private void consume(Proactor p) {
        // one consumer takes whole loop turns; workers take small batches, so that one loop
        // turn's completions spread over the pool instead of queueing behind one worker
        int batch = workers == 1 ? 256 : 16;
        try {
            while (true) {
                boolean last = stopping; // read first: after close() nothing new is queued
                int n = p.completions().drain(this::completed, batch, 100, TimeUnit.MILLISECONDS);
                if (last && n == 0) {
                    return;
                }
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void completed(Completion c) {
        try {
            switch (c.kind()) {
                case ACCEPT -> accepted(c);
                case RECV -> received(c);
                case SEND -> sent(c);
                default -> LOG.log(System.Logger.Level.WARNING, "unexpected completion {0}", c);
            }
        } catch (ProactorClosedException closing) {
            // the server is stopping: nothing more to submit
        }
    }

    private void accepted(Completion c) {
        Proactor p = proactor;
        if (c.isOk()) {
            Session s = new Session(c.connection());
            if (!pooled) {
                s.ownBuffer(options.bufferSize());
            }
            receive(s);
        } else if (c.status() == CompletionStatus.CANCELLED || c.status() == CompletionStatus.CLOSED) {
            return; // the listener is closing
        } else {
            logAcceptFailure(c);
        }
        if (listener.isOpen()) {
            p.submitAccept(listener, null);
        }
    }

    private void receive(Session s) {
        if (s.buffer == null) {
            proactor.submitRecvPooled(s.connection, s, null);
        } else {
            s.buffer.clear();
            proactor.submitRecv(s.connection, s.buffers, s);
        }
    }

    private void received(Completion c) {
        Session s = (Session) c.attachment();
        if (c.status() == CompletionStatus.NO_BUFFER) {
            s.ownBuffer(options.bufferSize()); // the pool ran dry: this connection goes on with its own
            receive(s);
            return;
        }
        if (!c.isOk()) {
            proactor.close(s.connection);
            return;
        }
        BufferLease lease = c.lease();
        if (lease != null) {
            s.lease = lease;
            s.buffers[0] = lease.buffer(); // already flipped over the received bytes
        } else {
            s.buffer.flip();
        }
        proactor.submitSend(s.connection, s.buffers, s);
    }

    private void sent(Completion c) {
        Session s = (Session) c.attachment();
        if (s.lease != null) {
            s.lease.release();
            s.lease = null;
        }
        if (!c.isOk()) {
            proactor.close(s.connection);
            return;
        }
        receive(s);
    }

    private void logAcceptFailure(Completion c) {
        // e.g. out of file descriptors: keep accepting, but do not flood the log
        long now = System.nanoTime();
        if (now - lastAcceptFailureLog > 1_000_000_000L) {
            lastAcceptFailureLog = now;
            LOG.log(System.Logger.Level.WARNING, "accept failed: {0}", c);
        }
    }

    @Override
    public void close() {
        Proactor p = proactor;
        if (p != null) {
            p.close();
        }
        stopping = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : consumers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * One connection's state: its own buffer (reused for every receive and send), or, in pooled
     * mode, the lease of the echo in flight.
     */
    private static final class Session {
        final Connection connection;
        final ByteBuffer[] buffers = new ByteBuffer[1];
        ByteBuffer buffer;
        BufferLease lease;

        Session(Connection connection) {
            this.connection = connection;
        }

        void ownBuffer(int size) {
            buffer = ByteBuffer.allocateDirect(size);
            buffers[0] = buffer;
        }
    }
}
