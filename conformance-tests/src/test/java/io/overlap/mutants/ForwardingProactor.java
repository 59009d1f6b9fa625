package io.overlap.mutants;

import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.CompletionHandler;
import io.overlap.CompletionQueue;
import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.Listener;
import io.overlap.OptionSet;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.ProactorStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;

/**
 * A proactor that forwards everything to a real one and lets a subclass break one promise. The
 * real proactor always runs in handler mode; its completions pass through
 * {@link #onCompletion}, then go to this proactor's own queue or to the user's handler.
 */
class ForwardingProactor implements Proactor {
    private final String name;
    private final ProactorConfig config;
    private final CompletionHandler userHandler;
    private final MutantQueue queue;
    private volatile Proactor delegate;

    ForwardingProactor(String name, ProactorConfig config) {
        this.name = name;
        this.config = config;
        this.userHandler = config.completionHandler().orElse(null);
        this.queue = userHandler == null ? new MutantQueue(this::handOut) : null;
    }

    final void attach(Proactor real) {
        this.delegate = real;
    }

    final Proactor delegate() {
        return delegate;
    }

    /** The real proactor's handler: runs on its I/O threads. */
    final void fromDelegate(Completion c) {
        onCompletion(c);
    }

    /** Where a mutant changes what the real proactor is opened with; the default changes nothing. */
    protected ProactorConfig.Builder baseConfig(ProactorConfig.Builder real) {
        return real;
    }

    /** Sees the id of every submission made through this proactor; the default does nothing. */
    protected long submitted(long id) {
        return id;
    }

    /** Where a mutant alters, drops or repeats a completion; the default passes it on. */
    protected void onCompletion(Completion c) {
        emit(c);
    }

    /** Passes a completion to the user (queue or handler). */
    protected final void emit(Completion c) {
        if (userHandler != null) {
            userHandler.completed(handOut(c));
        } else {
            queue.offer(c);
        }
    }

    /** Runs when the user receives a completion (taken from the queue, or just before the handler). */
    protected Completion handOut(Completion c) {
        return c;
    }

    protected long recv(Connection c, ByteBuffer[] dsts, Object attachment, Duration timeout) {
        return submitted(delegate.submitRecv(c, dsts, attachment, timeout));
    }

    protected void closeHandle(Handle h) {
        delegate.close(h);
    }

    @Override
    public String backendName() {
        return name;
    }

    @Override
    public ProactorConfig config() {
        return config;
    }

    @Override
    public Listener listen(InetSocketAddress local, int backlog) throws IOException {
        return delegate.listen(local, backlog);
    }

    @Override
    public Listener listen(InetSocketAddress local, int backlog, OptionSet options) throws IOException {
        return delegate.listen(local, backlog, options);
    }

    @Override
    public long submitAccept(Listener listener, Object attachment) {
        return submitted(delegate.submitAccept(listener, attachment));
    }

    @Override
    public long submitAccept(Listener listener, Object attachment, Duration timeout) {
        return submitted(delegate.submitAccept(listener, attachment, timeout));
    }

    @Override
    public long submitConnect(InetSocketAddress remote, Object attachment) {
        return submitted(delegate.submitConnect(remote, attachment));
    }

    @Override
    public long submitConnect(InetSocketAddress remote, Object attachment, Duration timeout) {
        return submitted(delegate.submitConnect(remote, attachment, timeout));
    }

    @Override
    public long submitConnect(InetSocketAddress remote, InetSocketAddress local, OptionSet options, Object attachment,
            Duration timeout) {
        return submitted(delegate.submitConnect(remote, local, options, attachment, timeout));
    }

    @Override
    public Set<SocketOption<?>> supportedConnectionOptions() {
        return delegate.supportedConnectionOptions();
    }

    @Override
    public Set<SocketOption<?>> supportedListenerOptions() {
        return delegate.supportedListenerOptions();
    }

    @Override
    public long submitRecv(Connection connection, ByteBuffer... dsts) {
        return recv(connection, dsts, null, null);
    }

    @Override
    public long submitRecv(Connection connection, ByteBuffer[] dsts, Object attachment) {
        return recv(connection, dsts, attachment, null);
    }

    @Override
    public long submitRecv(Connection connection, ByteBuffer[] dsts, Object attachment, Duration timeout) {
        return recv(connection, dsts, attachment, timeout);
    }

    @Override
    public long submitRecv(Connection connection) {
        return submitted(delegate.submitRecv(connection));
    }

    @Override
    public long submitRecvPooled(Connection connection, Object attachment, Duration timeout) {
        return submitted(delegate.submitRecvPooled(connection, attachment, timeout));
    }

    @Override
    public long submitRecvPooled(Connection connection, BufferPool pool, Object attachment, Duration timeout) {
        return submitted(delegate.submitRecvPooled(connection, pool, attachment, timeout));
    }

    @Override
    public BufferPool bufferPool() {
        return delegate.bufferPool();
    }

    @Override
    public long submitSend(Connection connection, ByteBuffer... srcs) {
        return submitted(delegate.submitSend(connection, srcs));
    }

    @Override
    public long submitSend(Connection connection, ByteBuffer[] srcs, Object attachment) {
        return submitted(delegate.submitSend(connection, srcs, attachment));
    }

    @Override
    public long submitSend(Connection connection, ByteBuffer[] srcs, Object attachment, Duration timeout) {
        return submitted(delegate.submitSend(connection, srcs, attachment, timeout));
    }

    @Override
    public boolean cancel(long opId) {
        return delegate.cancel(opId);
    }

    @Override
    public void shutdownOutput(Connection connection) {
        delegate.shutdownOutput(connection);
    }

    @Override
    public void close(Handle handle) {
        closeHandle(handle);
    }

    @Override
    public void abort(Connection connection) {
        delegate.abort(connection);
    }

    @Override
    public int inFlight() {
        return delegate.inFlight();
    }

    @Override
    public ProactorStats stats() {
        return delegate.stats();
    }

    @Override
    public CompletionQueue completions() {
        if (queue == null) {
            throw new IllegalStateException("this proactor runs in handler mode: completions go to its CompletionHandler");
        }
        return queue;
    }

    @Override
    public void close() {
        delegate.close();
        if (queue != null) {
            queue.close();
        }
    }

    @Override
    public String toString() {
        return name + "(" + delegate + ")";
    }
}
