package io.overlap.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.overlap.CompletionStatus;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One test per row of the error table, and the JDK's real exceptions for a reset. */
@Timeout(30)
class NioErrorsTest {

    private static CompletionStatus of(Throwable e) {
        return NioErrors.statusOf(e);
    }

    @Test
    void closed_channel_is_closed() {
        assertEquals(CompletionStatus.CLOSED, of(new ClosedChannelException()));
        assertEquals(CompletionStatus.CLOSED, of(new ClosedByInterruptException()));
    }

    @Test
    void asynchronous_close_is_closed() {
        assertEquals(CompletionStatus.CLOSED, of(new AsynchronousCloseException()));
    }

    @Test
    void cancelled_key_is_closed() {
        assertEquals(CompletionStatus.CLOSED, of(new CancelledKeyException()));
    }

    @Test
    void connect_exception_is_refused() {
        assertEquals(CompletionStatus.CONNECTION_REFUSED, of(new ConnectException("Connection refused")));
        assertEquals(CompletionStatus.CONNECTION_REFUSED, of(new ConnectException()));
    }

    @Test
    void connect_timed_out_in_the_kernel_is_failed_never_timed_out() {
        assertEquals(CompletionStatus.FAILED, of(new ConnectException("Connection timed out")));
    }

    @Test
    void port_unreachable_is_refused() {
        assertEquals(CompletionStatus.CONNECTION_REFUSED, of(new PortUnreachableException("ICMP Port Unreachable")));
    }

    @Test
    void no_route_to_host_is_failed() {
        assertEquals(CompletionStatus.FAILED, of(new NoRouteToHostException("No route to host")));
    }

    @Test
    void bind_exception_is_failed() {
        assertEquals(CompletionStatus.FAILED, of(new BindException("Address already in use")));
    }

    @Test
    void socket_timeout_is_failed_never_timed_out() {
        assertEquals(CompletionStatus.FAILED, of(new SocketTimeoutException("Read timed out")));
        assertEquals(CompletionStatus.FAILED, of(new IOException("Connection timed out")));
    }

    @Test
    void reset_by_text_where_the_jdk_gives_only_text() {
        assertEquals(CompletionStatus.CONNECTION_RESET, of(new SocketException("Connection reset")));
        assertEquals(CompletionStatus.CONNECTION_RESET, of(new IOException("Connection reset by peer")));
        assertEquals(CompletionStatus.CONNECTION_RESET, of(new IOException("Broken pipe")));
        assertEquals(CompletionStatus.CONNECTION_RESET, of(new IOException("Software caused connection abort")));
        assertEquals(CompletionStatus.CONNECTION_RESET,
                of(new IOException("An existing connection was forcibly closed by the remote host")));
    }

    @Test
    void anything_else_is_failed() {
        assertEquals(CompletionStatus.FAILED, of(new IOException("injected")));
        assertEquals(CompletionStatus.FAILED, of(new IOException()));
        assertEquals(CompletionStatus.FAILED, of(new UnsupportedAddressTypeException()));
        assertEquals(CompletionStatus.FAILED, of(new IllegalStateException("a bug")));
        assertEquals(CompletionStatus.FAILED, of(new OutOfMemoryError("Direct buffer memory")));
    }

    /** The table's text rows hold for what this JDK really throws on a reset peer. */
    @Test
    void the_jdks_own_reset_exceptions_map_to_reset() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(Net.LOOPBACK);
            InetSocketAddress at = (InetSocketAddress) server.getLocalAddress();
            try (SocketChannel reader = SocketChannel.open(at)) {
                reset(server.accept());
                IOException e = assertThrows(IOException.class, () -> {
                    for (int i = 0; i < 100; i++) {
                        if (reader.read(ByteBuffer.allocate(16)) < 0) {
                            break;
                        }
                    }
                });
                assertEquals(CompletionStatus.CONNECTION_RESET, of(e), e.toString());
            }
            try (SocketChannel writer = SocketChannel.open(at)) {
                reset(server.accept());
                IOException e = assertThrows(IOException.class, () -> {
                    for (int i = 0; i < 100; i++) {
                        writer.write(ByteBuffer.allocate(16));
                        Thread.sleep(10);
                    }
                });
                assertEquals(CompletionStatus.CONNECTION_RESET, of(e), e.toString());
            }
        }
    }

    @Test
    void the_jdks_own_refusal_maps_to_refused() throws Exception {
        InetSocketAddress free;
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(Net.LOOPBACK);
            free = (InetSocketAddress) s.getLocalAddress();
        }
        try (SocketChannel ch = SocketChannel.open()) {
            IOException e = assertThrows(IOException.class, () -> ch.connect(free));
            assertEquals(CompletionStatus.CONNECTION_REFUSED, of(e), e.toString());
        }
    }

    private static void reset(SocketChannel peer) throws IOException {
        peer.setOption(StandardSocketOptions.SO_LINGER, 0);
        peer.close();
    }
}
