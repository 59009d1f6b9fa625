package io.overlap.examples.echo;

import io.overlap.Connection;
import java.nio.ByteBuffer;

/**
 * One echo connection and its buffer. The buffer is used for one operation at a time (a receive,
 * then the send of what it received), so it is the attachment of both and needs no lock.
 */
final class EchoSession {
    final Connection connection;
    final ByteBuffer buffer;
    /** The same buffer as a one-element array, made once: submissions take arrays. */
    final ByteBuffer[] buffers;

    EchoSession(Connection connection, ByteBuffer buffer) {
        this.connection = connection;
        this.buffer = buffer;
        this.buffers = new ByteBuffer[] {buffer};
    }
}
