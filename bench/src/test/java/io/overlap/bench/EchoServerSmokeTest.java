package io.overlap.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code ./overlap test} runs of the benchmarks: each echo server starts on loopback, echoes
 * a few messages over two connections, and stops.
 */
class EchoServerSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {"overlap-nio", "overlap-nio-pooled", "overlap-nio-queue", "overlap-nio-queue4", "jdk-nio2", "jdk-selector", "netty-nio", "netty-epoll",
        "netty-iouring"})
    @Timeout(30)
    void echoesOverLoopbackAndStops(String name) throws IOException {
        InetSocketAddress bound;
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (EchoServer server = EchoServers.create(name, ServerOptions.DEFAULTS)) {
            if (name.equals("netty-epoll") && !Epoll.isAvailable() || name.equals("netty-iouring") && !IoUring.isAvailable()) {
                // off Linux (or where io_uring is blocked) the native transport must refuse clearly instead of half-starting
                IOException e = assertThrows(IOException.class, () -> server.start(any, 64));
                assertTrue(e.getMessage().contains("is not available"), e.getMessage());
                return;
            }
            bound = server.start(any, 64);
            assertTrue(bound.getPort() > 0, "bound to a real port");
            assertTrue(server.describe().startsWith(name.replace("-pooled", "").replaceAll("-queue\\d*", "")), server.describe());
            try (Socket a = connect(bound); Socket b = connect(bound)) {
                for (int i = 0; i < 3; i++) {
                    echo(a, "ping " + i + " from a via " + name);
                    echo(b, "ping " + i + " from b");
                }
            }
        }
        assertRefused(bound);
    }

    @Test
    void queueSuffixesNameTheConsumerThreads() {
        assertTrue(EchoServers.create("overlap-nio", ServerOptions.DEFAULTS).describe().contains(" handler-mode"));
        assertTrue(EchoServers.create("overlap-nio-queue", ServerOptions.DEFAULTS).describe().contains(" queue-mode(1 consumer)"));
        String four = EchoServers.create("overlap-nio-queue4", ServerOptions.DEFAULTS).describe();
        assertTrue(four.startsWith("overlap-nio queue-mode(4 workers)") && four.contains("per-connection"), four);
        String pooled = EchoServers.create("overlap-uring-queue4-pooled", ServerOptions.DEFAULTS).describe();
        assertTrue(pooled.startsWith("overlap-uring queue-mode(4 workers)") && pooled.contains("pooled("), pooled);
        assertTrue(EchoServers.names().containsAll(java.util.List.of("overlap-nio-queue4", "overlap-uring-queue4")));
        assertThrows(IllegalArgumentException.class, () -> EchoServers.create("overlap-nio-queue0", ServerOptions.DEFAULTS));
    }

    private static Socket connect(InetSocketAddress to) throws IOException {
        Socket s = new Socket();
        s.connect(to, 5_000);
        s.setSoTimeout(5_000);
        s.setTcpNoDelay(true);
        return s;
    }

    private static void echo(Socket s, String text) throws IOException {
        byte[] sent = text.getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(sent);
        out.flush();
        byte[] back = new byte[sent.length];
        new DataInputStream(s.getInputStream()).readFully(back);
        assertArrayEquals(sent, back, "echoed bytes");
    }

    /** After close, the port no longer accepts: the server really stopped listening. */
    private static void assertRefused(InetSocketAddress bound) {
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(bound, 2_000);
            }
        });
    }
}
