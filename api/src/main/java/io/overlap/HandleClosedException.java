package io.overlap;

/**
 * Thrown when a socket option is set or read on a {@link Handle} that is no longer open: it was
 * closed or aborted, or its backend gave it up. (Submissions on such a handle do not throw:
 * they complete with {@link CompletionStatus#CLOSED}.) On a closed proactor,
 * {@link ProactorClosedException} is thrown instead.
 */
public class HandleClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what was attempted, on which handle */
    public HandleClosedException(String message) {
        super(message);
    }
}
