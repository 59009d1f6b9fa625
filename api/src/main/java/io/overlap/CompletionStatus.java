package io.overlap;

/**
 * The neutral outcome of an operation. Every backend maps its own error codes onto this set;
 * the native code is kept in {@link Completion#nativeError()}.
 */
public enum CompletionStatus {
    /** The operation did what it was asked. */
    OK,
    /** A receive found the peer's output shut down: no more bytes will come. */
    END_OF_STREAM,
    /** The operation was cancelled, by {@link Proactor#cancel(long)}, by closing its handle, or by closing the proactor. */
    CANCELLED,
    /** The operation's timeout elapsed first. The handle stays usable. */
    TIMED_OUT,
    /** The handle was already closed (or its output shut down, for a send) when the operation was submitted. */
    CLOSED,
    /** The peer reset the connection. */
    CONNECTION_RESET,
    /** Nobody listens at the remote address. */
    CONNECTION_REFUSED,
    /**
     * A pooled receive found data but its {@link BufferPool} had no buffer left; the data stays
     * in the socket. Release leases and submit again: this is backpressure.
     */
    NO_BUFFER,
    /** Any other failure; see {@link Completion#nativeError()} and {@link Completion#message()}. */
    FAILED;

    /** @return true for {@link #OK} only */
    public boolean isOk() {
        return this == OK;
    }
}
