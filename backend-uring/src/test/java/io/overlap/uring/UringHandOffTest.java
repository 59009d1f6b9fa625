package io.overlap.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.overlap.Completion;
import io.overlap.CompletionQueue;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.OpKind;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Submissions from a thread that is not the loop's reach it through the loop's
 * {@link io.overlap.spi.HandOffStack}, linked through the operations: the submitting thread
 * allocates the operation and nothing else (a queue node each was 24 B more per operation).
 */
class UringHandOffTest {
    private static final int WARM_UP = 5_000;
    private static final int MEASURED = 20_000;
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);

    @BeforeAll
    static void onlyWhereUringRuns() {
        assumeTrue(new UringBackend().availability().isAvailable(), () -> new UringBackend().availability().reason());
    }

    @Test
    void a_submission_from_another_thread_allocates_only_its_operation() throws Exception {
        // every operation through the loop's hand-off: what this test measures (caller-thread I/O
        // would complete them on this thread instead)
        ProactorConfig config = ProactorConfig.builder().ioThreads(1).backendOption(UringCallerIo.PROPERTY, "false").build();
        try (Proactor p = new UringBackend().open(config)) {
            CompletionQueue q = p.completions();
            Listener l = p.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            p.submitAccept(l, null);
            p.submitConnect(l.localAddress(), null);
            Connection server = null;
            Connection client = null;
            for (int i = 0; i < 2; i++) {
                Completion c = q.poll(10, TimeUnit.SECONDS);
                assertNotNull(c, "the pair connects");
                assertEquals(CompletionStatus.OK, c.status(), c::toString);
                if (c.kind() == OpKind.ACCEPT) {
                    server = c.connection();
                } else {
                    client = c.connection();
                }
            }
            ByteBuffer out = ByteBuffer.allocateDirect(64);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            ByteBuffer[] outs = {out};
            ByteBuffer[] ins = {in};
            long deadline = System.nanoTime() + BOUND_NANOS;
            roundTrips(p, client, server, outs, ins, WARM_UP, deadline);
            long before = allocatedBytes();
            roundTrips(p, client, server, outs, ins, MEASURED, deadline);
            double perOp = (allocatedBytes() - before) / (2.0 * MEASURED);
            // the operation is 64 B (JMH); a queue node per hand-off would make it 88
            assertTrue(perOp < 76, () -> "the submitting thread allocated " + perOp + " B per operation");
        }
    }

    /** This thread's allocated bytes, through reflection: this module does not read java.management. */
    private static long allocatedBytes() throws ReflectiveOperationException {
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        return (Long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes")
                .invoke(mx);
    }

    /**
     * Sends and receives 64 bytes {@code n} times from this thread, taking completions with the
     * queue's non-blocking poll so that this thread never parks: the figure is the hand-off's
     * alone (LinkedCompletionQueueWaiterTest shows that parking allocates nothing).
     */
    private static void roundTrips(Proactor p, Connection client, Connection server, ByteBuffer[] outs,
            ByteBuffer[] ins, int n, long deadline) {
        CompletionQueue q = p.completions();
        for (int i = 0; i < n; i++) {
            outs[0].clear();
            p.submitSend(client, outs, null);
            long got = 0;
            int pending = 1;
            while (got < 64) {
                ins[0].clear();
                p.submitRecv(server, ins, null);
                pending++;
                while (pending > 0) {
                    Completion c = q.poll();
                    if (c == null) {
                        assertTrue(System.nanoTime() - deadline < 0, "round trips within the bound");
                        Thread.onSpinWait();
                        continue;
                    }
                    if (c.status() != CompletionStatus.OK) { // no message supplier: it would allocate here
                        throw new AssertionError("a round trip failed: " + c);
                    }
                    if (c.kind() == OpKind.RECV) {
                        got += c.bytesTransferred();
                    }
                    pending--;
                }
            }
        }
    }
}
