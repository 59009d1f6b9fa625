package io.overlap.spi;

import io.overlap.Handle;
import java.net.InetSocketAddress;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** The part of a handle every backend shares: its owner, its id and its open flag. */
public abstract class AbstractHandle implements Handle {
    private static final int OPEN = 0;
    private static final int CLOSED = 1;
    private static final int BROKEN = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(AbstractHandle.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AbstractProactor owner;
    private final long id;
    private final InetSocketAddress local;
    @SuppressWarnings("FieldMayBeFinal") // written through STATE
    private volatile int state = OPEN;

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
        return state == OPEN && !owner.isClosed();
    }

    /** @return true if its backend gave it up ({@link AbstractProactor#markFailed}) rather than a local close */
    final boolean isBroken() {
        return state == BROKEN;
    }

    /** @return true for the one call that turned it from open to broken */
    final boolean markBroken() {
        return STATE.compareAndSet(this, OPEN, BROKEN);
    }

    /** @return true for the one call that turned it from open to closed */
    final boolean markClosed() {
        return STATE.compareAndSet(this, OPEN, CLOSED);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "#" + id;
    }
}
