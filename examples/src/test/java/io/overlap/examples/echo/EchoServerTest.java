package io.overlap.examples.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The echo server with real blocking clients over loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoServerTest {
    private static final int CLIENTS = 20;
    private static final int BYTES_EACH = 200_000;

    private static EchoServer start() throws Exception {
        return EchoServer.start(new EchoConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024, 2));
    }

    @Test
    void everyClientGetsBackExactlyItsOwnBytesAndTheCountsAddUp() throws Exception {
        EchoServer server = start();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                long seed = i;
                done.add(pool.submit(() -> {
                    roundTrip(server.address(), seed);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            server.close();
        }
        EchoStats s = server.stats();
        assertEquals(CLIENTS, s.accepted());
        assertEquals(CLIENTS, s.closed());
        assertEquals(0, s.open());
        assertEquals((long) CLIENTS * BYTES_EACH, s.bytesIn());
        assertEquals((long) CLIENTS * BYTES_EACH, s.bytesOut());
        assertTrue(s.completions() >= CLIENTS * 3L, "an accept, a receive and a send at least per client");
        String report = server.report();
        assertTrue(report.contains("20 accepted, 20 closed"), report);
        assertTrue(report.contains("4.0 MB received, 4.0 MB sent"), report);
    }

    @Test
    void clientsResettingAllAtOnceLeaveTheServerServing() throws Exception {
        try (EchoServer server = start()) {
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Socket s = new Socket(server.address().getAddress(), server.port());
                s.setSoTimeout(15_000);
                s.getOutputStream().write(i);
                assertEquals(i, s.getInputStream().read());
                sockets.add(s);
            }
            for (Socket s : sockets) {
                s.setSoLinger(true, 0);
                s.close();
            }
            roundTrip(server.address(), 99);
            assertEquals(51, server.stats().accepted());
        }
    }

    @Test
    void stoppingTheServerClosesEveryOpenConnection() throws Exception {
        EchoServer server = start();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                Socket s = new Socket(server.address().getAddress(), server.port());
                s.setSoTimeout(15_000);
                s.getOutputStream().write(i);
                assertEquals(i, s.getInputStream().read());
                sockets.add(s);
            }
            assertEquals(10, server.stats().open());
            server.close();
            assertEquals(10, server.stats().closed(), "every connection's pending receive completed by the end of close()");
            assertEquals(0, server.stats().open());
            for (Socket s : sockets) {
                try {
                    assertEquals(-1, s.getInputStream().read(), "the client sees the close");
                } catch (java.net.SocketException reset) {
                    // a reset is a close too
                }
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            server.close();
        }
    }

    /** Sends a client's own random bytes in pieces while reading the echo, and compares all of it. */
    private static void roundTrip(InetSocketAddress at, long seed) throws Exception {
        byte[] sent = new byte[BYTES_EACH];
        new SplittableRandom(seed).nextBytes(sent);
        byte[] got = new byte[BYTES_EACH];
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            Thread writer = new Thread(() -> {
                try {
                    for (int off = 0; off < sent.length; off += 7_000) {
                        out.write(sent, off, Math.min(7_000, sent.length - off));
                    }
                    s.shutdownOutput();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            new DataInputStream(in).readFully(got);
            assertEquals(-1, in.read(), "nothing more than was sent, then the end");
            writer.join(15_000);
        }
        assertArrayEquals(sent, got);
    }
}
