package io.overlap.conformance;

import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.ProactorConfig;
import io.overlap.ProactorStats;
import io.overlap.conformance.Harness.Pair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * The core's Flight Recorder events on the backend under test: the backend's I/O threads mark
 * their waits ({@code CompletionBatch.awaitingIo()} / {@code woke()}), so a handler that blocks
 * shows as an {@code io.overlap.IoThreadStall} on that thread, and an operation that waits shows
 * as an {@code io.overlap.SlowOperation}.
 */
public class FlightRecorderScenarios extends ScenarioSupport {
    private static final String SLOW = "io.overlap.SlowOperation";
    private static final String STALL = "io.overlap.IoThreadStall";
    private static final long BLOCK_MILLIS = 150;

    @Test
    void a_handler_that_blocks_is_recorded_as_a_stall_of_its_io_thread_and_a_waiting_receive_as_slow() throws Exception {
        Harness h = openHandlerMode(ProactorConfig.builder().ioThreads(1), c -> {
            if ("block".equals(c.attachment())) {
                sleep(BLOCK_MILLIS); // what a handler must never do
            }
        });
        Pair p = h.pair();
        List<RecordedEvent> events;
        long recv;
        try (Recording r = new Recording()) {
            r.enable(STALL).withThreshold(Duration.ofMillis(BLOCK_MILLIS / 2));
            r.enable(SLOW).withThreshold(Duration.ofMillis(BLOCK_MILLIS / 2));
            r.start();
            recv = h.recvWith(p.server(), "block", ByteBuffer.allocate(8));
            sleep(BLOCK_MILLIS); // the receive waits: a slow operation
            h.await(h.send(p.client(), ByteBuffer.wrap(new byte[] {7})), OK);
            Completion c = h.await(recv, OK);
            assertEquals(1, c.bytesTransferred());
            // the stall is committed when the thread next waits, after a turn that follows the handler
            h.await(h.send(p.client(), ByteBuffer.wrap(new byte[] {8})), OK);
            h.await(h.recv(p.server(), ByteBuffer.allocate(8)), OK);
            // those may complete on this thread (caller-thread I/O) and reach the handler through
            // the loop's tasks, so the loop need not have waited yet: look again, bounded, while
            // the loop gets the chance to
            events = read(r);
            for (int i = 0; i < 100 && stalls(events).isEmpty(); i++) {
                h.await(h.send(p.client(), ByteBuffer.wrap(new byte[] {9})), OK);
                h.await(h.recv(p.server(), ByteBuffer.allocate(8)), OK);
                events = read(r);
            }
            r.stop();
        }
        Set<String> ioThreads = h.proactor().stats().ioThreads().stream()
                .map(ProactorStats.IoThread::name).collect(Collectors.toSet());
        List<RecordedEvent> stalls = stalls(events);
        List<RecordedEvent> all = events;
        assertFalse(stalls.isEmpty(), () -> "a stall of at least " + BLOCK_MILLIS + " ms: " + all);
        for (RecordedEvent e : stalls) {
            assertTrue(ioThreads.contains(e.getThread().getJavaName()), () -> "on an I/O thread " + ioThreads + ": " + e);
            assertEquals(h.proactor().backendName(), e.getString("backend"));
        }
        long slowId = recv;
        List<RecordedEvent> slow = events.stream().filter(e -> e.getEventType().getName().equals(SLOW))
                .filter(e -> e.getLong("operationId") == slowId).collect(Collectors.toList());
        assertEquals(1, slow.size(), () -> "the receive that waited: " + all);
        assertTrue(slow.get(0).getDuration().toMillis() >= BLOCK_MILLIS, () -> "it waited: " + slow);
        assertEquals("RECV", slow.get(0).getString("kind"));
    }

    private static List<RecordedEvent> stalls(List<RecordedEvent> events) {
        return events.stream().filter(e -> e.getEventType().getName().equals(STALL))
                .filter(e -> e.getDuration().toMillis() >= BLOCK_MILLIS).collect(Collectors.toList());
    }

    private static List<RecordedEvent> read(Recording r) throws IOException {
        Path f = Files.createTempFile("overlap-conformance", ".jfr");
        try {
            r.dump(f);
            return RecordingFile.readAllEvents(f).stream()
                    .filter(e -> e.getEventType().getName().startsWith("io.overlap."))
                    .collect(Collectors.toList());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
