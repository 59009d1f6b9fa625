package io.overlap.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
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
        Selects loop = new Selects();
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
                    changesAfterFirstRound = loop.interestChanges();
                }
            }
            assertEquals(changesAfterFirstRound, loop.interestChanges(),
                    "the loop changed interest for receives after the first");
        }
    }

    @Test
    void data_that_comes_while_no_receive_waits_drops_the_interest_and_waits_for_the_next_receive() throws Exception {
        Selects loop = new Selects();
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).faultInjector(loop));
                Pair pair = Pair.open(p)) {
            ByteBuffer first = ByteBuffer.allocate(256);
            long recv = p.submitRecv(pair.c, first);
            loop.awaitTakenIn(p);
            pair.peer.write(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(recv, Net.next(p).id());

            int before = loop.interestChanges();
            pair.peer.write(ByteBuffer.wrap(new byte[] {2, 3})); // nobody waits for these
            assertTrue(loop.awaitInterestChanges(before + 1), "the loop kept watching a connection with no receive");

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

    /**
     * Counts the loop's waits, accepts and the connection's interest changes. Whether a receive
     * handed to the loop has been taken in cannot be seen (that it needs no selector call is the
     * point), so an accept on a new listener is submitted after it: the loop takes everything
     * handed to it before its next wait, so once it has tried that accept and then begun a wait,
     * the receive is in too. Only the connection's own changes count, not the listeners'.
     */
    private static final class Selects implements FaultInjector {
        private int waits;
        private int accepts;
        private int waitsAtLastAccept;
        private int interestChanges;

        @Override
        public synchronized Throwable faultAt(FaultPoint point, String call) {
            if (point == FaultPoint.WAIT) {
                waits++;
            } else if (point == FaultPoint.ACCEPT) {
                accepts++;
                waitsAtLastAccept = waits;
            } else if (point == FaultPoint.REGISTER && byConnection()) {
                interestChanges++;
            }
            notifyAll();
            return null;
        }

        private static boolean byConnection() {
            return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                    .walk(frames -> frames.anyMatch(f -> f.getDeclaringClass() == NioConnection.class));
        }

        synchronized int interestChanges() {
            return interestChanges;
        }

        /** Submits an accept on a new listener (left pending) and waits for the wait after it. */
        void awaitTakenIn(Proactor p) throws Exception {
            Listener l = p.listen(Net.LOOPBACK, 1);
            int acceptsBefore;
            synchronized (this) {
                acceptsBefore = accepts;
            }
            p.submitAccept(l, null);
            synchronized (this) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (accepts == acceptsBefore || waits == waitsAtLastAccept) {
                    long left = deadline - System.nanoTime();
                    assertTrue(left > 0, "the loop did not take an accept in and wait again within 10 s");
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        }

        synchronized boolean awaitInterestChanges(int target) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (interestChanges < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }
}
