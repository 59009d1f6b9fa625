package io.overlap.nio;

import io.overlap.spi.AbstractListener;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;

/** A listening channel and its FIFO of pending accepts, owned by one loop. */
final class NioListener extends AbstractListener {
    final ServerSocketChannel channel;
    final EventLoop loop;

    // loop thread only
    final OpQueue accepts = new OpQueue();
    SelectionKey key;
    boolean closedOnLoop;

    NioListener(NioProactor owner, ServerSocketChannel channel, InetSocketAddress local, EventLoop loop) {
        super(owner, local);
        this.channel = channel;
        this.loop = loop;
    }
}
