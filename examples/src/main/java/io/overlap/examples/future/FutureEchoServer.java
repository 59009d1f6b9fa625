package io.overlap.examples.future;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.ProactorConfig;
import io.overlap.future.FutureProactor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An echo server on futures, in one of two styles:
 * <ul>
 * <li>{@link Style#CHAINED}: each connection is a chain {@code recv -> send -> recv ...} of
 *     {@code thenCompose} stages that run on the I/O threads; nothing blocks and no thread is
 *     added.</li>
 * <li>{@link Style#BLOCKING}: each connection gets a thread of its own (virtual on JDK 21 and
 *     later, platform before) that writes the loop plainly and joins each future; a virtual
 *     thread that joins parks alone, so this style scales like the chained one.</li>
 * </ul>
 * {@code java -cp overlap-examples.jar io.overlap.examples.future.FutureEchoServer [port] [chained|blocking]}
 */
public final class FutureEchoServer implements AutoCloseable {
    /** How connections are served. */
    public enum Style {
        /** A chain of stages on the I/O threads. */
        CHAINED,
        /** A thread per connection that joins each future. */
        BLOCKING
    }

    private static final int BUFFER = 16 * 1024;
    private static final System.Logger LOG = System.getLogger(FutureEchoServer.class.getName());

    private final FutureProactor fp;
    private final Listener listener;
    private final Style style;
    private final ExecutorService threads;
    private final AtomicLong echoed = new AtomicLong();

    /**
     * Starts serving at once.
     *
     * @param local where to listen (port 0 picks one)
     * @param style how to serve each connection
     * @throws IOException if the proactor cannot open or the address cannot be bound
     */
    public FutureEchoServer(InetSocketAddress local, Style style) throws IOException {
        this.style = style;
        this.fp = FutureProactor.open(ProactorConfig.builder().ioThreads(1).build());
        this.listener = fp.listen(local, 128);
        this.threads = style == Style.BLOCKING ? Threads.perTask("future-echo-connection") : null;
        acceptNext();
    }

    /** @return where it listens */
    public InetSocketAddress address() {
        return listener.localAddress();
    }

    /** @return bytes echoed so far */
    public long echoed() {
        return echoed.get();
    }

    /** @return the futures proactor underneath (its stats, for one) */
    public FutureProactor futures() {
        return fp;
    }

    private void acceptNext() {
        fp.accept(listener).thenAccept(c -> {
            if (c.isOk()) {
                acceptNext(); // on the I/O thread: submitting from a stage is fine
                serve(c.connection());
            } else if (c.status() != CompletionStatus.CANCELLED) {
                LOG.log(System.Logger.Level.WARNING, "accept failed, accepting again: " + c);
                acceptNext();
            }
        });
    }

    private void serve(Connection conn) {
        if (style == Style.CHAINED) {
            echoChained(conn, ByteBuffer.allocateDirect(BUFFER));
        } else {
            threads.execute(() -> echoBlocking(conn));
        }
    }

    /**
     * One round: a receive, then a send of what came, then the next round. Each round starts
     * the next instead of composing it, so a long connection does not grow a chain of pending
     * futures; and a completion made while a stage runs is delivered after it returns, so the
     * rounds do not recurse either.
     */
    private void echoChained(Connection conn, ByteBuffer buf) {
        buf.clear();
        fp.recv(conn, buf).thenCompose(r -> {
            if (!r.isOk()) {
                return CompletableFuture.completedFuture(r); // end of stream, reset, or the server's close
            }
            buf.flip();
            return fp.send(conn, buf);
        }).thenAccept(last -> {
            if (last.kind() == io.overlap.OpKind.SEND && last.isOk()) {
                echoed.addAndGet(last.bytesTransferred());
                echoChained(conn, buf);
            } else {
                fp.close(conn);
            }
        });
    }

    /** The same loop, written plainly: the thread parks in each join. */
    private void echoBlocking(Connection conn) {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        while (true) {
            buf.clear();
            Completion r = fp.recv(conn, buf).join();
            if (!r.isOk()) {
                break;
            }
            buf.flip();
            Completion s = fp.send(conn, buf).join();
            if (!s.isOk()) {
                break;
            }
            echoed.addAndGet(s.bytesTransferred());
        }
        fp.close(conn);
    }

    /** Stops: every pending future completes {@code CANCELLED}, so the connection threads end. */
    @Override
    public void close() {
        fp.close();
        if (threads != null) {
            threads.shutdown();
        }
    }

    /**
     * Runs until killed.
     *
     * @param args {@code [port] [chained|blocking]}
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 7000;
        Style style = args.length > 1 ? Style.valueOf(args[1].toUpperCase(java.util.Locale.ROOT)) : Style.CHAINED;
        try (FutureEchoServer server = new FutureEchoServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), style)) {
            System.out.println("future echo server (" + style.name().toLowerCase(java.util.Locale.ROOT) + ", "
                    + (style == Style.CHAINED ? "no extra" : Threads.haveVirtual() ? "virtual" : "platform")
                    + " threads) on " + server.address() + "; Ctrl-C stops it");
            Thread.currentThread().join();
        }
    }
}
