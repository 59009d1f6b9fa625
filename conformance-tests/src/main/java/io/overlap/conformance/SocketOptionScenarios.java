package io.overlap.conformance;

import static io.overlap.CompletionStatus.END_OF_STREAM;
import static io.overlap.CompletionStatus.OK;
import static java.net.StandardSocketOptions.IP_TOS;
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

import io.overlap.Completion;
import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.HandleClosedException;
import io.overlap.Listener;
import io.overlap.OptionSet;
import io.overlap.ProactorClosedException;
import io.overlap.ProactorConfig;
import io.overlap.conformance.Harness.Pair;
import io.overlap.conformance.Harness.PeerConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Socket options, on every backend: each option set on a connection or a listener reads back
 * (a buffer size at least as asked: the OS may round it up, or double it as Linux does), the
 * defaults are the same everywhere, options given to a listen or a connect are in place when
 * the socket binds, and what is unsupported or invalid is refused the same way.
 */
public class SocketOptionScenarios extends ConnectionScenarioSupport {
    /** Below every OS's cap on socket buffers (Linux's default rmem_max/wmem_max are about 208 KiB). */
    private static final int BUFFER = 96 * 1024;

    // ---- each option, set and read back ----

    @Test
    void tcp_nodelay_set_on_a_connection_reads_back() throws IOException {
        assertBooleanReadsBack(io.pair().client(), TCP_NODELAY);
    }

    @Test
    void so_keepalive_set_on_a_connection_reads_back() throws IOException {
        assertBooleanReadsBack(io.pair().client(), SO_KEEPALIVE);
    }

    @Test
    void so_reuseaddr_set_on_a_connection_reads_back() throws IOException {
        assertBooleanReadsBack(io.pair().client(), SO_REUSEADDR);
    }

    @Test
    void so_rcvbuf_set_on_a_connection_reads_back_at_least_the_size_asked() throws IOException {
        Connection c = io.pair().server();
        c.setOption(SO_RCVBUF, BUFFER);
        assertAtLeast(BUFFER, c.getOption(SO_RCVBUF), "SO_RCVBUF of " + c);
    }

    @Test
    void so_sndbuf_set_on_a_connection_reads_back_at_least_the_size_asked() throws IOException {
        Connection c = io.pair().client();
        c.setOption(SO_SNDBUF, BUFFER);
        assertAtLeast(BUFFER, c.getOption(SO_SNDBUF), "SO_SNDBUF of " + c);
    }

    @Test
    void so_linger_set_on_a_connection_reads_back_its_seconds_and_minus_one_once_off() throws IOException {
        Connection c = io.pair().client();
        assertEquals(7, c.setOption(SO_LINGER, 7).getOption(SO_LINGER));
        assertEquals(-1, c.setOption(SO_LINGER, -5).getOption(SO_LINGER), "a negative linger turns it off");
        assertEquals(0, c.setOption(SO_LINGER, 0).getOption(SO_LINGER));
    }

    @Test
    void so_reuseport_reads_back_where_the_backend_has_it_and_is_refused_by_name_where_not() throws IOException {
        Connection c = io.pair().client();
        Listener l = io.listener();
        if (io.proactor().supportedConnectionOptions().contains(SO_REUSEPORT)) {
            assertBooleanReadsBack(c, SO_REUSEPORT);
        } else {
            assertUnsupported(c, SO_REUSEPORT, true);
        }
        if (io.proactor().supportedListenerOptions().contains(SO_REUSEPORT)) {
            assertBooleanReadsBack(l, SO_REUSEPORT);
        } else {
            assertUnsupported(l, SO_REUSEPORT, true);
        }
    }

    @Test
    void so_rcvbuf_set_on_a_listener_reads_back_at_least_the_size_asked() throws IOException {
        Listener l = io.listen();
        l.setOption(SO_RCVBUF, BUFFER);
        assertAtLeast(BUFFER, l.getOption(SO_RCVBUF), "SO_RCVBUF of " + l);
    }

    @Test
    void so_reuseaddr_set_on_a_listener_reads_back() throws IOException {
        assertBooleanReadsBack(io.listen(), SO_REUSEADDR);
    }

    @Test
    void every_option_a_connection_supports_is_a_standard_one_every_backend_has_or_so_reuseport() {
        for (SocketOption<?> o : new SocketOption<?>[] {TCP_NODELAY, SO_KEEPALIVE, SO_RCVBUF, SO_SNDBUF, SO_LINGER,
            SO_REUSEADDR}) {
            assertTrue(io.proactor().supportedConnectionOptions().contains(o), "connections support " + o);
        }
        for (SocketOption<?> o : new SocketOption<?>[] {SO_RCVBUF, SO_REUSEADDR}) {
            assertTrue(io.proactor().supportedListenerOptions().contains(o), "listeners support " + o);
        }
        Pair p = io.pair();
        assertEquals(io.proactor().supportedConnectionOptions(), p.client().supportedOptions());
        assertEquals(io.proactor().supportedListenerOptions(), io.listener().supportedOptions());
    }

    // ---- the defaults every backend shares ----

    @Test
    void a_listener_starts_with_so_reuseaddr_on() throws IOException {
        assertTrue(io.listen().getOption(SO_REUSEADDR), "a listener may rebind over TIME_WAIT on every backend");
    }

    @Test
    void a_connected_connection_starts_with_the_shared_defaults() throws IOException {
        assertSharedDefaults(io.pair().client(), false);
    }

    @Test
    void an_accepted_connection_starts_with_the_shared_defaults_and_its_listeners_so_reuseaddr() throws IOException {
        assertSharedDefaults(io.pair().server(), true);
    }

    @Test
    void a_proactor_configured_without_tcp_nodelay_makes_connections_without_it() throws IOException {
        Harness plain = open(ProactorConfig.builder().tcpNoDelay(false));
        Pair p = plain.pair();
        assertFalse(p.client().getOption(TCP_NODELAY), "connected");
        assertFalse(p.server().getOption(TCP_NODELAY), "accepted");
    }

    // ---- options before bind ----

    @Test
    void options_given_to_listen_are_in_place_when_it_has_bound() throws IOException {
        Listener l = io.listen(OptionSet.of(SO_REUSEADDR, false).with(SO_RCVBUF, BUFFER));
        assertFalse(l.getOption(SO_REUSEADDR), "SO_REUSEADDR given to listen");
        assertAtLeast(BUFFER, l.getOption(SO_RCVBUF), "SO_RCVBUF given to listen");
    }

    /**
     * A server restarted on its port while a connection of its last run lingers (its end closed
     * first): the default {@code SO_REUSEADDR} lets the new listener bind on every backend.
     * (Whether {@code SO_REUSEADDR} false refuses that bind is the OS's rule, not the same
     * everywhere: Unix refuses it; Windows refuses it only when the earlier socket was
     * exclusive too; Wine never does. So only the default is checked here.)
     */
    @Test
    void a_listener_rebinds_the_port_of_a_closed_one_whose_connection_lingers() throws IOException {
        Harness first = open(ProactorConfig.builder());
        Listener old = first.listener();
        Pair p = first.pair();
        first.close(p.server()); // this end closes first: it is the one that lingers
        first.await(first.recv(p.client(), ByteBuffer.allocate(1)), END_OF_STREAM);
        InetSocketAddress port = old.localAddress();
        first.close(); // synchronous: every socket of it is closed when it returns
        Listener again = io.proactor().listen(port, 16, OptionSet.empty());
        assertEquals(port, again.localAddress());
        assertTrue(again.getOption(SO_REUSEADDR));
    }

    @Test
    void a_connection_accepted_by_a_listener_given_so_rcvbuf_inherits_it() throws IOException {
        Listener l = io.listen(OptionSet.of(SO_RCVBUF, BUFFER));
        long accept = io.accept(l);
        long connect = io.connect(l.localAddress());
        Connection server = io.await(accept, OK).connection();
        io.await(connect, OK);
        assertAtLeast(BUFFER, server.getOption(SO_RCVBUF), "SO_RCVBUF of the accepted " + server);
    }

    @Test
    void options_given_to_a_connect_are_in_place_on_its_connection() throws IOException {
        Listener l = io.listener();
        long accept = io.accept(l);
        OptionSet options = OptionSet.of(TCP_NODELAY, false).with(SO_KEEPALIVE, true).with(SO_SNDBUF, BUFFER)
                .with(SO_RCVBUF, BUFFER).with(SO_LINGER, 3).with(SO_REUSEADDR, true);
        Connection c = io.await(io.connect(l.localAddress(), null, options), OK).connection();
        io.await(accept, OK);
        assertFalse(c.getOption(TCP_NODELAY), "TCP_NODELAY false overrides the configured default");
        assertTrue(c.getOption(SO_KEEPALIVE));
        assertAtLeast(BUFFER, c.getOption(SO_SNDBUF), "SO_SNDBUF");
        assertAtLeast(BUFFER, c.getOption(SO_RCVBUF), "SO_RCVBUF");
        assertEquals(3, c.getOption(SO_LINGER));
        assertTrue(c.getOption(SO_REUSEADDR));
    }

    @Test
    void a_connect_from_a_chosen_local_address_has_that_local_address() {
        Listener l = io.listener();
        InetSocketAddress local = Harness.freePort(io.loopback());
        long accept = io.accept(l);
        Connection c = io.await(io.connect(l.localAddress(), local, OptionSet.empty()), OK).connection();
        Connection server = io.await(accept, OK).connection();
        assertEquals(local, c.localAddress(), "the connection's local address");
        assertEquals(local, server.remoteAddress(), "the address the listener saw connect");
    }

    @Test
    void a_connect_from_a_local_address_in_use_completes_with_an_error_and_no_connection() {
        Listener l = io.listener();
        Completion c = io.await(io.connect(l.localAddress(), l.localAddress(), OptionSet.empty()));
        assertTrue(c.status() != OK && c.connection() == null, () -> "a bind to the listener's own address: " + c);
    }

    // ---- what is refused ----

    @Test
    void an_option_no_backend_supports_is_refused_naming_it_and_the_backend() {
        Connection c = io.pair().client();
        assertUnsupported(c, IP_TOS, true);
        assertUnsupported(c, IP_TOS, false);
        assertUnsupported(io.listener(), TCP_NODELAY, true);
        assertUnsupported(io.listener(), SO_LINGER, false);
    }

    @Test
    void a_listen_or_connect_with_an_unsupported_option_is_refused_and_nothing_happens() throws IOException {
        OptionSet tos = OptionSet.of(IP_TOS, 0);
        InetSocketAddress any = new InetSocketAddress(io.loopback(), 0);
        UnsupportedOperationException e = assertThrows(
                UnsupportedOperationException.class, () -> io.proactor().listen(any, 16, tos));
        assertNamesOptionAndBackend(e, IP_TOS);
        e = assertThrows(UnsupportedOperationException.class,
                () -> io.proactor().submitConnect(io.listener().localAddress(), null, tos, null, null));
        assertNamesOptionAndBackend(e, IP_TOS);
        assertEquals(0, io.proactor().inFlight(), "a refused connect was not submitted");
    }

    @Test
    void a_bad_value_is_refused_and_leaves_the_option_as_it_was() throws IOException {
        Connection c = io.pair().client();
        c.setOption(SO_LINGER, 5).setOption(SO_RCVBUF, BUFFER);
        int rcvbuf = c.getOption(SO_RCVBUF);
        assertRefused(c, SO_RCVBUF, 0);
        assertRefused(c, SO_RCVBUF, -1);
        assertRefused(c, SO_RCVBUF, null);
        assertRefused(c, SO_LINGER, 65_536);
        assertRefused(c, TCP_NODELAY, null);
        assertEquals(rcvbuf, c.getOption(SO_RCVBUF), "SO_RCVBUF after the refused values");
        assertEquals(5, c.getOption(SO_LINGER), "SO_LINGER after the refused value");
        assertThrows(IllegalArgumentException.class,
                () -> OptionSet.of(SO_SNDBUF, 0), "an OptionSet checks its values as they are added");
    }

    @Test
    void an_option_on_a_closed_handle_throws_handle_closed_and_on_a_closed_proactor_proactor_closed() {
        Pair p = io.pair();
        io.close(p.client());
        assertClosedHandle(() -> p.client().setOption(SO_KEEPALIVE, true));
        assertClosedHandle(() -> p.client().getOption(SO_KEEPALIVE));
        Listener l = io.listen();
        io.close(l);
        assertClosedHandle(() -> l.getOption(SO_REUSEADDR));
        io.close();
        assertThrows(ProactorClosedException.class,
                () -> p.server().getOption(SO_KEEPALIVE));
    }

    @Test
    void an_option_set_while_a_recv_is_pending_takes_effect_and_the_recv_still_completes() throws IOException {
        PeerConnection p = io.peer();
        ByteBuffer dst = ByteBuffer.allocate(16);
        long recv = io.recv(p.conn(), dst);
        p.conn().setOption(SO_RCVBUF, BUFFER).setOption(SO_KEEPALIVE, true);
        assertTrue(p.conn().getOption(SO_KEEPALIVE));
        Bytes.write(p.socket(), "after");
        io.await(recv, OK);
        String got = Bytes.filledText(dst);
        assertTrue(!got.isEmpty() && "after".startsWith(got), () -> "the receive got " + got);
    }

    // ---- helpers ----

    private static void assertBooleanReadsBack(Handle h, SocketOption<Boolean> o) throws IOException {
        assertTrue(h.setOption(o, true).getOption(o), () -> o + " set true on " + h);
        assertFalse(h.setOption(o, false).getOption(o), () -> o + " set false on " + h);
        assertTrue(h.setOption(o, true).getOption(o), () -> o + " set true again on " + h);
    }

    private static void assertAtLeast(int asked, int got, String what) {
        assertTrue(got >= asked, () -> what + " is " + got + ", asked for " + asked);
    }

    private void assertSharedDefaults(Connection c, boolean accepted) throws IOException {
        assertTrue(c.getOption(TCP_NODELAY), () -> "TCP_NODELAY (configured default) on " + c);
        assertFalse(c.getOption(SO_KEEPALIVE), () -> "SO_KEEPALIVE on " + c);
        assertEquals(-1, c.getOption(SO_LINGER), () -> "SO_LINGER on " + c);
        assertEquals(accepted, c.getOption(SO_REUSEADDR), () -> "SO_REUSEADDR on " + c);
        if (c.supportedOptions().contains(SO_REUSEPORT)) {
            assertFalse(c.getOption(SO_REUSEPORT), () -> "SO_REUSEPORT on " + c);
        }
        assertTrue(c.getOption(SO_RCVBUF) > 0 && c.getOption(SO_SNDBUF) > 0, "the OS's buffer sizes");
    }

    private void assertUnsupported(Handle h, SocketOption<?> o, boolean set) {
        UnsupportedOperationException e = assertThrows(
                UnsupportedOperationException.class, () -> {
                    if (set) {
                        setRaw(h, o);
                    } else {
                        h.getOption(o);
                    }
                }, () -> (set ? "setOption(" : "getOption(") + o + ") on " + h);
        assertNamesOptionAndBackend(e, o);
    }

    @SuppressWarnings("unchecked")
    private static void setRaw(Handle h, SocketOption<?> o) throws IOException {
        Object value = o.type() == Boolean.class ? Boolean.TRUE : (Object) 1;
        h.setOption((SocketOption<Object>) o, value);
    }

    private void assertNamesOptionAndBackend(UnsupportedOperationException e, SocketOption<?> o) {
        String m = String.valueOf(e.getMessage());
        assertTrue(m.contains(o.name()) && m.contains(io.proactor().backendName()),
                () -> "the message names " + o.name() + " and the backend " + io.proactor().backendName() + ": " + m);
    }

    private static <T> void assertRefused(Handle h, SocketOption<T> o, T value) {
        assertThrows(IllegalArgumentException.class, () -> h.setOption(o, value),
                () -> o + " = " + value + " on " + h);
    }

    private static void assertClosedHandle(Executable call) {
        HandleClosedException e = assertThrows(
                HandleClosedException.class, call);
        assertTrue(String.valueOf(e.getMessage()).contains("closed"), () -> "the message says why: " + e.getMessage());
    }
}
