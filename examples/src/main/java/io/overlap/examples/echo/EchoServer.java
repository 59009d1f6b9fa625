package io.overlap.examples.echo;

import io.overlap.BufferLease;
import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Listener;
import io.overlap.examples.cli.Endpoints;
import io.overlap.Proactor;
import io.overlap.ProactorClosedException;
import io.overlap.ProactorConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The seed's echo server, done right: one client's bytes never reach another, any number of
 * connections, and a clean stop.
 *
 * <p>It runs in handler mode: completions are handled on the backend's I/O threads, where the
 * next operation is submitted at once, with no hand-off to another thread. Each connection keeps
 * exactly one operation in flight, alternating receive and send, so its state needs no lock even
 * when its completions arrive on different threads.
 *
 * <p>By default it receives with pooled receives: a buffer is leased from a bounded pool only
 * when data has arrived, the echo is sent straight from that buffer, and the lease goes back when
 * the send completes. An idle connection therefore holds no buffer, and tens of thousands of them
 * cost little memory. When the pool is empty, a receive completes with {@code NO_BUFFER}, its
 * data stays in the socket, and the connection waits for a buffer ({@link BufferWaiters}).
 * {@link RecvMode#CALLER} gives each connection a buffer of its own instead, for comparison.
 */
public final class EchoServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("echo");
    /** Accepts kept pending, so a burst of connects is taken in without waiting a turn each. */
    private static final int ACCEPTS_IN_FLIGHT = 4;
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often connections waiting for a buffer are retried besides each release (see {@link BufferWaiters}). */
    private static final Duration BUFFER_RETRY = Duration.ofMillis(10);

    private final EchoConfig config;
    private final EchoStats stats = new EchoStats();
    private final BufferPool pool;
    private final BufferWaiters waiters;
    /** Sees every completion after it is handled; tests use it to know what happened, when. */
    private final Consumer<Completion> tap;
    private final Proactor proactor;
    private final Listener listener;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong lastAcceptWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private volatile Duration uptime;

    private EchoServer(EchoConfig config, Consumer<Completion> tap) throws IOException {
        this.config = config;
        this.tap = tap;
        this.pool = BufferPool.builder().sizeClass(config.recvSize(), config.poolBuffers()).build();
        this.waiters = new BufferWaiters(pool, this::receive, BUFFER_RETRY);
        this.proactor = Proactor.open(ProactorConfig.builder()
                .ioThreads(config.ioThreads())
                .completionHandler(this::completed)
                .bufferPool(pool)
                .build());
        this.listener = Endpoints.listenOrClose(proactor, config.bind(), 4096);
    }

    /**
     * Opens a proactor on the configured backend, listens and starts accepting.
     *
     * @param config how to run
     * @return the running server
     * @throws IOException if it cannot listen (e.g. the port is taken)
     */
    public static EchoServer start(EchoConfig config) throws IOException {
        return start(config, c -> { });
    }

    /**
     * {@link #start(EchoConfig)} with a tap that sees every completion after the server handled it
     * (on the I/O thread; a lease it carries may be released by then).
     */
    static EchoServer start(EchoConfig config, Consumer<Completion> tap) throws IOException {
        EchoServer server = new EchoServer(config, tap);
        for (int i = 0; i < ACCEPTS_IN_FLIGHT; i++) {
            server.proactor.submitAccept(server.listener, null);
        }
        LOG.log(Level.DEBUG, "echo server listening on {0} with {1}", server.address(), server.proactor.config());
        return server;
    }

    /** @return the address it listens on, with the real port */
    public InetSocketAddress address() {
        return listener.localAddress();
    }

    /** @return the port it listens on */
    public int port() {
        return address().getPort();
    }

    /** @return the name of the backend it runs on */
    public String backendName() {
        return proactor.backendName();
    }

    /** @return how it was configured */
    public EchoConfig config() {
        return config;
    }

    /**
     * @return the pool its pooled receives lease from: {@link BufferPool#leased()} is the number of
     *     connections between a receive and the end of its echo
     */
    public BufferPool bufferPool() {
        return pool;
    }

    /** @return connections waiting for a buffer now (their data stays in the socket meanwhile) */
    public int waitingForBuffer() {
        return waiters.size();
    }

    /** @return its counters, live */
    public EchoStats stats() {
        return stats;
    }

    /** @return how long it has run, or ran if stopped */
    public Duration uptime() {
        Duration u = uptime;
        return u != null ? u : Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** @return the statistics report, as {@link EchoStats#report} writes it */
    public String report() {
        return stats.report(backendName(), uptime(), config, pool);
    }

    /**
     * Stops accepting, closes every connection and the proactor. Idempotent; concurrent callers
     * return once it is stopped.
     */
    @Override
    public void close() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        try {
            proactor.close(); // every pending operation completes (CANCELLED) before this returns
            for (EchoSession s : waiters.stop()) {
                end(s, CompletionStatus.CANCELLED); // waited for a buffer, so had no operation to cancel
            }
        } finally {
            uptime = Duration.ofNanos(System.nanoTime() - startNanos);
            stopped.countDown();
        }
    }

    /** Waits until {@link #close()} has finished (keeping the thread's interrupt status). */
    public void awaitStopped() {
        boolean interrupted = false;
        while (true) {
            try {
                stopped.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the completion handler, on I/O threads ----

    private void completed(Completion c) {
        stats.completion();
        try {
            handle(c);
        } finally {
            tap.accept(c);
        }
    }

    private void handle(Completion c) {
        try {
            switch (c.kind()) {
                case ACCEPT -> accepted(c);
                case RECV -> received(c, (EchoSession) c.attachment());
                case SEND -> sent(c, (EchoSession) c.attachment());
                default -> LOG.log(Level.WARNING, "unexpected completion {0}", c);
            }
        } catch (ProactorClosedException e) {
            if (!stopping.get()) {
                throw e;
            }
            // stopping: the accept was not resubmitted, and that is all that happened
        }
    }

    private void accepted(Completion c) {
        if (c.isOk()) {
            EchoSession s = config.recv() == RecvMode.POOLED ? new EchoSession(c.connection())
                    : new EchoSession(c.connection(), ByteBuffer.allocateDirect(config.recvSize()));
            stats.opened();
            receive(s);
        } else if (!stopping.get()) {
            warnAcceptFailure(c);
        }
        if (!stopping.get()) {
            proactor.submitAccept(listener, null);
        }
    }

    /** The one place where a receive is submitted. */
    private void receive(EchoSession s) {
        try {
            if (s.pooled()) {
                proactor.submitRecvPooled(s.connection, s, null);
            } else {
                proactor.submitRecv(s.connection, s.buffers, s);
            }
        } catch (RuntimeException e) {
            refused(s, e);
        }
    }

    private void echoBack(EchoSession s, ByteBuffer[] data) {
        try {
            proactor.submitSend(s.connection, data, s);
        } catch (RuntimeException e) {
            refused(s, e);
        }
    }

    /**
     * A submission was refused, so the session has no operation left: it ends here (counted, and
     * its lease released), whether the proactor is closing or something else refused it.
     */
    private void refused(EchoSession s, RuntimeException e) {
        if (!(e instanceof ProactorClosedException) || !stopping.get()) {
            LOG.log(Level.WARNING, "closing " + s.connection + ": a submission was refused", e);
        }
        end(s, CompletionStatus.CANCELLED);
    }

    private void received(Completion c, EchoSession s) {
        switch (c.status()) {
            case OK -> {
                stats.received(c.bytesTransferred());
                if (s.pooled()) {
                    BufferLease lease = c.lease();
                    if (lease == null) {
                        LOG.log(Level.ERROR, "the {0} backend completed a pooled receive without a buffer: {1}",
                                backendName(), c);
                        end(s, CompletionStatus.FAILED);
                        return;
                    }
                    s.lease = lease; // until the send completes: the echo goes out of this very buffer
                    stats.leased(pool.leased());
                    echoBack(s, new ByteBuffer[] {lease.buffer()});
                } else {
                    s.buffers[0].flip();
                    echoBack(s, s.buffers);
                }
            }
            case NO_BUFFER -> {
                stats.noBuffer();
                waiters.park(s); // the data waits in the socket until a buffer is free
            }
            default -> end(s, c.status());
        }
    }

    private void sent(Completion c, EchoSession s) {
        releaseLease(s);
        if (!c.isOk()) {
            end(s, c.status());
            return;
        }
        stats.sent(c.bytesTransferred());
        if (!s.pooled()) {
            s.buffers[0].clear();
        }
        receive(s);
    }

    /** Gives the session's lease back, if it holds one, and lets a connection waiting for a buffer have it. */
    private void releaseLease(EchoSession s) {
        BufferLease lease = s.lease;
        if (lease != null) {
            s.lease = null;
            lease.release();
            waiters.released();
        }
    }

    /** Ends a connection that has no operation in flight, releasing its lease if it holds one. */
    private void end(EchoSession s, CompletionStatus why) {
        if (!stopping.get()) {
            proactor.close(s.connection);
        }
        releaseLease(s);
        stats.closed(why == CompletionStatus.CONNECTION_RESET);
        LOG.log(Level.DEBUG, "connection {0} ended: {1}", s.connection, why);
    }

    private void warnAcceptFailure(Completion c) {
        // an accept that fails at once (e.g. out of file descriptors) is resubmitted at once: warn
        // at most once a second instead of once per attempt
        long now = System.nanoTime();
        long last = lastAcceptWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastAcceptWarning.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, "accept failed: {0} (native error {1}): {2}", c.status(), c.nativeError(), c.message());
        }
    }
}
