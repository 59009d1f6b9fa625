package io.overlap.examples.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.BufferLease;
import io.overlap.BufferPool;
import io.overlap.CompletionStatus;
import io.overlap.OpKind;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The echo server with real blocking clients over loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoServerTest {
    private static final int CLIENTS = 20;
    private static final int BYTES_EACH = 200_000;

    private static EchoConfig config() {
        return new EchoConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024, 2);
    }

    private static EchoServer start() throws Exception {
        return EchoServer.start(config());
    }

    @ParameterizedTest
    @EnumSource(RecvMode.class)
    void everyClientGetsBackExactlyItsOwnBytesAndTheCountsAddUp(RecvMode mode) throws Exception {
        EchoServer server = EchoServer.start(config().withRecv(mode));
        try {
            roundTripsAtOnce(server, CLIENTS, BYTES_EACH);
        } finally {
            server.close();
        }
        assertEquals(0, server.bufferPool().leased(), "every lease was given back");
        if (mode == RecvMode.CALLER) {
            assertEquals(0, server.stats().peakLeased(), "caller receives never touch the pool");
        } else {
            assertTrue(server.stats().peakLeased() >= 1, "pooled receives leased");
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
        assertTrue(report.contains(mode == RecvMode.POOLED ? "receives      pooled, 1 KiB buffers, at most 1,024"
                : "receives      into each connection's own 1 KiB buffer"), report);
    }

    @Test
    void idleConnectionsHoldNoBufferAndClosingGivesEveryLeaseBack() throws Exception {
        int conns = 50;
        CountDownLatch echoed = new CountDownLatch(conns);
        EchoServer server = EchoServer.start(config(), c -> {
            if (c.kind() == OpKind.SEND && c.isOk()) {
                echoed.countDown(); // the tap runs after the server released the send's lease
            }
        });
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < conns; i++) {
                Socket s = new Socket(server.address().getAddress(), server.port());
                s.setSoTimeout(15_000);
                sockets.add(s);
                s.getOutputStream().write(new byte[] {(byte) i, 7});
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] back = new byte[2];
                in.readFully(back);
                assertArrayEquals(new byte[] {(byte) i, 7}, back);
            }
            assertTrue(echoed.await(15, TimeUnit.SECONDS), "every one-message echo completed");
            assertEquals(conns, server.stats().open());
            assertEquals(0, server.bufferPool().leased(), "50 idle connections, each with a receive pending, hold no buffer");
            assertTrue(server.stats().peakLeased() >= 1);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            server.close();
        }
        assertEquals(conns, server.stats().closed());
        assertEquals(0, server.bufferPool().leased());
    }

    @Test
    void anEmptyPoolMakesConnectionsWaitAndNoByteIsLost() throws Exception {
        int clients = 6;
        int bytesEach = 20_000;
        CountDownLatch refused = new CountDownLatch(clients);
        // two 64-byte buffers for six clients sending 20 KB each: most receives find the pool empty
        EchoServer server = EchoServer.start(config().withPoolBuffers(2).withRecvSize(64), c -> {
            if (c.status() == CompletionStatus.NO_BUFFER) {
                refused.countDown();
            }
        });
        BufferPool pool = server.bufferPool();
        assertEquals(2, pool.capacity());
        // the test holds both buffers, so every client's first receive completes with NO_BUFFER
        List<BufferLease> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(pool.tryLease(pool.recvSize()));
        }
        assertNotNull(held.get(1));
        assertNull(pool.tryLease(pool.recvSize()), "the pool is bounded");
        ExecutorService threads = Executors.newFixedThreadPool(clients + 1);
        try {
            Future<?> all = threads.submit(() -> {
                roundTripsAtOnce(server, clients, bytesEach);
                return null;
            });
            assertTrue(refused.await(15, TimeUnit.SECONDS), "every client's data found the pool empty");
            assertEquals(clients, server.waitingForBuffer(), "and waits in its socket");
            assertEquals(0, server.stats().bytesOut(), "nothing was echoed without a buffer");
            // given back behind the server's back: its retry timer must notice
            held.forEach(BufferLease::release);
            all.get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
            server.close();
        }
        EchoStats s = server.stats();
        assertEquals((long) clients * bytesEach, s.bytesIn());
        assertEquals((long) clients * bytesEach, s.bytesOut());
        assertTrue(s.noBufferWaits() >= clients, "waits: " + s.noBufferWaits());
        assertTrue(s.peakLeased() <= 2, "the server never held more than the pool's bound: " + s.peakLeased());
        assertEquals(0, pool.leased(), "every lease was given back exactly once");
        assertEquals(0, server.waitingForBuffer());
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
            roundTrip(server.address(), 99, BYTES_EACH);
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
            assertEquals(0, server.bufferPool().leased());
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

    /** Runs {@link #roundTrip} for {@code clients} clients at the same time, each with its own bytes. */
    private static void roundTripsAtOnce(EchoServer server, int clients, int bytesEach) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                long seed = i;
                done.add(pool.submit(() -> {
                    roundTrip(server.address(), seed, bytesEach);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends a client's own random bytes in pieces while reading the echo, and compares all of it. */
    private static void roundTrip(InetSocketAddress at, long seed, int bytes) throws Exception {
        byte[] sent = new byte[bytes];
        new SplittableRandom(seed).nextBytes(sent);
        byte[] got = new byte[bytes];
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
