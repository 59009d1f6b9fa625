package io.overlap.conformance;

import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.Completion;
import io.overlap.ProactorConfig;
import io.overlap.conformance.Harness.PeerConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 4 across threads: a submission made on an I/O thread (from a completion handler)
 * never overtakes one that another thread made before it. Each round is made deterministic by
 * holding the handler on the I/O thread while the other thread submits, then letting it submit.
 */
public class CrossThreadOrderScenarios extends ScenarioSupport {
    private static final int ROUNDS = 100;
    private static final int CHUNK = 32;
    private static final long SEED = 81;
    private static final String CUE = "cue";

    @Test
    void a_send_submitted_from_a_handler_never_overtakes_one_another_thread_submitted_before() throws IOException {
        Rig rig = rig();
        Harness h = rig.h();
        PeerConnection data = rig.data();
        IoThreadCue cue = rig.cue();
        List<Long> sends = new ArrayList<>();
        cue.onIoThread(k -> sends.add(h.send(data.conn(), chunk(2 * k + 1))));
        Background<byte[]> reader = Background.start("reader", () -> Bytes.readFully(data.socket(), 2 * ROUNDS * CHUNK));
        for (int k = 0; k < ROUNDS; k++) {
            int round = k;
            cue.round(h, rig.control(), () -> sends.add(h.send(data.conn(), chunk(2 * round))));
        }
        byte[] got = reader.get();
        h.awaitAll(sends, OK);
        assertInOrder(got, "the peer read a send made on the I/O thread before one another thread had submitted"
                + " earlier (chunk 2k is the other thread's, 2k+1 the handler's)");
    }

    @Test
    void a_recv_submitted_from_a_handler_never_overtakes_one_another_thread_submitted_before() throws IOException {
        Rig rig = rig();
        Harness h = rig.h();
        PeerConnection data = rig.data();
        IoThreadCue cue = rig.cue();
        List<Long> recvs = new ArrayList<>();
        List<ByteBuffer> dsts = new ArrayList<>();
        cue.onIoThread(k -> recvs.add(h.recv(data.conn(), dst(dsts, 2 * k + 1))));
        for (int k = 0; k < ROUNDS; k++) {
            int round = k;
            cue.round(h, rig.control(), () -> recvs.add(h.recv(data.conn(), dst(dsts, 2 * round))));
            // both receives of the round are submitted: the bytes they must take, in this order
            Bytes.write(data.socket(), Patterns.bytes(SEED, 2L * round * CHUNK, 2 * CHUNK));
            h.awaitAll(recvs.subList(2 * round, 2 * round + 2), OK);
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (ByteBuffer b : dsts) {
            stream.writeBytes(Bytes.filled(b));
        }
        assertInOrder(stream.toByteArray(), "the receives, read in the order their submissions happened, do not hold"
                + " the stream in order: one submitted on the I/O thread was filled before an earlier one");
    }

    /**
     * One I/O thread, so that the cue's connection and the data's share it: a submission from
     * the cue's handler is then a submission on the data connection's own I/O thread.
     */
    private Rig rig() throws IOException {
        IoThreadCue cue = new IoThreadCue();
        Harness h = openHandlerMode(ProactorConfig.builder().ioThreads(1), cue::onCompletion);
        return new Rig(h, h.peer(), h.peer(), cue);
    }

    /** The proactor, the connection whose receives cue the handler, the one under test, and the cue. */
    private record Rig(Harness h, PeerConnection control, PeerConnection data, IoThreadCue cue) {
    }

    private static ByteBuffer chunk(int index) {
        return Patterns.buffer(SEED, (long) index * CHUNK, CHUNK);
    }

    /** Makes the receive buffer of chunk {@code index}, kept in submission order. */
    private static synchronized ByteBuffer dst(List<ByteBuffer> dsts, int index) {
        ByteBuffer b = ByteBuffer.allocate(CHUNK);
        assertEquals(index, dsts.size(), "the receives of a round are made one after the other");
        dsts.add(b);
        return b;
    }

    private static void assertInOrder(byte[] got, String why) {
        int bad = Patterns.firstMismatch(SEED, 0, ByteBuffer.wrap(got));
        if (bad >= 0) {
            fail(why + ": first wrong byte at offset " + bad + " (chunk " + bad / CHUNK + ", round " + bad / CHUNK / 2
                    + ")");
        }
    }

    /**
     * Holds a completion handler on the I/O thread while the test thread submits, then lets the
     * handler submit: the test thread's submission happened-before the handler's.
     */
    private static final class IoThreadCue {
        private final Semaphore inHandler = new Semaphore(0);
        private final Semaphore go = new Semaphore(0);
        private final Semaphore done = new Semaphore(0);
        private final AtomicReference<Throwable> trouble = new AtomicReference<>();
        private volatile IntConsumer action;
        private volatile int round;

        void onIoThread(IntConsumer submit) {
            this.action = submit;
        }

        /** The handler: on the cue's completion, wait for the test thread's go, then submit. */
        void onCompletion(Completion c) {
            if (!CUE.equals(c.attachment())) {
                return;
            }
            try {
                inHandler.release();
                if (!go.tryAcquire(Harness.AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("the test thread never let the handler go");
                }
                action.accept(round);
            } catch (Throwable t) {
                trouble.compareAndSet(null, t);
            } finally {
                done.release();
            }
        }

        /** One round: cue the handler, submit while it waits, let it submit, wait until it has. */
        void round(Harness h, PeerConnection control, Runnable submitFirst) {
            h.recvWith(control.conn(), CUE, ByteBuffer.allocate(1));
            Bytes.write(control.socket(), "c");
            acquire(inHandler, "the cue's completion never reached the handler");
            submitFirst.run();
            go.release();
            acquire(done, "the handler did not finish its submission");
            Throwable t = trouble.get();
            if (t != null) {
                throw new AssertionError("the handler failed in round " + round, t);
            }
            round++;
        }

        private static void acquire(Semaphore s, String why) {
            try {
                if (!s.tryAcquire(Harness.AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    fail(why + " within " + Harness.AWAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
