package io.overlap.conformance;

import static io.overlap.CompletionStatus.CANCELLED;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.OpKind;
import io.overlap.ProactorClosedException;
import io.overlap.ProactorConfig;
import io.overlap.ProactorStats;
import io.overlap.future.FutureProactor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The futures adapter ({@link FutureProactor}) on the backend under test: each future completes
 * once, on the backend's own I/O thread, cancelling one cancels its operation, and closing
 * completes what is pending.
 */
public class FutureScenarios extends ConnectionScenarioSupport {
    private FutureProactor fp;
    private Listener listener;

    @BeforeEach
    void openFutures() throws IOException {
        fp = FutureProactor.open(ProactorConfig.builder().ioThreads(2).build());
        listener = fp.listen(new InetSocketAddress(loopback(), 0), 64);
    }

    @AfterEach
    void closeFutures() {
        fp.close();
        ProactorStats s = fp.proactor().stats();
        assertEquals(0, s.inFlight());
        assertEquals(s.submitted(), s.completed(), () -> "every operation completed: " + s);
    }

    private static Completion get(CompletableFuture<Completion> f) {
        try {
            return f.get(Harness.AWAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("the future did not complete with a completion: " + f, e);
        }
    }

    private Connection[] pair() {
        CompletableFuture<Completion> accepted = fp.accept(listener);
        Completion connected = get(fp.connect(listener.localAddress()));
        assertEquals(OK, connected.status(), connected::toString);
        Completion a = get(accepted);
        assertEquals(OK, a.status(), a::toString);
        return new Connection[] {connected.connection(), a.connection()};
    }

    @Test
    void an_echo_chained_with_thenCompose_moves_the_bytes_and_completes_on_an_io_thread() {
        Connection[] p = pair();
        byte[] sent = Patterns.bytes(3, 0, 5000);
        CompletableFuture<String> where = new CompletableFuture<>();
        ByteBuffer in = ByteBuffer.allocate(sent.length);
        CompletableFuture<Completion> recv = fp.recv(p[1], in);
        recv.whenComplete((c, e) -> where.complete(Thread.currentThread().getName())); // before it completes
        get(fp.send(p[0], ByteBuffer.wrap(sent)));
        // waited for before anyone waits on recv: a thread blocked in recv's get() could run the
        // stage itself, as CompletableFuture lets any waiter help
        String thread = where.completeOnTimeout("(no completion within the wait)", Harness.AWAIT.toSeconds(), TimeUnit.SECONDS).join();
        Completion first = get(recv);
        assertEquals(OK, first.status());
        while (in.hasRemaining()) {
            assertEquals(OK, get(fp.recv(p[1], in)).status());
        }
        assertArrayEquals(sent, in.array());
        Set<String> ioThreads = fp.proactor().stats().ioThreads().stream()
                .map(ProactorStats.IoThread::name).collect(Collectors.toSet());
        assertTrue(ioThreads.contains(thread), () -> "completed on " + thread + ", not on one of " + ioThreads);
    }

    @Test
    void many_futures_in_flight_each_complete_once_with_their_own_completion() {
        int pairs = 20;
        int rounds = 10;
        List<Connection[]> all = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            all.add(pair());
        }
        ProactorStats before = fp.proactor().stats();
        List<CompletableFuture<Completion>> futures = new ArrayList<>();
        List<ByteBuffer> ins = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (Connection[] p : all) {
                ByteBuffer in = ByteBuffer.allocate(1);
                ins.add(in);
                futures.add(fp.recv(p[1], in));
                futures.add(fp.send(p[0], ByteBuffer.wrap(new byte[] {(byte) r})));
            }
        }
        for (int i = 0; i < futures.size(); i++) {
            Completion c = get(futures.get(i));
            assertEquals(OK, c.status(), c::toString);
            assertTrue(c.attachment() == futures.get(i), "each future got its own operation's completion");
        }
        for (int i = 0; i < ins.size(); i++) {
            assertEquals((byte) (i / pairs), ins.get(i).get(0), "FIFO per connection: round " + i / pairs);
        }
        ProactorStats after = fp.proactor().stats();
        assertEquals(futures.size(), after.completed() - before.completed());
        assertEquals((long) pairs * rounds, after.completed(OpKind.RECV, OK) - before.completed(OpKind.RECV, OK));
    }

    @Test
    void cancelling_a_pending_receive_future_cancels_the_receive_and_the_connection_goes_on() {
        Connection[] p = pair();
        CompletableFuture<Completion> pending = fp.recv(p[1], ByteBuffer.allocate(8));
        assertTrue(pending.cancel(true));
        assertThrows(CancellationException.class, pending::join);
        long deadline = System.nanoTime() + Harness.AWAIT.toNanos();
        while (fp.proactor().stats().completed(OpKind.RECV, CANCELLED) == 0) {
            assertTrue(System.nanoTime() < deadline, "the receive was cancelled in the proactor too");
            Thread.onSpinWait();
        }
        ByteBuffer in = ByteBuffer.allocate(3);
        CompletableFuture<Completion> next = fp.recv(p[1], in);
        get(fp.send(p[0], ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertEquals(OK, get(next).status(), "the next receive gets the bytes the cancelled one did not");
        assertEquals(1, in.get(0));
    }

    @Test
    void closing_completes_every_pending_future_cancelled_and_later_submissions_are_refused() {
        Connection[] p = pair();
        CompletableFuture<Completion> recv = fp.recv(p[1], ByteBuffer.allocate(8));
        CompletableFuture<Completion> accept = fp.accept(listener);
        fp.close();
        assertTrue(recv.isDone() && accept.isDone(), "done when close returns");
        assertEquals(CANCELLED, recv.join().status());
        assertEquals(CANCELLED, accept.join().status());
        assertThrows(ProactorClosedException.class, () -> fp.recv(p[1], ByteBuffer.allocate(8)));
    }
}
