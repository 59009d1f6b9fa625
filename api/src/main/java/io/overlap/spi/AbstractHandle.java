package io.overlap.spi;

import io.overlap.Handle;
import java.net.InetSocketAddress;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** The part of a handle every backend shares: its owner, its id and its open flag. */
public abstract class AbstractHandle implements Handle {
    private static final VarHandle OPEN;

    static {
        try {
            OPEN = MethodHandles.lookup().findVarHandle(AbstractHandle.class, "open", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AbstractProactor owner;
    private final long id;
    private final InetSocketAddress local;
    @SuppressWarnings("FieldMayBeFinal") // written through OPEN
    private volatile boolean open = true;

    /**
     * @param owner the proactor this handle belongs to
     * @param local the local address the socket is bound to
     */
    protected AbstractHandle(AbstractProactor owner, InetSocketAddress local) {
        this.owner = owner;
        this.id = owner.nextHandleId();
        this.local = local;
    }

    /** @return the proactor this handle belongs to */
    public final AbstractProactor owner() {
        return owner;
    }

    @Override
    public final InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public final long id() {
        return id;
    }

    /** @return false once this handle or its proactor has begun to close */
    @Override
    public final boolean isOpen() {
        return open && !owner.isClosed();
    }

    /** @return true for the one call that turned it from open to closed */
    final boolean markClosed() {
        return OPEN.compareAndSet(this, true, false);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "#" + id;
    }
}
