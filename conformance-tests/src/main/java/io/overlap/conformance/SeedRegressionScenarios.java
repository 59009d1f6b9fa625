package io.overlap.conformance;

import static io.overlap.CompletionStatus.CLOSED;
import static io.overlap.CompletionStatus.CONNECTION_RESET;
import static io.overlap.CompletionStatus.END_OF_STREAM;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.conformance.Harness.Pair;
import io.overlap.conformance.Harness.PeerConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two bugs of the seed article's sample server, as regression scenarios: (1) it crashed when
 * several clients disconnected one after another; (2) it mixed one client's data into another's
 * buffer.
 */
public class SeedRegressionScenarios extends ScenarioSupport {
    private static final int CLIENTS = 200;

    @Test
    @Tag("stress")
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void seed_bug_1_clients_disconnecting_one_after_another_then_all_at_once_complete_each_recv_exactly_once() {
        // one after another, each with a receive pending
        List<PeerConnection> first = io.peers(CLIENTS);
        Map<Long, PeerConnection> recvs = recvOnEach(first);
        for (PeerConnection p : first) {
            closeQuietly(p);
        }
        expectEach(recvs, p -> END_OF_STREAM);
        // a receive posted again after the disconnect must not crash or hang either
        Map<Long, PeerConnection> again = recvOnEach(first);
        expectEach(again, p -> END_OF_STREAM);
        for (PeerConnection p : first) {
            io.close(p.conn());
        }
        expectEach(recvOnEach(first), p -> CLOSED);

        // all at once from four threads, every third one with a reset
        List<PeerConnection> second = io.peers(CLIENTS);
        Map<Long, PeerConnection> pending = recvOnEach(second);
        Map<PeerConnection, Boolean> resets = new HashMap<>();
        for (int i = 0; i < second.size(); i++) {
            resets.put(second.get(i), i % 3 == 0);
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Background<Void>> closers = new ArrayList<>();
        int share = CLIENTS / 4;
        for (int t = 0; t < 4; t++) {
            List<PeerConnection> mine = second.subList(t * share, (t + 1) * share);
            closers.add(Background.start("closer-" + t, () -> {
                go.await();
                for (PeerConnection p : mine) {
                    if (resets.get(p)) {
                        Bytes.reset(p.socket());
                    } else {
                        closeQuietly(p);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        closers.forEach(Background::get);
        expectEach(pending, p -> resets.get(p) ? CONNECTION_RESET : END_OF_STREAM);
        for (PeerConnection p : second) {
            io.close(p.conn());
        }

        // the proactor stays healthy and serves a new client
        assertEquals(0, io.proactor().inFlight(), "every receive completed");
        PeerConnection fresh = io.peer();
        Bytes.write(fresh.socket(), "still serving");
        ByteBuffer dst = ByteBuffer.allocate(13);
        while (dst.hasRemaining()) {
            io.await(io.recv(fresh.conn(), dst), OK);
        }
        io.await(io.send(fresh.conn(), dst.flip()), OK);
        assertEquals("still serving", new String(Bytes.readFully(fresh.socket(), 13),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    private Map<Long, PeerConnection> recvOnEach(List<PeerConnection> peers) {
        Map<Long, PeerConnection> ids = new HashMap<>();
        for (PeerConnection p : peers) {
            ids.put(io.recv(p.conn(), ByteBuffer.allocate(64)), p);
        }
        return ids;
    }

    private void expectEach(Map<Long, PeerConnection> ids, java.util.function.Function<PeerConnection, CompletionStatus> expected) {
        for (Completion c : io.awaitAll(ids.keySet()).values()) {
            CompletionStatus want = expected.apply(ids.get(c.id()));
            assertEquals(want, c.status(), () -> "receive of a disconnecting client: " + c);
        }
    }

    private static void closeQuietly(PeerConnection p) {
        try {
            p.socket().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- bug 2 ----

    private static final int STREAMS = 100;
    private static final int STREAM_BYTES = 1 << 20;
    private static final int SEND_CHUNK = 64 * 1024;
    private static final int DEPTH = 2;
    /** Odd scatter shapes, so receives end at every kind of boundary. */
    private static final int[][] SHAPES = {
        {1021, 7919, 32749}, {65521}, {3, 4093, 16381}, {127, 251, 509, 1021, 2039}, {24571, 49139}, {1}, {8191, 5},
    };

    private record RecvTag(int stream, long seq, ByteBuffer[] dsts) {
    }

    private record SendTag(int stream) {
    }

    /** One connection's stream as the receiving side sees it. */
    private static final class Stream {
        final Pair pair;
        long sent;
        int sendsOut;
        boolean shut;
        long nextSeq;
        long verified;
        int recvsOut;
        boolean ended;
        final TreeMap<Long, Completion> early = new TreeMap<>();

        Stream(Pair pair) {
            this.pair = pair;
        }
    }

    @Test
    @Tag("stress")
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void seed_bug_2_hundred_connections_streaming_distinct_patterns_never_mix() {
        List<Pair> pairs = io.pairs(STREAMS);
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            Stream s = new Stream(pairs.get(i));
            streams.add(s);
            for (int d = 0; d < DEPTH; d++) {
                submitRecv(i, s);
                submitSend(i, s);
            }
        }
        int open = STREAMS;
        while (open > 0) {
            Completion c = io.next();
            if (c.attachment() instanceof SendTag t) {
                Stream s = streams.get(t.stream());
                assertEquals(OK, c.status(), () -> "send of stream " + t.stream() + ": " + c);
                s.sendsOut--;
                if (s.sent < STREAM_BYTES) {
                    submitSend(t.stream(), s);
                } else if (s.sendsOut == 0 && !s.shut) {
                    s.shut = true;
                    io.proactor().shutdownOutput(s.pair.client());
                }
            } else if (c.attachment() instanceof RecvTag t) {
                Stream s = streams.get(t.stream());
                s.early.put(t.seq(), c);
                // receives on one connection are filled in submission order: check them in that order
                while (!s.early.isEmpty() && s.early.firstKey() == s.nextSeq - s.recvsOut) {
                    Completion r = s.early.pollFirstEntry().getValue();
                    s.recvsOut--;
                    if (consume(t.stream(), s, r) && !s.ended) {
                        submitRecv(t.stream(), s);
                    }
                }
                if (s.ended && s.recvsOut == 0) {
                    assertEquals(STREAM_BYTES, s.verified, "stream " + t.stream() + " length");
                    open--;
                }
            } else {
                fail("unexpected completion " + c);
            }
        }
    }

    private void submitSend(int index, Stream s) {
        if (s.sent >= STREAM_BYTES) {
            return;
        }
        int n = (int) Math.min(SEND_CHUNK, STREAM_BYTES - s.sent);
        io.sendWith(s.pair.client(), new SendTag(index), Patterns.buffer(index, s.sent, n));
        s.sent += n;
        s.sendsOut++;
    }

    private void submitRecv(int index, Stream s) {
        int[] shape = SHAPES[(int) ((s.nextSeq + index) % SHAPES.length)];
        ByteBuffer[] dsts = new ByteBuffer[shape.length];
        for (int k = 0; k < shape.length; k++) {
            dsts[k] = (k + index) % 2 == 0 ? ByteBuffer.allocate(shape[k]) : ByteBuffer.allocateDirect(shape[k]);
        }
        io.recvWith(s.pair.server(), new RecvTag(index, s.nextSeq, dsts), dsts);
        s.nextSeq++;
        s.recvsOut++;
    }

    /** @return true if the stream goes on */
    private static boolean consume(int index, Stream s, Completion r) {
        if (r.status() == END_OF_STREAM) {
            s.ended = true;
            return false;
        }
        assertEquals(OK, r.status(), () -> "receive of stream " + index + ": " + r);
        ByteBuffer got = ByteBuffer.wrap(Bytes.filled(r.buffers()));
        assertEquals(r.bytesTransferred(), got.remaining(), "bytes reported vs bytes in the buffers");
        int bad = Patterns.firstMismatch(index, s.verified, got);
        if (bad >= 0) {
            fail("connection " + index + " received a byte that is not its own at stream offset " + (s.verified + bad)
                    + " (the seed's shared-buffer bug: data of one client in another's buffer)");
        }
        s.verified += got.remaining();
        assertTrue(s.verified <= STREAM_BYTES, "more bytes than were sent on stream " + index);
        return true;
    }
}
