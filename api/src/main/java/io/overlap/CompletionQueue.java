package io.overlap;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The completions of a proactor in queue mode, in the order the backend finished them.
 * Safe for several consumer threads; each completion is handed to exactly one of them.
 *
 * <p>After the proactor is closed, the completions already queued can still be taken; once the
 * queue is empty, {@link #take()} throws {@link ProactorClosedException} and the timed forms
 * return at once.
 */
public interface CompletionQueue {
    /** @return the next completion, or {@code null} if none is ready */
    Completion poll();

    /**
     * Waits up to the timeout for a completion.
     *
     * @param timeout how long to wait
     * @param unit the unit of {@code timeout}
     * @return the next completion, or {@code null} if none came in time
     * @throws InterruptedException if interrupted while waiting
     */
    Completion poll(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Waits for the next completion.
     *
     * @return the next completion
     * @throws InterruptedException if interrupted while waiting
     * @throws ProactorClosedException if the proactor is closed and no completion is left
     */
    Completion take() throws InterruptedException;

    /**
     * Hands up to {@code max} ready completions to {@code consumer} without waiting.
     *
     * @param consumer receives each completion, on the calling thread
     * @param max the most to hand over, at least 1
     * @return how many were handed over
     */
    int drain(Consumer<? super Completion> consumer, int max);

    /**
     * Waits up to the timeout for at least one completion, then hands up to {@code max} ready
     * ones to {@code consumer}.
     *
     * @param consumer receives each completion, on the calling thread
     * @param max the most to hand over, at least 1
     * @param timeout how long to wait for the first
     * @param unit the unit of {@code timeout}
     * @return how many were handed over (0 if none came in time)
     * @throws InterruptedException if interrupted while waiting
     */
    int drain(Consumer<? super Completion> consumer, int max, long timeout, TimeUnit unit)
            throws InterruptedException;

    /** @return how many completions are ready now (a snapshot) */
    int size();
}
