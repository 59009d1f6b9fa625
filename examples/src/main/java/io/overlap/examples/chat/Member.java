package io.overlap.examples.chat;

import java.nio.ByteBuffer;

/** Someone in the {@link ChatRoom}, as the room sees them: an address and a way to talk to them. */
interface Member {
    /** @return where they connect from, e.g. {@code 127.0.0.1:54321} */
    String address();

    /**
     * Queues one encoded line to be sent.
     *
     * @param line the bytes, shared with other members: the member must not change it and must
     *     read it through its own view ({@link ByteBuffer#duplicate()})
     * @return false if the member's outbound queue would overflow (nothing was queued)
     */
    boolean deliver(ByteBuffer line);

    /** Closes the connection once everything queued has been sent; later input is ignored. */
    void hangUp();

    /**
     * Closes the connection at once, dropping what is queued.
     *
     * @param reason why, for the log
     */
    void cut(String reason);
}
