package io.overlap.conformance;

import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.InFlightLimitException;
import io.overlap.Listener;
import io.overlap.ProactorClosedException;
import io.overlap.ProactorConfig;
import io.overlap.conformance.Harness.PeerConnection;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Guarantee 7, one scenario per row: bad input gets its specific exception with a message that
 * names the problem, changes nothing (no operation in flight, buffers untouched), and a valid
 * operation right after still works.
 */
public class BadInputScenarios extends ScenarioSupport {
    private PeerConnection p;

    @BeforeEach
    void connect() {
        p = io.peer();
    }

    /** Runs the bad call, checks the exception and its message, then that nothing changed and a good call works. */
    private <T extends Throwable> void assertRefused(Class<T> type, Executable bad, String... messageMentions) {
        int inFlight = io.proactor().inFlight();
        T e = assertThrows(type, bad);
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        for (String word : messageMentions) {
            assertTrue(m.contains(word.toLowerCase(Locale.ROOT)),
                    () -> type.getSimpleName() + "'s message must say '" + word + "': " + e.getMessage());
        }
        assertEquals(inFlight, io.proactor().inFlight(), "a refused submission must not be in flight");
        assertStillWorks();
    }

    private void assertStillWorks() {
        Bytes.write(p.socket(), "ok");
        ByteBuffer dst = ByteBuffer.allocate(2);
        while (dst.hasRemaining()) {
            io.await(io.recv(p.conn(), dst), OK);
        }
        assertEquals("ok", Bytes.filledText(dst));
    }

    @Test
    void recv_with_a_null_connection_throws_null_pointer() {
        assertRefused(NullPointerException.class, () -> io.proactor().submitRecv(null, ByteBuffer.allocate(8)),
                "connection");
    }

    @Test
    void recv_with_a_null_buffer_array_throws_null_pointer() {
        assertRefused(NullPointerException.class, () -> io.proactor().submitRecv(p.conn(), (ByteBuffer[]) null),
                "dsts");
    }

    @Test
    void recv_with_a_null_buffer_in_the_array_throws_null_pointer() {
        ByteBuffer first = ByteBuffer.allocate(8);
        assertRefused(NullPointerException.class,
                () -> io.proactor().submitRecv(p.conn(), first, null), "dsts[1]");
        assertEquals(0, first.position(), "a refused receive leaves its buffers untouched");
    }

    @Test
    void recv_with_no_buffers_throws_illegal_argument() {
        assertRefused(IllegalArgumentException.class, () -> io.proactor().submitRecv(p.conn(), new ByteBuffer[0]),
                "empty");
    }

    @Test
    void recv_into_a_read_only_buffer_throws_illegal_argument() {
        ByteBuffer ro = ByteBuffer.allocate(8).asReadOnlyBuffer();
        assertRefused(IllegalArgumentException.class, () -> io.proactor().submitRecv(p.conn(), ro), "read-only");
        assertEquals(0, ro.position());
    }

    @Test
    void recv_into_a_full_buffer_throws_illegal_argument() {
        ByteBuffer full = ByteBuffer.allocate(8);
        full.position(8);
        assertRefused(IllegalArgumentException.class, () -> io.proactor().submitRecv(p.conn(), full), "no room");
        assertEquals(8, full.position());
    }

    @Test
    void send_of_an_empty_buffer_throws_illegal_argument() {
        assertRefused(IllegalArgumentException.class,
                () -> io.proactor().submitSend(p.conn(), ByteBuffer.allocate(0)), "nothing to send");
    }

    @Test
    void send_with_a_null_buffer_array_throws_null_pointer() {
        assertRefused(NullPointerException.class, () -> io.proactor().submitSend(p.conn(), (ByteBuffer[]) null),
                "srcs");
    }

    @Test
    void send_with_more_buffers_than_allowed_throws_illegal_argument() {
        ByteBuffer[] many = new ByteBuffer[100_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = ByteBuffer.allocate(1);
        }
        assertRefused(IllegalArgumentException.class, () -> io.proactor().submitSend(p.conn(), many), "at most");
    }

    @Test
    void accept_with_a_null_listener_throws_null_pointer() {
        assertRefused(NullPointerException.class, () -> io.proactor().submitAccept(null, null), "listener");
    }

    @Test
    void connect_to_a_null_address_throws_null_pointer() {
        assertRefused(NullPointerException.class, () -> io.proactor().submitConnect(null, null), "remote");
    }

    @Test
    void connect_to_an_unresolved_address_throws_illegal_argument() {
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("overlap.invalid", 80);
        assertRefused(IllegalArgumentException.class, () -> io.proactor().submitConnect(unresolved, null),
                "unresolved");
    }

    @Test
    void a_zero_or_negative_timeout_throws_illegal_argument() {
        ByteBuffer[] dsts = {ByteBuffer.allocate(8)};
        assertRefused(IllegalArgumentException.class,
                () -> io.proactor().submitRecv(p.conn(), dsts, null, Duration.ZERO), "timeout");
        assertRefused(IllegalArgumentException.class,
                () -> io.proactor().submitRecv(p.conn(), dsts, null, Duration.ofMillis(-5)), "timeout");
    }

    @Test
    void a_handle_of_another_proactor_throws_illegal_argument() throws Exception {
        Harness other = open(ProactorConfig.builder());
        Connection foreign = other.pair().server();
        Listener foreignListener = other.listener();
        assertRefused(IllegalArgumentException.class,
                () -> io.proactor().submitRecv(foreign, ByteBuffer.allocate(8)), "another proactor");
        assertRefused(IllegalArgumentException.class,
                () -> io.proactor().submitAccept(foreignListener, null), "another proactor");
        assertRefused(IllegalArgumentException.class, () -> io.proactor().close(foreign), "another proactor");
        assertTrue(foreign.isOpen(), "the other proactor's connection was not touched");
    }

    @Test
    void use_after_proactor_close_throws_proactor_closed() throws Exception {
        Harness closed = open(ProactorConfig.builder());
        Connection c = closed.pair().server();
        closed.close();
        ProactorClosedException e = assertThrows(ProactorClosedException.class,
                () -> closed.proactor().submitRecv(c, ByteBuffer.allocate(8)));
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("closed"), e::getMessage);
        assertThrows(ProactorClosedException.class, () -> closed.proactor().submitConnect(p.conn().localAddress(), null));
        assertThrows(ProactorClosedException.class,
                () -> closed.proactor().listen(new InetSocketAddress(Harness.LOOPBACK, 0), 8));
        assertEquals(0, closed.proactor().inFlight());
        assertStillWorks();
    }

    @Test
    void more_ops_than_the_in_flight_bound_throws_in_flight_limit() throws Exception {
        Harness small = open(ProactorConfig.builder().maxInFlight(8));
        PeerConnection q = small.peer();
        List<Long> pending = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pending.add(small.recv(q.conn(), ByteBuffer.allocate(8)));
        }
        InFlightLimitException e = assertThrows(InFlightLimitException.class,
                () -> small.proactor().submitRecv(q.conn(), ByteBuffer.allocate(8)));
        assertTrue(e.getMessage().contains("8"), () -> "the message must give the limit: " + e.getMessage());
        assertEquals(8, small.proactor().inFlight());
        small.cancel(pending.get(0));
        small.await(pending.get(0), CompletionStatus.CANCELLED);
        small.recv(q.conn(), ByteBuffer.allocate(8)); // room again: backpressure, not a failure
        assertEquals(8, small.proactor().inFlight());
        Bytes.write(q.socket(), "x");
        small.await(pending.get(1), OK);
        assertStillWorks();
    }

    @Test
    void listen_with_a_backlog_below_one_throws_illegal_argument() {
        assertRefused(IllegalArgumentException.class,
                () -> io.proactor().listen(new InetSocketAddress(Harness.LOOPBACK, 0), 0), "backlog");
    }

    @Test
    void close_of_a_null_handle_throws_null_pointer() {
        assertRefused(NullPointerException.class, () -> io.proactor().close(null), "handle");
    }
}
