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
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A handler's receive after its receive completed takes over the ticket that completion still
 * holds ({@link LoopResults#ticket}): the lane's count must come back to zero once the chain
 * ends, neither left above it (no caller could do I/O on that direction again) nor below it (a
 * caller could overtake the loop).
 */
@Timeout(30)
class NioTicketTest {
    private static final int CHAIN = 50;

    @Test
    void a_chain_of_receives_submitted_by_the_handler_leaves_the_lane_idle_and_in_order() throws Exception {
        BlockingQueue<Completion> seen = new LinkedBlockingQueue<>();
        AtomicReference<Proactor> self = new AtomicReference<>();
        AtomicInteger received = new AtomicInteger();
        ByteBuffer dst = ByteBuffer.allocate(1);
        LoopProbe probe = new LoopProbe();
        AtomicInteger waitsAtLastHandler = new AtomicInteger();
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).faultInjector(probe).completionHandler(c -> {
            if (c.kind() == OpKind.RECV && c.isOk() && received.incrementAndGet() < CHAIN) {
                dst.clear();
                self.get().submitRecv((Connection) c.handle(), dst);
            }
            waitsAtLastHandler.set(probe.waits()); // on the loop thread, within the turn's flush
            seen.add(c);
        }))) {
            self.set(p);
            Listener l = p.listen(Net.LOOPBACK, 8);
            p.submitAccept(l, null);
            try (SocketChannel peer = SocketChannel.open(l.localAddress())) {
                Completion accepted = take(seen);
                assertEquals(CompletionStatus.OK, accepted.status(), accepted.toString());
                NioConnection c = (NioConnection) accepted.connection();
                p.submitRecv(c, dst);
                for (int i = 0; i < CHAIN; i++) {
                    peer.write(ByteBuffer.wrap(new byte[] {(byte) i}));
                    Completion r = take(seen);
                    assertEquals(CompletionStatus.OK, r.status(), r.toString());
                    assertEquals(OpKind.RECV, r.kind());
                    assertEquals((byte) i, dst.get(0), "the receives read the stream in order");
                }
                probe.awaitWaitAfter(waitsAtLastHandler.get()); // the last ticket is dropped at the flush of that turn
                assertTrue(c.isIdle(OpKind.RECV), "every ticket of the chain was dropped exactly once");
            }
        }
    }

    private static Completion take(BlockingQueue<Completion> seen) throws InterruptedException {
        Completion c = seen.poll(10, TimeUnit.SECONDS);
        assertNotNull(c, "no completion within 10 s");
        return c;
    }
}
