package io.overlap.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.BufferPool;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.OpKind;
import io.overlap.ProactorConfig;
import io.overlap.ProactorStats;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The core counts what every backend does, on the thread that does it. */
class StatsCountingTest {
    private final ManualProactor p = new ManualProactor(ProactorConfig.builder()
            .bufferPool(BufferPool.of(1024, 4)).build());

    @AfterEach
    void close() {
        p.close();
    }

    @Test
    void counts_by_kind_and_status_bytes_and_in_flight_add_up_exactly() throws InterruptedException {
        Connection c = p.connection();
        for (int i = 0; i < 3; i++) {
            p.submitSend(c, ByteBuffer.allocate(100));
            p.finish(p.nextStarted(), CompletionStatus.OK, 100);
        }
        p.submitSend(c, ByteBuffer.allocate(50));
        p.finish(p.nextStarted(), CompletionStatus.CONNECTION_RESET, 7); // a failed send's partial count
        p.submitRecv(c, ByteBuffer.allocate(10));
        p.finish(p.nextStarted(), CompletionStatus.OK, 10);
        p.submitRecv(c, ByteBuffer.allocate(10));
        p.submitRecv(c, ByteBuffer.allocate(10));
        ProactorStats mid = p.stats();
        assertEquals(2, mid.inFlight());
        assertEquals(7, mid.submitted());
        assertEquals(5, mid.completed());
        p.finish(p.nextStarted(), CompletionStatus.END_OF_STREAM, 0);
        p.cancel(p.nextStarted().id());

        ProactorStats s = awaitCompleted(7);
        assertEquals("manual", s.backend());
        assertEquals(0, s.inFlight());
        assertEquals(4, s.submitted(OpKind.SEND));
        assertEquals(3, s.submitted(OpKind.RECV));
        assertEquals(3, s.completed(OpKind.SEND, CompletionStatus.OK));
        assertEquals(1, s.completed(OpKind.SEND, CompletionStatus.CONNECTION_RESET));
        assertEquals(1, s.completed(OpKind.RECV, CompletionStatus.OK));
        assertEquals(1, s.completed(OpKind.RECV, CompletionStatus.END_OF_STREAM));
        assertEquals(1, s.completed(OpKind.RECV, CompletionStatus.CANCELLED));
        assertEquals(4, s.completed(CompletionStatus.OK));
        assertEquals(0, s.completed(OpKind.ACCEPT));
        assertEquals(307, s.bytesSent());
        assertEquals(10, s.bytesReceived());
    }

    @Test
    void completions_are_counted_on_the_io_thread_that_made_them_or_as_made_elsewhere() throws InterruptedException {
        Connection c = p.connection();
        p.submitRecv(c, ByteBuffer.allocate(10));
        p.finish(p.nextStarted(), CompletionStatus.OK, 4);
        p.submitRecv(c, ByteBuffer.allocate(10));
        p.finishHere(p.nextStarted(), CompletionStatus.FAILED); // on this thread, not an I/O thread
        p.close(c);
        p.submitSend(c, ByteBuffer.allocate(1)); // completes CLOSED at once, on this thread

        ProactorStats s = p.stats();
        List<ProactorStats.IoThread> threads = s.ioThreads();
        assertEquals(1, threads.size(), () -> "one I/O thread: " + threads);
        assertEquals(p.ioThreadName(), threads.get(0).name());
        assertEquals(1, threads.get(0).completed());
        assertTrue(threads.get(0).turns() >= 1);
        assertEquals(2, s.completedElsewhere());
        assertEquals(1, s.completed(OpKind.SEND, CompletionStatus.CLOSED));

        p.close();
        ProactorStats after = p.stats();
        assertEquals(List.of(), after.ioThreads(), "the ended I/O thread is no longer listed");
        assertEquals(3, after.completedElsewhere(), "but what it did still counts");
        assertEquals(3, after.completed());
    }

    @Test
    void leases_handed_over_and_leased_now_are_counted() throws InterruptedException {
        Connection c = p.connection();
        p.submitRecv(c);
        var first = p.finishWithLease(p.nextStarted(), 9);
        p.submitRecv(c);
        var second = p.finishWithLease(p.nextStarted(), 3);
        ProactorStats s = awaitCompleted(2);
        assertEquals(2, s.leases());
        assertEquals(2, s.poolLeased());
        assertEquals(12, s.bytesReceived());
        first.release();
        second.release();
        assertEquals(0, p.stats().poolLeased());
        assertEquals(2, p.stats().leases(), "leases handed over is a count, not a gauge");
    }

    /** In queue mode the completion is counted before it is queued: take them, then read. */
    private ProactorStats awaitCompleted(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            if (p.completions().poll(10, java.util.concurrent.TimeUnit.SECONDS) == null) {
                throw new AssertionError("completion " + i + " of " + n + " did not come");
            }
        }
        return p.stats();
    }
}
