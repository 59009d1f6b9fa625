package io.overlap.conformance;

import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.Completion;
import io.overlap.Connection;
import io.overlap.OpKind;
import io.overlap.ProactorConfig;
import io.overlap.conformance.Harness.Pair;
import io.overlap.conformance.Harness.PeerConnection;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Work per loop turn is bounded: a connection whose handler always finds more to do at once
 * (data always waiting for its receives, room always there for its sends) cannot keep its I/O
 * thread from serving the other connections it owns.
 */
public class FairnessScenarios extends ScenarioSupport {
    /** How many quiet connections share the hot one's I/O thread. */
    private static final int OTHERS = 50;
    /**
     * The longest any of them may wait for its round trip. A fair loop answers in milliseconds;
     * this leaves room for a loaded 2-core machine and Wine, and an unfair one never answers.
     */
    private static final Duration BOUND = Duration.ofSeconds(3);
    /**
     * How many rounds the hot pair must have made before the others are measured: enough to show
     * that its chains run on their own. It is a precondition, not what is measured (the hot pair
     * keeps running while the others are), so it asks for no more than a loaded 2-core machine
     * under Wine makes in a few seconds.
     */
    private static final long HOT_ROUNDS = 2_000;
    private static final int RECV_SIZE = 1024;
    private static final int ECHO_PIECE = 256;
    /** What each end has waiting for it before the hot pair starts, so that every receive fills at once. */
    private static final int BACKLOG = 16 * 1024;

    @Test
    void a_hot_connection_echoing_small_buffers_in_handler_mode_leaves_its_loop_serving_the_others() throws Exception {
        AtomicReference<HotPair> hotRef = new AtomicReference<>();
        AtomicReference<Harness> ref = new AtomicReference<>();
        // one I/O thread: every quiet connection is on the hot pair's loop, whatever the homing policy
        Harness h = openHandlerMode(ProactorConfig.builder().ioThreads(1), c -> {
            if (c.attachment() instanceof Tally) {
                hotRef.get().onCompletion(c);
            } else if (c.attachment() == HotPair.START) {
                hotRef.get().startChains();
            } else if (c.kind() == OpKind.RECV && c.status() == OK && c.attachment() instanceof Integer) {
                ref.get().send((Connection) c.handle(), Bytes.utf8("pong"));
            }
        });
        ref.set(h);
        List<PeerConnection> others = h.peers(OTHERS);
        for (int i = 0; i < OTHERS; i++) {
            h.recvWith(others.get(i).conn(), i, ByteBuffer.allocate(1));
        }
        HotPair hot = new HotPair(h, h.pair());
        hotRef.set(hot);
        try {
            hot.start();
            long warm = System.nanoTime() + Harness.AWAIT.toNanos();
            while (hot.rounds.get() < HOT_ROUNDS && System.nanoTime() < warm) {
                Thread.sleep(5);
            }
            assertTrue(hot.rounds.get() >= HOT_ROUNDS, () -> "the hot pair made only " + hot.rounds.get()
                    + " rounds in " + Harness.AWAIT);
            long roundsBefore = hot.rounds.get();
            List<String> late = roundTrips(others);
            long roundsMeanwhile = hot.rounds.get() - roundsBefore;
            if (!late.isEmpty()) {
                fail(late.size() + " of " + OTHERS + " connections on the hot pair's I/O thread got no answer within "
                        + BOUND + " while the hot pair made " + roundsMeanwhile + " rounds: " + late);
            }
        } finally {
            hot.stop();
        }
    }

    /** Each quiet connection's peer sends a ping; every one must have its pong within {@link #BOUND}. */
    private static List<String> roundTrips(List<PeerConnection> others) throws IOException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        for (PeerConnection p : others) {
            Bytes.write(p.socket(), "p");
        }
        List<String> late = new ArrayList<>();
        for (int i = 0; i < others.size(); i++) {
            PeerConnection p = others.get(i);
            long left = deadline - System.nanoTime();
            try {
                p.socket().setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
                if (p.socket().getInputStream().readNBytes(4).length != 4) {
                    late.add("#" + i + " saw end of stream");
                }
            } catch (SocketTimeoutException e) {
                late.add("#" + i);
            }
        }
        return late;
    }

    /**
     * Two ends on the proactor, driven only from the handler as a user would write them: the
     * server echoes each 1 KiB it receives in sends of a few hundred bytes and receives again;
     * the client streams 1 KiB sends, each submitted when the last completed, and drains the
     * echo with 1 KiB receives. What each end receives per round equals what it is sent, so the
     * backlog it started with never runs out: on a loop without a budget, nothing of it ever
     * waits for readiness again.
     */
    private static final class HotPair {
        static final Object START = "start the hot pair";
        final AtomicLong rounds = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Harness h;
        private final Connection client;
        private final Connection server;
        private final Tally tally;
        private final byte[] block = Patterns.bytes(93, 0, RECV_SIZE);

        HotPair(Harness h, Pair p) {
            this.h = h;
            this.client = p.client();
            this.server = p.server();
            this.tally = h.tally("the hot pair's operations");
        }

        /** Gives each end its backlog; the completion of the second starts the chains. */
        void start() {
            h.await(h.send(server, ByteBuffer.allocate(BACKLOG)), OK);
            h.await(h.sendWith(client, START, ByteBuffer.allocate(BACKLOG)), OK);
        }

        /**
         * On the I/O thread, from one handler, so that the three chains start in one batch and
         * take their turns in it: started from another thread, the first would run alone until
         * its backlog was gone.
         */
        void startChains() {
            h.recv(server, tally, ByteBuffer.allocate(RECV_SIZE));
            h.recv(client, tally, ByteBuffer.allocate(RECV_SIZE));
            h.send(client, tally, ByteBuffer.wrap(block));
        }

        void stop() {
            running.set(false);
        }

        /** On the I/O thread (the proactor has one). */
        void onCompletion(Completion c) {
            if (c.status() != OK || !running.get()) {
                return;
            }
            boolean onServer = c.handle() == server;
            if (c.kind() == OpKind.SEND) {
                if (!onServer) {
                    h.send(client, tally, ByteBuffer.wrap(block));
                }
                return;
            }
            ByteBuffer in = c.buffers()[0].flip();
            if (onServer) {
                while (in.hasRemaining()) {
                    int n = Math.min(ECHO_PIECE, in.remaining());
                    ByteBuffer piece = ByteBuffer.allocate(n);
                    piece.put(0, in, in.position(), n);
                    in.position(in.position() + n);
                    h.send(server, tally, piece);
                }
            } else {
                rounds.incrementAndGet();
            }
            h.recv(onServer ? server : client, tally, in.clear());
        }
    }
}
