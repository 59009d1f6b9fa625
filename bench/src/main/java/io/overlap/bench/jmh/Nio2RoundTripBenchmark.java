package io.overlap.bench.jmh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * The baseline for {@link RoundTripBenchmark}'s queue mode: the same send and receive of 64
 * bytes on a loopback pair, through the JDK's own completion API ({@code
 * AsynchronousSocketChannel} with futures), waited for by the benchmark thread. Per operation,
 * so the two read the same way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Nio2RoundTripBenchmark {
    private static final int SIZE = 64;

    /** Where the bytes go, as in {@link RoundTripBenchmark}: a loopback pair's other end or an echo peer. */
    @Param({"pair", "echo"})
    public String peer;

    private AsynchronousServerSocketChannel server;
    private AsynchronousSocketChannel sender;
    private AsynchronousSocketChannel receiver;
    private EchoPeer echo;
    private final ByteBuffer out = ByteBuffer.allocateDirect(SIZE);
    private final ByteBuffer in = ByteBuffer.allocateDirect(SIZE);

    /**
     * Connects a loopback pair, or to an echo peer, on the default channel group.
     *
     * @throws Exception if the pair cannot be set up within 5 s
     */
    @Setup(Level.Trial)
    public void open() throws Exception {
        sender = AsynchronousSocketChannel.open();
        if (peer.equals("echo")) {
            echo = EchoPeer.start();
            sender.connect(echo.address()).get(5, TimeUnit.SECONDS);
            receiver = sender;
        } else {
            server = AsynchronousServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Future<AsynchronousSocketChannel> accepted = server.accept();
            sender.connect(server.getLocalAddress()).get(5, TimeUnit.SECONDS);
            receiver = accepted.get(5, TimeUnit.SECONDS);
        }
        sender.setOption(StandardSocketOptions.TCP_NODELAY, true);
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
        if (server != null) {
            server.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    /**
     * One send and receives until its bytes are in.
     *
     * @return bytes received
     * @throws InterruptedException if interrupted
     * @throws ExecutionException if an operation fails
     * @throws TimeoutException if an operation takes more than 5 s
     */
    @Benchmark
    @OperationsPerInvocation(2)
    public long sendAndReceive() throws InterruptedException, ExecutionException, TimeoutException {
        out.clear();
        Future<Integer> sent = sender.write(out);
        long got = 0;
        while (got < SIZE) {
            in.clear();
            got += receiver.read(in).get(5, TimeUnit.SECONDS);
        }
        sent.get(5, TimeUnit.SECONDS);
        return got;
    }
}
