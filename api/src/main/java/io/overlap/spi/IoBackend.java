package io.overlap.spi;

import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import java.io.IOException;

/**
 * A backend provider, found by {@link java.util.ServiceLoader} (JPMS {@code provides} or
 * {@code META-INF/services/io.overlap.spi.IoBackend}). Implementations need a public no-arg
 * constructor and must be cheap to construct: {@link #availability()} is asked before any
 * proactor is opened.
 */
public interface IoBackend {
    /** @return the name users select it by, lower case, e.g. {@code nio} */
    String name();

    /** @return whether it can run here, with the reason when it cannot */
    Availability availability();

    /** @return its rank for {@code auto}: the available backend with the highest priority wins */
    int priority();

    /**
     * Opens a proactor.
     *
     * @param config the configuration
     * @return the proactor
     * @throws IOException if its resources cannot be set up
     */
    Proactor open(io.overlap.ProactorConfig config) throws IOException;

    /**
     * The process's count of open OS handles, for a platform whose count the conformance suite's
     * leak scenarios cannot read from the JDK themselves. The suite counts Unix file descriptors
     * on its own; a backend for an OS where the count needs a native call (Windows:
     * {@code GetProcessHandleCount}) overrides this so the same leak scenarios run there.
     *
     * @return the count, or empty (the default) to let the suite count
     */
    default java.util.OptionalLong processHandleCount() {
        return java.util.OptionalLong.empty();
    }

    /**
     * Convenience for tests and tools: the same as {@link #open(ProactorConfig)} with defaults.
     *
     * @return the proactor
     * @throws IOException if its resources cannot be set up
     */
    default Proactor open() throws IOException {
        return open(ProactorConfig.defaults());
    }
}
