package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractProactor;

/**
 * What a loop's {@link java.nio.channels.SelectionKey} carries as its attachment (a connection,
 * a listener or a connect in progress): the loop calls it without knowing which. Every method
 * runs on the loop thread.
 */
interface Selectable {
    /**
     * Does the I/O the channel is ready for. An exception that leaves it is contained by the
     * loop to this attachment ({@link #onError}).
     *
     * @param readyOps the key's ready set
     */
    void onReady(int readyOps);

    /**
     * Completes everything this attachment holds with {@code status} and releases its channel;
     * does nothing the second time.
     *
     * @param status for what is pending
     * @param message for what is pending, or null
     */
    void close(CompletionStatus status, String message);

    /** Phase one of the proactor's close: what makes connections (listeners, connects) ends. */
    void quiesce();

    /**
     * The last resort when {@link #onReady} threw: nothing it held stays pending.
     *
     * @param e what {@code onReady} threw
     */
    default void onError(RuntimeException e) {
        close(CompletionStatus.FAILED, AbstractProactor.describe(e));
    }
}
