package io.overlap.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.examples.Main;
import io.overlap.examples.echo.EchoConfig;
import io.overlap.examples.echo.EchoServer;
import io.overlap.examples.echo.EchoStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The load client against the real echo server, and against servers that break the echo on purpose. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadClientTest {
    private static final Duration RUN = Duration.ofSeconds(2);
    private static final PrintStream NOWHERE = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private static EchoServer echo() throws Exception {
        return EchoServer.start(new EchoConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096, 2));
    }

    @Test
    void smallMessagesAgainstTheEchoServerHaveNoErrors() throws Exception {
        EchoServer server = echo();
        try {
            LoadResult r = LoadClient.run(LoadOptions.of(server.address(), 20, 100, 4, RUN), NOWHERE);
            assertEquals(0, r.errors(), r::summary);
            assertEquals(20, r.connected(), r::summary);
            assertTrue(r.roundTrips() > 0 && r.roundTripsPerSecond() > 0, r::summary);
            assertEquals(r.roundTrips() * 100, r.bytes(), "every round trip is one whole message");
            assertTrue(r.p50() > 0 && r.p50() <= r.p99() && r.p99() <= r.max(), r::summary);
            assertEquals(0, r.exitCode());
            assertTrue(r.summary().contains("PASS"), r::summary);
        } finally {
            server.close(); // right after the client's close, while its connections are still ending
        }
        EchoStats s = server.stats();
        assertEquals(20, s.accepted());
        assertEquals(20, s.closed(), "every connection ended and was counted, however its last operation went");
        assertEquals(0, s.open());
        assertEquals(0, server.bufferPool().leased(), "every pooled receive's lease was given back");
    }

    @Test
    void aServerWithFarFewerBuffersThanBusyConnectionsStillEchoesEveryByte() throws Exception {
        // 20 connections with 4 messages each in flight share 3 buffers: receives wait for one
        EchoServer server = EchoServer.start(new EchoConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                256, 2).withPoolBuffers(3));
        try {
            LoadResult r = LoadClient.run(LoadOptions.of(server.address(), 20, 1000, 4, RUN), NOWHERE);
            assertTrue(r.passed(), r::summary);
            assertEquals(20, r.connected(), r::summary);
        } finally {
            server.close();
        }
        assertTrue(server.stats().peakLeased() <= 3, "bounded: " + server.stats().peakLeased());
        assertEquals(0, server.bufferPool().leased());
        assertTrue(server.stats().bytesIn() >= server.stats().bytesOut(),
                "never more out than in (echoes end when the client hangs up mid-message)");
    }

    @Test
    void messagesLargerThanOneReceiveAreReassembledAndChecked() throws Exception {
        try (EchoServer server = echo()) { // 4 KiB receives: a 100,000-byte message takes many
            LoadResult r = LoadClient.run(LoadOptions.of(server.address(), 3, 100_000, 2, RUN), NOWHERE);
            assertTrue(r.passed(), r::summary);
            assertTrue(server.stats().bytesIn() >= r.bytes(), "the server saw at least what came back");
        }
    }

    @ParameterizedTest
    @EnumSource(value = FaultyEchoServer.Fault.class, names = {"CORRUPT", "DROP", "DOUBLE"})
    void oneBadByteIsFoundAndFailsTheRun(FaultyEchoServer.Fault fault) throws Exception {
        try (FaultyEchoServer server = new FaultyEchoServer(fault, 1000)) {
            LoadResult r = LoadClient.run(LoadOptions.of(server.address(), 4, 64, 2, RUN), NOWHERE);
            assertEquals(1, r.errors(), r::summary);
            assertEquals(1, r.errors(ErrorKind.MISMATCH), r::summary);
            Matcher m = Pattern.compile("conn \\d+: byte 1,(\\d{3}) of the stream is 0x\\p{XDigit}{2}, expected 0x\\p{XDigit}{2}")
                    .matcher(r.firstErrors().get(0));
            assertTrue(m.matches(), r::summary);
            // where the stream first differs: at the fault, or a few bytes on if neighbours happen to be equal
            assertTrue(Integer.parseInt(m.group(1)) < 10, r::summary);
            assertTrue(r.roundTrips() > 0, "the three good connections kept going");
            assertEquals(1, r.exitCode());
            assertTrue(r.summary().contains("FAIL: 1 error(s)"), r::summary);
        }
    }

    @Test
    void aServerThatStopsEchoingIsReportedAsStalled() throws Exception {
        try (FaultyEchoServer server = new FaultyEchoServer(FaultyEchoServer.Fault.SILENT, 0)) {
            LoadResult r = LoadClient.run(LoadOptions.of(server.address(), 3, 64, 1, RUN), NOWHERE);
            assertEquals(3, r.errors(ErrorKind.STALLED), r::summary);
            assertEquals(0, r.roundTrips());
            assertEquals(1, r.exitCode());
        }
    }

    @Test
    void aStopRequestEndsTheRunSoonWithWhatWasMeasured() throws Exception {
        try (EchoServer server = echo()) {
            CountDownLatch stop = new CountDownLatch(1);
            AtomicLong stoppedAt = new AtomicLong();
            Thread ctrlC = new Thread(() -> {
                // more than one message's echo from the 4 connections: at least one round trip is measured
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                try {
                    while (server.stats().bytesOut() <= 4 * 64 && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stoppedAt.set(System.nanoTime());
                stop.countDown();
            });
            ctrlC.start();
            LoadResult r = LoadClient.run(LoadOptions.of(server.address(), 4, 64, 1, Duration.ofSeconds(60)), NOWHERE, stop);
            long tookMs = (System.nanoTime() - stoppedAt.get()) / 1_000_000;
            ctrlC.join(5_000);
            assertTrue(tookMs < 5_000, "the run returned " + tookMs + " ms after the stop request");
            assertTrue(r.stoppedEarly(), r::summary);
            assertTrue(r.passed() && r.roundTrips() > 0, r::summary);
            assertTrue(r.elapsed().compareTo(Duration.ofSeconds(60)) < 0, r::summary);
            assertTrue(r.summary().contains("(stopped early)"), r::summary);
        }
    }

    @Test
    void nobodyListeningIsAConnectError() throws Exception {
        // a port held bound but not listening: a merely free one may be given to a connecting
        // socket as its own port, which then meets itself and connects
        try (Socket holder = new Socket()) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress refusing = new InetSocketAddress(InetAddress.getLoopbackAddress(), holder.getLocalPort());
            LoadResult r = LoadClient.run(LoadOptions.of(refusing, 2, 64, 1, RUN), NOWHERE);
            assertEquals(2, r.errors(ErrorKind.CONNECT), r::summary);
            assertEquals(1, r.exitCode());
        }
    }

    @Test
    void theCommandExitsNonZeroAndSaysWhyWhenAByteIsCorrupted() throws Exception {
        try (FaultyEchoServer server = new FaultyEchoServer(FaultyEchoServer.Fault.CORRUPT, 10)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Main.run(new String[] {"load", "--port", String.valueOf(server.address().getPort()),
                "--conns", "2", "--duration", "1s", "--progress", "never"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, status, text + err.toString(StandardCharsets.UTF_8));
            assertTrue(text.contains("wrong bytes 1"), text);
            assertTrue(text.contains("byte 10 of the stream is 0x"), text);
        }
    }
}
