package io.overlap.nio;

import static io.overlap.nio.Net.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.UnsupportedAddressTypeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fault at each seam point fails the operation it hit, as the real call failing would (an
 * IOException through the error table, an unchecked one FAILED with its message), and the loop
 * goes on serving.
 */
@Timeout(30)
class NioContainmentTest {
    private final Net.Fault fault = new Net.Fault();
    private final BufferPool pool = BufferPool.of(1024, 4);

    private Proactor open() throws Exception {
        return Net.open(ProactorConfig.builder().ioThreads(1).faultInjector(fault).bufferPool(pool));
    }

    private static ByteBuffer bytes(int n) {
        return ByteBuffer.allocate(n);
    }

    @Test
    void a_runtime_exception_at_read_fails_that_receive_and_the_loop_goes_on() throws Exception {
        try (Proactor p = open()) {
            Connection[] c = Net.pair(p, p.listen(Net.LOOPBACK, 8));
            fault.arm(FaultPoint.READ, 1, () -> new IllegalStateException("injected at read"));
            long r = p.submitRecv(c[0], bytes(8));
            Completion failed = await(p, r);
            assertEquals(CompletionStatus.FAILED, failed.status());
            assertTrue(failed.message().contains("injected at read"), failed.message());
            assertEquals(1, fault.fired.get());
            p.submitSend(c[1], ByteBuffer.wrap(new byte[] {7}));
            Completion ok = await(p, p.submitRecv(c[0], bytes(8)));
            assertEquals(CompletionStatus.OK, ok.status(), ok.toString());
            assertTrue(c[0].isOpen());
        }
    }

    @Test
    void an_io_exception_at_read_fails_the_receives_as_a_real_read_error() throws Exception {
        try (Proactor p = open()) {
            Connection[] c = Net.pair(p, p.listen(Net.LOOPBACK, 8));
            fault.arm(FaultPoint.READ, 1, () -> new IOException("injected"));
            Completion failed = await(p, p.submitRecv(c[0], bytes(8)));
            assertEquals(CompletionStatus.FAILED, failed.status());
            assertEquals("IOException: injected", failed.message());
        }
    }

    @Test
    void a_reset_at_write_fails_every_pending_operation_of_the_connection_and_later_ones() throws Exception {
        try (Proactor p = open()) {
            Connection[] c = Net.pair(p, p.listen(Net.LOOPBACK, 8));
            long r = p.submitRecv(c[0], bytes(8));
            fault.arm(FaultPoint.WRITE, 1, () -> new IOException("Connection reset by peer"));
            long s = p.submitSend(c[0], ByteBuffer.wrap(new byte[] {1}));
            assertEquals(CompletionStatus.CONNECTION_RESET, await(p, s).status());
            assertEquals(CompletionStatus.CONNECTION_RESET, await(p, r).status(), "the pending receive too");
            assertEquals(CompletionStatus.CONNECTION_RESET, await(p, p.submitRecv(c[0], bytes(8))).status());
            assertEquals(CompletionStatus.CONNECTION_RESET,
                    await(p, p.submitSend(c[0], ByteBuffer.wrap(new byte[] {1}))).status());
        }
    }

    @Test
    void a_runtime_exception_at_write_fails_that_send_and_the_next_one_is_written() throws Exception {
        try (Proactor p = open()) {
            Connection[] c = Net.pair(p, p.listen(Net.LOOPBACK, 8));
            fault.arm(FaultPoint.WRITE, 1, () -> new IllegalArgumentException("injected at write"));
            Completion failed = await(p, p.submitSend(c[1], ByteBuffer.wrap(new byte[] {1})));
            assertEquals(CompletionStatus.FAILED, failed.status());
            assertTrue(failed.message().contains("injected at write"), failed.message());
            assertEquals(CompletionStatus.OK, await(p, p.submitSend(c[1], ByteBuffer.wrap(new byte[] {2}))).status());
            ByteBuffer dst = bytes(8);
            assertEquals(CompletionStatus.OK, await(p, p.submitRecv(c[0], dst)).status());
            assertEquals(2, dst.get(0), "the failed send wrote nothing");
        }
    }

    @Test
    void out_of_memory_at_allocate_fails_the_pooled_receive_and_keeps_the_pool_whole() throws Exception {
        try (Proactor p = open()) {
            Connection[] c = Net.pair(p, p.listen(Net.LOOPBACK, 8));
            p.submitSend(c[1], ByteBuffer.wrap(new byte[] {1, 2, 3}));
            fault.arm(FaultPoint.ALLOCATE, 1, () -> new IOException("injected allocation failure"));
            long r = p.submitRecvPooled(c[0], pool, null, null);
            Completion failed = await(p, r);
            assertEquals(CompletionStatus.FAILED, failed.status());
            assertTrue(failed.message().contains("OutOfMemoryError"), failed.message());
            assertEquals(0, pool.leased());
            Completion ok = await(p, p.submitRecvPooled(c[0], pool, null, null));
            assertEquals(CompletionStatus.OK, ok.status(), ok.toString());
            assertEquals(3, ok.lease().buffer().remaining());
            ok.lease().release();
            assertFalse(Net.loopOf(c[0]).isDead());
        }
    }

    @Test
    void an_io_exception_at_accept_fails_one_accept() throws Exception {
        try (Proactor p = open()) {
            Listener l = p.listen(Net.LOOPBACK, 8);
            fault.arm(FaultPoint.ACCEPT, 1, () -> new IOException("Too many open files"));
            Completion failed = await(p, p.submitAccept(l, null));
            assertEquals(CompletionStatus.FAILED, failed.status());
            Connection[] c = Net.pair(p, l);
            assertTrue(c[0].isOpen() && c[1].isOpen());
        }
    }

    @Test
    void an_unsupported_address_at_connect_fails_that_connect() throws Exception {
        try (Proactor p = open()) {
            Listener l = p.listen(Net.LOOPBACK, 8);
            fault.arm(FaultPoint.CONNECT, 1, UnsupportedAddressTypeException::new);
            Completion failed = await(p, p.submitConnect(l.localAddress(), null));
            assertEquals(CompletionStatus.FAILED, failed.status());
            assertTrue(failed.message().contains("UnsupportedAddressTypeException"), failed.message());
            Net.pair(p, l);
        }
    }

    @Test
    void a_connect_to_an_ipv6_remote_opens_an_ipv6_channel() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        Proactor p = open();
        try (p) {
            Listener l;
            try {
                l = p.listen(v6, 8);
            } catch (IOException | UnsupportedOperationException e) {
                // no ::1 here: a connect to it still must reach the OS on an IPv6 channel, so it
                // fails as the network says, never as an IPv4 channel refusing the address
                Completion c = await(p, p.submitConnect(new InetSocketAddress(v6.getAddress(), 9), null));
                assertTrue(c.message() == null || !c.message().contains("UnsupportedAddressType"), c.toString());
                return;
            }
            Connection[] c = Net.pair(p, l);
            assertEquals(v6.getAddress(), c[1].remoteAddress().getAddress());
        }
    }

    @Test
    void a_register_failure_breaks_the_connection_what_waits_fails_and_later_ones_are_closed() throws Exception {
        try (Proactor p = open()) {
            Connection[] c = Net.pair(p, p.listen(Net.LOOPBACK, 8));
            fault.arm(FaultPoint.REGISTER, 1, () -> new IOException("injected at register"));
            Completion failed = await(p, p.submitRecv(c[0], bytes(8)));
            assertEquals(CompletionStatus.FAILED, failed.status(), failed.toString());
            assertFalse(c[0].isOpen(), "broken, so not open");
            assertEquals(CompletionStatus.CLOSED, await(p, p.submitRecv(c[0], bytes(8))).status());
            assertEquals(CompletionStatus.END_OF_STREAM, await(p, p.submitRecv(c[1], bytes(8))).status(),
                    "its channel was released");
        }
    }

    @Test
    void a_register_failure_breaks_the_listener() throws Exception {
        try (Proactor p = open()) {
            Listener l = p.listen(Net.LOOPBACK, 8);
            fault.arm(FaultPoint.REGISTER, 1, () -> new java.io.IOException("injected at register"));
            Completion failed = await(p, p.submitAccept(l, null));
            assertEquals(CompletionStatus.FAILED, failed.status(), failed.toString());
            assertFalse(l.isOpen());
            assertEquals(CompletionStatus.CLOSED, await(p, p.submitAccept(l, null)).status());
        }
    }

    @Test
    void a_bug_while_registering_a_listener_fails_its_accept_and_keeps_the_listener() throws Exception {
        try (Proactor p = open()) {
            Listener l = p.listen(Net.LOOPBACK, 8);
            fault.arm(FaultPoint.REGISTER, 1, () -> new IllegalStateException("injected at register"));
            Completion failed = await(p, p.submitAccept(l, null));
            assertEquals(CompletionStatus.FAILED, failed.status(), failed.toString());
            assertTrue(failed.message().contains("injected at register"), failed.toString());
            assertTrue(l.isOpen(), "a bug in one registration is that accept's, not the listener's");
            long again = p.submitAccept(l, null);
            try (java.net.Socket peer = new java.net.Socket(Net.LOOPBACK.getAddress(), l.localAddress().getPort())) {
                assertTrue(peer.isConnected());
                Completion ok = await(p, again);
                assertEquals(CompletionStatus.OK, ok.status(), ok.toString());
                p.close(ok.connection());
            }
        }
    }
}
