package io.overlap.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The lock-free hand-off every backend uses to give its I/O thread work from other threads
 * without allocating: an intrusive multi-producer stack linked through the elements themselves
 * (a field each element already has, reached through {@link Links}), taken whole by one thread
 * at a time.
 *
 * <p>Who calls what: {@link #push} and {@link #isEmpty} from any thread; {@link #takeAll} from
 * any thread too, but an element belongs to the one taker that got it, and while it is in the
 * stack its link belongs to the stack, so a pushed element must not be pushed again (here or
 * elsewhere through the same link) before it has been taken.
 *
 * <p>Ordering: {@link #takeAll} gives the elements in the order their pushes succeeded, oldest
 * first. A later take only holds later pushes, so a single consumer that serves each take to its
 * end sees every producer's elements in the order that producer pushed them, and the pushes of
 * all producers in one total order. A push happens-before the take that returns its element:
 * what the producer wrote before pushing is visible to the taker.
 *
 * @param <E> the element type
 */
public final class HandOffStack<E> {
    /**
     * The link an element carries while it is in a stack (and in the chain a take returns).
     *
     * @param <E> the element type
     */
    public interface Links<E> {
        /**
         * @param e an element
         * @return its link
         */
        E next(E e);

        /**
         * @param e an element
         * @param next its new link, or {@code null}
         */
        void setNext(E e, E next);

        /**
         * Steps along a chain {@link #takeAll} returned: clears the element's link (so it may be
         * pushed again) and gives what it linked to.
         *
         * @param e an element of a taken chain
         * @return the next (newer) element, or {@code null} at the chain's end
         */
        default E unlink(E e) {
            E n = next(e);
            setNext(e, null);
            return n;
        }
    }

    private static final VarHandle TOP;

    static {
        try {
            TOP = MethodHandles.lookup().findVarHandle(HandOffStack.class, "top", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Links<E> links;
    /** The newest element pushed and not taken; its link leads to older ones. */
    @SuppressWarnings("unused") // accessed through TOP
    private volatile Object top;

    /**
     * An empty stack.
     *
     * @param links how an element is linked to the next
     */
    public HandOffStack(Links<E> links) {
        if (links == null) {
            throw new NullPointerException("links");
        }
        this.links = links;
    }

    /**
     * Adds an element with one successful compare-and-set, after which it is visible to a take.
     * Any thread.
     *
     * @param e an element in no stack; its link is overwritten
     */
    public void push(E e) {
        Object t;
        do {
            t = top;
            links.setNext(e, cast(t)); // a plain store, published by the CAS below
        } while (!TOP.compareAndSet(this, t, e));
    }

    /**
     * Any thread; one volatile read. A consumer about to sleep reads this after announcing that
     * it may sleep, and a producer checks that announcement after its push, so neither misses
     * the other.
     *
     * @return true if nothing was pushed and not taken when it looked (a push may follow at once)
     */
    public boolean isEmpty() {
        return top == null;
    }

    /**
     * Takes everything pushed so far with one atomic exchange. Any thread: each element goes to
     * exactly one taker.
     *
     * @return the oldest element, linked through {@link Links#next} to the newer ones, the newest
     *     linked to {@code null}; or {@code null} when nothing was pushed
     */
    public E takeAll() {
        if (top == null) {
            return null; // spares the exchange's write when idle
        }
        E newestFirst = cast(TOP.getAndSet(this, (Object) null));
        E oldestFirst = null;
        while (newestFirst != null) {
            E n = links.next(newestFirst);
            links.setNext(newestFirst, oldestFirst);
            oldestFirst = newestFirst;
            newestFirst = n;
        }
        return oldestFirst;
    }

    @SuppressWarnings("unchecked") // only elements of E are ever stored in top
    private static <E> E cast(Object o) {
        return (E) o;
    }
}
