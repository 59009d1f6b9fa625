package io.overlap.winsock;

import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractConnection;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.FaultPoint;
import java.io.IOException;

/**
 * An accept: {@code AcceptEx} into a fresh socket the slot owns until it becomes a connection
 * ({@code SO_UPDATE_ACCEPT_CONTEXT}, addresses from {@code GetAcceptExSockaddrs}); otherwise
 * the socket is closed with the slot.
 */
final class AcceptTask extends OpTask {
    AcceptTask(Engine io) {
        super(io);
    }

    @Override
    int start(Slot s) {
        return s.ref.start(s, null, () -> {
            try {
                s.ownSocket = ws.openSocket(((WinsockListener) s.op.target()).ipv6, FaultPoint.ACCEPT);
            } catch (IOException e) {
                return code(e);
            }
            s.ioSocket = s.ref.socket();
            io.notifier.beforeStart(s);
            return ws.startAccept(s.ioSocket, s.ownSocket, s.block, s.event);
        });
    }

    @Override
    void completed(Slot s, int err, long n, CompletionBatch batch) {
        if (err != 0) {
            io.finishError(s, err, call(s) + " (overlapped)", batch);
            return;
        }
        AbstractConnection born;
        try {
            born = accepted(s);
        } catch (IOException e) {
            io.finish(s, CompletionStatus.FAILED, e instanceof WinsockException w ? w.code() : 0, e.getMessage(),
                    null, batch);
            return;
        }
        io.finish(s, born != null ? CompletionStatus.OK : CompletionStatus.CANCELLED, 0, null, born, batch);
    }

    @Override
    String call(Slot s) {
        return "AcceptEx";
    }

    /** Turns a completed AcceptEx into a connection; null if the listener was closed meanwhile. */
    private AbstractConnection accepted(Slot s) throws IOException {
        SocketRef lref = s.ref;
        long a = s.ownSocket;
        // the listener's socket stays open while this accept is counted in its ref
        ws.updateAcceptContext(a, lref.socket());
        Winsock.AcceptedAddresses addrs = ws.acceptedAddresses(s.block);
        if (io.proactor.config().tcpNoDelay()) {
            ws.setIntOption(a, SockOpt.IPPROTO_TCP, SockOpt.TCP_NODELAY, 1);
        }
        if (lref.isClosed()) {
            return null;
        }
        AbstractConnection c = io.proactor.newConnection(a, addrs.local(), addrs.remote(), lref.reuseAddress(), null);
        s.ownSocket = 0;
        return c;
    }
}
