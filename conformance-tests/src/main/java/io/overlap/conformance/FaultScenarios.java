package io.overlap.conformance;

import static io.overlap.CompletionStatus.CANCELLED;
import static io.overlap.CompletionStatus.FAILED;
import static io.overlap.CompletionStatus.OK;
import static io.overlap.CompletionStatus.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionHandler;
import io.overlap.Listener;
import io.overlap.OpKind;
import io.overlap.ProactorConfig;
import io.overlap.conformance.FaultPlan.Rule;
import io.overlap.conformance.Harness.PeerConnection;
import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract when calls fail (guarantees 1 and 9 under faults): the backend's calls are made
 * to fail through its {@link io.overlap.spi.FaultInjector} (a {@link FaultPlan}), one cell of
 * {@link FaultCase#matrix} per scenario. In every cell every operation completes exactly once
 * within a bound, the ledger balances, the proactor closes within a bound, and its threads and
 * OS handles return to where they were.
 */
public class FaultScenarios extends ScenarioSupport {
    /** How long {@code Proactor.close()} may take after a fault. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(10);
    /** OS handles the JVM itself may open or close meanwhile (see LeakScenarios). */
    private static final long SLACK = 32;
    /** How long the other connections of a loop may wait while an accept fails and is resubmitted. */
    private static final Duration SERVED_WITHIN = Duration.ofSeconds(3);
    /** How long the failing accept is resubmitted at most, if the loop never gets to the rest. */
    private static final Duration SPIN_AT_MOST = Duration.ofSeconds(6);
    /** What one failing accept call costs, as a real failing system call does (keeps the spin's garbage small). */
    private static final long FAILING_CALL_NANOS = 50_000;

    static List<FaultCase> matrix() {
        return FaultCase.matrix(Resources.backend().name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fault_matrix(FaultCase c) throws Exception {
        FaultPlan plan = new FaultPlan();
        ProactorConfig.Builder config = ProactorConfig.builder().ioThreads(c.ioThreads()).faultInjector(plan);
        withCleanClose(config, c.handlerMode(), null, h -> new FaultDrill(h, plan, c).run());
    }

    /**
     * An operation that fails at once and is resubmitted at once from the handler (an accept
     * on EMFILE, as a server does) must not keep its loop from the rest of its work: another
     * connection's round trip, a timeout and a close on the same (only) loop are served within
     * a bound while it spins, and once the fault is lifted the accept succeeds.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fault_accept_failing_at_once_and_resubmitted_from_the_handler_does_not_starve_its_loop() throws Exception {
        FaultPlan plan = new FaultPlan();
        AtomicReference<Harness> ref = new AtomicReference<>();
        AtomicReference<Listener> spinning = new AtomicReference<>();
        AtomicReference<Completion> accepted = new AtomicReference<>();
        AtomicBoolean resubmit = new AtomicBoolean(true);
        CountDownLatch acceptedOnce = new CountDownLatch(1);
        AtomicLong spinUntil = new AtomicLong(System.nanoTime() + SPIN_AT_MOST.toNanos());
        CompletionHandler server = k -> {
            if (k.kind() != OpKind.ACCEPT || k.handle() != spinning.get()) {
                return;
            }
            if (k.status() == OK) {
                accepted.set(k);
                acceptedOnce.countDown();
            } else if (k.status() == FAILED && resubmit.get() && System.nanoTime() - spinUntil.get() < 0) {
                ref.get().accept(spinning.get());
            }
        };
        ProactorConfig.Builder config = ProactorConfig.builder().ioThreads(1).faultInjector(plan);
        withCleanClose(config, true, server, h -> {
            ref.set(h);
            PeerConnection other = h.peer();
            PeerConnection timed = h.peer();
            PeerConnection closing = h.peer();
            Listener l = h.listen();
            spinning.set(l);
            h.socketTo(l.localAddress()); // waits in the backlog for the accept to succeed
            Rule emfile = plan.failEvery(FaultPoint.ACCEPT, () -> {
                LockSupport.parkNanos(FAILING_CALL_NANOS);
                return new IOException(FaultCase.INJECTED + "Too many open files");
            });
            spinUntil.set(System.nanoTime() + SPIN_AT_MOST.toNanos());
            h.accept(l);
            emfile.awaitFired(3, FaultDrill.FIRE_BOUND);
            long start = System.nanoTime();
            long recv = h.recv(other.conn(), ByteBuffer.allocate(16));
            Bytes.write(other.socket(), "ping");
            h.await(recv, OK);
            h.await(h.send(other.conn(), Bytes.utf8("pong")), OK);
            assertEquals("pong", new String(Bytes.readFully(other.socket(), 4), java.nio.charset.StandardCharsets.UTF_8));
            h.await(h.recv(timed.conn(), Duration.ofMillis(50), ByteBuffer.allocate(16)), TIMED_OUT);
            long cancelled = h.recv(closing.conn(), ByteBuffer.allocate(16));
            h.close(closing.conn());
            h.await(cancelled, CANCELLED);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            long firedMeanwhile = emfile.fired();
            assertTrue(took.compareTo(SERVED_WITHIN) <= 0, () -> "while an accept failed and was resubmitted at once, "
                    + "the other connections of its loop waited " + took + " for a round trip, a timeout and a close");
            assertTrue(System.nanoTime() - spinUntil.get() < 0 && acceptedOnce.getCount() == 1,
                    "the failing accept stopped being resubmitted before the other work was checked");
            emfile.lift();
            assertTrue(acceptedOnce.await(Harness.AWAIT.toMillis(), TimeUnit.MILLISECONDS),
                    "once the accept's fault was lifted, the resubmitted accept never succeeded");
            resubmit.set(false);
            System.out.println("starvation check (" + h.proactor().backendName() + "): " + firedMeanwhile
                    + " failed accepts resubmitted while the loop served the rest in " + took.toMillis() + " ms");
            h.close(accepted.get().connection());
        });
    }

    /** What a scenario does with its harness. */
    private interface Body {
        void run(Harness h) throws Exception;
    }

    /**
     * Opens a harness, runs the body, then closes the proactor within {@link #CLOSE_BOUND}
     * (also when the body failed) and checks exactly once, threads and OS handles.
     */
    private static void withCleanClose(ProactorConfig.Builder config, boolean handlerMode, CompletionHandler then,
            Body body) throws Exception {
        int threadsBefore = Resources.backendThreads();
        long handlesBefore = Resources.handles();
        Harness h = handlerMode ? Harness.openHandlerMode(config, then) : Harness.open(config);
        Throwable failure = null;
        try {
            body.run(h);
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            try {
                closeWithin(h);
            } catch (AssertionError | RuntimeException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
        int threadsAfter = Resources.backendThreads();
        assertTrue(threadsAfter <= threadsBefore, () -> (threadsAfter - threadsBefore)
                + " more backend threads alive after Proactor.close() returned than before it opened");
        long handlesAfter = Resources.handles();
        assertTrue(handlesAfter <= handlesBefore + SLACK, () -> "after Proactor.close() the process holds "
                + (handlesAfter - handlesBefore) + " more OS handles than before it opened (" + handlesBefore + ")");
    }

    private static void closeWithin(Harness h) {
        long start = System.nanoTime();
        Background.start("fault-close", () -> {
            h.close();
            return null;
        }).get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(CLOSE_BOUND) <= 0, () -> "Proactor.close() took " + took + " after a fault");
    }
}
