package io.overlap.spi;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * An operation that took longer than the threshold from its submission to its completion
 * (begun on the submitting thread, committed on the completing one). Made only while a
 * recording wants it; set the threshold like any event's, e.g.
 * {@code recording.enable("io.overlap.SlowOperation").withThreshold(Duration.ofMillis(5))}.
 */
@Name(SlowOperationEvent.NAME)
@Label("Slow Operation")
@Category("Overlap")
@Description("An Overlap operation whose time from submission to completion passed the threshold")
@Threshold("20 ms")
@StackTrace(false)
final class SlowOperationEvent extends jdk.jfr.Event {
    static final String NAME = "io.overlap.SlowOperation";

    @Label("Backend")
    String backend;

    @Label("Kind")
    String kind;

    @Label("Status")
    String status;

    @Label("Operation Id")
    long operationId;

    @Label("Handle")
    String handle;

    @Label("Bytes")
    @DataAmount
    long bytes;

    /**
     * Ends the event of a completed operation and records it if it passed the threshold.
     *
     * @param op the operation, just completed
     * @param backend the backend's name
     */
    void finish(Operation op, String backend) {
        end();
        if (shouldCommit()) {
            this.backend = backend;
            kind = op.kind().name();
            status = String.valueOf(op.status());
            operationId = op.id();
            handle = String.valueOf(op.handle());
            bytes = op.bytesTransferred();
            commit();
        }
    }
}
