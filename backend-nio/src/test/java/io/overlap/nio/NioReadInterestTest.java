package io.overlap.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Read interest outlives the last receive until a readiness finds nothing to read into
 * ({@link NioConnection}): a worker thread's next receive, which finds no data on its own thread
 * and goes to the loop, costs no selector change, and data that comes while no receive waits
 * drops the interest instead of waking the loop again and again.
 */
@Timeout(30)
class NioReadInterestTest {
    private static final int ROUNDS = 20;

    @Test
    void a_receive_submitted_from_another_thread_after_the_last_one_completed_changes_no_interest() throws Exception {
        LoopProbe loop = new LoopProbe();
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).faultInjector(loop));
                Pair pair = Pair.open(p)) {
            int changesAfterFirstRound = -1;
            for (int round = 0; round < ROUNDS; round++) {
                ByteBuffer in = ByteBuffer.allocate(256); // larger than what comes: the read drains the socket
                long recv = p.submitRecv(pair.c, in);
                loop.awaitTakenIn(p);
                byte[] sent = {(byte) round, 1, 2, 3, 4, 5, 6, 7};
                pair.peer.write(ByteBuffer.wrap(sent));
                Completion done = Net.next(p);
                assertEquals(recv, done.id());
                assertEquals(CompletionStatus.OK, done.status(), done.toString());
                byte[] got = new byte[(int) done.bytesTransferred()];
                in.flip().get(got);
                assertArrayEquals(sent, got);
                if (round == 0) {
                    changesAfterFirstRound = loop.connectionInterestChanges();
                }
            }
            assertEquals(changesAfterFirstRound, loop.connectionInterestChanges(),
                    "the loop changed interest for receives after the first");
        }
    }

    @Test
    void data_that_comes_while_no_receive_waits_drops_the_interest_and_waits_for_the_next_receive() throws Exception {
        LoopProbe loop = new LoopProbe();
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).faultInjector(loop));
                Pair pair = Pair.open(p)) {
            ByteBuffer first = ByteBuffer.allocate(256);
            long recv = p.submitRecv(pair.c, first);
            loop.awaitTakenIn(p);
            pair.peer.write(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(recv, Net.next(p).id());

            int before = loop.connectionInterestChanges();
            pair.peer.write(ByteBuffer.wrap(new byte[] {2, 3})); // nobody waits for these
            loop.awaitInterestChangeAfter(before); // else: the loop kept watching a connection with no receive

            ByteBuffer later = ByteBuffer.allocate(256);
            Completion c = Net.await(p, p.submitRecv(pair.c, later));
            assertEquals(CompletionStatus.OK, c.status(), c.toString());
            assertEquals(2, c.bytesTransferred());
            assertEquals(2, later.get(0));
            assertEquals(3, later.get(1));
        }
    }

    /** An accepted connection and the plain socket at its other end. */
    private record Pair(Connection c, SocketChannel peer) implements AutoCloseable {
        static Pair open(Proactor p) throws Exception {
            Listener l = p.listen(Net.LOOPBACK, 8);
            long accept = p.submitAccept(l, null);
            SocketChannel peer = SocketChannel.open(l.localAddress());
            Completion accepted = Net.await(p, accept);
            assertEquals(CompletionStatus.OK, accepted.status(), accepted.toString());
            return new Pair(accepted.connection(), peer);
        }

        @Override
        public void close() throws java.io.IOException {
            peer.close();
        }
    }
}
