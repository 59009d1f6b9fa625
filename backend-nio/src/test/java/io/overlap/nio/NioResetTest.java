package io.overlap.nio;

import static io.overlap.nio.Net.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real peer reset, as each operation of the connection sees it. */
@Timeout(30)
class NioResetTest {

    /** Defect 5: the socket reports a reset once; the connection remembers it. */
    @Test
    void a_receive_after_a_reset_seen_by_a_send_completes_connection_reset_not_end_of_stream() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 8, Net.LOOPBACK.getAddress());
                Proactor p = Net.open(ProactorConfig.builder().ioThreads(1))) {
            Socket[] peer = new Socket[1];
            Connection c = connect(p, server, peer);
            reset(peer[0]); // RST
            Completion send = null;
            for (int i = 0; i < 200; i++) {
                send = await(p, p.submitSend(c, ByteBuffer.allocate(16)));
                if (send.status() != CompletionStatus.OK) {
                    break;
                }
                Thread.sleep(5); // the reset is on its way: the next send sees it
            }
            assertEquals(CompletionStatus.CONNECTION_RESET, send.status(), send.toString());
            assertEquals(CompletionStatus.CONNECTION_RESET, await(p, p.submitRecv(c, ByteBuffer.allocate(8))).status());
            assertEquals(CompletionStatus.CONNECTION_RESET, await(p, p.submitSend(c, ByteBuffer.allocate(8))).status());
        }
    }

    /** A reset seen by the pending receive also ends the pending send, with what it wrote. */
    @Test
    void a_reset_seen_by_a_receive_completes_the_pending_send_with_its_partial_count() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 8, Net.LOOPBACK.getAddress());
                Proactor p = Net.open(ProactorConfig.builder().ioThreads(1))) {
            Socket[] peer = new Socket[1];
            Connection c = connect(p, server, peer);
            long send = p.submitSend(c, ByteBuffer.allocateDirect(64 << 20)); // the peer never reads: pending
            long recv = p.submitRecv(c, ByteBuffer.allocate(8));
            // the send has written part of itself once bytes reach the peer, which never reads
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (peer[0].getInputStream().available() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(peer[0].getInputStream().available() > 0, "the send wrote nothing within 10 s");
            assertEquals(2, p.inFlight(), "both pending");
            reset(peer[0]);
            Completion r = await(p, recv);
            Completion s = await(p, send);
            assertEquals(CompletionStatus.CONNECTION_RESET, r.status(), r.toString());
            assertEquals(CompletionStatus.CONNECTION_RESET, s.status(), s.toString());
            assertTrue(s.bytesTransferred() > 0 && s.bytesTransferred() < 64 << 20, s.toString());
        }
    }

    private static Connection connect(Proactor p, ServerSocket server, Socket[] peer) throws Exception {
        long id = p.submitConnect((java.net.InetSocketAddress) server.getLocalSocketAddress(), null);
        peer[0] = server.accept();
        return await(p, id).connection();
    }

    private static void reset(Socket peer) throws java.io.IOException {
        peer.setSoLinger(true, 0);
        peer.close(); // RST
    }
}
