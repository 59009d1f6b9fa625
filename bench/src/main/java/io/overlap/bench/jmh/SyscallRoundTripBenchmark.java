package io.overlap.bench.jmh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under {@link RoundTripBenchmark} and {@link Nio2RoundTripBenchmark}: the same send
 * and receive of 64 bytes on a loopback pair as two bare non-blocking {@code write} and
 * {@code read} system calls on the benchmark thread, with no completion API at all. Neither
 * library can do the round trip in less than these two calls take on the machine at hand, so
 * this score, taken in the same run, says how much of the others' is the kernel's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SyscallRoundTripBenchmark {
    private static final int SIZE = 64;

    private ServerSocketChannel server;
    private SocketChannel sender;
    private SocketChannel receiver;
    private final ByteBuffer out = ByteBuffer.allocateDirect(SIZE);
    private final ByteBuffer in = ByteBuffer.allocateDirect(SIZE);

    /**
     * Connects a loopback pair and makes both ends non-blocking.
     *
     * @throws IOException if the pair cannot be set up
     */
    @Setup(Level.Trial)
    public void open() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        sender = SocketChannel.open(server.getLocalAddress());
        receiver = server.accept();
        sender.setOption(StandardSocketOptions.TCP_NODELAY, true);
        sender.configureBlocking(false);
        receiver.configureBlocking(false);
    }

    /**
     * Closes the pair and the listener.
     *
     * @throws IOException if closing fails
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        sender.close();
        receiver.close();
        server.close();
    }

    /**
     * One write and reads until its bytes are in (a read that finds nothing yet is tried again,
     * so a round trip is never cheaper than the data's arrival).
     *
     * @return bytes received
     * @throws IOException if a call fails or the peer closes
     */
    @Benchmark
    @OperationsPerInvocation(2)
    public long sendAndReceive() throws IOException {
        out.clear();
        while (out.hasRemaining()) {
            sender.write(out);
        }
        long got = 0;
        while (got < SIZE) {
            in.clear();
            int n = receiver.read(in);
            if (n < 0) {
                throw new IOException("peer closed");
            }
            got += n;
        }
        return got;
    }
}
