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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot path: one receive submitted on one end of a loopback pair and one send of
 * {@code size} bytes on the other, then both completions taken. Scores are per operation (two
 * per invocation), so {@code -prof gc}'s {@code gc.alloc.rate.norm} is the allocation per
 * submitted operation, the caller's reused buffers and buffer arrays excluded.
 *
 * <p>{@code queue}: completions taken from the {@link CompletionQueue} with a bounded
 * {@code poll}; {@code handler}: completions counted by a {@code CompletionHandler} on the I/O
 * thread while the benchmark thread spins.
 *
 * <p>{@code peer}: {@code pair} sends on one end and receives on the other, so the data is there
 * when the receive is submitted; {@code echo} sends to an {@link EchoPeer} and receives its
 * answer on the same connection, so the receive waits for the peer's wake-up.
 *
 * <p>{@code callerIo}: {@code false} turns caller-thread I/O off ({@code io.overlap.nio.callerIo}
 * and {@code io.overlap.uring.callerIo}), which puts every operation through the I/O thread as
 * before it existed; winsock ignores it (its I/O is always started on its own threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoundTripBenchmark {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Queue mode or handler mode. */
    @Param({"queue", "handler"})
    public String mode;

    /** Bytes per send. */
    @Param({"64"})
    public int size;

    /** Where the bytes go: the other end of a loopback pair, or an echo peer that sends them back. */
    @Param({"pair", "echo"})
    public String peer;

    /** Caller-thread I/O on or off, nio and uring (each value runs in a JVM of its own). */
    @Param({"true"})
    public boolean callerIo;

    private Proactor proactor;
    private CompletionQueue queue;
    private LoopbackPair pair;
    private EchoPeer echo;
    private final AtomicInteger handled = new AtomicInteger();
    private final BlockingQueue<Completion> setupCompletions = new LinkedBlockingQueue<>();
    private volatile boolean measuring;
    private int expected;
    private ByteBuffer out;
    private ByteBuffer in;
    private ByteBuffer[] outs;
    private ByteBuffer[] ins;

    /**
     * Opens a one-thread proactor and a connected pair.
     *
     * @throws IOException if the loopback pair cannot be set up
     */
    @Setup(Level.Trial)
    public void open() throws IOException {
        // read when the backend first submits, which is after this in a fork of its own
        System.setProperty("io.overlap.nio.callerIo", Boolean.toString(callerIo));
        System.setProperty("io.overlap.uring.callerIo", Boolean.toString(callerIo));
        ProactorConfig.Builder config = ProactorConfig.builder().ioThreads(1);
        if (mode.equals("handler")) {
            config.completionHandler(this::onCompletion);
        }
        proactor = Proactor.open(config.build());
        queue = mode.equals("handler") ? null : proactor.completions();
        if (peer.equals("echo")) {
            echo = EchoPeer.start();
            pair = LoopbackPair.toEcho(proactor, echo.address(), this::nextSetupCompletion);
        } else {
            Listener listener = proactor.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            pair = LoopbackPair.open(proactor, listener, this::nextSetupCompletion);
            proactor.close(listener);
        }
        out = ByteBuffer.allocateDirect(size);
        in = ByteBuffer.allocateDirect(size);
        outs = new ByteBuffer[] {out};
        ins = new ByteBuffer[] {in};
        measuring = true;
    }

    private void onCompletion(Completion c) {
        if (!measuring) {
            setupCompletions.add(c);
            return;
        }
        if (!c.isOk()) {
            throw new IllegalStateException("benchmark operation failed: " + c);
        }
        handled.incrementAndGet();
    }

    private Completion nextSetupCompletion() {
        try {
            Completion c = queue != null ? queue.poll(5, TimeUnit.SECONDS) : setupCompletions.poll(5, TimeUnit.SECONDS);
            if (c == null) {
                throw new IllegalStateException("no completion within 5 s during setup");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Closes the proactor (and with it the pair) and the echo peer.
     *
     * @throws IOException if the echo peer fails to close
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        if (proactor != null) {
            proactor.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    /**
     * One receive and one send, both completed; the receive may complete with fewer bytes than
     * sent, in which case further receives take the rest.
     *
     * @return bytes received, so nothing is optimised away
     * @throws InterruptedException if interrupted while waiting
     */
    @Benchmark
    @OperationsPerInvocation(2)
    public long sendAndReceive() throws InterruptedException {
        out.clear();
        long got = 0;
        proactor.submitSend(pair.sender, outs, null);
        int ops = 1;
        while (got < size) {
            in.clear();
            proactor.submitRecv(pair.receiver, ins, null);
            ops++;
            got += awaitRecv(ops);
            ops = 0;
        }
        return got;
    }

    /**
     * Waits until {@code ops} completions (one of them the receive) are in; returns the
     * receive's byte count.
     */
    private long awaitRecv(int ops) throws InterruptedException {
        if (queue != null) {
            long bytes = 0;
            for (int i = 0; i < ops; i++) {
                Completion c = queue.poll(5, TimeUnit.SECONDS);
                if (c == null || !c.isOk()) {
                    throw new IllegalStateException("no or failed completion: " + c);
                }
                if (c.buffers()[0] == in) {
                    bytes = c.bytesTransferred();
                }
            }
            return bytes;
        }
        expected += ops;
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (handled.get() < expected) {
            Thread.onSpinWait();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no completion within 5 s");
            }
        }
        return in.position();
    }
}
