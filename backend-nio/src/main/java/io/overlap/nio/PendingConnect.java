package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A connect from its start to its connection: the channel belongs to the operation until it
 * completes, and the key it waits on passes to the connection. The operation's backend state
 * points here while it waits for {@code OP_CONNECT}.
 */
final class PendingConnect implements Selectable {
    private final EventLoop loop;
    private final Operation op;
    private SocketChannel channel;
    private SelectionKey key;

    private PendingConnect(EventLoop loop, Operation op) {
        this.loop = loop;
        this.op = op;
    }

    /** Starts a connect on {@code loop}'s thread. */
    static void start(EventLoop loop, Operation op) {
        if (!loop.makesConnections()) {
            loop.results.complete(op, CompletionStatus.CANCELLED);
            return;
        }
        PendingConnect pc = new PendingConnect(loop, op);
        loop.access.setState(op, pc);
        try {
            InetSocketAddress remote = op.remote();
            // a channel of the remote's family: an IPv4-only default channel cannot reach ::1
            pc.channel = SocketChannel.open(remote.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            pc.channel.configureBlocking(false);
            ChannelOptions.applyAll(pc.channel, op.connectOptions());
            if (op.connectLocal() != null) {
                pc.channel.bind(op.connectLocal());
            }
            FaultInjector.check(loop.faults, FaultPoint.CONNECT, "connect");
            if (pc.channel.connect(remote)) {
                pc.connected();
                return;
            }
            pc.key = loop.selector.register(pc.channel, SelectionKey.OP_CONNECT, pc);
        } catch (IOException | RuntimeException e) {
            pc.close(NioErrors.statusOf(e), AbstractProactor.describe(e));
        }
    }

    /**
     * Takes a connect out while it waits (cancel, timeout, containment).
     *
     * @return true if it was waiting on {@code loop}; the caller completes it
     */
    static boolean takeOut(EventLoop loop, Operation op) {
        PendingConnect pc = (PendingConnect) loop.access.state(op); // a connect's state is only ever this
        if (pc == null || pc.loop != loop) {
            return false;
        }
        pc.abandon();
        return true;
    }

    @Override
    public void onReady(int readyOps) {
        try {
            FaultInjector.check(loop.faults, FaultPoint.CONNECT, "finishConnect");
            if (!channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            close(NioErrors.statusOf(e), AbstractProactor.describe(e));
            return;
        }
        connected();
    }

    /** The channel is connected: it stays on this loop, with the key it was registered with. */
    private void connected() {
        NioConnection c = null;
        try {
            c = loop.proactor.newConnection(channel, loop);
            if (key != null) {
                c.adopt(key);
            }
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                c.release();
            }
            close(NioErrors.statusOf(e), AbstractProactor.describe(e));
            return;
        }
        loop.access.setState(op, null);
        loop.results.connected(op, c);
    }

    /** Fails (or cancels) the connect and releases its channel, unless it completed. */
    @Override
    public void close(CompletionStatus status, String message) {
        if (loop.access.state(op) == this && !op.isDone()) {
            abandon();
            loop.results.fail(op, status, message);
        }
    }

    @Override
    public void quiesce() {
        close(CompletionStatus.CANCELLED, null);
    }

    private void abandon() {
        loop.access.setState(op, null);
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            EventLoop.closeQuietly(channel);
        }
    }

    @Override
    public String toString() {
        return "PendingConnect[" + op + "]";
    }
}
