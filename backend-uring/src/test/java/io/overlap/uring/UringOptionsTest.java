package io.overlap.uring;

import static java.net.StandardSocketOptions.SO_KEEPALIVE;
import static java.net.StandardSocketOptions.SO_LINGER;
import static java.net.StandardSocketOptions.SO_RCVBUF;
import static java.net.StandardSocketOptions.SO_REUSEADDR;
import static java.net.StandardSocketOptions.SO_REUSEPORT;
import static java.net.StandardSocketOptions.SO_SNDBUF;
import static java.net.StandardSocketOptions.TCP_NODELAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.OptionSet;
import io.overlap.uring.sys.Errno;
import io.overlap.uring.sys.ErrnoException;
import io.overlap.uring.sys.LibC;
import io.overlap.uring.sys.SockAddr;
import io.overlap.uring.sys.Sockets;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The options down to setsockopt/getsockopt on raw fds (no ring needed): each option reaches
 * its own level and name (setting one changes no other), the linger struct, and
 * {@code SO_REUSEPORT} doing what Linux means by it.
 */
class UringOptionsTest {
    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private int fd = -1;
    private int other = -1;

    @BeforeEach
    void open() throws ErrnoException {
        fd = Sockets.open(LibC.AF_INET);
    }

    @AfterEach
    void close() {
        Sockets.close(fd);
        if (other >= 0) {
            Sockets.close(other);
        }
    }

    @Test
    void each_boolean_option_reaches_its_own_level_and_name_and_no_other() throws ErrnoException {
        for (SocketOption<Boolean> o : java.util.List.of(TCP_NODELAY, SO_KEEPALIVE, SO_REUSEADDR, SO_REUSEPORT)) {
            Map<SocketOption<?>, Object> before = all(fd);
            boolean flipped = !(Boolean) before.get(o);
            UringOptions.set(fd, o, flipped);
            Map<SocketOption<?>, Object> after = all(fd);
            assertEquals(flipped, after.get(o), o.name());
            before.put(o, flipped);
            assertEquals(before, after, () -> "setting " + o.name() + " changed only it");
        }
    }

    @Test
    void the_buffer_sizes_reach_their_own_option_and_linux_doubles_them() throws ErrnoException {
        Map<SocketOption<?>, Object> before = all(fd);
        UringOptions.set(fd, SO_RCVBUF, 40_000);
        assertEquals(80_000, UringOptions.get(fd, SO_RCVBUF), "Linux keeps twice what was asked");
        assertEquals(before.get(SO_SNDBUF), UringOptions.get(fd, SO_SNDBUF));
        UringOptions.set(fd, SO_SNDBUF, 50_000);
        assertEquals(100_000, UringOptions.get(fd, SO_SNDBUF));
        assertEquals(80_000, UringOptions.get(fd, SO_RCVBUF));
    }

    @Test
    void linger_is_a_struct_read_back_as_seconds_or_minus_one_when_off() throws ErrnoException {
        assertEquals(-1, UringOptions.get(fd, SO_LINGER), "off by default");
        UringOptions.set(fd, SO_LINGER, 7);
        assertEquals(7, UringOptions.get(fd, SO_LINGER));
        UringOptions.set(fd, SO_LINGER, 0);
        assertEquals(0, UringOptions.get(fd, SO_LINGER), "on with no time: a close resets");
        UringOptions.set(fd, SO_LINGER, -1);
        assertEquals(-1, UringOptions.get(fd, SO_LINGER));
    }

    @Test
    void so_reuseport_lets_two_sockets_bind_one_port_and_without_it_the_second_bind_is_refused() throws Exception {
        UringOptions.applyAll(fd, OptionSet.of(SO_REUSEPORT, true));
        Sockets.bind(fd, LOOPBACK_ANY_PORT);
        InetSocketAddress taken = SockAddr.query(fd, false);
        other = Sockets.open(LibC.AF_INET);
        ErrnoException refused = assertThrows(ErrnoException.class, () -> Sockets.bind(other, taken));
        assertEquals(Errno.EADDRINUSE, refused.errno());
        Sockets.close(other);
        other = Sockets.open(LibC.AF_INET);
        UringOptions.applyAll(other, OptionSet.of(SO_REUSEPORT, true));
        Sockets.bind(other, taken);
        assertEquals(taken, SockAddr.query(other, false));
    }

    @Test
    void a_refused_option_call_names_the_option_and_the_errno() {
        int closed = fd;
        Sockets.close(closed);
        fd = -1;
        ErrnoException e = assertThrows(ErrnoException.class, () -> UringOptions.get(closed, SO_KEEPALIVE));
        assertEquals(Errno.EBADF, e.errno());
        assertTrue(e.getMessage().contains("getsockopt(SO_KEEPALIVE)") && e.getMessage().contains("EBADF"),
                () -> "the message names the call, the option and the errno: " + e.getMessage());
    }

    private static Map<SocketOption<?>, Object> all(int fd) throws ErrnoException {
        Map<SocketOption<?>, Object> m = new LinkedHashMap<>();
        for (SocketOption<?> o : UringOptions.CONNECTION) {
            m.put(o, UringOptions.get(fd, o));
        }
        return m;
    }
}
