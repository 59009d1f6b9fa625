package io.overlap;

/**
 * Receives completions on the backend's own threads instead of the {@link CompletionQueue}
 * (the low-latency mode, set with {@link ProactorConfig.Builder#completionHandler}).
 *
 * <p>The handler must not block: it runs on an I/O thread. It may submit new operations.
 * An exception it throws is logged and does not stop the backend.
 */
@FunctionalInterface
public interface CompletionHandler {
    /**
     * Called once for every operation's completion.
     *
     * @param completion the completion
     */
    void completed(Completion completion);
}
