package io.overlap.bench.jmh;

import io.overlap.Completion;
import io.overlap.CompletionQueue;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Several consumer threads sharing one completion queue through {@code drain}: each thread owns a
 * loopback pair, submits a send and a receive on it, then drains the shared queue (batches of up
 * to 16, bounded wait) and routes every completion to its owner through the attachment, until its
 * own two are in. That is how an application spreads completion work over a thread pool.
 * Scores are per operation; run with {@code -t N} for other thread counts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class DrainBenchmark {
    private static final int BATCH = 16;

    private Proactor proactor;
    private CompletionQueue queue;
    private Listener listener;

    /** Routes a completion to the thread that submitted it. */
    private static final Consumer<Completion> ROUTE = c -> {
        if (!c.isOk()) {
            throw new IllegalStateException("benchmark operation failed: " + c);
        }
        ((ConsumerThread) c.attachment()).done.incrementAndGet();
    };

    /**
     * Opens the shared proactor, queue mode, one I/O thread.
     *
     * @throws IOException if it cannot listen on loopback
     */
    @Setup(Level.Trial)
    public void open() throws IOException {
        proactor = Proactor.open(ProactorConfig.builder().ioThreads(1).build());
        queue = proactor.completions();
        listener = proactor.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    }

    /** Closes the proactor and every pair. */
    @TearDown(Level.Trial)
    public void close() {
        proactor.close();
    }

    /** One consumer thread: its pair, its buffers and its count of completions received. */
    @State(Scope.Thread)
    public static class ConsumerThread {
        final AtomicInteger done = new AtomicInteger();
        LoopbackPair pair;
        ByteBuffer[] outs;
        ByteBuffer[] ins;
        int expected;

        /**
         * Connects this thread's pair; one thread at a time, so an accept gets its own connect.
         *
         * @param shared the benchmark's proactor
         * @throws IOException if the pair cannot be set up
         */
        @Setup(Level.Trial)
        public void open(DrainBenchmark shared) throws IOException {
            synchronized (shared) {
                pair = LoopbackPair.open(shared.proactor, shared.listener, () -> {
                    try {
                        Completion c = shared.queue.poll(5, TimeUnit.SECONDS);
                        if (c == null) {
                            throw new IllegalStateException("no completion within 5 s during setup");
                        }
                        return c;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
            }
            outs = new ByteBuffer[] {ByteBuffer.allocateDirect(64)};
            ins = new ByteBuffer[] {ByteBuffer.allocateDirect(64)};
        }
    }

    /**
     * A send of 64 bytes and a receive on this thread's pair, completions drained by whichever
     * consumer gets to them first.
     *
     * @param me this thread's state
     * @return completions this thread handed over, so nothing is optimised away
     * @throws InterruptedException if interrupted while waiting
     */
    @Benchmark
    @OperationsPerInvocation(2)
    public int sendReceiveDrain(ConsumerThread me) throws InterruptedException {
        me.outs[0].clear();
        me.ins[0].clear();
        proactor.submitRecv(me.pair.receiver, me.ins, me);
        proactor.submitSend(me.pair.sender, me.outs, me);
        me.expected += 2;
        int handed = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (me.done.get() < me.expected) {
            handed += queue.drain(ROUTE, BATCH, 1, TimeUnit.MILLISECONDS);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("own completions did not come within 5 s");
            }
        }
        return handed;
    }
}
