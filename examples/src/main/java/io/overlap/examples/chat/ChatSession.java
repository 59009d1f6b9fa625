package io.overlap.examples.chat;

import io.overlap.BufferLease;
import io.overlap.Completion;
import io.overlap.Connection;
import io.overlap.Proactor;
import io.overlap.examples.cli.Fmt;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One client's connection: its line decoder, and its bounded outbound queue with at most one send
 * in flight (the queued lines go out together in one gathering send). It owns no receive buffer:
 * receives are pooled, so a buffer is leased only when data arrives and given back as soon as
 * its lines are decoded. Used by the room thread only.
 */
final class ChatSession implements Member {
    private static final System.Logger LOG = System.getLogger("chat");
    /** The most queued lines handed to one send. */
    private static final int MAX_GATHER = 64;

    private enum State { OPEN, CLOSING, CLOSED }

    private final Proactor proactor;
    private final Connection connection;
    private final ChatConfig config;
    private final String address;
    private final Consumer<ChatSession> onClosed;
    private final LineDecoder decoder;
    private final ArrayDeque<ByteBuffer> outbox = new ArrayDeque<>();
    /** Bytes queued or in the send in flight. */
    private long queuedBytes;
    private boolean sending;
    private State state = State.OPEN;

    /**
     * @param proactor the server's proactor
     * @param connection the accepted connection
     * @param config the limits
     * @param onClosed called once, when the connection is closed
     */
    ChatSession(Proactor proactor, Connection connection, ChatConfig config, Consumer<ChatSession> onClosed) {
        this.proactor = proactor;
        this.connection = connection;
        this.config = config;
        this.address = Fmt.address(connection.remoteAddress());
        this.onClosed = onClosed;
        this.decoder = new LineDecoder(config.maxLineBytes());
    }

    @Override
    public String address() {
        return address;
    }

    /** @return true until the session starts closing (hang-up, cut or failure) */
    boolean isOpen() {
        return state == State.OPEN;
    }

    /** @return true once the connection is closed */
    boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Submits the next receive, a pooled one: the one place where this session receives. */
    void receive() {
        proactor.submitRecvPooled(connection, this, null);
    }

    /**
     * Hands what a successful receive brought to the decoder, which copies out what it keeps,
     * and releases the lease, whatever happens.
     *
     * @param lease the receive's lease (its buffer flipped over the bytes received)
     * @param sink where the lines go
     */
    void decode(BufferLease lease, LineDecoder.Sink sink) {
        try {
            decoder.feed(lease.buffer(), sink);
        } finally {
            lease.release();
        }
    }

    @Override
    public boolean deliver(ByteBuffer line) {
        if (state != State.OPEN) {
            return true; // on its way out: nothing more is queued, and that is not its fault
        }
        int n = line.remaining();
        if (queuedBytes + n > config.maxQueuedBytes()) {
            return false;
        }
        outbox.add(line.duplicate());
        queuedBytes += n;
        if (!sending) {
            sendQueued();
        }
        return true;
    }

    /**
     * A send finished.
     *
     * @param c its completion
     * @return false if it failed (the caller disconnects the session)
     */
    boolean sent(Completion c) {
        sending = false;
        if (!c.isOk()) {
            return false;
        }
        queuedBytes -= c.bytesTransferred();
        if (!outbox.isEmpty()) {
            sendQueued();
        } else if (state == State.CLOSING) {
            close();
        }
        return true;
    }

    @Override
    public void hangUp() {
        if (state == State.OPEN) {
            state = State.CLOSING;
            if (!sending) {
                close();
            }
        }
    }

    @Override
    public void cut(String reason) {
        if (state != State.CLOSED) {
            LOG.log(Level.DEBUG, "closing {0} at once: {1}", address, reason);
            outbox.clear();
            close();
        }
    }

    /** Closes the connection now; its pending operations complete as cancelled and are ignored. */
    void close() {
        if (state != State.CLOSED) {
            state = State.CLOSED;
            proactor.close(connection);
            onClosed.accept(this);
        }
    }

    private void sendQueued() {
        ByteBuffer[] batch = new ByteBuffer[Math.min(outbox.size(), MAX_GATHER)];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = outbox.poll();
        }
        sending = true;
        proactor.submitSend(connection, batch, this, config.sendTimeout());
    }

    @Override
    public String toString() {
        return "ChatSession[" + address + ", " + state + "]";
    }
}
