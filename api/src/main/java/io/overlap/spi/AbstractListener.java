package io.overlap.spi;

import io.overlap.Listener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.util.Set;

/** A backend's listening socket. */
public abstract class AbstractListener extends AbstractHandle implements Listener {
    /**
     * @param owner the proactor this listener belongs to
     * @param local the address it listens on
     */
    protected AbstractListener(AbstractProactor owner, InetSocketAddress local) {
        super(owner, local);
    }

    @Override
    public final <T> Listener setOption(SocketOption<T> option, T value) throws IOException {
        applyOption(option, value);
        return this;
    }

    @Override
    final Set<SocketOption<?>> supportedSet() {
        return owner().supportedListenerOptions();
    }

    @Override
    final String kindName() {
        return "a listener";
    }

    @Override
    public String toString() {
        return "Listener#" + id() + "[" + localAddress() + "]";
    }
}
