package io.overlap.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.OpKind;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What one loop turn does, in handler mode on one loop: a submission from the loop thread never
 * overtakes one another thread made before it, and a hot chain of inline work ends with the
 * turn's budget, so every other connection on the loop is served.
 */
@Timeout(60)
class NioTurnTest {

    /** Defect 2: thread W's send A happens-before the handler's send B, so the peer reads AB. */
    @Test
    void a_submission_on_the_loop_thread_never_overtakes_an_earlier_one_from_another_thread() throws Exception {
        Map<Object, Completion> done = new ConcurrentHashMap<>();
        CountDownLatch inGate = new CountDownLatch(1);
        CountDownLatch openGate = new CountDownLatch(1);
        AtomicReference<Proactor> proactor = new AtomicReference<>();
        AtomicReference<Connection> sender = new AtomicReference<>();
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).completionHandler(c -> {
            if ("gate".equals(c.attachment())) {
                inGate.countDown();
                await(openGate);
                proactor.get().submitSend(sender.get(), new ByteBuffer[] {ascii("B")}, "B");
            }
            done.put(c.attachment() == null ? c.id() : c.attachment(), c);
        }))) {
            proactor.set(p);
            Connection[] c = pairInHandlerMode(p, done);
            sender.set(c[0]);
            p.submitSend(c[1], new ByteBuffer[] {ascii("g")}, "gate"); // completes on the loop, whose handler waits
            assertTrue(inGate.await(10, TimeUnit.SECONDS));
            p.submitSend(c[0], new ByteBuffer[] {ascii("A")}, "A"); // into the inbox: the loop is in the handler
            openGate.countDown();
            ByteBuffer got = ByteBuffer.allocate(2);
            for (int i = 0; i < 2 && got.hasRemaining(); i++) {
                Object key = "recv" + i;
                p.submitRecv(c[1], new ByteBuffer[] {got}, key);
                assertEquals(CompletionStatus.OK, take(done, key).status());
            }
            assertEquals("AB", new String(got.array(), StandardCharsets.US_ASCII));
        }
    }

    /**
     * Defect 3: one connection receiving with small buffers from a peer that never stops
     * writing, its handler submitting the next receive each time, on the only loop; every other
     * connection of that loop still gets its byte within a bound.
     */
    @Test
    void a_hot_connection_in_handler_mode_does_not_starve_the_others_on_its_loop() throws Exception {
        int others = 20;
        Map<Object, Completion> done = new ConcurrentHashMap<>();
        AtomicLong hotBytes = new AtomicLong();
        AtomicReference<Proactor> proactor = new AtomicReference<>();
        AtomicReference<Connection> hot = new AtomicReference<>();
        ByteBuffer hotBuffer = ByteBuffer.allocate(1024);
        AtomicBoolean stop = new AtomicBoolean();
        try (ServerSocket server = new ServerSocket(0, 64, Net.LOOPBACK.getAddress());
                Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).completionHandler(c -> {
                    if ("hot".equals(c.attachment())) {
                        if (c.status() == CompletionStatus.OK && !stop.get()) {
                            hotBytes.addAndGet(c.bytesTransferred());
                            hotBuffer.clear();
                            proactor.get().submitRecv(hot.get(), new ByteBuffer[] {hotBuffer}, "hot");
                        }
                        return;
                    }
                    done.put(c.attachment() == null ? c.id() : c.attachment(), c);
                }))) {
            proactor.set(p);
            java.net.InetSocketAddress at = (java.net.InetSocketAddress) server.getLocalSocketAddress();
            p.submitConnect(at, "hot-connect");
            Socket hotPeer = server.accept();
            hot.set(take(done, "hot-connect").connection());
            Connection[] conns = new Connection[others];
            Socket[] peers = new Socket[others];
            for (int i = 0; i < others; i++) {
                p.submitConnect(at, "connect" + i);
                peers[i] = server.accept();
                conns[i] = take(done, "connect" + i).connection();
            }
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try (OutputStream out = hotPeer.getOutputStream()) {
                    while (!stop.get()) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // the proactor closed the connection: done
                }
            }, "hot-writer");
            writer.start();
            try {
                Thread.sleep(200); // let the peer fill the receive buffer: the chain starts hot
                p.submitRecv(hot.get(), new ByteBuffer[] {hotBuffer}, "hot");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (hotBytes.get() < 4 << 20 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertTrue(hotBytes.get() >= 4 << 20, "the hot connection runs: " + hotBytes.get());
                long t0 = System.nanoTime();
                for (int i = 0; i < others; i++) {
                    p.submitRecv(conns[i], new ByteBuffer[] {ByteBuffer.allocate(8)}, "recv" + i);
                    peers[i].getOutputStream().write(i);
                }
                for (int i = 0; i < others; i++) {
                    Completion c = take(done, "recv" + i, 2);
                    assertNotNull(c, "connection " + i + " not served within 2 s while the hot one ran");
                    assertEquals(CompletionStatus.OK, c.status());
                }
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(ms < 2000, "served in " + ms + " ms");
                long before = hotBytes.get();
                long still = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (hotBytes.get() == before && System.nanoTime() < still) {
                    Thread.sleep(1);
                }
                assertTrue(hotBytes.get() > before, "the hot connection is still served");
            } finally {
                stop.set(true);
                hotPeer.close();
                writer.join(10_000);
                for (Socket s : peers) {
                    s.close();
                }
            }
        }
    }

    /** Defect 3's other face: an accept that fails at once, resubmitted by its handler. */
    @Test
    void an_accept_failing_at_once_and_resubmitted_does_not_spin_the_loop() throws Exception {
        Net.Fault fault = new Net.Fault();
        Map<Object, Completion> done = new ConcurrentHashMap<>();
        AtomicLong failedAccepts = new AtomicLong();
        AtomicReference<Proactor> proactor = new AtomicReference<>();
        AtomicReference<Listener> spinning = new AtomicReference<>();
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).faultInjector(fault).completionHandler(c -> {
            if ("spin".equals(c.attachment())) {
                if (c.status() == CompletionStatus.FAILED) {
                    failedAccepts.incrementAndGet();
                    proactor.get().submitAccept(spinning.get(), "spin"); // as EchoServer does on EMFILE
                }
                return;
            }
            done.put(c.attachment() == null ? c.id() : c.attachment(), c);
        }))) {
            proactor.set(p);
            Connection[] c = pairInHandlerMode(p, done);
            spinning.set(p.listen(Net.LOOPBACK, 8));
            fault.arm(FaultPoint.ACCEPT, Integer.MAX_VALUE, () -> new IOException("Too many open files"));
            p.submitAccept(spinning.get(), "spin");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (failedAccepts.get() < 10_000 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(failedAccepts.get() >= 10_000, "the accept spins: " + failedAccepts.get());
            p.submitRecv(c[0], new ByteBuffer[] {ByteBuffer.allocate(8)}, "recv");
            p.submitSend(c[1], new ByteBuffer[] {ascii("x")}, "send");
            Completion recv = take(done, "recv", 2);
            assertNotNull(recv, "the loop served nothing else while the accept spun");
            assertEquals(CompletionStatus.OK, recv.status());
            // control work (a close, a cancel) reaches the loop as a task: it must run while the accept spins
            p.submitRecv(c[0], new ByteBuffer[] {ByteBuffer.allocate(8)}, "closing");
            p.close(c[0]);
            Completion closed = take(done, "closing", 2);
            assertNotNull(closed, "a close waited behind the spinning accept");
            assertEquals(CompletionStatus.CANCELLED, closed.status());
            p.close(spinning.get()); // the close reaches the loop too, and ends the spin
            fault.arm(FaultPoint.ACCEPT, 0, () -> null);
        }
    }

    // ---- helpers ----

    private static Connection[] pairInHandlerMode(Proactor p, Map<Object, Completion> done) throws Exception {
        Listener l = p.listen(Net.LOOPBACK, 8);
        p.submitAccept(l, "accept");
        p.submitConnect(l.localAddress(), "connect");
        Completion a = take(done, "accept");
        Completion c = take(done, "connect");
        assertEquals(OpKind.ACCEPT, a.kind());
        assertEquals(CompletionStatus.OK, c.status());
        return new Connection[] {a.connection(), c.connection()};
    }

    private static Completion take(Map<Object, Completion> done, Object key) throws InterruptedException {
        Completion c = take(done, key, 10);
        assertNotNull(c, "no completion for " + key + " within 10 s");
        return c;
    }

    private static Completion take(Map<Object, Completion> done, Object key, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Completion c = done.remove(key);
            if (c != null) {
                return c;
            }
            Thread.sleep(1);
        }
        return null;
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate not opened within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
