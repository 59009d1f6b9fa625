package io.overlap.examples.chat;

import io.overlap.BufferLease;
import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.CompletionQueue;
import io.overlap.CompletionStatus;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorClosedException;
import io.overlap.ProactorConfig;
import io.overlap.examples.cli.Endpoints;
import io.overlap.examples.cli.Fmt;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The chat server: the seed's echo sample "with a little more work".
 *
 * <p>It runs in queue mode with one consumer, the room thread, which takes every completion and
 * does all the work. A chat room is shared state that every message touches (the member list,
 * the nicknames, each member's outbound queue); keeping it on one thread needs no locks and gives
 * everyone the same order of messages. Throughput is not the point here, and the I/O itself
 * still runs on the backend's threads.
 *
 * <p>Receives are pooled: a client's buffer is leased from a bounded pool only when its data has
 * arrived, and given back as soon as the room thread has decoded its lines, so an idle client
 * holds no receive buffer. When the pool is empty, a receive completes with {@code NO_BUFFER},
 * the client's bytes stay in its socket, and it waits for a buffer: the room thread receives for
 * it again once a buffer is free (it checks after every completion, and every
 * {@link #BUFFER_RETRY_NANOS} while anyone waits, since the backend can give a buffer back
 * without a completion).
 *
 * <p>Stopping ({@link #close()}, also from a shutdown hook on SIGINT/SIGTERM) closes the
 * listener: its pending accept completes, which wakes the room thread; it tells everyone goodbye,
 * waits (bounded) until that is sent, closes every connection and the proactor.
 */
public final class ChatServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("chat");
    /** Extra time, past the flush, that {@link #close()} gives the room thread before forcing. */
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How often the room thread retries the clients waiting for a buffer while nothing else happens. */
    private static final long BUFFER_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ChatConfig config;
    private final Proactor proactor;
    private final Listener listener;
    private final ChatRoom room;
    private final Set<ChatSession> sessions = new LinkedHashSet<>();
    private final BufferPool pool;
    /** Clients whose receive found no buffer, oldest first; room thread only. */
    private final ArrayDeque<ChatSession> waitingForBuffer = new ArrayDeque<>();
    /** Sees every completion after the room thread handled it; tests use it to know what happened, when. */
    private final Consumer<Completion> tap;
    private final Thread roomThread;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ChatServer(ChatConfig config, Consumer<Completion> tap) throws IOException {
        this.config = config;
        this.tap = tap;
        this.room = new ChatRoom(config);
        this.pool = BufferPool.builder().sizeClass(config.recvSize(), config.poolBuffers()).build();
        this.proactor = Proactor.open(ProactorConfig.builder().bufferPool(pool).build());
        this.listener = Endpoints.listenOrClose(proactor, config.bind(), 1024);
        this.roomThread = new Thread(this::serve, "chat-room");
    }

    /**
     * Listens and starts the room thread.
     *
     * @param config how to run
     * @return the running server
     * @throws IOException if it cannot listen (e.g. the port is taken)
     */
    public static ChatServer start(ChatConfig config) throws IOException {
        return start(config, c -> { });
    }

    /**
     * {@link #start(ChatConfig)} with a tap that sees every completion after the room thread
     * handled it (on the room thread; a lease it carried is released by then).
     */
    static ChatServer start(ChatConfig config, Consumer<Completion> tap) throws IOException {
        ChatServer server = new ChatServer(config, tap);
        server.proactor.submitAccept(server.listener, null);
        server.roomThread.start();
        LOG.log(Level.DEBUG, "chat server listening on {0} (backend {1})", Fmt.address(server.address()),
                server.backendName());
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

    /** @return the pool its receives lease from; nothing stays leased once it has stopped */
    public BufferPool bufferPool() {
        return pool;
    }

    /**
     * Stops gracefully: everyone is told, what is queued is sent (for at most the configured
     * flush time), then every connection and the proactor are closed. Idempotent; returns when
     * stopped.
     */
    @Override
    public void close() {
        if (stopping.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "chat server stopping");
            proactor.close(listener); // completes the pending accept: that wakes the room thread
        }
        long bound = config.shutdownFlush().toNanos() + CLOSE_GRACE_NANOS;
        if (!awaitStopped(bound)) {
            LOG.log(Level.WARNING, "the room thread did not finish in time; closing the proactor under it");
            proactor.close(); // take() then fails in the room thread, which ends
            awaitStopped(CLOSE_GRACE_NANOS);
        }
    }

    /** Waits until the server has stopped (after {@link #close()} from another thread). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    private boolean awaitStopped(long nanos) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + nanos;
        try {
            while (true) {
                try {
                    return stopped.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- the room thread ----

    private void serve() {
        CompletionQueue queue = proactor.completions();
        try {
            while (!stopping.get()) {
                Completion c = waitingForBuffer.isEmpty() ? queue.take()
                        : queue.poll(BUFFER_RETRY_NANOS, TimeUnit.NANOSECONDS);
                if (c != null) {
                    handle(c);
                }
                retryWaitingForBuffer();
            }
            flushAndClose(queue);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ProactorClosedException e) {
            // forced stop: the proactor was closed under us
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "the chat room thread failed", e);
        } finally {
            proactor.close();
            releaseUntaken(queue);
            stopped.countDown();
            LOG.log(Level.INFO, "chat server stopped");
        }
    }

    private void flushAndClose(CompletionQueue queue) throws InterruptedException {
        LOG.log(Level.INFO, "telling {0} people goodbye", room.size());
        room.shutdown();
        long deadline = System.nanoTime() + config.shutdownFlush().toNanos();
        while (!sessions.isEmpty()) {
            long left = deadline - System.nanoTime();
            Completion c = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (c == null) {
                LOG.log(Level.WARNING, "{0} connection(s) did not take their goodbye in time", sessions.size());
                break;
            }
            handle(c);
        }
    }

    /** After the proactor is closed: the completions nobody took give their leases back. */
    private static void releaseUntaken(CompletionQueue queue) {
        for (Completion c = queue.poll(); c != null; c = queue.poll()) {
            BufferLease lease = c.lease();
            if (lease != null) {
                lease.release();
            }
        }
    }

    /** Receives again for the clients waiting for a buffer, as many as there are buffers free. */
    private void retryWaitingForBuffer() {
        int free = pool.available();
        while (!waitingForBuffer.isEmpty()) {
            ChatSession s = waitingForBuffer.peek();
            if (!s.isOpen()) {
                waitingForBuffer.poll(); // gone meanwhile: its input no longer matters
                continue;
            }
            if (free == 0) {
                return;
            }
            waitingForBuffer.poll();
            free--;
            try {
                s.receive();
            } catch (ProactorClosedException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "failed to receive again for " + s, e);
                room.disconnect(s, "server error");
            }
        }
    }

    private void handle(Completion c) {
        try {
            dispatch(c);
        } finally {
            tap.accept(c);
        }
    }

    private void dispatch(Completion c) {
        try {
            switch (c.kind()) {
                case ACCEPT -> accepted(c);
                case RECV -> received(c, (ChatSession) c.attachment());
                case SEND -> sent(c, (ChatSession) c.attachment());
                default -> LOG.log(Level.WARNING, "unexpected completion {0}", c);
            }
        } catch (ProactorClosedException e) {
            throw e;
        } catch (RuntimeException e) {
            // a bug or a refused submission must cost one connection, not the room
            LOG.log(Level.ERROR, "failed to handle " + c, e);
            if (c.attachment() instanceof ChatSession s) {
                room.disconnect(s, "server error");
            }
        }
    }

    private void accepted(Completion c) {
        if (c.isOk()) {
            ChatSession s = new ChatSession(proactor, c.connection(), config, sessions::remove);
            sessions.add(s);
            if (stopping.get()) {
                s.close();
            } else if (room.join(s)) {
                s.receive();
            }
        } else if (!stopping.get()) {
            LOG.log(Level.WARNING, "accept failed: {0} ({1})", c.status(), c.message());
        }
        if (!stopping.get()) {
            proactor.submitAccept(listener, null);
        }
    }

    private void received(Completion c, ChatSession s) {
        BufferLease lease = c.lease();
        if (!s.isOpen()) {
            if (lease != null) {
                lease.release(); // hung up or closed: its input no longer matters
            }
            return;
        }
        switch (c.status()) {
            case OK -> {
                if (lease == null) {
                    throw new IllegalStateException("the " + backendName()
                            + " backend completed a pooled receive without a buffer: " + c);
                }
                s.decode(lease, new LineDecoder.Sink() {
                    @Override
                    public void line(String text) {
                        if (s.isOpen()) {
                            room.line(s, text);
                        }
                    }

                    @Override
                    public void overlong() {
                        if (s.isOpen()) {
                            room.overlong(s);
                        }
                    }
                });
                if (s.isOpen()) {
                    s.receive();
                }
            }
            case NO_BUFFER -> waitingForBuffer.add(s); // its bytes wait in the socket; see retryWaitingForBuffer
            default -> {
                room.left(s, c.status() == CompletionStatus.END_OF_STREAM ? null : describe(c));
                s.close();
            }
        }
    }

    private void sent(Completion c, ChatSession s) {
        if (s.isClosed()) {
            return;
        }
        if (s.sent(c)) {
            return;
        }
        if (c.status() == CompletionStatus.TIMED_OUT) {
            room.disconnect(s, "not reading (a send took longer than " + Fmt.duration(config.sendTimeout()) + ")");
        } else {
            room.left(s, describe(c)); // e.g. a reset, seen by the send before the receive
            s.close();
        }
    }

    private static String describe(Completion c) {
        return switch (c.status()) {
            case CONNECTION_RESET -> "connection reset";
            case END_OF_STREAM -> "connection closed";
            default -> "connection error: " + c.status() + (c.message() != null ? " (" + c.message() + ")" : "");
        };
    }
}
