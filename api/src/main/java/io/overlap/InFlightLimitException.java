package io.overlap;

import java.util.concurrent.RejectedExecutionException;

/**
 * Thrown by a submission when the proactor already holds its configured maximum of operations
 * in flight ({@link ProactorConfig#maxInFlight()}). Nothing was submitted; retry after some
 * completions have been taken. This is backpressure, not a failure of the proactor.
 */
public class InFlightLimitException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    /** @param message the limit that was reached */
    public InFlightLimitException(String message) {
        super(message);
    }
}
