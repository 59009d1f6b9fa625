package io.overlap.spi;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * An I/O thread that was busy longer than the threshold between two waits for I/O: every
 * operation of its handles waited meanwhile (a blocking completion handler is the usual cause).
 * The event's thread is the I/O thread. Made only while a recording wants it.
 */
@Name(IoThreadStallEvent.NAME)
@Label("I/O Thread Stall")
@Category("Overlap")
@Description("An Overlap I/O thread busy longer than the threshold without waiting for I/O")
@Threshold("20 ms")
@StackTrace(false)
final class IoThreadStallEvent extends jdk.jfr.Event {
    static final String NAME = "io.overlap.IoThreadStall";

    @Label("Backend")
    String backend;

    @Label("Completions")
    @Description("Completions the thread made in the turn")
    int completions;
}
