package io.overlap.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Set;

/**
 * A hand-written JDK {@link Selector} loop on one thread: what a careful programmer writes
 * without a framework. Reads go into one shared direct buffer and are written straight back;
 * only a remainder the socket does not take is copied into a per-connection buffer, and that
 * connection stops reading until it is flushed. An idle connection holds no buffer.
 */
public final class SelectorEcho implements EchoServer {
    private static final System.Logger LOG = System.getLogger(SelectorEcho.class.getName());

    private final ServerOptions options;
    private Selector selector;
    private ServerSocketChannel server;
    private Thread loop;
    private volatile boolean running;

    /** @param options the buffer size of the shared read buffer (always one thread) */
    public SelectorEcho(ServerOptions options) {
        this.options = options;
    }

    @Override
    public InetSocketAddress start(InetSocketAddress local, int backlog) throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(local, backlog);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            selector.close();
            throw e;
        }
        running = true;
        loop = new Thread(this::run, "jdk-selector-loop");
        loop.start();
        return (InetSocketAddress) server.getLocalAddress();
    }

    @Override
    public String describe() {
        return "jdk-selector single-thread shared-buf=" + options.bufferSize() + " direct";
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocateDirect(options.bufferSize());
        try {
            while (running) {
                selector.select();
                Set<SelectionKey> keys = selector.selectedKeys();
                for (Iterator<SelectionKey> it = keys.iterator(); it.hasNext();) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        acceptAll();
                    } else {
                        serve(key, buf);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.log(System.Logger.Level.ERROR, "selector loop failed", e);
            }
        } finally {
            closeAll();
        }
    }

    private void acceptAll() {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
                if (ch == null) {
                    return;
                }
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.register(selector, SelectionKey.OP_READ);
            } catch (IOException e) {
                // e.g. out of file descriptors: try again on the next readiness
                LOG.log(System.Logger.Level.DEBUG, "accept failed", e);
                return;
            }
        }
    }

    private static void serve(SelectionKey key, ByteBuffer buf) {
        SocketChannel ch = (SocketChannel) key.channel();
        try {
            if (key.isWritable()) {
                ByteBuffer pending = (ByteBuffer) key.attachment();
                ch.write(pending);
                if (!pending.hasRemaining()) {
                    key.attach(null);
                    key.interestOps(SelectionKey.OP_READ);
                }
                return;
            }
            buf.clear();
            if (ch.read(buf) < 0) {
                close(key);
                return;
            }
            buf.flip();
            ch.write(buf);
            if (buf.hasRemaining()) {
                ByteBuffer pending = ByteBuffer.allocate(buf.remaining());
                pending.put(buf).flip();
                key.attach(pending);
                key.interestOps(SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            close(key);
        }
    }

    private static void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed", e);
        }
    }

    private void closeAll() {
        try {
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException | ClosedSelectorException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed", e);
        }
    }

    @Override
    public void close() {
        Thread t = loop;
        if (t == null || !running) {
            return;
        }
        running = false;
        selector.wakeup();
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
