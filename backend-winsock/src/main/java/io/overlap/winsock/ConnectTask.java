package io.overlap.winsock;

import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractConnection;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;

/**
 * A connect: {@code ConnectEx} on a fresh socket given the connect's options and bound to its
 * local address, or to the wildcard address (it needs a bound socket), then
 * {@code SO_UPDATE_CONNECT_CONTEXT}. The socket is the slot's until it becomes a connection;
 * otherwise it is closed with the slot.
 */
final class ConnectTask extends OpTask {
    private static final InetSocketAddress ANY4 = wildcard(4);
    private static final InetSocketAddress ANY6 = wildcard(16);

    ConnectTask(Engine io) {
        super(io);
    }

    @Override
    int start(Slot s) {
        boolean v6 = SockAddr.isIpv6(s.op.remote());
        InetSocketAddress local = s.op.connectLocal();
        try {
            long own = ws.openSocket(v6, FaultPoint.CONNECT);
            io.register(own, s.starter);
            s.ownSocket = own;
            WinsockOptions.applyAndBind(ws, s.ownSocket, s.op.connectOptions(),
                    local != null ? local : v6 ? ANY6 : ANY4, FaultPoint.CONNECT);
        } catch (IOException e) {
            return code(e);
        }
        s.ioSocket = s.ownSocket;
        io.notifier.beforeStart(s);
        return ws.startConnect(s.ioSocket, s.op.remote(), s.block, s.event);
    }

    @Override
    void completed(Slot s, int err, long n, CompletionBatch batch) {
        if (err != 0) {
            io.finishError(s, err, call(s) + " (overlapped)", batch);
            return;
        }
        long c = s.ownSocket;
        AbstractConnection conn;
        try {
            ws.updateConnectContext(c);
            boolean reuse = s.op.connectOptions().get(StandardSocketOptions.SO_REUSEADDR).orElse(false);
            conn = io.proactor.newConnection(c, ws.localAddress(c), ws.remoteAddress(c), reuse, s.starter);
        } catch (IOException e) {
            io.finish(s, CompletionStatus.FAILED, e instanceof WinsockException w ? w.code() : 0, e.getMessage(),
                    null, batch);
            return;
        }
        s.ownSocket = 0;
        io.finish(s, CompletionStatus.OK, 0, null, conn, batch);
    }

    @Override
    String call(Slot s) {
        return "ConnectEx";
    }

    private static InetSocketAddress wildcard(int addressBytes) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[addressBytes]), 0);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e); // a 4- or 16-byte address is always valid
        }
    }
}
