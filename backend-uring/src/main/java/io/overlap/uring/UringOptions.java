package io.overlap.uring;

import io.overlap.OptionSet;
import io.overlap.spi.OptionRules;
import io.overlap.uring.sys.ErrnoException;
import io.overlap.uring.sys.LibC;
import io.overlap.uring.sys.Sockets;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

/**
 * The standard socket options as setsockopt/getsockopt on a raw fd. Linux has every option of
 * {@link OptionRules}, {@code SO_REUSEPORT} included, and means by each what the JDK means, so
 * nothing is emulated: values go to the kernel as they are (it doubles a buffer size, which the
 * contract allows) and read back as it keeps them. Callers make sure the fd is still theirs
 * (see {@link FdOwner#guarded}).
 */
final class UringOptions {
    static final Set<SocketOption<?>> CONNECTION = OptionRules.CONNECTION_OPTIONS;
    static final Set<SocketOption<?>> LISTENER = OptionRules.LISTENER_OPTIONS;

    private UringOptions() {
    }

    /** Sets a checked, supported option; a refusal names the option (the errno alone would not). */
    static void set(int fd, SocketOption<?> option, Object value) throws ErrnoException {
        try {
            if (option == StandardSocketOptions.SO_LINGER) {
                Sockets.setLinger(fd, (Integer) value);
            } else if (value instanceof Boolean) {
                Sockets.setInt(fd, levelOf(option), nameOf(option), (Boolean) value ? 1 : 0);
            } else {
                Sockets.setInt(fd, levelOf(option), nameOf(option), (Integer) value);
            }
        } catch (ErrnoException e) {
            throw new ErrnoException("setsockopt(" + option.name() + ")", e.errno());
        }
    }

    /** Reads a supported option ({@code SO_LINGER}: seconds, or -1 when off). */
    static <T> T get(int fd, SocketOption<T> option) throws ErrnoException {
        try {
            if (option == StandardSocketOptions.SO_LINGER) {
                return option.type().cast(Sockets.getLinger(fd));
            }
            int v = Sockets.getInt(fd, levelOf(option), nameOf(option));
            return option.type().cast(option.type() == Boolean.class ? (Object) (v != 0) : (Object) v);
        } catch (ErrnoException e) {
            throw new ErrnoException("getsockopt(" + option.name() + ")", e.errno());
        }
    }

    /** Applies checked, supported options in their order to a socket that has not bound yet. */
    static void applyAll(int fd, OptionSet options) throws ErrnoException {
        for (SocketOption<?> o : options.options()) {
            set(fd, o, options.get(o).orElseThrow());
        }
    }

    private static int levelOf(SocketOption<?> option) {
        return option == StandardSocketOptions.TCP_NODELAY ? LibC.IPPROTO_TCP : LibC.SOL_SOCKET;
    }

    private static int nameOf(SocketOption<?> option) {
        if (option == StandardSocketOptions.TCP_NODELAY) {
            return LibC.TCP_NODELAY;
        } else if (option == StandardSocketOptions.SO_KEEPALIVE) {
            return LibC.SO_KEEPALIVE;
        } else if (option == StandardSocketOptions.SO_RCVBUF) {
            return LibC.SO_RCVBUF;
        } else if (option == StandardSocketOptions.SO_SNDBUF) {
            return LibC.SO_SNDBUF;
        } else if (option == StandardSocketOptions.SO_REUSEADDR) {
            return LibC.SO_REUSEADDR;
        } else if (option == StandardSocketOptions.SO_REUSEPORT) {
            return LibC.SO_REUSEPORT;
        }
        throw new IllegalArgumentException("not a supported option: " + option); // the core checked it is
    }
}
