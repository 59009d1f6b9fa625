package io.overlap.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.InFlightLimitException;
import io.overlap.Listener;
import io.overlap.OpKind;
import io.overlap.ProactorClosedException;
import io.overlap.ProactorConfig;
import io.overlap.spi.ManualProactor;
import io.overlap.spi.Operation;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The futures adapter over a backend whose operations the test completes by hand. */
class FutureProactorTest {
    private final BufferPool pool = BufferPool.of(256, 4);
    private FutureProactor fp = open(ProactorConfig.builder().bufferPool(pool));

    private static FutureProactor open(ProactorConfig.Builder config) {
        try {
            return FutureProactor.open(config.backend("manual").build());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ManualProactor manual() {
        return (ManualProactor) fp.proactor();
    }

    @AfterEach
    void close() {
        fp.close();
    }

    @Test
    void each_kind_of_submission_gets_a_future_completed_on_the_io_thread_with_its_completion() throws Exception {
        Connection c = manual().connection();
        Listener l = fp.listen(new InetSocketAddress("127.0.0.1", 0), 1);
        CompletableFuture<Completion> accept = fp.accept(l);
        Connection accepted = manual().finishWithConnection(manual().nextStarted());
        CompletableFuture<Completion> connect = fp.connect(new InetSocketAddress("127.0.0.1", 9));
        manual().finishWithConnection(manual().nextStarted());
        CompletableFuture<Completion> send = fp.send(c, ByteBuffer.allocate(5));
        CompletableFuture<String> sendThread = send.thenApply(x -> Thread.currentThread().getName());
        manual().finish(manual().nextStarted(), CompletionStatus.OK, 5);
        CompletableFuture<Completion> recv = fp.recv(c, ByteBuffer.allocate(5));
        manual().finish(manual().nextStarted(), CompletionStatus.OK, 3);
        CompletableFuture<Completion> pooled = fp.recv(c);
        manual().finishWithLease(manual().nextStarted(), 2);

        assertSame(accepted, accept.join().connection());
        assertEquals(OpKind.CONNECT, connect.join().kind());
        assertEquals(5, send.join().bytesTransferred());
        assertSame(send, send.join().attachment(), "the future is the operation's attachment");
        assertEquals(manual().ioThreadName(), sendThread.join(), "a non-async stage runs on the I/O thread");
        assertEquals(3, recv.join().bytesTransferred());
        Completion p = pooled.join();
        assertEquals(2, p.lease().buffer().remaining());
        p.lease().release();
    }

    @Test
    void a_failed_or_ended_operation_completes_its_future_normally_with_that_status() throws Exception {
        Connection c = manual().connection();
        CompletableFuture<Completion> reset = fp.send(c, ByteBuffer.allocate(5));
        manual().finish(manual().nextStarted(), CompletionStatus.CONNECTION_RESET, 2);
        CompletableFuture<Completion> eof = fp.recv(c, ByteBuffer.allocate(5));
        manual().finish(manual().nextStarted(), CompletionStatus.END_OF_STREAM, 0);
        assertEquals(CompletionStatus.CONNECTION_RESET, reset.join().status());
        assertEquals(2, reset.join().bytesTransferred());
        assertEquals(CompletionStatus.END_OF_STREAM, eof.join().status());
        assertFalse(reset.isCompletedExceptionally() || eof.isCompletedExceptionally());
    }

    @Test
    void cancelling_a_future_cancels_its_operation() throws Exception {
        Connection c = manual().connection();
        CompletableFuture<Completion> f = fp.recv(c, ByteBuffer.allocate(5));
        Operation op = manual().nextStarted();
        assertTrue(f.cancel(true));
        assertTrue(f.isCancelled());
        assertThrows(CancellationException.class, f::join);
        await(op::isDone, "the operation ends too");
        assertEquals(CompletionStatus.CANCELLED, op.status());
        assertEquals(0, fp.proactor().inFlight());
        assertTrue(f.cancel(true), "a cancelled future says so again, as any CompletableFuture does");
        assertEquals(CompletionStatus.CANCELLED, op.status(), "and its operation completed once");
    }

    @Test
    void a_timeout_of_the_future_itself_cancels_the_operation() throws Exception {
        Connection c = manual().connection();
        CompletableFuture<Completion> f = fp.recv(c, ByteBuffer.allocate(5)).orTimeout(30, TimeUnit.MILLISECONDS);
        Operation op = manual().nextStarted();
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertInstanceOf(TimeoutException.class, e.getCause());
        await(op::isDone, "orTimeout cancels the operation");
        assertEquals(CompletionStatus.CANCELLED, op.status());
    }

    @Test
    void what_an_operation_hands_over_after_its_future_was_cancelled_is_released() throws Exception {
        manual().cancelsComeTooLate = true; // the operation succeeds before the cancel reaches it
        Connection c = manual().connection();
        CompletableFuture<Completion> pooled = fp.recv(c);
        Operation recv = manual().nextStarted();
        Listener l = fp.listen(new InetSocketAddress("127.0.0.1", 0), 1);
        CompletableFuture<Completion> accept = fp.accept(l);
        Operation acc = manual().nextStarted();
        assertTrue(pooled.cancel(false));
        assertTrue(accept.cancel(false));
        manual().finishWithLease(recv, 4);
        Connection born = manual().finishWithConnection(acc);
        assertEquals(CompletionStatus.OK, recv.status());
        assertEquals(0, pool.leased(), "the lease nobody will read went back to the pool");
        assertFalse(born.isOpen(), "the connection nobody will read was closed");
        assertTrue(pooled.isCancelled() && accept.isCancelled(), "the futures stay cancelled: completed once");
    }

    @Test
    void completing_a_future_by_hand_cancels_its_operation_and_obtruding_is_refused() throws Exception {
        Connection c = manual().connection();
        CompletableFuture<Completion> f = fp.send(c, ByteBuffer.allocate(5));
        Operation op = manual().nextStarted();
        assertThrows(UnsupportedOperationException.class, () -> f.obtrudeValue(null));
        assertThrows(UnsupportedOperationException.class, () -> f.obtrudeException(new RuntimeException()));
        assertTrue(f.complete(null));
        await(op::isDone, "the operation is cancelled");
        assertNull(f.join());
    }

    @Test
    void submissions_are_refused_by_the_plain_apis_exceptions_and_then_nothing_was_submitted() throws Exception {
        Connection c = manual().connection();
        assertThrows(NullPointerException.class, () -> fp.recv(null, ByteBuffer.allocate(1)));
        assertThrows(IllegalArgumentException.class, () -> fp.recv(c, ByteBuffer.allocate(0)));
        assertThrows(IllegalArgumentException.class, () -> fp.send(c, new ByteBuffer[0], null));
        assertThrows(IllegalArgumentException.class, () -> fp.connect(InetSocketAddress.createUnresolved("x", 1)));
        assertEquals(0, fp.proactor().stats().submitted());

        FutureProactor one = open(ProactorConfig.builder().maxInFlight(1));
        try {
            Connection oc = ((ManualProactor) one.proactor()).connection();
            one.recv(oc, ByteBuffer.allocate(1));
            assertThrows(InFlightLimitException.class, () -> one.recv(oc, ByteBuffer.allocate(1)));
            assertEquals(1, one.proactor().stats().submitted());
        } finally {
            one.close();
        }
        assertThrows(ProactorClosedException.class, () -> one.send(manual().connection(), ByteBuffer.allocate(1)));
    }

    @Test
    void closing_completes_every_pending_future_with_its_cancelled_completion_before_it_returns() {
        Connection c = manual().connection();
        CompletableFuture<Completion> a = fp.recv(c, ByteBuffer.allocate(5));
        CompletableFuture<Completion> b = fp.send(c, ByteBuffer.allocate(5));
        fp.close();
        assertTrue(a.isDone() && b.isDone());
        assertEquals(CompletionStatus.CANCELLED, a.join().status());
        assertEquals(CompletionStatus.CANCELLED, b.join().status());
    }

    @Test
    void direct_submissions_go_to_the_configured_handler_or_are_let_go_of() throws Exception {
        BlockingQueue<Completion> direct = new LinkedBlockingQueue<>();
        FutureProactor withHandler = open(ProactorConfig.builder().completionHandler(direct::add));
        try {
            ManualProactor m = (ManualProactor) withHandler.proactor();
            Connection c = m.connection();
            long id = withHandler.proactor().submitRecv(c, new ByteBuffer[] {ByteBuffer.allocate(1)}, "mine");
            CompletableFuture<Completion> f = withHandler.recv(c, ByteBuffer.allocate(1));
            m.finish(m.nextStarted(), CompletionStatus.OK, 1);
            m.finish(m.nextStarted(), CompletionStatus.OK, 1);
            Completion got = direct.poll(10, TimeUnit.SECONDS);
            assertEquals(id, got.id());
            assertEquals("mine", got.attachment());
            assertEquals(CompletionStatus.OK, f.join().status());
            assertTrue(direct.isEmpty(), "the future's completion went to the future only");
        } finally {
            withHandler.close();
        }

        Connection c = manual().connection();
        fp.proactor().submitRecvPooled(c, null, null); // no handler: dropped, its lease released
        manual().finishWithLease(manual().nextStarted(), 3);
        assertEquals(0, pool.leased());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within 10 s: " + what);
            }
            Thread.sleep(1);
        }
    }
}
