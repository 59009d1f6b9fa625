package io.overlap.nio;

import io.overlap.spi.AbstractConnection;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A connected channel with its receive and send FIFOs, owned by one loop; every mutable field
 * is touched only on that loop's thread. The queues are made on first use, so an idle
 * connection costs little.
 */
final class NioConnection extends AbstractConnection {
    final SocketChannel channel;
    final EventLoop loop;

    // loop thread only
    OpQueue recvs;
    OpQueue sends;
    SelectionKey key;
    /** Interest ops last given to the key. */
    int interest;
    /** The peer shut down its output: every receive from now on ends the stream. */
    boolean inputEnded;
    /** Shut the output down once the send queue is empty. */
    boolean shutdownPending;
    /** The output has been shut down. */
    boolean outputShut;
    boolean closedOnLoop;
    /** The last read filled its buffer, so a new receive should try at once. */
    boolean maybeMoreData = true;

    NioConnection(NioProactor owner, SocketChannel channel, InetSocketAddress local, InetSocketAddress remote,
            EventLoop loop) {
        super(owner, local, remote);
        this.channel = channel;
        this.loop = loop;
    }

    OpQueue recvs() {
        OpQueue q = recvs;
        if (q == null) {
            q = recvs = new OpQueue();
        }
        return q;
    }

    OpQueue sends() {
        OpQueue q = sends;
        if (q == null) {
            q = sends = new OpQueue();
        }
        return q;
    }

    boolean hasRecvs() {
        return recvs != null && !recvs.isEmpty();
    }

    boolean hasSends() {
        return sends != null && !sends.isEmpty();
    }
}
