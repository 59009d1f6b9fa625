package io.overlap.spi;

import io.overlap.Handle;
import io.overlap.HandleClosedException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.util.Set;

/**
 * The part of a handle every backend shares: its owner, its id, its open flag, and the checks
 * of its socket options (the option is supported, the value is valid, the handle is open, the
 * proactor is not closing), so a backend implements only the raw
 * {@link AbstractProactor#implSetOption} and {@link AbstractProactor#implGetOption}.
 */
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

    /** @return what this kind of handle supports on its backend */
    abstract Set<SocketOption<?>> supportedSet();

    /** @return "a connection" or "a listener", for messages */
    abstract String kindName();

    @Override
    public final Set<SocketOption<?>> supportedOptions() {
        return supportedSet();
    }

    /**
     * The checks of {@link Handle#setOption}, then the backend's
     * {@link AbstractProactor#implSetOption}.
     *
     * @param <T> the value type
     * @param option the option
     * @param value the value
     * @throws IOException if the OS refused it
     */
    protected final <T> void applyOption(SocketOption<T> option, T value) throws IOException {
        OptionRules.checkSupported(option, supportedSet(), owner.backendName(), kindName());
        T checked = OptionRules.check(option, value);
        owner.enter("setOption(" + option.name() + ")");
        try {
            checkOpen("setOption(" + option.name() + ")");
            owner.implSetOption(this, option, checked);
        } finally {
            owner.exit();
        }
    }

    @Override
    public final <T> T getOption(SocketOption<T> option) throws IOException {
        OptionRules.checkSupported(option, supportedSet(), owner.backendName(), kindName());
        owner.enter("getOption(" + option.name() + ")");
        try {
            checkOpen("getOption(" + option.name() + ")");
            return owner.implGetOption(this, option);
        } finally {
            owner.exit();
        }
    }

    /**
     * @param what what was attempted, e.g. {@code "setOption(SO_RCVBUF)"}
     * @return the exception to throw for it on this handle, closed now
     */
    public final HandleClosedException closedException(String what) {
        return new HandleClosedException(what + ": " + this + (isBroken()
                ? " was given up by its backend (its I/O thread died)" : " is closed"));
    }

    private void checkOpen(String what) {
        if (state != OPEN) {
            throw closedException(what);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "#" + id;
    }
}
