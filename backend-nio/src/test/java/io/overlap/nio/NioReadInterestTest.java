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
import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
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
            receiveOnTheLoop(p, loop, pair);

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

    @Test
    void a_receive_that_finds_no_data_on_its_thread_leaves_the_sleeping_loop_asleep_until_the_data_comes() throws Exception {
        try (Watched w = Watched.open()) {
            LoopProbe loop = w.loop;
            Proactor p = w.p;
            Pair pair = w.pair;
            for (int round = 0; round < ROUNDS; round++) {
                awaitAsleep(w.loopTask); // blocked in its select, which only a wake-up or a readiness ends
                int before = loop.waits();
                ByteBuffer in = ByteBuffer.allocate(256);
                long id = p.submitRecv(pair.c, in); // tried on this thread: nothing there, handed back
                byte[] sent = {(byte) round, 2, 3};
                pair.peer.write(ByteBuffer.wrap(sent));
                Completion c = Net.next(p);
                assertEquals(id, c.id());
                assertEquals(CompletionStatus.OK, c.status(), c.toString());
                assertEquals(sent.length, c.bytesTransferred());
                assertEquals(round, in.get(0));
                loop.awaitWaitAfter(before);
                // the readiness ended the wait that was going on; a wake-up for the hand-back would
                // have ended it first and made the loop wait once more before the data
                assertEquals(before + 1, loop.waits(), "round " + round + ": the hand-back woke the loop");
            }
        }
    }

    @Test
    void a_readiness_before_the_loop_takes_a_quiet_hand_back_serves_that_receive_before_one_queued_behind_it()
            throws Exception {
        try (Watched w = Watched.open()) {
            LoopProbe loop = w.loop;
            Proactor p = w.p;
            Pair pair = w.pair;
            ByteBuffer a = ByteBuffer.allocate(4);
            ByteBuffer b = ByteBuffer.allocate(4);
            LoopProbe.Hold inCall = loop.armCaller(FaultPoint.READ);
            AtomicLong recvA = new AtomicLong();
            Thread caller = new Thread(() -> recvA.set(p.submitRecv(pair.c, a)), "caller");
            caller.start();
            inCall.awaitReached(); // the caller owns the receive lane, just before its read
            long recvB = p.submitRecv(pair.c, b); // so this one goes to the loop, behind A
            loop.awaitTakenIn(p);
            awaitAsleep(w.loopTask);
            inCall.release(); // A's read finds nothing: handed back, and the loop left asleep
            caller.join(10_000);
            assertTrue(recvA.get() != 0, "the caller's submit did not return");
            // the loop wakes for this readiness with B at its FIFO's head and A in the hand-off
            // slot, its hand-back not yet served: A must take the first bytes
            pair.peer.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
            Completion first = Net.await(p, recvA.get());
            Completion second = Net.await(p, recvB);
            assertEquals(CompletionStatus.OK, first.status(), first.toString());
            assertEquals(CompletionStatus.OK, second.status(), second.toString());
            assertArrayEquals(new byte[] {1, 2, 3, 4}, a.array(), "the receive submitted first got later bytes");
            assertArrayEquals(new byte[] {5, 6, 7, 8}, b.array());
        }
    }

    /**
     * A one-loop proactor whose loop thread is known in /proc, and a connection whose read
     * interest outlives a first receive the loop read.
     */
    private record Watched(LoopProbe loop, Proactor p, Pair pair, Path loopTask) implements AutoCloseable {
        static Watched open() throws Exception {
            LoopProbe loop = new LoopProbe();
            Set<Path> others = loopTasks();
            Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).faultInjector(loop));
            try {
                Pair pair = Pair.open(p);
                try {
                    // after the loop served the accept: its thread runs, so the OS knows its name
                    Path loopTask = newLoopTask(others);
                    receiveOnTheLoop(p, loop, pair);
                    return new Watched(loop, p, pair, loopTask);
                } catch (Exception | Error e) {
                    pair.close();
                    throw e;
                }
            } catch (Exception | Error e) {
                p.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                pair.close();
            } finally {
                p.close();
            }
        }
    }

    /** One receive taken in and read by the loop (the data comes after it is in). */
    private static void receiveOnTheLoop(Proactor p, LoopProbe loop, Pair pair) throws Exception {
        long recv = p.submitRecv(pair.c, ByteBuffer.allocate(256));
        loop.awaitTakenIn(p);
        pair.peer.write(ByteBuffer.wrap(new byte[] {1}));
        assertEquals(recv, Net.next(p).id());
    }

    /** @return the /proc tasks of this JVM's nio loop threads (Linux) */
    private static Set<Path> loopTasks() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            Set<Path> loops = new HashSet<>();
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(t.resolve("comm")).startsWith("overlap-nio-loo")) {
                        loops.add(t);
                    }
                } catch (NoSuchFileException ended) {
                    // a thread that ended since the listing (an earlier test's loop): not one of ours
                }
            }
            return loops;
        }
    }

    /** @return the task of the one loop thread started since {@code others} was listed */
    private static Path newLoopTask(Set<Path> others) throws IOException {
        Set<Path> mine = loopTasks();
        mine.removeAll(others);
        assertEquals(1, mine.size(), "the proactor's loop threads in /proc/self/task: " + mine);
        return mine.iterator().next();
    }

    /** Waits until that thread sleeps in the kernel (the loop's only sleep is its select). */
    private static void awaitAsleep(Path task) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String stat = Files.readString(task.resolve("stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            if (state == 'S') {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the loop did not go to sleep within 10 s (state " + state + ")");
            Thread.onSpinWait();
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
