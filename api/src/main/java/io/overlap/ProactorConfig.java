package io.overlap;

import static io.overlap.spi.Checks.checkArgument;

import io.overlap.spi.FaultInjector;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a {@link Proactor} is set up. Immutable; made with {@link #builder()}.
 */
public final class ProactorConfig {
    /** The default bound on operations in flight. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1 << 16;
    /** The largest bound on operations in flight that can be configured. */
    public static final int MAX_IN_FLIGHT_LIMIT = 1 << 24;

    /** The buffer size of the pool a proactor makes when none is configured. */
    public static final int DEFAULT_POOL_BUFFER_SIZE = 16 * 1024;
    /** The bound of the pool a proactor makes when none is configured. */
    public static final int DEFAULT_POOL_BUFFERS = 1024;

    private static final ProactorConfig DEFAULTS = builder().build();

    private final int ioThreads;
    private final int maxInFlight;
    private final CompletionHandler completionHandler;
    private final String backend;
    private final boolean tcpNoDelay;
    private final BufferPool bufferPool;
    private final FaultInjector faultInjector;
    private final Map<String, String> backendOptions;

    private ProactorConfig(Builder b) {
        this.backendOptions = Map.copyOf(b.backendOptions);
        this.faultInjector = b.faultInjector;
        this.bufferPool = b.bufferPool;
        this.ioThreads = b.ioThreads;
        this.maxInFlight = b.maxInFlight;
        this.completionHandler = b.completionHandler;
        this.backend = b.backend;
        this.tcpNoDelay = b.tcpNoDelay;
    }

    /** @return the default configuration: queue mode, backend from the system property */
    public static ProactorConfig defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.ioThreads = ioThreads;
        b.maxInFlight = maxInFlight;
        b.completionHandler = completionHandler;
        b.backend = backend;
        b.tcpNoDelay = tcpNoDelay;
        b.bufferPool = bufferPool;
        b.faultInjector = faultInjector;
        b.backendOptions.putAll(backendOptions);
        return b;
    }

    /**
     * @return how many I/O threads the backend should run (selector loops for {@code nio}; the
     *     first waiters for {@code winsock}, which adds more as operations grow)
     */
    public int ioThreads() {
        return ioThreads;
    }

    /** @return the most operations that may be in flight at once; more is refused at submit */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** @return the handler that receives completions on I/O threads, if handler mode is chosen */
    public Optional<CompletionHandler> completionHandler() {
        return Optional.ofNullable(completionHandler);
    }

    /**
     * @return the backend name asked for here; empty means the system property
     *     {@value Backends#PROPERTY} decides
     */
    public Optional<String> backend() {
        return Optional.ofNullable(backend);
    }

    /** @return whether new connections get {@code TCP_NODELAY} (default true) */
    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    /**
     * @return the pool that pooled receives lease from; empty means each proactor makes its own
     *     ({@link #DEFAULT_POOL_BUFFER_SIZE} bytes x {@link #DEFAULT_POOL_BUFFERS}) on first use
     */
    public Optional<BufferPool> bufferPool() {
        return Optional.ofNullable(bufferPool);
    }

    /**
     * @return the test seam the backend asks before each call that may fail;
     *     {@link FaultInjector#NONE} unless a test set one
     */
    public FaultInjector faultInjector() {
        return faultInjector;
    }

    /**
     * A backend's own option, by the name of the system property that sets it otherwise (for
     * example {@code io.overlap.winsock.notify}, the winsock backend's notification model). A
     * backend reads the options it knows when a proactor opens, this one before the system
     * property, and fails the open if a value is not one it accepts; a backend ignores the
     * options of others, so one configuration serves on every OS.
     *
     * @param name the option's name
     * @return its value, if this configuration sets it
     */
    public Optional<String> backendOption(String name) {
        return Optional.ofNullable(backendOptions.get(name));
    }

    /**
     * @param name the option's name
     * @return the value this configuration gives it, else the system property of that name,
     *     else empty
     */
    public Optional<String> backendOptionOrProperty(String name) {
        String v = backendOptions.get(name);
        return Optional.ofNullable(v != null ? v : System.getProperty(name));
    }

    @Override
    public String toString() {
        return "ProactorConfig[ioThreads=" + ioThreads + ", maxInFlight=" + maxInFlight
                + ", mode=" + (completionHandler == null ? "queue" : "handler")
                + ", backend=" + (backend == null ? "(property)" : backend)
                + ", tcpNoDelay=" + tcpNoDelay
                + (backendOptions.isEmpty() ? "" : ", options=" + new TreeMap<>(backendOptions)) + "]";
    }

    /** Builds a {@link ProactorConfig}; every setter checks its argument at once. */
    public static final class Builder {
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private CompletionHandler completionHandler;
        private String backend;
        private boolean tcpNoDelay = true;
        private BufferPool bufferPool;
        private FaultInjector faultInjector = FaultInjector.NONE;
        private final Map<String, String> backendOptions = new TreeMap<>();

        private Builder() {
        }

        /**
         * @param n I/O threads, 1 to 256
         * @return this builder
         */
        public Builder ioThreads(int n) {
            checkArgument(n >= 1 && n <= 256, "ioThreads must be 1..256, was %s", n);
            this.ioThreads = n;
            return this;
        }

        /**
         * @param n the most operations in flight at once, 1 to {@value #MAX_IN_FLIGHT_LIMIT}
         * @return this builder
         */
        public Builder maxInFlight(int n) {
            checkArgument(n >= 1 && n <= MAX_IN_FLIGHT_LIMIT,
                    "maxInFlight must be 1..%s, was %s", MAX_IN_FLIGHT_LIMIT, n);
            this.maxInFlight = n;
            return this;
        }

        /**
         * Chooses handler mode: completions go to {@code handler} on I/O threads and the
         * completion queue is not used. {@code null} chooses queue mode (the default).
         *
         * @param handler the handler, or {@code null}
         * @return this builder
         */
        public Builder completionHandler(CompletionHandler handler) {
            this.completionHandler = handler;
            return this;
        }

        /**
         * @param name a backend name ({@code auto}, {@code nio}, {@code uring}, {@code winsock}, or any
         *     provider's), or {@code null} to let the system property decide
         * @return this builder
         */
        public Builder backend(String name) {
            checkArgument(name == null || !name.isBlank(), "backend name must not be blank");
            this.backend = name;
            return this;
        }

        /**
         * @param on whether new connections get {@code TCP_NODELAY}
         * @return this builder
         */
        public Builder tcpNoDelay(boolean on) {
            this.tcpNoDelay = on;
            return this;
        }

        /**
         * @param pool the pool pooled receives lease from (it may be shared by several
         *     proactors), or {@code null} for one made per proactor
         * @return this builder
         */
        public Builder bufferPool(BufferPool pool) {
            this.bufferPool = pool;
            return this;
        }

        /**
         * For tests only (the conformance suite's fault matrix): makes chosen backend calls
         * fail. See {@link FaultInjector}.
         *
         * @param injector the injector, or {@code null} for none
         * @return this builder
         */
        public Builder faultInjector(FaultInjector injector) {
            this.faultInjector = injector == null ? FaultInjector.NONE : injector;
            return this;
        }

        /**
         * Sets a backend's own option (see {@link ProactorConfig#backendOption}), e.g.
         * {@code backendOption("io.overlap.winsock.notify", "event")}; it takes precedence over
         * the system property of the same name.
         *
         * @param name the option's name: the system property's, {@code io.overlap.*}
         * @param value its value, not blank; {@code null} removes the option
         * @return this builder
         * @throws IllegalArgumentException if the name is not an {@code io.overlap.} name, or the
         *     value is blank
         */
        public Builder backendOption(String name, String value) {
            checkArgument(name != null && name.startsWith("io.overlap.") && name.length() > "io.overlap.".length(),
                    "a backend option's name is its system property's, io.overlap.*; was %s", name);
            checkArgument(value == null || !value.isBlank(), "backend option %s must not be blank", name);
            if (value == null) {
                backendOptions.remove(name);
            } else {
                backendOptions.put(name, value);
            }
            return this;
        }

        /** @return the configuration */
        public ProactorConfig build() {
            return new ProactorConfig(this);
        }
    }
}
