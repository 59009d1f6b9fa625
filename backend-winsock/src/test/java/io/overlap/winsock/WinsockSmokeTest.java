package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Backends;
import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.OpKind;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The winsock backend against the real Winsock: runs on a Windows JVM only (tag
 * {@code windows}: the {@code wine} profile, or a Windows machine). The shared conformance
 * suite is the full proof; these check each native call path end to end.
 */
@Tag("windows")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WinsockSmokeTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private Proactor proactor;

    @BeforeEach
    void open() throws IOException {
        proactor = new WinsockBackend().open(ProactorConfig.builder().ioThreads(2).build());
    }

    @AfterEach
    void close() {
        proactor.close();
    }

    @Test
    void isTheBackendAutoPicksOnWindows() {
        assertTrue(System.getProperty("os.name").startsWith("Windows"), System.getProperty("os.name"));
        assertTrue(new WinsockBackend().availability().isAvailable());
        assertEquals("winsock", Backends.select("auto").name());
        assertEquals("winsock", proactor.backendName());
    }

    @Test
    void acceptConnectSendRecvWithHeapAndDirectBuffers() throws Exception {
        Pair p = pair(proactor);
        byte[] hello = "hello, overlapped".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer src = ByteBuffer.allocateDirect(64).put(hello).flip();
        long send = proactor.submitSend(p.client, src);
        Completion sent = next(proactor, send);
        assertEquals(CompletionStatus.OK, sent.status(), sent.toString());
        assertEquals(hello.length, sent.bytesTransferred());
        assertEquals(hello.length, src.position());

        ByteBuffer dst = ByteBuffer.allocate(100);
        dst.position(7).limit(90).mark();
        int got = 0;
        while (got < hello.length) {
            Completion r = next(proactor, proactor.submitRecv(p.server, dst));
            assertEquals(CompletionStatus.OK, r.status(), r.toString());
            got += (int) r.bytesTransferred();
        }
        assertEquals(7 + hello.length, dst.position());
        assertEquals(90, dst.limit());
        byte[] back = new byte[hello.length];
        dst.flip().position(7);
        dst.get(back);
        assertArrayEquals(hello, back);
        assertEquals(p.client.localAddress(), p.server.remoteAddress());
        assertEquals(p.server.localAddress(), p.client.remoteAddress());
    }

    @Test
    void shutdownOutputGivesEndOfStreamAndRefusedConnectIsReported() throws Exception {
        Pair p = pair(proactor);
        proactor.shutdownOutput(p.client);
        Completion eos = next(proactor, proactor.submitRecv(p.server, ByteBuffer.allocate(8)));
        assertEquals(CompletionStatus.END_OF_STREAM, eos.status(), eos.toString());

        Listener l = proactor.listen(LOOPBACK, 1);
        InetSocketAddress dead = l.localAddress();
        proactor.close(l);
        Completion refused = next(proactor, proactor.submitConnect(dead, null));
        assertEquals(CompletionStatus.CONNECTION_REFUSED, refused.status(), refused.toString());
        assertTrue(refused.nativeError() != 0);
    }

    @Test
    void cancelTimeoutAndCloseCompletePendingReceives() throws Exception {
        Pair p = pair(proactor);
        Completion cancelled;
        long id = proactor.submitRecv(p.server, ByteBuffer.allocate(8));
        assertTrue(proactor.cancel(id));
        cancelled = next(proactor, id);
        assertEquals(CompletionStatus.CANCELLED, cancelled.status(), cancelled.toString());

        Completion timedOut = next(proactor, proactor.submitRecv(p.server, new ByteBuffer[] {ByteBuffer.allocate(8)},
                null, Duration.ofMillis(200)));
        assertEquals(CompletionStatus.TIMED_OUT, timedOut.status(), timedOut.toString());

        // the connection still works after both
        next(proactor, proactor.submitSend(p.client, ByteBuffer.wrap(new byte[] {42})));
        ByteBuffer one = ByteBuffer.allocate(1);
        Completion r = next(proactor, proactor.submitRecv(p.server, one));
        assertEquals(CompletionStatus.OK, r.status(), r.toString());
        assertEquals(42, one.get(0));

        long pending = proactor.submitRecv(p.server, ByteBuffer.allocate(8));
        proactor.close(p.server);
        assertEquals(CompletionStatus.CANCELLED, next(proactor, pending).status());
        assertEquals(CompletionStatus.CLOSED, next(proactor, proactor.submitRecv(p.server, ByteBuffer.allocate(8))).status());
    }

    @Test
    void peerResetIsConnectionReset() throws Exception {
        Listener l = proactor.listen(LOOPBACK, 4);
        long accept = proactor.submitAccept(l, null);
        Socket peer = new Socket();
        peer.connect(l.localAddress(), 5_000);
        Connection server = next(proactor, accept).connection();
        long recv = proactor.submitRecv(server, ByteBuffer.allocate(8));
        peer.setSoLinger(true, 0); // close with RST
        peer.close();
        Completion c = next(proactor, recv);
        assertEquals(CompletionStatus.CONNECTION_RESET, c.status(), c.toString());
    }

    /** The seed's two bugs: clients leaving one after another, and data of one in another's buffer. */
    @Test
    void manyClientsEachGetTheirOwnDataAndLeaveOneAfterAnother() throws Exception {
        Listener l = proactor.listen(LOOPBACK, 64);
        int n = 40;
        List<Socket> peers = new ArrayList<>();
        Map<Long, Connection> byAccept = new HashMap<>();
        try {
            for (int i = 0; i < n; i++) {
                long a = proactor.submitAccept(l, null);
                Socket s = new Socket();
                s.connect(l.localAddress(), 5_000);
                peers.add(s);
                byAccept.put(a, next(proactor, a).connection());
            }
            Map<Long, ByteBuffer> buffers = new HashMap<>();
            Map<Long, Integer> owner = new HashMap<>();
            List<Connection> servers = new ArrayList<>(byAccept.values());
            for (int i = 0; i < n; i++) {
                ByteBuffer b = ByteBuffer.allocate(16);
                long id = proactor.submitRecv(servers.get(i), b);
                buffers.put(id, b);
                owner.put(id, i);
            }
            for (int i = 0; i < n; i++) {
                int port = servers.get(i).remoteAddress().getPort();
                Socket s = peers.stream().filter(x -> x.getLocalPort() == port).findFirst().orElseThrow();
                OutputStream out = s.getOutputStream();
                out.write(("client-" + i).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                s.close(); // one after another, while the server side still has work pending
            }
            for (int k = 0; k < n; k++) {
                Completion c = proactor.completions().poll(30, TimeUnit.SECONDS);
                assertNotNull(c, "completion " + k);
                assertEquals(OpKind.RECV, c.kind());
                assertEquals(CompletionStatus.OK, c.status(), c.toString());
                ByteBuffer b = buffers.get(c.id());
                String text = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
                assertTrue(("client-" + owner.get(c.id())).startsWith(text), text + " in the buffer of client " + owner.get(c.id()));
            }
        } finally {
            for (Socket s : peers) {
                s.close();
            }
        }
    }

    static Completion next(Proactor p, long id) throws InterruptedException {
        Completion c = p.completions().poll(30, TimeUnit.SECONDS);
        assertNotNull(c, "no completion for op " + Long.toHexString(id) + " within 30 s");
        assertEquals(id, c.id(), "completion order: got " + c);
        return c;
    }

    record Pair(Connection client, Connection server) {
    }

    static Pair pair(Proactor p) throws Exception {
        Listener l = p.listen(LOOPBACK, 16);
        long a = p.submitAccept(l, "accept");
        long c = p.submitConnect(l.localAddress(), "connect");
        Map<Long, Completion> done = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            Completion x = p.completions().poll(30, TimeUnit.SECONDS);
            assertNotNull(x, "accept/connect did not complete");
            assertEquals(CompletionStatus.OK, x.status(), x.toString());
            done.put(x.id(), x);
        }
        p.close(l);
        return new Pair(done.get(c).connection(), done.get(a).connection());
    }
}
