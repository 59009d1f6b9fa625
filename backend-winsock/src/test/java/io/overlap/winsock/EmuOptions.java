package io.overlap.winsock;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * The options of one {@link EmuSocket}: Winsock sets them before it binds, the JDK's channel
 * exists only once the role is known, so they are recorded and applied to the channel when it
 * is made (and at once to a channel that exists). Windows' plain bind is Linux's
 * {@code SO_REUSEADDR}; {@code SO_EXCLUSIVEADDRUSE} is Linux's bind without it.
 */
final class EmuOptions {
    private final Map<Long, Integer> options = new HashMap<>();
    private int linger = -1;

    /** Records an option, and sets it on the channel when there is one ({@code c} may be null). */
    void set(int level, int name, int value, NetworkChannel c) throws IOException {
        options.put(key(level, name), value);
        if (c != null) {
            apply(c, level, name, value);
        }
    }

    /** Windows reads an option back as set (Linux doubles the buffer sizes): the recorded value first. */
    int get(int level, int name, NetworkChannel c) throws IOException {
        Integer v = options.get(key(level, name));
        if (v != null) {
            return v;
        }
        SocketOption<?> o = jdkOption(level, name);
        if (c == null || o == null || !c.supportedOptions().contains(o)) {
            return 0;
        }
        Object x = c.getOption(o);
        return x instanceof Boolean b ? (b ? 1 : 0) : (Integer) x;
    }

    void setLinger(int seconds, SocketChannel c) throws IOException {
        linger = seconds < 0 ? -1 : seconds;
        if (c != null) {
            c.setOption(StandardSocketOptions.SO_LINGER, linger);
        }
    }

    int linger() {
        return linger;
    }

    private boolean exclusive() {
        return options.getOrDefault(key(SockOpt.SOL_SOCKET, SockOpt.SO_EXCLUSIVEADDRUSE), 0) != 0;
    }

    /** Applies what was recorded to a new channel; Windows' plain bind is Linux's SO_REUSEADDR. */
    void applyTo(NetworkChannel c) throws IOException {
        c.setOption(StandardSocketOptions.SO_REUSEADDR, !exclusive());
        for (Map.Entry<Long, Integer> e : options.entrySet()) {
            apply(c, (int) (e.getKey() >> 32), (int) (long) e.getKey(), e.getValue());
        }
        if (c instanceof SocketChannel s) {
            lingerTo(s);
        }
    }

    /** Gives a socket channel the linger time set, if one was. */
    void lingerTo(SocketChannel c) throws IOException {
        if (linger >= 0) {
            c.setOption(StandardSocketOptions.SO_LINGER, linger);
        }
    }

    private static void apply(NetworkChannel c, int level, int name, int value) throws IOException {
        SocketOption<?> o = jdkOption(level, name);
        if (o == null || !c.supportedOptions().contains(o)) {
            return; // SO_EXCLUSIVEADDRUSE: taken into SO_REUSEADDR when the channel is made
        }
        if (o.type() == Boolean.class) {
            @SuppressWarnings("unchecked")
            SocketOption<Boolean> b = (SocketOption<Boolean>) o;
            c.setOption(b, value != 0);
        } else {
            @SuppressWarnings("unchecked")
            SocketOption<Integer> i = (SocketOption<Integer>) o;
            c.setOption(i, value);
        }
    }

    private static SocketOption<?> jdkOption(int level, int name) {
        if (level == SockOpt.IPPROTO_TCP && name == SockOpt.TCP_NODELAY) {
            return StandardSocketOptions.TCP_NODELAY;
        } else if (level != SockOpt.SOL_SOCKET) {
            return null;
        }
        return switch (name) {
            case SockOpt.SO_KEEPALIVE -> StandardSocketOptions.SO_KEEPALIVE;
            case SockOpt.SO_RCVBUF -> StandardSocketOptions.SO_RCVBUF;
            case SockOpt.SO_SNDBUF -> StandardSocketOptions.SO_SNDBUF;
            default -> null;
        };
    }

    private static long key(int level, int name) {
        return ((long) level << 32) | (name & 0xFFFF_FFFFL);
    }
}
