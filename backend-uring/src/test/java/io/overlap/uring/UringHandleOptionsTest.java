package io.overlap.uring;

import static java.net.StandardSocketOptions.SO_KEEPALIVE;
import static java.net.StandardSocketOptions.SO_RCVBUF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.HandleClosedException;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.uring.sys.LibC;
import io.overlap.uring.sys.Sockets;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Options on the handles of a live proactor: they land on the handle's own fd, an option call
 * racing the handle's close either lands or throws {@link HandleClosedException} (never the
 * EBADF of an fd closed under it), the fd owner refuses every call once its fd is gone, and an
 * abort resets the peer.
 */
class UringHandleOptionsTest {
    private Proactor p;
    private Listener listener;

    @BeforeAll
    static void onlyWhereUringRuns() {
        assumeTrue(new UringBackend().availability().isAvailable(), () -> new UringBackend().availability().reason());
    }

    @BeforeEach
    void open() throws IOException {
        p = new UringBackend().open(ProactorConfig.builder().ioThreads(2).build());
        listener = p.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    }

    @AfterEach
    void close() {
        p.close();
    }

    private Completion take() throws InterruptedException {
        Completion c = p.completions().poll(10, TimeUnit.SECONDS);
        assertNotNull(c, "no completion within 10 s");
        return c;
    }

    /** @return a connection accepted from {@code peer}'s connect */
    private Connection accepted(Socket peer) throws Exception {
        p.submitAccept(listener, null);
        peer.connect(listener.localAddress(), 5_000);
        Completion c = take();
        assertEquals(CompletionStatus.OK, c.status(), c::toString);
        return c.connection();
    }

    @Test
    void an_option_set_on_a_handle_lands_on_its_own_fd() throws Exception {
        try (Socket peer = new Socket()) {
            UringConnection c = (UringConnection) accepted(peer);
            c.setOption(SO_KEEPALIVE, true).setOption(SO_RCVBUF, 40_000);
            assertEquals(1, Sockets.getInt(c.fd().fd, LibC.SOL_SOCKET, LibC.SO_KEEPALIVE));
            assertEquals(80_000, Sockets.getInt(c.fd().fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF));
            UringListener l = (UringListener) listener;
            assertEquals(1, Sockets.getInt(l.fd().fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR), "the listener's default");
        }
    }

    @Test
    void once_its_fd_is_released_the_owner_refuses_every_call_without_making_it() throws Exception {
        try (Socket peer = new Socket()) {
            UringConnection c = (UringConnection) accepted(peer);
            p.close(c);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!c.fd().isReleased()) {
                assertTrue(System.nanoTime() < end, "the closed connection's fd was released within 5 s");
                Thread.sleep(1);
            }
            assertThrows(HandleClosedException.class, () -> c.fd().guarded(c, "getOption(SO_KEEPALIVE)", fd -> {
                throw new AssertionError("called on the released fd " + fd);
            }));
            assertFalse(c.fd().resetOnClose(), "no linger is set on a released fd");
        }
    }

    @Test
    void options_set_from_other_threads_while_their_connection_closes_land_or_throw_handle_closed() throws Exception {
        for (int round = 0; round < 50; round++) {
            try (Socket peer = new Socket()) {
                Connection c = accepted(peer);
                CountDownLatch go = new CountDownLatch(1);
                AtomicReference<Throwable> wrong = new AtomicReference<>();
                List<Thread> setters = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    Thread th = new Thread(() -> {
                        try {
                            go.await();
                            for (int i = 0; i < 2_000; i++) {
                                c.setOption(SO_KEEPALIVE, (i & 1) == 0);
                            }
                        } catch (HandleClosedException expected) {
                            // the close came first: the one other outcome allowed
                        } catch (Throwable e) {
                            wrong.compareAndSet(null, e);
                        }
                    });
                    th.start();
                    setters.add(th);
                }
                go.countDown();
                p.close(c);
                for (Thread th : setters) {
                    th.join(10_000);
                    assertFalse(th.isAlive(), "a setter still runs after 10 s");
                }
                assertNull(wrong.get(), () -> "round " + wrong.get());
                assertThrows(HandleClosedException.class, () -> c.setOption(SO_KEEPALIVE, true));
            }
        }
    }

    @Test
    void abort_resets_the_peer() throws Exception {
        try (Socket peer = new Socket()) {
            Connection c = accepted(peer);
            peer.setSoTimeout(5_000);
            p.abort(c);
            InputStream in = peer.getInputStream();
            SocketException e = assertThrows(SocketException.class, in::read, "a reset, not an end of stream");
            assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("reset"), e::toString);
        }
    }
}
