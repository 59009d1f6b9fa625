package io.overlap.winsock;

import io.overlap.OptionSet;
import io.overlap.spi.AbstractHandle;
import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

/**
 * The standard socket options on Winsock sockets, with one emulated: {@code SO_REUSEADDR}.
 * Windows' own {@code SO_REUSEADDR} lets a socket bind a port that a live socket already holds
 * (even steal a listening port), which is not what the option means elsewhere; what it means on
 * Unix, binding while connections of an earlier socket linger in {@code TIME_WAIT}, Windows
 * allows without it. So the backend never sets Windows' option: {@code SO_REUSEADDR} true is
 * Windows' default bind, and false binds a chosen port with {@code SO_EXCLUSIVEADDRUSE}, which
 * refuses it while anything holds it (as a bind without {@code SO_REUSEADDR} is refused on Unix
 * while a connection lingers). The value is recorded per handle and read back as set; an accepted
 * connection inherits its listener's, as it does on Linux. The JDK does the same on Windows.
 * {@code SO_REUSEPORT} does not exist on Windows.
 */
final class WinsockOptions {
    static final Set<SocketOption<?>> CONNECTION = Set.of(StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_LINGER, StandardSocketOptions.SO_REUSEADDR);
    static final Set<SocketOption<?>> LISTENER = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_REUSEADDR);

    private WinsockOptions() {
    }

    /** Sets an option on an open handle's socket (a checked, supported value). */
    static <T> void set(SocketRef ref, AbstractHandle h, SocketOption<T> option, T value) throws IOException {
        ref.ifOpen((ws, s) -> {
            if (option == StandardSocketOptions.SO_REUSEADDR) {
                ref.reuseAddress((Boolean) value);
            } else {
                setRaw(ws, s, option, value);
            }
            return null;
        }, () -> h.closedException("setOption(" + option.name() + ")"));
    }

    /** Reads an option of an open handle's socket. */
    static <T> T get(SocketRef ref, AbstractHandle h, SocketOption<T> option) throws IOException {
        return ref.ifOpen((ws, s) -> option.type().cast(option == StandardSocketOptions.SO_REUSEADDR
                ? ref.reuseAddress() : getRaw(ws, s, option)),
                () -> h.closedException("getOption(" + option.name() + ")"));
    }

    /**
     * Applies options to a fresh socket, then binds it (exclusively when {@code SO_REUSEADDR}
     * is false and the port is chosen: a port the OS picks is free anyway).
     *
     * @return the {@code SO_REUSEADDR} value the socket's handle records
     */
    static boolean applyAndBind(Winsock ws, long s, OptionSet options, InetSocketAddress local, FaultPoint use)
            throws IOException {
        for (SocketOption<?> o : options.options()) {
            if (o != StandardSocketOptions.SO_REUSEADDR) {
                setRaw(ws, s, o, options.get(o).orElseThrow());
            }
        }
        boolean reuse = options.get(StandardSocketOptions.SO_REUSEADDR).orElse(false);
        if (!reuse && local.getPort() != 0) {
            ws.setIntOption(s, SockOpt.SOL_SOCKET, SockOpt.SO_EXCLUSIVEADDRUSE, 1);
        }
        ws.bind(s, local, use);
        return reuse;
    }

    private static void setRaw(Winsock ws, long s, SocketOption<?> option, Object value) throws IOException {
        if (option == StandardSocketOptions.SO_LINGER) {
            ws.setLinger(s, (Integer) value);
        } else if (value instanceof Boolean b) {
            ws.setIntOption(s, levelOf(option), nameOf(option), b ? 1 : 0);
        } else {
            ws.setIntOption(s, levelOf(option), nameOf(option), (Integer) value);
        }
    }

    private static Object getRaw(Winsock ws, long s, SocketOption<?> option) throws IOException {
        if (option == StandardSocketOptions.SO_LINGER) {
            return ws.getLinger(s);
        }
        int v = ws.getIntOption(s, levelOf(option), nameOf(option));
        return option.type() == Boolean.class ? (Object) (v != 0) : (Object) v;
    }

    private static int levelOf(SocketOption<?> option) {
        return option == StandardSocketOptions.TCP_NODELAY ? SockOpt.IPPROTO_TCP : SockOpt.SOL_SOCKET;
    }

    private static int nameOf(SocketOption<?> option) {
        if (option == StandardSocketOptions.TCP_NODELAY) {
            return SockOpt.TCP_NODELAY;
        } else if (option == StandardSocketOptions.SO_KEEPALIVE) {
            return SockOpt.SO_KEEPALIVE;
        } else if (option == StandardSocketOptions.SO_RCVBUF) {
            return SockOpt.SO_RCVBUF;
        } else if (option == StandardSocketOptions.SO_SNDBUF) {
            return SockOpt.SO_SNDBUF;
        }
        throw new IllegalArgumentException("not a raw Winsock option: " + option); // the supported sets exclude it
    }
}
