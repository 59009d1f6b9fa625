package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.FaultPoint;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link EmulatedWinsock} keeps the Winsock rules the backend relies on, over real loopback sockets. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EmulatedWinsockTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final int INCOMPLETE = WinError.WSA_IO_INCOMPLETE;

    private final EmulatedWinsock ws = new EmulatedWinsock();

    @BeforeEach
    void start() {
        ws.startup();
    }

    @AfterEach
    void nothingLeftBehind() {
        ws.cleanup();
        assertEquals(List.of(), ws.violations());
        assertEquals(0, ws.liveSockets(), "sockets left open");
        assertEquals(0, ws.liveEvents(), "events left open");
        assertEquals(0, ws.liveBlocks(), "blocks left allocated");
    }

    /** An op's block and event, freed at the end. */
    private final class Op implements AutoCloseable {
        final Winsock.Block block = ws.newBlock();
        final long event = ws.createEvent();

        @Override
        public void close() {
            ws.freeBlock(block);
            ws.closeEvent(event);
        }
    }

    /** An accepted emulated socket and its java.net peer. */
    private record Pair(long socket, Socket peer) implements AutoCloseable {
        @Override
        public void close() throws java.io.IOException {
            peer.close();
        }
    }

    private Pair connected(long listener) throws Exception {
        long a = ws.openSocket(false, FaultPoint.ACCEPT);
        try (Op op = new Op()) {
            assertEquals(0, ws.startAccept(listener, a, op.block, op.event));
            Socket peer = new Socket(InetAddress.getLoopbackAddress(), ws.localAddress(listener).getPort());
            assertEquals(0, IoResult.error(awaitResultOn(listener, op)));
            assertEquals(peer.getLocalSocketAddress(), ws.acceptedAddresses(op.block).remote());
            ws.updateAcceptContext(a, listener);
            return new Pair(a, peer);
        }
    }

    private long awaitResultOn(long socket, Op op) {
        assertEquals(0, ws.waitAny(new long[] {op.event}, 0, 1, 10_000), "the event was not signalled");
        return ws.result(socket, op.block);
    }

    private long listener() throws Exception {
        long l = ws.openSocket(false, FaultPoint.OTHER);
        ws.bind(l, ANY_LOOPBACK, FaultPoint.OTHER);
        ws.listen(l, 8);
        return l;
    }

    @Test
    void a_receive_is_incomplete_until_data_comes_and_leaves_the_callers_positions_alone() throws Exception {
        long l = listener();
        try (Pair p = connected(l); Op op = new Op()) {
            ByteBuffer b = ByteBuffer.allocateDirect(16);
            assertEquals(0, ws.startRecv(p.socket(), op.block, op.event, new ByteBuffer[] {b}, 1));
            assertEquals(INCOMPLETE, IoResult.error(ws.result(p.socket(), op.block)));
            p.peer().getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            long r = awaitResultOn(p.socket(), op);
            assertEquals(0, IoResult.error(r));
            assertEquals(5, IoResult.bytes(r));
            assertEquals(0, b.position(), "the kernel writes memory, not the buffer's position");
            byte[] got = new byte[5];
            b.get(got);
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), got);
            ws.closeSocket(p.socket());
        }
        ws.closeSocket(l);
    }

    @Test
    void cancel_and_close_abort_pending_operations_and_signal_them() throws Exception {
        long l = listener();
        try (Pair p = connected(l); Op recv = new Op(); Op wait = new Op()) {
            assertEquals(0, ws.startRecv(p.socket(), recv.block, recv.event, new ByteBuffer[] {ByteBuffer.allocateDirect(8)}, 1));
            assertEquals(0, ws.cancel(p.socket(), recv.block));
            assertEquals(WinError.ERROR_OPERATION_ABORTED, IoResult.error(awaitResultOn(p.socket(), recv)));
            assertEquals(WinError.ERROR_NOT_FOUND, ws.cancel(p.socket(), recv.block));
            assertEquals(0, ws.startRecvWait(p.socket(), wait.block, wait.event));
            ws.closeSocket(p.socket());
            assertEquals(0, ws.waitAny(new long[] {wait.event}, 0, 1, 10_000));
            assertEquals(WinError.ERROR_OPERATION_ABORTED, IoResult.error(ws.result(p.socket(), wait.block)));
        }
        ws.closeSocket(l);
    }

    @Test
    void a_send_completes_once_all_its_bytes_are_taken() throws Exception {
        long l = listener();
        try (Pair p = connected(l); Op op = new Op()) {
            int size = 16 << 20; // more than both socket buffers hold
            ByteBuffer b = ByteBuffer.allocateDirect(size);
            assertEquals(0, ws.startSend(p.socket(), op.block, op.event, new ByteBuffer[] {b}, 1));
            assertEquals(INCOMPLETE, IoResult.error(ws.result(p.socket(), op.block)));
            InputStream in = p.peer().getInputStream();
            long read = 0;
            byte[] chunk = new byte[1 << 16];
            while (read < size) {
                int n = in.read(chunk);
                read += n;
            }
            long r = awaitResultOn(p.socket(), op);
            assertEquals(IoResult.of(0, size), r);
            ws.closeSocket(p.socket());
        }
        ws.closeSocket(l);
    }

    @Test
    void linger_zero_then_close_resets_the_peer() throws Exception {
        long l = listener();
        try (Pair p = connected(l)) {
            ws.setLinger(p.socket(), 0);
            ws.closeSocket(p.socket());
            p.peer().setSoTimeout(10_000);
            assertThrows(SocketException.class, () -> p.peer().getInputStream().read());
        }
        ws.closeSocket(l);
    }

    @Test
    void a_connect_to_nobody_is_refused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long c = ws.openSocket(false, FaultPoint.CONNECT);
        try (Op op = new Op()) {
            ws.bind(c, new InetSocketAddress("0.0.0.0", 0), FaultPoint.CONNECT);
            assertEquals(0, ws.startConnect(c, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), op.block,
                    op.event));
            assertEquals(WinError.WSAECONNREFUSED, IoResult.error(awaitResultOn(c, op)));
        }
        ws.closeSocket(c);
    }

    @Test
    void the_proactor_runs_a_round_trip_over_it_and_gives_everything_back() throws Exception {
        EmulatedWinsock own = new EmulatedWinsock();
        try (Proactor p = WinsockProactor.open(ProactorConfig.builder().ioThreads(1).build(), own, Tuning.of(ProactorConfig.defaults()));
                ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long id = p.submitConnect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), null);
            Completion c = p.completions().poll(10, TimeUnit.SECONDS);
            assertEquals(id, c.id());
            assertEquals(CompletionStatus.OK, c.status(), c.toString());
            Connection conn = c.connection();
            try (Socket peer = server.accept()) {
                p.submitSend(conn, new ByteBuffer[] {ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII))}, null);
                assertEquals(CompletionStatus.OK, p.completions().poll(10, TimeUnit.SECONDS).status());
                assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), peer.getInputStream().readNBytes(4));
            }
            p.close(conn);
        }
        assertEquals(List.of(), own.violations());
        assertEquals(0, own.liveSockets(), "sockets left open");
        assertEquals(0, own.liveEvents(), "events left open");
        assertEquals(0, own.liveBlocks(), "blocks left allocated");
        assertEquals(0, own.liveMemory(), "native memory left allocated");
    }
}
