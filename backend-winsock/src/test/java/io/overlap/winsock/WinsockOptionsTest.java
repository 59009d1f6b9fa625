package io.overlap.winsock;

import static java.net.StandardSocketOptions.SO_KEEPALIVE;
import static java.net.StandardSocketOptions.SO_LINGER;
import static java.net.StandardSocketOptions.SO_RCVBUF;
import static java.net.StandardSocketOptions.SO_REUSEADDR;
import static java.net.StandardSocketOptions.SO_REUSEPORT;
import static java.net.StandardSocketOptions.SO_SNDBUF;
import static java.net.StandardSocketOptions.TCP_NODELAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.HandleClosedException;
import io.overlap.Listener;
import io.overlap.OptionSet;
import io.overlap.ProactorConfig;
import io.overlap.spi.AbstractHandle;
import io.overlap.winsock.FakeWinsock.Kind;
import io.overlap.winsock.FakeWinsock.Op;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Socket options and the abortive close, down to the setsockopt calls, on the fake Winsock. */
class WinsockOptionsTest extends FakeProactorTest {
    @Test
    void eachRealOptionReachesTheSocketWithItsLevelNameAndValue() throws Exception {
        open();
        Connection c = accepted();
        long s = socketOf(c);
        c.setOption(TCP_NODELAY, false).setOption(SO_KEEPALIVE, true).setOption(SO_RCVBUF, 70_000)
                .setOption(SO_SNDBUF, 80_000).setOption(SO_LINGER, 9);
        assertEquals(0, ws.option(s, SockOpt.IPPROTO_TCP, SockOpt.TCP_NODELAY));
        assertEquals(1, ws.option(s, SockOpt.SOL_SOCKET, SockOpt.SO_KEEPALIVE));
        assertEquals(70_000, ws.option(s, SockOpt.SOL_SOCKET, SockOpt.SO_RCVBUF));
        assertEquals(80_000, ws.option(s, SockOpt.SOL_SOCKET, SockOpt.SO_SNDBUF));
        assertEquals(9, ws.lingerOf(s));
        assertTrue(c.getOption(SO_KEEPALIVE));
        assertEquals(70_000, c.getOption(SO_RCVBUF));
        assertEquals(9, c.getOption(SO_LINGER));
        assertEquals(-1, c.setOption(SO_LINGER, -1).getOption(SO_LINGER));
    }

    @Test
    void soReuseaddrIsRecordedAndNeverSetAsWindowsOwnOption() throws Exception {
        open();
        Connection c = accepted();
        long s = socketOf(c);
        assertTrue(c.setOption(SO_REUSEADDR, true).getOption(SO_REUSEADDR));
        assertFalse(c.setOption(SO_REUSEADDR, false).getOption(SO_REUSEADDR));
        assertEquals(0, ws.option(s, SockOpt.SOL_SOCKET, SockOpt.SO_REUSEADDR), "Windows' SO_REUSEADDR lets a port be stolen");
    }

    @Test
    void aListenerWithoutSoReuseaddrOnAChosenPortBindsExclusivelyAndOnlyThen() throws Exception {
        open();
        Listener strict = p.listen(FakeWinsock.loopback(5001), 8, OptionSet.of(SO_REUSEADDR, false));
        Listener shared = p.listen(FakeWinsock.loopback(5002), 8);
        Listener anyPort = p.listen(FakeWinsock.loopback(0), 8, OptionSet.of(SO_REUSEADDR, false));
        assertEquals(1, exclusive(strict));
        assertEquals(0, exclusive(shared), "the default SO_REUSEADDR true is Windows' plain bind");
        assertEquals(0, exclusive(anyPort), "a port the OS picks is free: nothing to exclude");
        assertFalse(strict.getOption(SO_REUSEADDR));
        assertTrue(shared.getOption(SO_REUSEADDR));
    }

    @Test
    void anAcceptedConnectionInheritsItsListenersSoReuseaddr() throws Exception {
        open();
        assertFalse(accepted(p.listen(FakeWinsock.loopback(0), 8, OptionSet.of(SO_REUSEADDR, false)))
                .getOption(SO_REUSEADDR));
        assertTrue(accepted(p.listen(FakeWinsock.loopback(0), 8)).getOption(SO_REUSEADDR));
    }

    @Test
    void aConnectAppliesItsOptionsAndBindsItsLocalAddressBeforeConnectEx() throws Exception {
        open();
        InetSocketAddress local = FakeWinsock.loopback(6001);
        long id = p.submitConnect(FakeWinsock.loopback(7), local,
                OptionSet.of(SO_RCVBUF, 50_000).with(SO_KEEPALIVE, true), null, null);
        Op op = ws.awaitStarted(Kind.CONNECT);
        assertEquals(50_000, ws.option(op.socket, SockOpt.SOL_SOCKET, SockOpt.SO_RCVBUF));
        assertEquals(1, ws.option(op.socket, SockOpt.SOL_SOCKET, SockOpt.SO_KEEPALIVE));
        assertEquals(1, ws.option(op.socket, SockOpt.IPPROTO_TCP, SockOpt.TCP_NODELAY), "the configured default");
        assertEquals(1, ws.option(op.socket, SockOpt.SOL_SOCKET, SockOpt.SO_EXCLUSIVEADDRUSE),
                "SO_REUSEADDR false (a connect's default) on a chosen port");
        assertEquals(local, ws.localAddress(op.socket));
        ws.complete(op, 0, 0);
        Connection c = next(id).connection();
        assertEquals(local, c.localAddress());
        assertFalse(c.getOption(SO_REUSEADDR));
    }

    @Test
    void soReuseportIsRefusedNamingTheBackend() throws Exception {
        open();
        Connection c = accepted();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> c.setOption(SO_REUSEPORT, true));
        assertTrue(e.getMessage().contains("SO_REUSEPORT") && e.getMessage().contains("winsock"), e.getMessage());
    }

    @Test
    void abortSetsLingerZeroSoTheCloseResetsAndCancelsWhatIsPending() throws Exception {
        open();
        Connection c = accepted();
        long s = socketOf(c);
        long recv = p.submitRecv(c, ByteBuffer.allocate(8));
        ws.awaitStarted(Kind.RECV);
        p.abort(c);
        assertEquals(CompletionStatus.CANCELLED, next(recv).status());
        assertFalse(ws.isOpen(s), "the socket is closed once its receive is back");
        assertEquals(0, ws.lingerOf(s), "closed with SO_LINGER 0: a reset");
    }

    @Test
    void anOptionOnAClosingHandleNeverReachesItsSocket() throws Exception {
        open();
        Connection c = accepted();
        long recv = p.submitRecv(c, ByteBuffer.allocate(8));
        ws.awaitStarted(Kind.RECV);
        p.close(c);
        // a setsockopt on the released socket would be a violation of the fake's
        assertThrows(HandleClosedException.class, () -> c.setOption(SO_KEEPALIVE, true));
        assertEquals(CompletionStatus.CANCELLED, next(recv).status());
    }

    @Test
    void withoutTcpNodelayConfiguredNoneIsSet() throws Exception {
        open(ProactorConfig.builder().ioThreads(1).tcpNoDelay(false));
        long id = p.submitConnect(FakeWinsock.loopback(7), null);
        Op op = ws.awaitStarted(Kind.CONNECT);
        assertEquals(0, ws.option(op.socket, SockOpt.IPPROTO_TCP, SockOpt.TCP_NODELAY));
        ws.complete(op, 0, 0);
        assertFalse(next(id).connection().getOption(TCP_NODELAY));
    }

    private int exclusive(Listener l) {
        return ws.option(socketOf(l), SockOpt.SOL_SOCKET, SockOpt.SO_EXCLUSIVEADDRUSE);
    }

    private static long socketOf(Handle h) {
        return WinsockProactor.ref((AbstractHandle) h).socket();
    }
}
