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
 * costs no allocation either. A listener follows recordings as they start and stop. In a
 * runtime without the {@code jdk.jfr} module (a trimmed image, on the class path) the events
 * are simply never wanted.
 */
final class Flight {
    private static final System.Logger LOG = System.getLogger(Flight.class.getName());
    /** True while at least one recording runs; kept by {@link Watch}. */
    private static volatile boolean recording;

    static {
        try {
            Watch.install();
        } catch (LinkageError e) {
            // a runtime image without jdk.jfr (class path, jlink --limit-modules): no events
            LOG.log(System.Logger.Level.DEBUG, "no Flight Recorder in this runtime: Overlap's events are off", e);
        }
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

    /** Loaded only once it is known that the runtime has jdk.jfr. */
    private static final class Watch implements FlightRecorderListener {
        static void install() {
            FlightRecorder.addListener(new Watch());
            // a recording started with the JVM (-XX:StartFlightRecording) ran before the listener
            recording = FlightRecorder.isInitialized() && anyRunning();
        }

        @Override
        public void recordingStateChanged(Recording r) {
            recording = anyRunning();
        }
    }
}
