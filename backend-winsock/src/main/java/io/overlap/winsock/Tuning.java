package io.overlap.winsock;

import io.overlap.ProactorConfig;

/**
 * The backend's internal knobs (not public configuration): how long an extra waiter stays idle
 * before it retires, how much of each pool is kept for reuse, and how long close waits for the
 * kernel to give back cancelled operations.
 *
 * @param idleMillis idle time after which an extra waiter retires
 * @param keepIdleSlots idle slots (event + block) kept for reuse
 * @param keepStagingChunks idle staging chunks kept per size class
 * @param closeGraceMillis how long close waits for cancelled operations before forcing sockets shut
 * @param model the notification model ({@link NotifyModel#PROPERTY} selects it for the backends)
 */
record Tuning(int idleMillis, int keepIdleSlots, int keepStagingChunks, int closeGraceMillis, NotifyModel model) {
    /**
     * Idle slots each hold an event handle, so few are kept: enough to spare churn the
     * create/close calls, not so many that an idle proactor holds hundreds of handles.
     */
    static final Tuning DEFAULTS = new Tuning(2_000, 16, 32, 10_000, NotifyModel.DEFAULT);

    /** @return the defaults with the model {@code config} (or else the system property) selects, read now */
    static Tuning of(ProactorConfig config) {
        return DEFAULTS.withNotify(NotifyModel.of(config));
    }

    /** @return these knobs with another notification model */
    Tuning withNotify(NotifyModel model) {
        return new Tuning(idleMillis, keepIdleSlots, keepStagingChunks, closeGraceMillis, model);
    }
}
