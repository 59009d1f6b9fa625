package io.overlap.conformance;

import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Listener;
import io.overlap.ProactorConfig;
import io.overlap.conformance.Harness.Pair;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Guarantee 9: sockets, handles and threads return to baseline; Proactor.close() joins its threads. */
public class LeakScenarios extends ScenarioSupport {
    /** OS handles the JVM itself may open or close meanwhile (class loading, timers, GC). */
    private static final long SLACK = 32;
    private static final int CYCLES = 2000;
    private static final int BATCH = 20;

    @Test
    @Tag("stress")
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void two_thousand_connect_close_cycles_return_handles_and_threads_to_baseline() throws Exception {
        int threadsBefore = Resources.backendThreads();
        long handlesBefore = Resources.handles();
        Harness h = open(ProactorConfig.builder().ioThreads(2));
        Listener l = h.listener();
        long handlesOpen = Resources.handles();
        for (int done = 0; done < CYCLES; done += BATCH) {
            List<Long> ops = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                ops.add(h.accept(l));
                ops.add(h.connect(l.localAddress()));
            }
            for (Completion c : h.awaitAll(ops, OK)) {
                h.close(c.connection());
            }
        }
        // a connection whose close is complete frees its socket while the proactor runs on
        Pair last = h.pair();
        long recv = h.recv(last.server(), ByteBuffer.allocate(4));
        h.close(last.server());
        h.await(recv, CompletionStatus.CANCELLED);
        h.close(last.client());
        long handlesAfterCycles = Resources.handles();
        assertTrue(handlesAfterCycles <= handlesOpen + SLACK, () -> "after " + CYCLES
                + " connect/close cycles the process holds " + (handlesAfterCycles - handlesOpen)
                + " more OS handles than with the proactor freshly open (" + handlesOpen + ")");
        h.close();
        long handlesAfter = Resources.handles();
        System.out.println("leak check (" + Resources.backend().name() + "): OS handles " + handlesBefore
                + " before, " + handlesOpen + " with the proactor open, " + handlesAfterCycles + " after " + CYCLES
                + " connect/close cycles, " + handlesAfter + " after Proactor.close(); backend threads "
                + threadsBefore + " before, " + Resources.backendThreads() + " after");
        assertTrue(handlesAfter <= handlesBefore + SLACK, () -> "after Proactor.close() the process holds "
                + (handlesAfter - handlesBefore) + " more OS handles than before it opened (" + handlesBefore + ")");
        assertEquals(threadsBefore, Resources.backendThreads(),
                "backend threads alive after Proactor.close() returned");
    }

    @Test
    void proactor_close_joins_its_threads() throws Exception {
        int before = Resources.backendThreads();
        Harness h = open(ProactorConfig.builder().ioThreads(3));
        Pair p = h.pair();
        h.await(h.send(p.client(), Bytes.utf8("x")), OK);
        h.await(h.recv(p.server(), ByteBuffer.allocate(1)), OK);
        assertTrue(Resources.backendThreads() > before,
                "a running proactor has threads named " + Resources.THREAD_PREFIX + "*");
        h.recv(p.server(), ByteBuffer.allocate(1));
        h.close();
        assertEquals(before, Resources.backendThreads(),
                "Proactor.close() must join its threads before it returns");
    }

    @Test
    void opening_and_closing_fifty_proactors_returns_handles_and_threads_to_baseline() throws Exception {
        int threadsBefore = Resources.backendThreads();
        long handlesBefore = Resources.handles();
        for (int i = 0; i < 50; i++) {
            try (Harness h = Harness.open(ProactorConfig.builder().ioThreads(1 + i % 3))) {
                Pair p = h.pair();
                h.recv(p.server(), ByteBuffer.allocate(8));
                h.accept(h.listener());
            }
        }
        long handlesAfter = Resources.handles();
        assertTrue(handlesAfter <= handlesBefore + SLACK, () -> "50 proactors opened and closed left "
                + (handlesAfter - handlesBefore) + " more OS handles than before (" + handlesBefore + ")");
        assertEquals(threadsBefore, Resources.backendThreads(), "backend threads alive after 50 proactors closed");
    }
}
