package io.overlap.examples.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately broken echo server for the load client's tests, on plain blocking sockets (so
 * it shares no code with what it tests). The first connection it accepts gets one fault at a
 * given stream offset; the others are echoed faithfully.
 */
final class FaultyEchoServer implements AutoCloseable {
    enum Fault {
        /** Flip the bits of one byte. */
        CORRUPT,
        /** Leave one byte out. */
        DROP,
        /** Send one byte twice. */
        DOUBLE,
        /** Read everything, echo nothing, on every connection. */
        SILENT
    }

    private final ServerSocket listener;
    private final Fault fault;
    private final long faultOffset;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    FaultyEchoServer(Fault fault, long faultOffset) throws IOException {
        this.fault = fault;
        this.faultOffset = faultOffset;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        start(this::acceptLoop, "faulty-echo-accept");
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = listener.accept();
                boolean faulty = fault == Fault.SILENT || accepted.getAndIncrement() == 0;
                synchronized (sockets) {
                    sockets.add(s);
                }
                start(() -> echo(s, faulty), "faulty-echo-conn");
            }
        } catch (IOException closed) {
            // close() closed the listener
        }
    }

    private void echo(Socket s, boolean faulty) {
        byte[] buf = new byte[8192];
        long offset = 0;
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (faulty && fault == Fault.SILENT) {
                    continue;
                }
                if (faulty && offset <= faultOffset && faultOffset < offset + n) {
                    int at = (int) (faultOffset - offset);
                    switch (fault) {
                        case CORRUPT -> {
                            buf[at] ^= (byte) 0xff;
                            out.write(buf, 0, n);
                        }
                        case DROP -> {
                            out.write(buf, 0, at);
                            out.write(buf, at + 1, n - at - 1);
                        }
                        case DOUBLE -> {
                            out.write(buf, 0, at + 1);
                            out.write(buf, at, n - at);
                        }
                        default -> throw new AssertionError(fault);
                    }
                } else {
                    out.write(buf, 0, n);
                }
                offset += n;
            }
        } catch (IOException e) {
            // the client closed or reset: the test is over for this connection
        }
    }

    private void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        synchronized (threads) {
            threads.add(t);
        }
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
        List<Thread> all;
        synchronized (threads) {
            all = List.copyOf(threads);
        }
        try {
            for (Thread t : all) {
                t.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
