package io.overlap.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.ProactorConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The core's Flight Recorder events: recorded for a deliberately slow operation and a stalled
 * I/O thread, and no event object is made while nothing records them.
 */
class FlightEventsTest {
    private final ManualProactor p = new ManualProactor(ProactorConfig.defaults());

    @AfterEach
    void close() {
        p.close();
    }

    @Test
    void a_slow_operation_is_recorded_and_a_fast_one_is_not() throws Exception {
        Connection c = p.connection();
        List<RecordedEvent> events;
        try (Recording r = new Recording()) {
            r.enable(SlowOperationEvent.NAME).withThreshold(Duration.ofMillis(20));
            r.start();
            long fast = p.submitSend(c, ByteBuffer.allocate(8));
            p.finish(p.nextStarted(), CompletionStatus.OK, 8);
            long slow = p.submitRecv(c, ByteBuffer.allocate(8));
            Operation op = p.nextStarted();
            Thread.sleep(60);
            p.finish(op, CompletionStatus.OK, 5);
            r.stop();
            events = read(r, SlowOperationEvent.NAME);
            assertEquals(1, events.size(), () -> "only the slow one: " + events);
            RecordedEvent e = events.get(0);
            assertEquals(slow, e.getLong("operationId"));
            assertTrue(fast != slow);
            assertEquals("RECV", e.getString("kind"));
            assertEquals("OK", e.getString("status"));
            assertEquals("manual", e.getString("backend"));
            assertEquals(5, e.getLong("bytes"));
            assertTrue(e.getDuration().toMillis() >= 60, () -> "from submission to completion: " + e.getDuration());
            assertEquals(p.ioThreadName(), e.getThread().getJavaName(), "committed on the completing thread");
        }
    }

    @Test
    void an_io_thread_busy_past_the_threshold_is_recorded_as_a_stall() throws Exception {
        try (Recording r = new Recording()) {
            r.enable(IoThreadStallEvent.NAME).withThreshold(Duration.ofMillis(30));
            r.start();
            p.onLoop(b -> sleep(100)); // e.g. a completion handler that blocks
            p.onLoop(b -> { }); // the stall is committed when the thread next waits
            r.stop();
            List<RecordedEvent> events = read(r, IoThreadStallEvent.NAME);
            assertEquals(1, events.size(), () -> "the one long turn: " + events);
            RecordedEvent e = events.get(0);
            assertEquals(p.ioThreadName(), e.getThread().getJavaName());
            assertEquals("manual", e.getString("backend"));
            assertTrue(e.getDuration().toMillis() >= 100, () -> "busy for " + e.getDuration());
        }
    }

    @Test
    void no_event_object_is_made_unless_a_recording_wants_it() throws Exception {
        Connection c = p.connection();
        p.submitRecv(c, ByteBuffer.allocate(8));
        assertNull(p.nextStarted().probe(), "nothing records");
        try (Recording other = new Recording()) {
            other.enable("jdk.SocketRead"); // a recording that does not ask for the core's events
            other.disable(SlowOperationEvent.NAME);
            other.start();
            p.submitRecv(c, ByteBuffer.allocate(8));
            assertNull(p.nextStarted().probe(), "a recording without the event");
            try (Recording mine = new Recording()) {
                mine.enable(SlowOperationEvent.NAME);
                mine.start();
                p.submitRecv(c, ByteBuffer.allocate(8));
                assertNotNull(p.nextStarted().probe(), "a recording of the event");
            }
            p.submitRecv(c, ByteBuffer.allocate(8));
            assertNull(p.nextStarted().probe(), "that recording closed");
        }
    }

    private static List<RecordedEvent> read(Recording r, String name) throws IOException {
        Path f = Files.createTempFile("overlap-jfr", ".jfr");
        try {
            r.dump(f);
            return RecordingFile.readAllEvents(f).stream()
                    .filter(e -> e.getEventType().getName().equals(name))
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
