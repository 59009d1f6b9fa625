package io.overlap.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.ProactorConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules the core applies once for every backend (issue 10, defects 1 and 5): what a
 * backend reports is corrected here, not in each backend.
 */
class CorePolicyTest {
    private ManualProactor p;

    private ManualProactor open(ProactorConfig.Builder config) {
        p = new ManualProactor(config.build());
        return p;
    }

    @AfterEach
    void close() {
        if (p != null) {
            p.close();
        }
    }

    private Completion next() throws InterruptedException {
        Completion c = p.completions().poll(10, TimeUnit.SECONDS);
        assertNotNull(c, "a completion within 10 s");
        return c;
    }

    @Test
    void aTimedOutWithoutTheCallersTimeoutIsAFailure() throws Exception {
        open(ProactorConfig.builder());
        Connection c = p.connection();
        long id = p.submitRecv(c, ByteBuffer.allocate(8));
        p.finish(p.nextStarted(), CompletionStatus.TIMED_OUT, 0); // as a kernel ETIMEDOUT mapped wrongly would
        Completion done = next();
        assertEquals(id, done.id());
        assertEquals(CompletionStatus.FAILED, done.status(), "TIMED_OUT is reserved for the caller's timeout");
        assertTrue(done.message().contains("timed out"), done.message());
    }

    @Test
    void aTimedOutWithTheCallersTimeoutStaysTimedOut() throws Exception {
        open(ProactorConfig.builder());
        Connection c = p.connection();
        long id = p.submitRecv(c, new ByteBuffer[] {ByteBuffer.allocate(8)}, null, Duration.ofHours(1));
        p.finish(p.nextStarted(), CompletionStatus.TIMED_OUT, 0);
        Completion done = next();
        assertEquals(id, done.id());
        assertEquals(CompletionStatus.TIMED_OUT, done.status());
    }

    @Test
    void whatEndsBadlyOnAHandleClosedHereIsCancelledWhateverTheOsSaid() throws Exception {
        open(ProactorConfig.builder());
        p.closesLeaveOperations = true;
        Connection c = p.connection();
        long reset = p.submitRecv(c, ByteBuffer.allocate(8));
        long eof = p.submitRecv(c, ByteBuffer.allocate(8));
        long ok = p.submitSend(c, ByteBuffer.allocate(8));
        Operation r = p.nextStarted();
        Operation e = p.nextStarted();
        Operation o = p.nextStarted();
        p.close(c);
        p.finish(r, CompletionStatus.CONNECTION_RESET, 0);
        p.finish(e, CompletionStatus.END_OF_STREAM, 0);
        p.finish(o, CompletionStatus.OK, 8);
        Completion first = next();
        Completion second = next();
        Completion third = next();
        assertEquals(reset, first.id());
        assertEquals(CompletionStatus.CANCELLED, first.status(), "a reset after our own close was our close");
        assertEquals(eof, second.id());
        assertEquals(CompletionStatus.CANCELLED, second.status());
        assertEquals(ok, third.id());
        assertEquals(CompletionStatus.OK, third.status(), "what finished before the close took effect stays OK");
    }

    @Test
    void aResetOnAnOpenHandleStaysAReset() throws Exception {
        open(ProactorConfig.builder());
        Connection c = p.connection();
        p.submitRecv(c, ByteBuffer.allocate(8));
        p.finish(p.nextStarted(), CompletionStatus.CONNECTION_RESET, 0);
        assertEquals(CompletionStatus.CONNECTION_RESET, next().status());
    }

    @Test
    void aBackendThatThrowsWhileTakingAnOperationInFailsThatOperationAndGivesItsPlaceBack() throws Exception {
        open(ProactorConfig.builder().maxInFlight(1));
        Connection c = p.connection();
        p.failNextSubmit = new IllegalStateException("injected: the backend broke while taking it in");
        long failed = p.submitRecv(c, ByteBuffer.allocate(8));
        Completion f = next();
        assertEquals(failed, f.id());
        assertEquals(CompletionStatus.FAILED, f.status());
        assertTrue(f.message().contains("injected: the backend broke"), f.message());
        assertEquals(0, p.stats().inFlight(), "the failed operation holds no place");
        long next = p.submitRecv(c, ByteBuffer.allocate(8)); // the one place of maxInFlight(1) is free again
        p.finish(p.nextStarted(), CompletionStatus.OK, 3);
        Completion ok = next();
        assertEquals(next, ok.id());
        assertEquals(CompletionStatus.OK, ok.status());
        assertEquals(3, ok.bytesTransferred());
    }
}
