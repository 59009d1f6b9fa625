package io.overlap.spi;

import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The value rules of the socket options, kept here once so that every backend checks them the
 * same way before its raw {@code implSetOption} runs, and so a bad value changes nothing:
 *
 * <ul>
 *   <li>{@code TCP_NODELAY}, {@code SO_KEEPALIVE}, {@code SO_REUSEADDR}, {@code SO_REUSEPORT}:
 *       a non-null {@link Boolean};
 *   <li>{@code SO_RCVBUF}, {@code SO_SNDBUF}: an {@link Integer} of at least 1 (the OS may
 *       round it, or double it as Linux does; a larger buffer than asked is allowed, and the OS
 *       may cap it at its maximum);
 *   <li>{@code SO_LINGER}: an {@link Integer} of seconds, at most {@value #MAX_LINGER} (the
 *       largest both {@code struct linger}s hold); any negative value turns lingering off and
 *       is passed on, and read back, as {@code -1}.
 * </ul>
 *
 * Any other option is passed on unchecked, for the backend's own options (it must list them in
 * its supported set). A {@code null} value is refused for every option.
 */
public final class OptionRules {
    /** The longest {@code SO_LINGER} time, in seconds. */
    public static final int MAX_LINGER = 65_535;

    /** The standard options a connection may support, in the order the suite tries them. */
    public static final Set<SocketOption<?>> CONNECTION_OPTIONS = ordered(
            StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.SO_KEEPALIVE,
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_LINGER, StandardSocketOptions.SO_REUSEADDR,
            StandardSocketOptions.SO_REUSEPORT);

    /** The standard options a listener may support (as {@link java.nio.channels.ServerSocketChannel} has). */
    public static final Set<SocketOption<?>> LISTENER_OPTIONS = ordered(
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_REUSEADDR,
            StandardSocketOptions.SO_REUSEPORT);

    private OptionRules() {
    }

    /**
     * @param <T> the option's value type
     * @param option the option
     * @param value the value asked for
     * @return the value to pass to the backend (a negative linger as {@code -1})
     * @throws NullPointerException if {@code option} is null
     * @throws IllegalArgumentException if the value is null, of the wrong type or out of range
     */
    public static <T> T check(SocketOption<T> option, T value) {
        if (option == null) {
            throw new NullPointerException("option is null");
        }
        if (value == null) {
            throw new IllegalArgumentException("the value of " + option.name() + " must not be null");
        }
        if (!option.type().isInstance(value)) {
            throw new IllegalArgumentException("the value of " + option.name() + " must be a "
                    + option.type().getSimpleName() + ", was a " + value.getClass().getName());
        }
        if (option == StandardSocketOptions.SO_RCVBUF || option == StandardSocketOptions.SO_SNDBUF) {
            int size = (Integer) value;
            Checks.checkArgument(size >= 1, "%s must be at least 1 byte, was %s", option.name(), size);
        } else if (option == StandardSocketOptions.SO_LINGER) {
            int seconds = (Integer) value;
            Checks.checkArgument(seconds <= MAX_LINGER, "%s must be at most %s seconds (negative: off), was %s",
                    option.name(), MAX_LINGER, seconds);
            if (seconds < 0) {
                return option.type().cast(-1);
            }
        }
        return value;
    }

    /**
     * @param option an option
     * @param supported what the backend supports for this kind of handle
     * @param backend the backend's name
     * @param where what it was asked for, e.g. {@code "a connection"}
     * @throws UnsupportedOperationException naming the option and the backend, if it is not supported
     */
    public static void checkSupported(SocketOption<?> option, Set<SocketOption<?>> supported, String backend,
            String where) {
        if (option == null) {
            throw new NullPointerException("option is null");
        }
        if (!supported.contains(option)) {
            throw new UnsupportedOperationException(option.name() + " is not supported on " + where
                    + " by the " + backend + " backend (supported: " + names(supported) + ")");
        }
    }

    private static String names(Set<SocketOption<?>> options) {
        StringBuilder b = new StringBuilder();
        for (SocketOption<?> o : options) {
            b.append(b.length() == 0 ? "" : ", ").append(o.name());
        }
        return b.toString();
    }

    private static Set<SocketOption<?>> ordered(SocketOption<?>... options) {
        Set<SocketOption<?>> s = new LinkedHashSet<>();
        Collections.addAll(s, options);
        return Collections.unmodifiableSet(s);
    }
}
