package io.overlap.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.Completion;
import io.overlap.conformance.Harness.PeerConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A send known to be pending: far more bytes than the socket buffers hold, to a peer that does
 * not read, submitted and then watched until the peer's receive buffer holds bytes and stops
 * filling. Only then is the send's system call surely over and the send waiting for room, so
 * what a scenario does next (a reset, a close) lands on a pending send, never on the call.
 *
 * @param id the send's id
 * @param src its buffer
 * @param size how many bytes it was asked to send
 */
record StuckSend(long id, ByteBuffer src, int size) {
    /** Far more than the socket buffers hold while the peer does not read. */
    static final int SIZE = 64 << 20;
    private static final Duration POLL = Duration.ofMillis(10);
    /** How many polls the peer's count must stay the same to count as full. */
    private static final int STEADY_POLLS = 5;

    /**
     * Submits the send and waits (bounded by {@link Harness#AWAIT}) until it is pending.
     *
     * @param io the harness
     * @param p the connection and its peer, which must not read meanwhile
     * @return the pending send
     */
    static StuckSend submit(Harness io, PeerConnection p) {
        ByteBuffer src = ByteBuffer.allocateDirect(SIZE);
        long id = io.send(p.conn(), src);
        long deadline = System.nanoTime() + Harness.AWAIT.toNanos();
        int last = -1;
        int steady = 0;
        while (steady < STEADY_POLLS) {
            Completion early = io.next(POLL);
            if (early != null) {
                fail("the send of " + SIZE + " bytes to a peer that does not read completed: " + early);
            }
            int now = available(p);
            steady = now > 0 && now == last ? steady + 1 : 0;
            last = now;
            if (System.nanoTime() > deadline) {
                fail("the peer's receive buffer did not fill within " + Harness.AWAIT + " (" + now + " bytes)");
            }
        }
        return new StuckSend(id, src, SIZE);
    }

    private static int available(PeerConnection p) {
        try {
            return p.socket().getInputStream().available();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
