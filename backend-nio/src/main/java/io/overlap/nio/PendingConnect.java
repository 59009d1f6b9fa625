package io.overlap.nio;

import io.overlap.spi.Operation;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** A connect waiting for {@code OP_CONNECT}: the channel belongs to the operation until it completes. */
final class PendingConnect {
    final Operation op;
    final SocketChannel channel;
    SelectionKey key;

    PendingConnect(Operation op, SocketChannel channel) {
        this.op = op;
        this.channel = channel;
    }
}
