package io.overlap.conformance;

import static io.overlap.CompletionStatus.CANCELLED;
import static io.overlap.CompletionStatus.CONNECTION_REFUSED;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.OpKind;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Accept and connect: guarantees 1 and 5. */
public class AcceptConnectScenarios extends ConnectionScenarioSupport {

    @Test
    void accept_and_connect_complete_ok_with_each_others_addresses() {
        Listener l = io.listener();
        long a = io.ledger().submitted(io.proactor().submitAccept(l, "accept-tag"));
        long c = io.ledger().submitted(io.proactor().submitConnect(l.localAddress(), "connect-tag"));
        Completion accepted = io.await(a, OK);
        Completion connected = io.await(c, OK);
        Connection server = accepted.connection();
        Connection client = connected.connection();

        assertEquals(OpKind.ACCEPT, accepted.kind());
        assertSame(l, accepted.handle(), "an accept's handle is its listener");
        assertEquals("accept-tag", accepted.attachment());
        assertEquals(OpKind.CONNECT, connected.kind());
        assertSame(client, connected.handle(), "a successful connect's handle is the new connection");
        assertEquals("connect-tag", connected.attachment());
        assertEquals(0, accepted.bytesTransferred() + connected.bytesTransferred());
        assertEquals(l.localAddress().getPort(), client.remoteAddress().getPort());
        assertEquals(client.localAddress().getPort(), server.remoteAddress().getPort());
        assertEquals(server.localAddress().getPort(), client.remoteAddress().getPort());
        assertTrue(server.isOpen() && client.isOpen());
        assertTrue(server.id() != client.id() && server.id() != l.id(), "handle ids are unique in a proactor");
    }

    @Test
    void accept_completes_for_a_blocking_socket_with_its_address() {
        Listener l = io.listener();
        long a = io.accept(l);
        Socket s = io.socketTo(l.localAddress());
        Connection c = io.await(a, OK).connection();
        assertEquals(s.getLocalPort(), c.remoteAddress().getPort());
        Bytes.write(s, "ping");
        ByteBuffer dst = ByteBuffer.allocate(4);
        while (dst.hasRemaining()) {
            io.await(io.recv(c, dst), OK);
        }
        assertEquals("ping", Bytes.filledText(dst));
    }

    @Test
    void connect_completes_ok_to_a_blocking_server_socket() throws Exception {
        ServerSocket ss = io.serverSocket();
        long id = io.connect(new java.net.InetSocketAddress(io.loopback(), ss.getLocalPort()));
        Connection c = io.await(id, OK).connection();
        try (Socket peer = ss.accept()) {
            peer.setSoTimeout((int) Harness.AWAIT.toMillis());
            assertEquals(c.localAddress().getPort(), peer.getPort());
            io.await(io.send(c, Bytes.utf8("hello")), OK);
            assertArrayEquals("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8), Bytes.readFully(peer, 5));
        }
    }

    @Test
    void connect_to_a_port_nobody_listens_on_completes_connection_refused() {
        long id = io.connect(io.refusingAddress(io.loopback()));
        Completion c = io.await(id, CONNECTION_REFUSED);
        assertNull(c.connection(), "a refused connect has no connection");
        assertNull(c.handle(), "a failed connect has no handle");
        assertNotNull(c.message(), "a refused connect says why");
        // the proactor stays healthy
        io.await(io.connect(io.listener().localAddress()), OK);
    }

    @Test
    void several_pending_accepts_each_complete_with_a_distinct_connection() {
        Listener l = io.listener();
        List<Long> accepts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            accepts.add(io.accept(l));
        }
        Set<Integer> clientPorts = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            clientPorts.add(io.socketTo(l.localAddress()).getLocalPort());
        }
        Set<Integer> acceptedPorts = new HashSet<>();
        Set<Long> ids = new HashSet<>();
        for (Completion c : io.awaitAll(accepts, OK)) {
            acceptedPorts.add(c.connection().remoteAddress().getPort());
            ids.add(c.connection().id());
        }
        assertEquals(clientPorts, acceptedPorts, "each client accepted exactly once");
        assertEquals(8, ids.size());
    }

    @Test
    void cancel_of_a_pending_connect_completes_cancelled() {
        for (long id : PendingConnects.submit(io)) {
            assertTrue(io.cancel(id), "the connect was pending");
            Completion c = io.await(id, CANCELLED);
            assertNull(c.connection(), "a cancelled connect has no connection");
        }
        // the proactor stays healthy
        io.await(io.connect(io.listener().localAddress()), OK);
    }

    @Test
    void proactor_close_completes_a_pending_connect_cancelled() {
        java.util.Set<Long> pending = PendingConnects.submit(io);
        io.close();
        for (long id : pending) {
            Completion c = io.ledger().completion(id);
            assertNotNull(c, "every pending connect completed before Proactor.close() returned");
            assertEquals(CANCELLED, c.status(), () -> "status of " + c);
        }
    }
}
