package io.overlap.winsock;

import io.overlap.ProactorConfig;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The winsock backend's notification models, the seed article's series: chosen with
 * {@code -Dio.overlap.winsock.notify=event|routine|iocp} (read when a proactor opens; the
 * default is {@code iocp}, the one that measured best: backend-winsock/README.md has the figures).
 */
enum NotifyModel {
    /** Event objects: a waiter per 63 pending operations ({@link Waiters}). */
    EVENT,
    /** Completion routines, run by alertable waits on the issuing thread. */
    ROUTINE,
    /** An I/O completion port per primary. */
    IOCP;

    /** The model when the property is not set: the completion port measured best on every count. */
    static final NotifyModel DEFAULT = IOCP;

    /** The system property that selects the model. */
    static final String PROPERTY = "io.overlap.winsock.notify";

    /** @return the model's name as the property spells it */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value a model's name, case-insensitive and trimmed
     * @return the model
     * @throws IllegalArgumentException naming the valid values, if {@code value} is none of them
     */
    static NotifyModel parse(String value) {
        for (NotifyModel m : values()) {
            if (m.id().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException(PROPERTY + " must be one of "
                + Arrays.stream(values()).map(NotifyModel::id).collect(Collectors.joining(", ")) + "; was '" + value + "'");
    }

    /** @return the model the system property selects, {@link #DEFAULT} when it is not set */
    static NotifyModel fromSystemProperty() {
        return parse(System.getProperty(PROPERTY, DEFAULT.id()));
    }

    /**
     * @return the model a proactor's configuration selects ({@code backendOption(PROPERTY, ...)}),
     *     else the system property's, else {@link #DEFAULT}
     * @throws IllegalArgumentException naming the valid values, if the one given is none of them
     */
    static NotifyModel of(ProactorConfig config) {
        return parse(config.backendOptionOrProperty(PROPERTY).orElse(DEFAULT.id()));
    }

    /**
     * Makes the model's threads (not started).
     *
     * @param driver what the threads call back into
     * @param ws the native calls
     * @param owner the proactor
     * @param ioThreads the primaries ({@code ProactorConfig.ioThreads()})
     * @param tuning internal knobs
     * @param faults the fault seam for what is not a Winsock call
     * @return the model
     * @throws IOException if its first resources cannot be made, or the model is not built
     */
    Notifier open(WaiterDriver driver, Winsock ws, Object owner, int ioThreads, Tuning tuning,
            io.overlap.spi.FaultInjector faults) throws IOException {
        switch (this) {
            case EVENT:
                return new Waiters(driver, ws, owner, ioThreads, tuning.idleMillis(), faults);
            case ROUTINE:
                return new RoutineWaiters(driver, ws, owner, ioThreads, tuning.idleMillis(), faults);
            case IOCP:
                return new PortThreads(driver, ws, owner, ioThreads, faults);
            default:
                throw new IOException("the winsock backend's '" + id() + "' notification model is not built yet");
        }
    }
}
