package io.overlap.conformance;

import static io.overlap.CompletionStatus.END_OF_STREAM;
import static io.overlap.CompletionStatus.NO_BUFFER;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.BufferLease;
import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.conformance.Harness.Pair;
import io.overlap.conformance.Harness.PeerConnection;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pooled receives (a buffer leased only when data arrives) keep guarantees 2 to 4 and 8 like
 * receives into the caller's buffers, and an exhausted pool is backpressure (NO_BUFFER), not loss.
 */
public class PooledRecvScenarios extends ScenarioSupport {

    private static byte[] take(Completion c) {
        BufferLease lease = c.lease();
        assertNotNull(lease, () -> "an OK pooled receive carries its lease: " + c);
        ByteBuffer b = lease.buffer();
        assertEquals(0, b.position(), "the leased buffer is flipped");
        byte[] out = new byte[b.remaining()];
        b.get(out);
        lease.release();
        return out;
    }

    @Test
    void pooled_recv_hands_over_the_bytes_in_a_lease_that_goes_back_to_the_pool() {
        PeerConnection p = io.peer();
        BufferPool pool = io.proactor().bufferPool();
        int leasedBefore = pool.leased();
        Bytes.write(p.socket(), "pooled");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < 6) {
            Completion c = io.await(io.recvPooled(p.conn()), OK);
            byte[] part = take(c);
            assertEquals(c.bytesTransferred(), part.length);
            got.writeBytes(part);
        }
        assertEquals("pooled", got.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(leasedBefore, pool.leased(), "released leases are back in the pool");
    }

    @Test
    void pooled_recv_completes_end_of_stream_without_a_lease() {
        PeerConnection p = io.peer();
        long id = io.recvPooled(p.conn());
        Bytes.shutdownOutput(p.socket());
        Completion c = io.await(id, END_OF_STREAM);
        assertNull(c.lease(), "end of stream leases nothing");
    }

    @Test
    void pooled_recv_with_an_exhausted_pool_completes_no_buffer_and_the_data_waits() {
        PeerConnection p = io.peer();
        BufferPool pool = BufferPool.of(64, 1);
        BufferLease hog = pool.tryLease(1);
        long id = io.recvPooled(p.conn(), pool, null);
        Bytes.write(p.socket(), "waiting");
        Completion c = io.await(id, NO_BUFFER);
        assertNull(c.lease());
        hog.release();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < 7) {
            got.writeBytes(take(io.await(io.recvPooled(p.conn(), pool, null), OK)));
        }
        assertEquals("waiting", got.toString(java.nio.charset.StandardCharsets.UTF_8), "no byte lost to NO_BUFFER");
        assertEquals(0, pool.leased());
    }

    @Test
    void pooled_and_buffer_recvs_on_one_connection_fill_in_submission_order() {
        PeerConnection p = io.peer();
        BufferPool pool = BufferPool.of(100, 8);
        List<Long> ids = new ArrayList<>();
        Map<Long, ByteBuffer> own = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            if (i % 2 == 0) {
                ids.add(io.recvPooled(p.conn(), pool, null));
            } else {
                ByteBuffer b = ByteBuffer.allocate(100);
                long id = io.recv(p.conn(), b);
                ids.add(id);
                own.put(id, b);
            }
        }
        Bytes.write(p.socket(), Patterns.bytes(81, 0, 1000));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (Completion c : io.awaitAll(ids, OK)) {
            stream.writeBytes(own.containsKey(c.id()) ? Bytes.filled(own.get(c.id())) : take(c));
        }
        byte[] got = stream.toByteArray();
        assertArrayEquals(Patterns.bytes(81, 0, got.length), got, "pooled and own-buffer receives share one FIFO");
    }

    @Test
    void a_thousand_idle_connections_with_pooled_recvs_pin_no_buffer_until_data_arrives() {
        BufferPool pool = BufferPool.of(256, 2000);
        List<Pair> pairs = io.pairs(1000);
        Map<Long, Integer> recvs = new HashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            recvs.put(io.recvPooled(pairs.get(i).server(), pool, null), i);
        }
        assertTrue(io.proactor().inFlight() >= 1000);
        assertEquals(0, pool.leased(), "idle connections with pooled receives pending hold no buffer");
        List<Long> sends = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            sends.add(io.send(pairs.get(i).client(), Patterns.buffer(i, 0, 16)));
        }
        for (Completion c : io.awaitAll(recvs.keySet(), OK)) {
            int i = recvs.get(c.id());
            assertEquals(-1, Patterns.firstMismatch(i, 0, ByteBuffer.wrap(take(c))),
                    () -> "connection " + i + " got another's bytes");
        }
        io.awaitAll(sends, OK);
        assertEquals(0, pool.leased());
    }
}
