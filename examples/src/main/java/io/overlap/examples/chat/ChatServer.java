package io.overlap.examples.chat;

import io.overlap.Completion;
import io.overlap.CompletionQueue;
import io.overlap.CompletionStatus;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorClosedException;
import io.overlap.ProactorConfig;
import io.overlap.examples.cli.Fmt;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The chat server: the seed's echo sample "with a little more work".
 *
 * <p>It runs in queue mode with one consumer, the room thread, which takes every completion and
 * does all the work. A chat room is shared state that every message touches (the member list,
 * the nicknames, each member's outbound queue); keeping it on one thread needs no locks and gives
 * everyone the same order of messages. Throughput is not the point here, and the I/O itself
 * still runs on the backend's threads.
 *
 * <p>Stopping ({@link #close()}, also from a shutdown hook on SIGINT/SIGTERM) closes the
 * listener: its pending accept completes, which wakes the room thread; it tells everyone goodbye,
 * waits (bounded) until that is sent, closes every connection and the proactor.
 */
public final class ChatServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("chat");
    /** Extra time, past the flush, that {@link #close()} gives the room thread before forcing. */
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ChatConfig config;
    private final Proactor proactor;
    private final Listener listener;
    private final ChatRoom room;
    private final Set<ChatSession> sessions = new LinkedHashSet<>();
    private final Thread roomThread;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ChatServer(ChatConfig config) throws IOException {
        this.config = config;
        this.room = new ChatRoom(config);
        this.proactor = Proactor.open(ProactorConfig.defaults());
        Listener l;
        try {
            l = proactor.listen(config.bind(), 1024);
        } catch (IOException | RuntimeException e) {
            proactor.close();
            throw e;
        }
        this.listener = l;
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
        ChatServer server = new ChatServer(config);
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
                handle(queue.take());
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

    private void handle(Completion c) {
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
        if (!s.isOpen()) {
            return; // hung up or closed: its input no longer matters
        }
        if (!c.isOk()) {
            room.left(s, c.status() == CompletionStatus.END_OF_STREAM ? null : describe(c));
            s.close();
            return;
        }
        s.decode(new LineDecoder.Sink() {
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
