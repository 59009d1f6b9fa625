package io.overlap.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The FIFOs a connection and a listener keep in fields ({@link OpRing}): cancels at the head,
 * in the middle and at the tail leave the rest in order, and the FIFO works again once empty.
 */
@Timeout(30)
class NioFifoTest {
    @Test
    void receives_cancelled_at_head_middle_and_tail_leave_the_others_in_order() throws Exception {
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1))) {
            Listener l = p.listen(Net.LOOPBACK, 8);
            Connection[] pair = Net.pair(p, l);
            ByteBuffer[] dst = new ByteBuffer[5];
            long[] ids = new long[5];
            for (int i = 0; i < ids.length; i++) {
                dst[i] = ByteBuffer.allocate(1);
                ids[i] = p.submitRecv(pair[0], dst[i]);
            }
            for (int i : new int[] {4, 0, 2}) {
                p.cancel(ids[i]);
                assertEquals(CompletionStatus.CANCELLED, Net.await(p, ids[i]).status(), "receive " + i);
            }
            Net.await(p, p.submitSend(pair[1], ByteBuffer.wrap(new byte[] {7})));
            assertOk(Net.await(p, ids[1]));
            Net.await(p, p.submitSend(pair[1], ByteBuffer.wrap(new byte[] {8})));
            assertOk(Net.await(p, ids[3]));
            assertEquals(7, dst[1].get(0), "the first receive left gets the first byte");
            assertEquals(8, dst[3].get(0));

            ByteBuffer again = ByteBuffer.allocate(1); // the FIFO emptied: it takes and serves one more
            long last = p.submitRecv(pair[0], again);
            Net.await(p, p.submitSend(pair[1], ByteBuffer.wrap(new byte[] {9})));
            assertOk(Net.await(p, last));
            assertEquals(9, again.get(0));
        }
    }

    @Test
    void accepts_cancelled_in_the_middle_and_at_the_tail_leave_the_others_in_order() throws Exception {
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1))) {
            Listener l = p.listen(Net.LOOPBACK, 8);
            long[] accepts = new long[4];
            for (int i = 0; i < accepts.length; i++) {
                accepts[i] = p.submitAccept(l, null);
            }
            for (int i : new int[] {1, 3}) {
                p.cancel(accepts[i]);
                assertEquals(CompletionStatus.CANCELLED, Net.await(p, accepts[i]).status(), "accept " + i);
            }
            for (int i : new int[] {0, 2}) {
                long connect = p.submitConnect(l.localAddress(), null);
                assertOk(Net.await(p, connect));
                assertOk(Net.await(p, accepts[i]));
            }
        }
    }

    private static void assertOk(Completion c) {
        assertEquals(CompletionStatus.OK, c.status(), c.toString());
    }
}
