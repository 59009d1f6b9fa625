package io.overlap.nio;

import static io.overlap.nio.Net.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An Error that escapes a loop ends it: everything it owned completes FAILED, its handles are
 * closed (later submissions CLOSED at once), it gets no new handles, and close() still returns
 * promptly with its channels released.
 */
@Timeout(30)
class NioLoopDeathTest {
    private final Net.Fault fault = new Net.Fault();

    @Test
    void a_dead_loop_fails_everything_it_owned_and_the_proactor_still_closes() throws Exception {
        Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).faultInjector(fault));
        SocketChannel outsider;
        Connection[] c;
        Listener l;
        long pendingRecv;
        long timedRecv;
        long pendingAccept;
        try {
            l = p.listen(Net.LOOPBACK, 8);
            c = Net.pair(p, l);
            Connection[] quiet = Net.pair(p, l);
            outsider = SocketChannel.open(l.localAddress());
            Connection outsiders = await(p, p.submitAccept(l, null)).connection();
            pendingRecv = p.submitRecv(c[0], ByteBuffer.allocate(8));
            timedRecv = p.submitRecv(c[1], new ByteBuffer[] {ByteBuffer.allocate(8)}, null, Duration.ofMinutes(1));
            pendingAccept = p.submitAccept(l, null);
            // FIFO across the inbox: once this send completes, everything above was taken in
            assertEquals(CompletionStatus.OK, await(p, p.submitSend(quiet[0], ByteBuffer.allocate(1))).status());

            fault.arm(FaultPoint.READ, 1, () -> new AssertionError("injected error"));
            assertEquals(CompletionStatus.OK, await(p, p.submitSend(c[1], ByteBuffer.allocate(1))).status());
            for (long id : new long[] {pendingRecv, timedRecv, pendingAccept}) {
                Completion done = await(p, id);
                assertEquals(CompletionStatus.FAILED, done.status(), done.toString());
                assertTrue(done.message().contains("injected error"), done.message());
            }
            EventLoop loop = Net.loopOf(c[0]);
            assertTrue(loop.isDead());
            loop.join(); // the thread ended
            assertFalse(c[0].isOpen() || c[1].isOpen() || l.isOpen() || outsiders.isOpen());
            assertEquals(CompletionStatus.CLOSED, await(p, p.submitRecv(c[0], ByteBuffer.allocate(8))).status());
            assertEquals(CompletionStatus.CLOSED, await(p, p.submitAccept(l, null)).status());
            assertEquals(CompletionStatus.FAILED, await(p, p.submitConnect(l.localAddress(), null)).status(),
                    "no live loop left for a connect");
            assertThrows(IOException.class, () -> p.listen(Net.LOOPBACK, 8), "no live loop left for a listener");
            assertEquals(-1, outsider.read(ByteBuffer.allocate(8)), "the dead loop released its channels");
            assertEquals(0, p.inFlight());
        } finally {
            long t0 = System.nanoTime();
            p.close();
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "close returns promptly");
        }
        outsider.close();
    }

    @Test
    void a_dead_loop_gets_no_new_handles_and_the_others_serve_on() throws Exception {
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(2).faultInjector(fault))) {
            Listener l = p.listen(Net.LOOPBACK, 8);
            Connection[] c = Net.pair(p, l);
            EventLoop victim = Net.loopOf(c[0]);
            long r = p.submitRecv(c[0], ByteBuffer.allocate(8));
            fault.arm(FaultPoint.READ, 1, () -> new StackOverflowError("injected"));
            p.submitSend(c[1], ByteBuffer.allocate(1));
            assertEquals(CompletionStatus.FAILED, await(p, r).status());
            assertTrue(victim.isDead());
            Listener live = p.listen(Net.LOOPBACK, 8);
            for (int i = 0; i < 10; i++) {
                Connection[] fresh = Net.pair(p, live);
                for (Connection f : fresh) {
                    assertNotSame(victim, Net.loopOf(f));
                }
                ByteBuffer dst = ByteBuffer.allocate(4);
                p.submitSend(fresh[1], ByteBuffer.wrap(new byte[] {(byte) i}));
                assertEquals(CompletionStatus.OK, await(p, p.submitRecv(fresh[0], dst)).status());
                assertEquals(i, dst.get(0));
            }
        }
    }

    @Test
    void in_handler_mode_a_dead_loop_delivers_every_failure_and_later_ones_at_once() throws Exception {
        BlockingQueue<Completion> got = new ArrayBlockingQueue<>(64);
        Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).faultInjector(fault)
                .completionHandler(got::add));
        try {
            Listener l = p.listen(Net.LOOPBACK, 8);
            long a = p.submitAccept(l, null);
            p.submitConnect(l.localAddress(), null);
            Connection server = null;
            Connection client = null;
            for (int i = 0; i < 2; i++) {
                Completion done = got.poll(10, TimeUnit.SECONDS);
                assertEquals(CompletionStatus.OK, done.status());
                if (done.id() == a) {
                    server = done.connection();
                } else {
                    client = done.connection();
                }
            }
            // both wait on the loop (their reads on this thread found nothing) before the fault is
            // armed, so neither can meet an already dead loop and end CLOSED at its submission
            long r = p.submitRecv(server, ByteBuffer.allocate(8));
            long w = p.submitRecv(client, ByteBuffer.allocate(1));
            fault.arm(FaultPoint.WAIT, 1, () -> new OutOfMemoryError("injected at select"));
            // wakes the loop into its next select if nothing else does; it may meet the loop alive
            // (FAILED with the rest) or dead (CLOSED: its listener was marked closed)
            long wake = p.submitAccept(l, null);
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                Completion done = got.poll(10, TimeUnit.SECONDS);
                assertNotNull(done, "the dead loop's operations were not all delivered: saw " + seen);
                seen.add(done.id());
                if (done.id() == wake) {
                    assertTrue(done.status() == CompletionStatus.FAILED || done.status() == CompletionStatus.CLOSED,
                            done.toString());
                } else {
                    assertEquals(CompletionStatus.FAILED, done.status(), done.toString());
                }
            }
            assertEquals(Set.of(r, w, wake), seen);
            long late = p.submitRecv(server, ByteBuffer.allocate(8));
            Completion lateDone = got.poll(10, TimeUnit.SECONDS);
            assertEquals(late, lateDone.id());
            assertEquals(CompletionStatus.CLOSED, lateDone.status());
        } finally {
            p.close();
        }
        assertEquals(0, p.inFlight());
    }

}
