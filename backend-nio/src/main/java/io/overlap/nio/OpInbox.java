package io.overlap.nio;

import io.overlap.spi.OpAccess;
import io.overlap.spi.Operation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Operations handed to a loop by other threads, linked through their backend link so a
 * hand-off allocates nothing. Producers push onto a lock-free stack (one CAS, after which the
 * operation is visible); the loop takes the whole stack at once and reverses it, so it sees
 * operations in the order their pushes succeeded.
 */
final class OpInbox {
    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(OpInbox.class, "head", Operation.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final OpAccess access;
    @SuppressWarnings("unused") // accessed through HEAD
    private volatile Operation head;

    OpInbox(OpAccess access) {
        this.access = access;
    }

    void push(Operation op) {
        Operation h;
        do {
            h = head;
            access.setNext(op, h); // published by the CAS below
        } while (!HEAD.compareAndSet(this, h, op));
    }

    boolean isEmpty() {
        return head == null;
    }

    /** @return everything pushed so far, oldest first, linked through {@code next}; or null */
    Operation takeAll() {
        Operation newestFirst = (Operation) HEAD.getAndSet(this, (Operation) null);
        Operation oldestFirst = null;
        while (newestFirst != null) {
            Operation n = access.next(newestFirst);
            access.setNext(newestFirst, oldestFirst);
            oldestFirst = newestFirst;
            newestFirst = n;
        }
        return oldestFirst;
    }
}
