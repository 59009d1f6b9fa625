package io.overlap.spi;

import io.overlap.Listener;

/** A backend's listening socket. */
public abstract class AbstractListener extends AbstractHandle implements Listener {
    /** @param owner the proactor this listener belongs to */
    protected AbstractListener(AbstractProactor owner) {
        super(owner);
    }

    @Override
    public String toString() {
        return "Listener#" + id() + "[" + localAddress() + "]";
    }
}
