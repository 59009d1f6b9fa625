package io.overlap.spi;

import io.overlap.Connection;

/** A backend's connection: a handle with a peer and an output that can be shut down. */
public abstract class AbstractConnection extends AbstractHandle implements Connection {
    private volatile boolean outputShutdown;

    /** @param owner the proactor this connection belongs to */
    protected AbstractConnection(AbstractProactor owner) {
        super(owner);
    }

    /** @return true once {@link io.overlap.Proactor#shutdownOutput} was asked for */
    public final boolean isOutputShutdown() {
        return outputShutdown;
    }

    final synchronized boolean markOutputShutdown() {
        if (outputShutdown) {
            return false;
        }
        outputShutdown = true;
        return true;
    }

    @Override
    public String toString() {
        return "Connection#" + id() + "[" + localAddress() + " -> " + remoteAddress() + "]";
    }
}
