package io.overlap.winsock;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One emulated Winsock socket. Winsock binds a socket before it knows its role; the JDK makes a
 * listening or a connecting channel from the start. So the socket records its options and bind
 * address, and makes its channel at {@code listen}, at {@code ConnectEx}, or when an
 * {@code AcceptEx} fills it ({@link EmuOptions} keeps the options till then). Its own I/O
 * ({@link #progress}) runs under the emulation's lock, from a start (what can be done at once
 * is, as Windows does) or from the I/O thread.
 */
final class EmuSocket {
    /** Completes an operation: its result, then its event. */
    interface Completer {
        void complete(EmuOp op, int error, long bytes);
    }

    final long handle;
    final boolean ipv6;
    private final Completer done;
    private final EmuOptions options = new EmuOptions();
    InetSocketAddress bound;
    SocketChannel channel;
    ServerSocketChannel server;
    SelectionKey key;
    boolean connecting;
    boolean eof;
    boolean reset;
    boolean outputShut;
    final ArrayDeque<EmuOp> recvs = new ArrayDeque<>();
    final ArrayDeque<EmuOp> sends = new ArrayDeque<>();
    final ArrayDeque<EmuOp> accepts = new ArrayDeque<>();
    EmuOp connect;

    EmuSocket(long handle, boolean ipv6, Completer done) {
        this.handle = handle;
        this.ipv6 = ipv6;
        this.done = done;
    }

    NetworkChannel channelOrNull() {
        return channel != null ? channel : server;
    }

    boolean isConnected() {
        return channel != null && channel.isConnected();
    }

    // ---- options (EmuOptions), applied to the channel once there is one ----

    void setOption(int level, int name, int value) throws IOException {
        options.set(level, name, value, channelOrNull());
    }

    int getOption(int level, int name) throws IOException {
        return options.get(level, name, channelOrNull());
    }

    void setLinger(int seconds) throws IOException {
        options.setLinger(seconds, channel);
    }

    int linger() {
        return options.linger();
    }

    // ---- the role, learnt at listen, ConnectEx or AcceptEx ----

    void listen(int backlog) throws IOException {
        if (bound == null || channelOrNull() != null) {
            throw EmuErrors.exception("listen", EmuErrors.WSAEINVAL);
        }
        ServerSocketChannel s = ServerSocketChannel.open(family());
        try {
            options.applyTo(s);
            s.bind(bound, backlog);
            s.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        server = s;
    }

    /** Makes the connecting channel, bound where {@code bind} said. */
    void openForConnect() throws IOException {
        SocketChannel s = SocketChannel.open(family());
        try {
            options.applyTo(s);
            s.configureBlocking(false);
            if (bound != null) {
                s.bind(bound);
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        channel = s;
    }

    /** An accepted channel becomes this (pre-made) socket's; it inherited its listener's options. */
    void adopt(SocketChannel accepted) throws IOException {
        accepted.configureBlocking(false);
        channel = accepted;
        options.lingerTo(channel);
    }

    private StandardProtocolFamily family() {
        return ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    // ---- I/O (emulation lock held) ----

    /** @return the selector interest for what is pending */
    int interest() {
        int ops = 0;
        if (!accepts.isEmpty()) {
            ops |= SelectionKey.OP_ACCEPT;
        }
        if (connect != null && connecting) {
            ops |= SelectionKey.OP_CONNECT;
        }
        if (!recvs.isEmpty()) {
            ops |= SelectionKey.OP_READ;
        }
        if (!sends.isEmpty()) {
            ops |= SelectionKey.OP_WRITE;
        }
        return ops;
    }

    /**
     * Moves every pending operation as far as it goes without blocking.
     *
     * @param readable whether the selector just reported the socket readable (a zero-byte
     *     receive completes on that alone)
     */
    void progress(boolean readable) {
        if (connect != null && connecting) {
            finishConnect();
        }
        acceptAll();
        receive(readable);
        sendAll();
    }

    private void finishConnect() {
        try {
            if (channel.finishConnect()) {
                connecting = false;
                complete(connect, 0, 0);
            }
        } catch (IOException e) {
            connecting = false;
            complete(connect, EmuErrors.code(e), 0);
        }
    }

    /** ConnectEx: done at once, pending, or failed (then the completion says why, as ConnectEx's does). */
    void startConnect(EmuOp op) {
        connect = op;
        try {
            if (channel.connect(op.remote)) {
                complete(op, 0, 0);
            } else {
                connecting = true;
            }
        } catch (IOException e) {
            complete(op, EmuErrors.code(e), 0);
        }
    }

    private void acceptAll() {
        while (!accepts.isEmpty()) {
            EmuOp op = accepts.peek();
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                complete(op, EmuErrors.code(e), 0);
                continue;
            }
            if (c == null) {
                return;
            }
            try {
                op.accepted.adopt(c);
                op.addresses = new Winsock.AcceptedAddresses((InetSocketAddress) c.getLocalAddress(),
                        (InetSocketAddress) c.getRemoteAddress());
                complete(op, 0, 0);
            } catch (IOException e) {
                complete(op, EmuErrors.code(e), 0);
            }
        }
    }

    private void receive(boolean readable) {
        while (!recvs.isEmpty()) {
            EmuOp op = recvs.peek();
            if (reset) {
                complete(op, WinError.WSAECONNRESET, 0);
            } else if (eof) {
                complete(op, 0, 0);
            } else if (op.kind == EmuOp.Kind.RECV_WAIT || !op.hasRemaining()) {
                if (!readable) {
                    return;
                }
                complete(op, 0, 0); // data, the end, or an error is there: the next receive finds which
            } else {
                try {
                    long n = channel.read(op.buffers);
                    if (n == 0) {
                        return;
                    }
                    readable = false; // what is left is for the selector to say
                    if (n < 0) {
                        eof = true;
                        complete(op, 0, 0);
                    } else {
                        complete(op, 0, n);
                    }
                } catch (IOException e) {
                    failed(op, EmuErrors.code(e), 0);
                }
            }
        }
    }

    private void sendAll() {
        while (!sends.isEmpty()) {
            EmuOp op = sends.peek();
            if (reset) {
                complete(op, WinError.WSAECONNRESET, op.bytes);
            } else if (outputShut) {
                complete(op, WinError.WSAESHUTDOWN, op.bytes);
            } else {
                try {
                    op.bytes += channel.write(op.buffers);
                    if (op.hasRemaining()) {
                        return; // a send completes only when all its bytes are taken
                    }
                    complete(op, 0, op.bytes);
                } catch (IOException e) {
                    failed(op, EmuErrors.code(e), op.bytes);
                }
            }
        }
    }

    private void failed(EmuOp op, int error, long bytes) {
        if (EmuErrors.isReset(error)) {
            reset = true; // Linux reports a reset once; Windows to every later call
        }
        complete(op, error, bytes);
    }

    /** Ends every pending operation of the socket with {@code error} (a close, a cancel of all). */
    boolean abortAll(int error) {
        boolean any = false;
        for (ArrayDeque<EmuOp> q : java.util.List.of(recvs, sends, accepts)) {
            while (!q.isEmpty()) {
                complete(q.peek(), error, q.peek().bytes);
                any = true;
            }
        }
        if (connect != null) {
            connecting = false;
            complete(connect, error, 0);
            any = true;
        }
        return any;
    }

    /** Ends one pending operation; false if it is not pending here. */
    boolean abort(EmuOp op, int error) {
        if (op.done || op.socket != this) {
            return false;
        }
        if (op == connect) {
            connecting = false;
        }
        complete(op, error, op.bytes);
        return true;
    }

    private void complete(EmuOp op, int error, long bytes) {
        switch (op.kind) {
            case RECV, RECV_WAIT -> recvs.remove(op);
            case SEND -> sends.remove(op);
            case ACCEPT -> accepts.remove(op);
            case CONNECT -> connect = null;
        }
        done.complete(op, error, bytes);
    }
}
