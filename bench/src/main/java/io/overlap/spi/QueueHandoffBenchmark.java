package io.overlap.spi;

import io.overlap.OpKind;
import io.overlap.ProactorClosedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The completion queue alone, no sockets: the benchmark thread offers {@code burst} completions
 * one by one to a queue that {@code consumers} threads take from, each sending what it took back
 * through a second queue, and waits for all of them. A score is one such round: each completion
 * crosses two queues, so it prices the hand-off to a waiting consumer (spin or park and wake) and
 * back. It sits in {@code io.overlap.spi} to reach the package-private queue, and uses only the
 * methods every version of it has, so an older api jar put ahead of the bench jar on the class
 * path measures the older queue with the same code.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QueueHandoffBenchmark {
    /** Completions offered per round. */
    @Param({"1", "16"})
    public int burst;

    /** Threads taking from the first queue. */
    @Param({"1", "2"})
    public int consumers;

    private LinkedCompletionQueue out;
    private LinkedCompletionQueue back;
    private Operation[] ops;
    private final List<Thread> threads = new ArrayList<>();

    /** Starts the consumer threads. */
    @Setup(Level.Trial)
    public void open() {
        out = new LinkedCompletionQueue();
        back = new LinkedCompletionQueue();
        ops = new Operation[burst];
        for (int i = 0; i < burst; i++) {
            ops[i] = new Operation(i, OpKind.SEND, null, null, null, 0, null);
        }
        for (int i = 0; i < consumers; i++) {
            Thread t = new Thread(this::echo, "queue-echo-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void echo() {
        try {
            while (true) {
                back.offer((Operation) out.take());
            }
        } catch (ProactorClosedException | InterruptedException stop) {
            // closed: the trial is over
        }
    }

    /**
     * Stops the consumer threads.
     *
     * @throws InterruptedException if interrupted while joining them
     */
    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
        out.close();
        for (Thread t : threads) {
            t.join(5_000);
        }
    }

    /**
     * One round: {@code burst} offers, each taken by a consumer and offered back, all taken here.
     *
     * @return the sum of the ids taken back, so nothing is optimised away
     * @throws InterruptedException if interrupted while waiting
     */
    @Benchmark
    public long round() throws InterruptedException {
        for (Operation op : ops) {
            out.offer(op);
        }
        long sum = 0;
        for (int i = 0; i < burst; i++) {
            io.overlap.Completion c = back.poll(5, TimeUnit.SECONDS);
            if (c == null) {
                throw new IllegalStateException("a completion did not come back within 5 s");
            }
            sum += c.id();
        }
        return sum;
    }
}
