package io.overlap.spi;

import java.util.Objects;

/**
 * Whether a backend can run on this machine, and why not when it cannot.
 *
 * @param isAvailable true if the backend can open proactors here
 * @param reason why it cannot (or a short note when it can)
 */
public record Availability(boolean isAvailable, String reason) {
    /**
     * @param isAvailable true if the backend can open proactors here
     * @param reason why it cannot (or a short note when it can), never null
     */
    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    /** @return an availability that says yes */
    public static Availability available() {
        return new Availability(true, "available");
    }

    /**
     * @param reason why the backend cannot run here
     * @return an availability that says no
     */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
