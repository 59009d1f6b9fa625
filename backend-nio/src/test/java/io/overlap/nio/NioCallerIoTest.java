package io.overlap.nio;

import static io.overlap.nio.Net.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.FaultPoint;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Caller-thread I/O ({@link CallerIo}, {@link LanedConnection}): what a submitting thread does itself, and what it hands back. */
@Timeout(30)
class NioCallerIoTest {
    private final Net.Fault fault = new Net.Fault();

    @BeforeEach
    void onlyWhenOn() {
    }

    @Test
    void a_send_into_a_socket_with_room_has_completed_when_submit_returns() throws Exception {
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1))) {
            Connection[] c = Net.pair(p, p.listen(Net.LOOPBACK, 8));
            long id = p.submitSend(c[1], ByteBuffer.wrap(new byte[64]));
            Completion done = p.completions().poll(0, TimeUnit.MILLISECONDS); // no wait: it is queued already
            assertNotNull(done, "the send was written on the submitting thread, so its completion is queued at once");
            assertEquals(id, done.id());
            assertEquals(CompletionStatus.OK, done.status());
            assertEquals(64, done.bytesTransferred());
        }
    }

    @Test
    void a_receive_that_finds_nothing_is_handed_to_the_loop_and_completes_when_data_comes() throws Exception {
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1))) {
            Connection[] c = Net.pair(p, p.listen(Net.LOOPBACK, 8));
            ByteBuffer dst = ByteBuffer.allocate(16);
            long recv = p.submitRecv(c[0], dst);
            assertNull(p.completions().poll(50, TimeUnit.MILLISECONDS), "nothing was sent yet");
            await(p, p.submitSend(c[1], ByteBuffer.wrap(new byte[] {7, 8, 9})));
            Completion r = await(p, recv);
            assertEquals(CompletionStatus.OK, r.status());
            assertEquals(3, r.bytesTransferred());
            assertEquals(9, dst.get(2));
        }
    }

    @Test
    void a_fault_in_a_submitting_threads_write_fails_that_send_alone() throws Exception {
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).faultInjector(fault))) {
            Connection[] c = Net.pair(p, p.listen(Net.LOOPBACK, 8));
            fault.arm(FaultPoint.WRITE, 1, () -> new IllegalStateException("injected at write"));
            long failed = p.submitSend(c[1], ByteBuffer.wrap(new byte[] {1}));
            Completion f = p.completions().poll(0, TimeUnit.MILLISECONDS);
            assertNotNull(f, "the fault hit the submitting thread's write: its failure is queued at once");
            assertEquals(failed, f.id());
            assertEquals(CompletionStatus.FAILED, f.status());
            assertTrue(f.message().contains("injected at write"), f.message());
            assertEquals(1, fault.fired.get());
            // the send direction was let go: the next send is written and read as usual
            ByteBuffer dst = ByteBuffer.allocate(4);
            long recv = p.submitRecv(c[0], dst);
            assertEquals(CompletionStatus.OK, await(p, p.submitSend(c[1], ByteBuffer.wrap(new byte[] {2}))).status());
            assertEquals(CompletionStatus.OK, await(p, recv).status());
            assertEquals(2, dst.get(0), "the failed send wrote nothing");
        }
    }
}
