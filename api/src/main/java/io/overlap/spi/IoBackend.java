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
     * The process's count of open OS handles as this platform counts them (file descriptors on
     * Unix, kernel handles on Windows), for leak checks. The default reads the JDK's Unix
     * management bean; a backend for another OS overrides it.
     *
     * @return the count, or empty when this platform cannot tell
     */
    default java.util.OptionalLong processHandleCount() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
            return java.util.OptionalLong.of(((com.sun.management.UnixOperatingSystemMXBean) os).getOpenFileDescriptorCount());
        }
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
