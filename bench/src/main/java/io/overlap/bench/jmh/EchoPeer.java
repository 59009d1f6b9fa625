package io.overlap.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A remote end that answers: one loopback connection whose bytes a thread of its own writes
 * back with plain blocking sockets, so a receive after a send waits for the peer's wake-up, as
 * with a real remote peer, rather than finding its data already there.
 */
final class EchoPeer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;
    private volatile Socket socket;

    private EchoPeer(ServerSocket server) {
        this.server = server;
        this.thread = new Thread(this::serve, "echo-peer");
        this.thread.setDaemon(true);
    }

    /**
     * Listens on loopback; the first connection made to {@link #address()} is echoed.
     *
     * @return the peer, waiting for its connection
     * @throws IOException if it cannot listen
     */
    static EchoPeer start() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        EchoPeer peer = new EchoPeer(server);
        peer.thread.start();
        return peer;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void serve() {
        try (Socket s = server.accept()) {
            socket = s;
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[16 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // closed by close(), or the benchmark's end went away: nothing left to echo
        }
    }

    /** Stops listening and echoing; waits up to 5 s for the thread. */
    @Override
    public void close() throws IOException {
        server.close();
        Socket s = socket;
        if (s != null) {
            s.close();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
