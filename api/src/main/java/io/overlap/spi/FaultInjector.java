package io.overlap.spi;

/**
 * A test seam: a backend asks it, just before each call at a {@link FaultPoint}, whether that
 * call should fail instead of running. The conformance suite's fault matrix uses it to prove
 * that every operation still completes exactly once when things go wrong; production code never
 * sets one ({@link #NONE}, the default, lets every call run).
 *
 * <p>What the backend does with the answer:
 * <ul>
 * <li>an {@link java.io.IOException}: the call fails as that call fails natively (the backend
 *     maps it through its error table like a real error of the call);</li>
 * <li>a {@link RuntimeException}: thrown where the call was, as a bug in the backend would be;
 *     the backend must contain it to the operation (it completes {@code FAILED} with the
 *     exception's message);</li>
 * <li>an {@link Error}: thrown where the call was; if it kills an I/O thread, the backend
 *     completes what that thread owned {@code FAILED} and keeps the rest of the proactor
 *     closable.</li>
 * </ul>
 * It may be called from any backend thread and from submitting threads, so it must be
 * thread-safe.
 */
@FunctionalInterface
public interface FaultInjector {
    /** Lets every call run. */
    FaultInjector NONE = (point, call) -> null;

    /**
     * @param point the neutral place of the call
     * @param call the backend's own name for the call (e.g. {@code "read"}, {@code "WSARecv"}),
     *     for injectors that target one backend
     * @return what the call throws instead of running, or {@code null} to let it run
     */
    Throwable faultAt(FaultPoint point, String call);

    /**
     * Throws the fault chosen for a call, if any: an {@code IOException} as itself, unchecked
     * ones as they are.
     *
     * @param injector the injector, never null
     * @param point the place
     * @param call the backend's name for the call
     * @throws java.io.IOException if the injector chose one
     */
    static void check(FaultInjector injector, FaultPoint point, String call) throws java.io.IOException {
        if (injector == NONE) {
            return;
        }
        Throwable t = injector.faultAt(point, call);
        if (t == null) {
            return;
        }
        if (t instanceof java.io.IOException) {
            throw (java.io.IOException) t;
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new IllegalStateException("a fault injector returned a checked " + t.getClass().getName()
                + " that is not an IOException", t);
    }

    /**
     * Like {@link #check}, for places that cannot fail with an {@code IOException} (e.g. an
     * allocation): an injected {@code IOException} is thrown as an {@link OutOfMemoryError}
     * at {@link FaultPoint#ALLOCATE} and as an {@link IllegalStateException} elsewhere.
     *
     * @param injector the injector, never null
     * @param point the place
     * @param call the backend's name for the call
     */
    static void checkUnchecked(FaultInjector injector, FaultPoint point, String call) {
        try {
            check(injector, point, call);
        } catch (java.io.IOException e) {
            if (point == FaultPoint.ALLOCATE) {
                OutOfMemoryError oom = new OutOfMemoryError(e.getMessage());
                oom.initCause(e);
                throw oom;
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
