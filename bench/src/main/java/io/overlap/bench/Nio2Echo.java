package io.overlap.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;

/**
 * The JDK's own completion API: {@link AsynchronousServerSocketChannel} on the default channel
 * group, with {@link CompletionHandler}s. Each connection owns one direct buffer (a pending read
 * owns its buffer) and one pair of handlers, so it allocates per operation only what the JDK does.
 */
public final class Nio2Echo implements EchoServer {
    private static final System.Logger LOG = System.getLogger(Nio2Echo.class.getName());

    private final ServerOptions options;
    private volatile AsynchronousServerSocketChannel server;

    /** @param options the buffer size (the thread count is the JDK default group's) */
    public Nio2Echo(ServerOptions options) {
        this.options = options;
    }

    @Override
    public InetSocketAddress start(InetSocketAddress local, int backlog) throws IOException {
        AsynchronousServerSocketChannel s = AsynchronousServerSocketChannel.open();
        try {
            s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            s.bind(local, backlog);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        server = s;
        s.accept(null, new Acceptor(s));
        return (InetSocketAddress) s.getLocalAddress();
    }

    @Override
    public String describe() {
        return "jdk-nio2 AsynchronousServerSocketChannel default-group buf=" + options.bufferSize() + " direct";
    }

    @Override
    public void close() {
        AsynchronousServerSocketChannel s = server;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "close failed", e);
            }
        }
    }

    private final class Acceptor implements CompletionHandler<AsynchronousSocketChannel, Void> {
        private final AsynchronousServerSocketChannel listener;
        private long lastFailureLog;

        Acceptor(AsynchronousServerSocketChannel listener) {
            this.listener = listener;
        }

        @Override
        public void completed(AsynchronousSocketChannel ch, Void unused) {
            listener.accept(null, this);
            try {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "TCP_NODELAY failed", e);
            }
            new Session(ch, ByteBuffer.allocateDirect(options.bufferSize())).read();
        }

        @Override
        public void failed(Throwable t, Void unused) {
            if (t instanceof AsynchronousCloseException || !listener.isOpen()) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastFailureLog > 1_000_000_000L) {
                lastFailureLog = now;
                LOG.log(System.Logger.Level.WARNING, "accept failed: {0}", t.toString());
            }
            listener.accept(null, this);
        }
    }

    /** One connection: read into its buffer, write it back whole, read again. */
    private static final class Session {
        private final AsynchronousSocketChannel ch;
        private final ByteBuffer buf;
        private final CompletionHandler<Integer, Void> onRead = new CompletionHandler<>() {
            @Override
            public void completed(Integer n, Void unused) {
                if (n < 0) {
                    close();
                    return;
                }
                buf.flip();
                ch.write(buf, null, onWrite);
            }

            @Override
            public void failed(Throwable t, Void unused) {
                close();
            }
        };
        private final CompletionHandler<Integer, Void> onWrite = new CompletionHandler<>() {
            @Override
            public void completed(Integer n, Void unused) {
                if (buf.hasRemaining()) {
                    ch.write(buf, null, this);
                } else {
                    read();
                }
            }

            @Override
            public void failed(Throwable t, Void unused) {
                close();
            }
        };

        Session(AsynchronousSocketChannel ch, ByteBuffer buf) {
            this.ch = ch;
            this.buf = buf;
        }

        void read() {
            buf.clear();
            ch.read(buf, null, onRead);
        }

        void close() {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "close failed", e);
            }
        }
    }
}
