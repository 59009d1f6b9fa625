package io.overlap.spi;

import io.overlap.Listener;
import java.net.InetSocketAddress;

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
    public String toString() {
        return "Listener#" + id() + "[" + localAddress() + "]";
    }
}
