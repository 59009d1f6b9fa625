package io.overlap.spi;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Whether the core's Flight Recorder events are wanted now, asked on the hot path: a volatile
 * read while nothing records (no event object is made, nothing of JFR is set up), and the event
 * type's own enabled flag while something does, so a recording that leaves these events off
 * costs no allocation either. A listener follows recordings as they start and stop.
 */
final class Flight {
    /** True while at least one recording runs; kept by {@link Watch}. */
    private static volatile boolean recording;

    static {
        FlightRecorder.addListener(new Watch());
        // a recording started with the JVM (-XX:StartFlightRecording) ran before the listener
        recording = FlightRecorder.isInitialized() && anyRunning();
    }

    private Flight() {
    }

    /** @return true if an {@code io.overlap.SlowOperation} may be recorded now */
    static boolean slowOperationsWanted() {
        return recording && Types.SLOW_OPERATION.isEnabled();
    }

    /** @return true if an {@code io.overlap.IoThreadStall} may be recorded now */
    static boolean stallsWanted() {
        return recording && Types.STALL.isEnabled();
    }

    private static boolean anyRunning() {
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (r.getState() == RecordingState.RUNNING) {
                return true;
            }
        }
        return false;
    }

    /** The event types, looked up (which registers them with JFR) only once something records. */
    private static final class Types {
        static final EventType SLOW_OPERATION = EventType.getEventType(SlowOperationEvent.class);
        static final EventType STALL = EventType.getEventType(IoThreadStallEvent.class);
    }

    private static final class Watch implements FlightRecorderListener {
        @Override
        public void recordingStateChanged(Recording r) {
            recording = anyRunning();
        }
    }
}
