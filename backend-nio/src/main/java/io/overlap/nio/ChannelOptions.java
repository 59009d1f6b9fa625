package io.overlap.nio;

import io.overlap.OptionSet;
import io.overlap.spi.AbstractHandle;
import io.overlap.spi.OptionRules;
import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Socket options on the JDK's channels. A channel's options are safe to set from any thread
 * (the channel locks its own state), and a closed channel refuses them rather than touching a
 * reused descriptor, so handles apply them on the caller's thread, not on their loop.
 */
final class ChannelOptions {
    private ChannelOptions() {
    }

    static <T> void set(NetworkChannel ch, AbstractHandle h, SocketOption<T> option, T value) throws IOException {
        try {
            ch.setOption(option, value);
        } catch (ClosedChannelException e) {
            throw h.closedException("setOption(" + option.name() + ")");
        }
    }

    static <T> T get(NetworkChannel ch, AbstractHandle h, SocketOption<T> option) throws IOException {
        try {
            return ch.getOption(option);
        } catch (ClosedChannelException e) {
            throw h.closedException("getOption(" + option.name() + ")");
        }
    }

    /** Applies checked, supported options to a channel that is not bound yet. */
    @SuppressWarnings("unchecked")
    static void applyAll(NetworkChannel ch, OptionSet options) throws IOException {
        for (SocketOption<?> o : options.options()) {
            ch.setOption((SocketOption<Object>) o, options.get(o).orElseThrow());
        }
    }

    /**
     * @param connection true for what a connection supports, false for a listener
     * @return the standard options the JDK's channels support here ({@code SO_REUSEPORT} where the OS has it)
     * @throws IOException if no channel can be opened to ask
     */
    static Set<SocketOption<?>> supported(boolean connection) throws IOException {
        Set<SocketOption<?>> jdk;
        try (NetworkChannel probe = connection ? SocketChannel.open() : ServerSocketChannel.open()) {
            jdk = probe.supportedOptions();
        }
        Set<SocketOption<?>> out = new LinkedHashSet<>(connection ? OptionRules.CONNECTION_OPTIONS
                : OptionRules.LISTENER_OPTIONS);
        out.retainAll(jdk);
        return out;
    }
}
