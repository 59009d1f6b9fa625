package io.overlap.spi;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@code Proactor.stats()} costs per operation: the core's counting calls, measured
 * against doing nothing with the same completed operation. It sits in the core's package (the
 * bench runs on the class path) to reach the package-private counters the core calls, so that
 * what is measured is the shipped code, not a copy. A submission is not counted (what was
 * submitted is derived from what completed and what is in flight), so it has no entry here.
 *
 * <ul>
 * <li>{@code baseline}: reads what the counting reads (kind, bytes, lease) and sinks it.</li>
 * <li>{@code completedOnIoThread}: the count of a completion made on an I/O thread, into that
 *     thread's own cells (the common case).</li>
 * <li>{@code completedElsewhere}: the count of a completion made off the I/O threads, into
 *     striped counters.</li>
 * <li>{@code turn}: the per-turn bookkeeping an I/O thread adds ({@code beginTurn} with its turn
 *     count, {@code woke}/{@code awaitingIo} with nothing recording).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StatsCountingBenchmark {
    private StatsCounters stats;
    private IoThreadCounters mine;
    private CompletionBatch batch;
    private Operation op;

    /** Makes one completed receive and this thread's counters. */
    @Setup(Level.Trial)
    public void setUp() {
        stats = new StatsCounters("bench");
        mine = stats.register();
        batch = new CompletionBatch(new LinkedCompletionQueue(), null, stats, "bench");
        op = new Operation(1, OpKind.RECV, null, null, null, 0, null);
        op.addTransferred(64);
        op.finish(CompletionStatus.OK, 0, null, null);
    }

    /**
     * @param bh the sink
     */
    @Benchmark
    public void baseline(Blackhole bh) {
        bh.consume(op.kind());
        bh.consume(op.bytesTransferred());
        bh.consume(op.lease());
    }

    /** The count of one completion on its I/O thread. */
    @Benchmark
    public void completedOnIoThread() {
        stats.completed(op, CompletionStatus.OK, mine);
    }

    /** The count of one completion off the I/O threads. */
    @Benchmark
    public void completedElsewhere() {
        stats.completed(op, CompletionStatus.OK, null);
    }

    /** One loop turn's bookkeeping, nothing recording. */
    @Benchmark
    public void turn() {
        batch.beginTurn();
        batch.awaitingIo();
        batch.woke();
    }
}
