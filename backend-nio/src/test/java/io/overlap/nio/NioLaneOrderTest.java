package io.overlap.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.FaultPoint;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lane's ticket of an operation the loop completed is its until the user can see that
 * completion ({@link LanedConnection}, {@link LoopResults#flush}): a receive submitted from another thread
 * while the completion still waits in the loop's batch must not read on its own thread and reach
 * the user first (guarantee 4, FIFO per connection).
 */
@Timeout(30)
class NioLaneOrderTest {

    @ParameterizedTest(name = "handler mode {0}")
    @ValueSource(booleans = {false, true})
    void a_receive_submitted_while_the_loop_holds_an_earlier_completion_is_delivered_after_it(boolean handlerMode)
            throws Exception {
        LoopProbe hold = new LoopProbe();
        BlockingQueue<Completion> seen = new LinkedBlockingQueue<>();
        ProactorConfig.Builder b = ProactorConfig.builder().ioThreads(1).faultInjector(hold);
        if (handlerMode) {
            b.completionHandler(seen::add);
        }
        try (Proactor p = Net.open(b)) {
            Listener l = p.listen(Net.LOOPBACK, 8);
            long accept = p.submitAccept(l, null);
            try (SocketChannel peer = SocketChannel.open(l.localAddress())) {
                Completion accepted = take(p, seen, handlerMode);
                assertEquals(accept, accepted.id());
                Connection c = accepted.connection();

                // A finds nothing on this thread, goes to the loop, which watches for OP_READ
                ByteBuffer a = ByteBuffer.allocate(4);
                long recvA = p.submitRecv(c, a);
                hold.awaitTakenIn(p);

                // the loop is held just before it reads A; meanwhile an accept joins its inbox, so
                // that after reading 4 of the 8 bytes into A (completing it into the turn's batch)
                // it is held again where it takes that accept in, before the turn hands A over
                LoopProbe.Hold beforeRead = hold.arm(FaultPoint.READ);
                peer.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
                beforeRead.awaitReached();
                LoopProbe.Hold atAccept = hold.arm(FaultPoint.ACCEPT);
                p.submitAccept(l, null); // stays pending: nobody connects again
                beforeRead.release();
                atAccept.awaitReached();
                ByteBuffer bBuf = ByteBuffer.allocate(4);
                long recvB;
                try {
                    recvB = p.submitRecv(c, bBuf); // the other 4 bytes are there: the caller could read them now
                } finally {
                    atAccept.release();
                }

                Completion first = take(p, seen, handlerMode);
                Completion second = take(p, seen, handlerMode);
                assertEquals(recvA, first.id(), "B was delivered before A, which completed first: " + first);
                assertEquals(recvB, second.id());
                assertEquals(CompletionStatus.OK, first.status());
                assertEquals(CompletionStatus.OK, second.status());
                assertArrayEquals(new byte[] {1, 2, 3, 4}, a.array());
                assertArrayEquals(new byte[] {5, 6, 7, 8}, bBuf.array());
            }
        }
    }

    private static Completion take(Proactor p, BlockingQueue<Completion> seen, boolean handlerMode)
            throws InterruptedException {
        if (!handlerMode) {
            return Net.next(p);
        }
        Completion c = seen.poll(10, TimeUnit.SECONDS);
        assertNotNull(c, "no completion within 10 s");
        return c;
    }
}
